#include "agent/ephemeral_dhcp.h"

#include <fcntl.h>
#include <ifaddrs.h>
#include <netinet/in.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>

#include "agent/fs_util.h"
#include "agent/lifecycle_runner.h"
#include "agent/source.h"

namespace vc {
namespace {

constexpr const char* kStateDir = "/run/vc-agent";

bool has_ipv4_address() {
  ifaddrs* list = nullptr;
  if (::getifaddrs(&list) != 0) return true;  // cannot tell: do not touch the network
  bool found = false;
  for (auto* a = list; a; a = a->ifa_next) {
    if (!a->ifa_addr || a->ifa_addr->sa_family != AF_INET) continue;
    const auto* in = reinterpret_cast<const sockaddr_in*>(a->ifa_addr);
    if ((ntohl(in->sin_addr.s_addr) >> 24) != 127) found = true;
  }
  ::freeifaddrs(list);
  return found;
}

constexpr const char* kResolvConf = "/etc/resolv.conf";

// The bytes of a regular file (a symlink, e.g. to resolved's stub, is not the
// DHCP script's to rewrite and is left alone); nullopt otherwise.
std::optional<std::string> read_regular(const char* path) {
  const int fd = ::open(path, O_RDONLY | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return std::nullopt;
  struct stat st {};
  std::optional<std::string> out;
  if (::fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size < (1 << 20)) {
    out.emplace();
    char buf[4096];
    for (ssize_t n; (n = ::read(fd, buf, sizeof buf)) > 0;) out->append(buf, static_cast<std::size_t>(n));
  }
  ::close(fd);
  return out;
}

// In place, so the file keeps its inode, mode and owner.
void put_back(const char* path, const std::string& bytes) {
  const int fd = ::open(path, O_WRONLY | O_TRUNC | O_NOFOLLOW | O_CLOEXEC);
  if (fd < 0) return;
  for (std::size_t done = 0; done < bytes.size();) {
    const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
    if (n <= 0) break;
    done += static_cast<std::size_t>(n);
  }
  ::close(fd);
}

// udhcpc writes no lease file; CloudStack's reader needs the server it names.
std::string record_lease(const std::string& path, const std::string& output) {
  const auto rec = distro::udhcpc_lease_record(output);
  if (!rec) return " (its output names no server: CloudStack cannot find its router)";
  try {
    fs::write_file_durable(path, *rec);
  } catch (const std::exception& e) {
    return std::string(" (the server could not be recorded: ") + e.what() + ")";
  }
  return " (server recorded in " + path + ")";
}

}  // namespace

std::unique_ptr<EphemeralDhcp> EphemeralDhcp::acquire(const RootView& root, const netconf::LinkTable& links,
                                                      const NetBudget& budget, std::string& note) {
  if (!root.is_live_root()) {
    note = "not needed (--root: the network sources use this machine's network)";
    return nullptr;
  }
  if (has_ipv4_address()) {
    note = "not needed (an IPv4 address is configured)";
    return nullptr;
  }
  std::vector<std::string> nics;
  for (const auto& [mac, name] : links.by_mac)
    if (name != "lo" && !name.starts_with("veth")) nics.push_back(name);
  if (nics.empty()) {
    note = "no NIC to ask for a lease";
    return nullptr;
  }
  std::sort(nics.begin(), nics.end());
  ::mkdir(kStateDir, 0755);
  auto cmds = distro::ephemeral_dhcp(root, nics.front(), kStateDir);
  if (!cmds) {
    note = "no DHCP client in the image (dhclient, dhcpcd, udhcpc, networkctl)";
    return nullptr;
  }
  auto resolv_conf = read_regular(kResolvConf);
  const auto left = std::chrono::milliseconds(static_cast<long>(std::max(0.0, budget.left_seconds()) * 1000));
  auto r = run_program(cmds->acquire, {}, "", left);
  if (r.exit_code != 0) {
    note = cmds->client + " on " + nics.front() + " got no lease" + (r.timed_out ? " (network budget)" : "");
    EphemeralDhcp failed(std::move(*cmds), std::move(resolv_conf));  // released (and resolv.conf put back) here
    return nullptr;
  }
  note = cmds->client + " lease on " + nics.front() + ", released after the read";
  if (!cmds->lease_record.empty()) {
    note += record_lease(cmds->lease_record, r.out + "\n" + r.err);
  }
  return std::make_unique<EphemeralDhcp>(std::move(*cmds), std::move(resolv_conf));
}

EphemeralDhcp::~EphemeralDhcp() {
  run_program(cmds_.release, {}, "", std::chrono::seconds(5));
  if (resolv_conf_ && read_regular(kResolvConf) != resolv_conf_) put_back(kResolvConf, *resolv_conf_);
}

}  // namespace vc
