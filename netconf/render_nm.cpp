// NetworkManager keyfiles, one connection per interface, in the layout NM
// and cloud-init write them (sections separated by blank lines, lists
// ending in ';').
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

// Fixed namespace for connection UUIDs: uuid5(NAMESPACE_DNS, "nm.vc-agent").
// The UUID of interface X is uuid5(this, X): python3 -c 'import uuid;
// print(uuid.uuid5(uuid.UUID("90be8511-6721-50b9-97dc-2722cf9448de"), "eth0"))'
// reproduces it. Stable across runs, so an unchanged network rewrites nothing
// and NM keeps treating it as the same connection.
constexpr std::array<std::uint8_t, 16> kUuidNamespace = {0x90, 0xbe, 0x85, 0x11, 0x67, 0x21, 0x50, 0xb9,
                                                         0x97, 0xdc, 0x27, 0x22, 0xcf, 0x94, 0x48, 0xde};

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

std::string nm_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + ";";
  return out;
}

// One [ipv4] or [ipv6] section; the gateway rides on address1 ("a/p,gw").
std::string ip_section(const NetworkState& state, const Interface& i, IpFamily family) {
  const bool v4 = family == IpFamily::V4;
  const auto addrs = render::addresses_of(i, family);
  std::string out = v4 ? "[ipv4]\n" : "[ipv6]\n";
  if (addrs.empty()) {
    // NM rejects dns/routes under "disabled"/"ignore", so nothing else goes here.
    return out + (v4 ? "method=disabled\n" : "method=ignore\n");
  }
  out += "method=manual\n";
  const auto& gw = v4 ? i.gateway4 : i.gateway6;
  for (std::size_t n = 0; n < addrs.size(); ++n) {
    out += "address" + std::to_string(n + 1) + "=" + render::cidr(addrs[n]);
    if (n == 0 && gw) out += "," + gw->str();
    out += "\n";
  }
  std::vector<std::string> servers;
  for (const auto& s : render::nameservers_for(state, i))
    if (s.family == family) servers.push_back(s.str());
  if (!servers.empty()) out += "dns=" + nm_list(servers) + "\n";
  if (const auto search = render::search_for(state, i); !search.empty()) out += "dns-search=" + nm_list(search) + "\n";
  if (!i.default_route && !gw) out += "never-default=true\n";
  return out;
}

std::string keyfile(const NetworkState& state, const Interface& i) {
  std::string out = render::header_comment(i.label);
  out += "\n[connection]\n";
  out += "id=vc-agent " + i.name + "\n";
  out += "uuid=" + render::uuid5(kUuidNamespace, i.name) + "\n";
  out += "type=ethernet\n";
  // With a MAC the profile binds by MAC alone: NM does not rename devices, so a
  // positional name from an offline root must not stop it matching "ens3".
  if (i.mac.empty()) out += "interface-name=" + i.name + "\n";
  out += "autoconnect=true\n";
  out += "\n[ethernet]\n";
  if (!i.mac.empty()) out += "mac-address=" + upper(i.mac) + "\n";
  if (i.mtu) out += "mtu=" + std::to_string(*i.mtu) + "\n";
  out += "\n" + ip_section(state, i, IpFamily::V4);
  out += "\n" + ip_section(state, i, IpFamily::V6);
  return out;
}

}  // namespace

std::vector<RenderedFile> render_nm(const NetworkState& state) {
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state))
    files.push_back({"/etc/NetworkManager/system-connections/vc-agent-" + i->name + ".nmconnection",
                     keyfile(state, *i), 0600});
  return files;
}

}  // namespace vc::netconf
