// /etc/network/interfaces for Debian's ifupdown. The IPv4 stanza keeps
// vc-out-parser's exact lines (pragma.md §B.1 row 6: tab-indented
// address/netmask/mtu/gateway) so images it configured diff cleanly.
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

void dns_lines(const NetworkState& state, const Interface& i, std::string& out) {
  // ifupdown's resolvconf hook reads these; without resolvconf they are ignored.
  const auto servers = render::nameservers_for(state, i);
  const auto search = render::search_for(state, i);
  if (!servers.empty()) out += "\tdns-nameservers " + render::join(render::strs(servers), " ") + "\n";
  if (!search.empty()) out += "\tdns-search " + render::join(search, " ") + "\n";
}

void stanzas(const NetworkState& state, const Interface& i, std::string& out) {
  const auto v4 = render::addresses_of(i, IpFamily::V4);
  const auto v6 = render::addresses_of(i, IpFamily::V6);
  out += "\nauto " + i.name + "\n";
  bool first = true;
  // Extra addresses get their own stanzas: classic ifupdown takes one
  // address per stanza but any number of stanzas per interface.
  for (const auto& a : v4) {
    if (!first) out += "\n";
    out += "iface " + i.name + " inet static\n";
    out += "\taddress " + a.ip.str() + "\n";
    out += "\tnetmask " + prefix_to_netmask(a.prefix) + "\n";
    if (first) {
      if (i.mtu) out += "\tmtu " + std::to_string(*i.mtu) + "\n";
      if (i.gateway4) out += "\tgateway " + i.gateway4->str() + "\n";
      dns_lines(state, i, out);
    }
    first = false;
  }
  bool first6 = true;
  for (const auto& a : v6) {
    if (!first) out += "\n";
    out += "iface " + i.name + " inet6 static\n";
    out += "\taddress " + render::cidr(a) + "\n";
    if (first && i.mtu) out += "\tmtu " + std::to_string(*i.mtu) + "\n";
    if (first6 && i.gateway6) out += "\tgateway " + i.gateway6->str() + "\n";
    if (first) dns_lines(state, i, out);
    first = false;
    first6 = false;
  }
  if (first) out += "iface " + i.name + " inet manual\n";  // no address: up, unconfigured
}

}  // namespace

std::vector<RenderedFile> render_eni(const NetworkState& state) {
  std::string out = render::header_comment(state.label);
  out += "auto lo\niface lo inet loopback\n";
  for (const Interface* i : render::sorted_interfaces(state)) stanzas(state, *i, out);
  // Debian's stock file ends with this line; keeping it means admins'
  // drop-ins (bridges, extra VLANs) still come up after we rewrite the file.
  out += "\nsource /etc/network/interfaces.d/*\n";
  return {{"/etc/network/interfaces", out}};
}

}  // namespace vc::netconf
