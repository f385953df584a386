#include "distro/dhcp_client.h"

#include "netconf/address.h"

namespace vc::distro {
namespace {

std::optional<std::string> find_binary(const RootView& root, const char* name) {
  for (const char* dir : {"/usr/sbin/", "/sbin/", "/usr/bin/", "/bin/"}) {
    const std::string p = std::string(dir) + name;
    if (root.exists(p)) return p;
  }
  return std::nullopt;
}

}  // namespace

std::optional<DhcpClientCommands> ephemeral_dhcp(const RootView& root, const std::string& ifname,
                                                 const std::string& state_dir) {
  if (auto p = find_binary(root, "dhclient")) {
    const std::string pid = state_dir + "/dhclient." + ifname + ".pid", lease = state_dir + "/dhclient." + ifname + ".lease";
    // -1: one try, then exit non-zero instead of retrying in the background forever.
    return DhcpClientCommands{"dhclient",
                              {*p, "-1", "-4", "-pf", pid, "-lf", lease, ifname},
                              {*p, "-r", "-4", "-pf", pid, "-lf", lease, ifname},
                              {}};
  }
  if (auto p = find_binary(root, "dhcpcd")) {
    // -1: one shot; -4: no IPv6 wait; -w: return only with a lease; -k releases it.
    return DhcpClientCommands{"dhcpcd", {*p, "-1", "-4", "-w", "-q", ifname}, {*p, "-k", ifname}, {}};
  }
  if (auto p = find_binary(root, "udhcpc")) {
    // -n: exit when no lease; -q: exit after getting one; -R: release on exit is for the
    // daemon mode, so the address is flushed by the release command instead.
    auto ip = find_binary(root, "ip");
    if (!ip) return std::nullopt;
    return DhcpClientCommands{"udhcpc",
                              {*p, "-n", "-q", "-f", "-i", ifname},
                              {*ip, "-4", "addr", "flush", "dev", ifname},
                              state_dir + "/udhcpc." + ifname + ".lease"};
  }
  if (auto p = find_binary(root, "networkctl")) {
    // networkd images: the link is brought up by networkd's own DHCP (the image's
    // .network files); `networkctl down` takes it back down.
    return DhcpClientCommands{"networkd", {*p, "up", ifname}, {*p, "down", ifname}, {}};
  }
  return std::nullopt;
}

std::optional<std::string> udhcpc_lease_record(std::string_view output) {
  static constexpr std::string_view kLease = "lease of ", kFrom = " obtained from ";
  const auto at = output.rfind(kLease);  // the last lease it reports is the one it kept
  if (at == std::string_view::npos) return std::nullopt;
  std::string_view rest = output.substr(at + kLease.size());
  const auto from = rest.find(kFrom);
  if (from == std::string_view::npos) return std::nullopt;
  const auto ip = rest.substr(0, from);
  rest.remove_prefix(from + kFrom.size());
  const auto server = rest.substr(0, rest.find_first_of(", \n"));
  if (!netconf::parse_ip(ip) || !netconf::parse_ip(server)) return std::nullopt;
  return "# udhcpc lease, recorded by vc-agent\nserverid=" + std::string(server) + "\nip=" + std::string(ip) + "\n";
}

}  // namespace vc::distro
