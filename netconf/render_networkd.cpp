// systemd-networkd: a .network per interface, plus a .link that gives a NIC
// with a known MAC its name at boot (udev applies .link files before
// networkd matches, so the .network can match by MAC alone).
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

// "10-" sorts ahead of distro defaults (99-default.link, 80-*.network).
std::string base_path(const Interface& i) { return "/etc/systemd/network/10-vc-agent-" + i.name; }

std::string match_section(const Interface& i) {
  return i.mac.empty() ? "[Match]\nName=" + i.name + "\n" : "[Match]\nMACAddress=" + i.mac + "\n";
}

std::string network_file(const NetworkState& state, const Interface& i) {
  std::string out = render::header_comment(i.label) + match_section(i);
  if (i.mtu) out += "\n[Link]\nMTUBytes=" + std::to_string(*i.mtu) + "\n";
  out += "\n[Network]\n";
  for (const auto& a : i.addresses) out += "Address=" + render::cidr(a) + "\n";
  for (const auto& gw : {i.gateway4, i.gateway6})
    if (gw) out += "Gateway=" + gw->str() + "\n";
  if (const auto servers = render::nameservers_for(state, i); !servers.empty())
    out += "DNS=" + render::join(render::strs(servers), " ") + "\n";
  if (const auto search = render::search_for(state, i); !search.empty())
    out += "Domains=" + render::join(search, " ") + "\n";
  return out;
}

std::string link_file(const Interface& i) {
  return render::header_comment(i.label) + match_section(i) + "\n[Link]\nName=" + i.name + "\n";
}

}  // namespace

std::vector<RenderedFile> render_networkd(const NetworkState& state) {
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state)) {
    if (!i->mac.empty()) files.push_back({base_path(*i) + ".link", link_file(*i)});
    files.push_back({base_path(*i) + ".network", network_file(state, *i)});
  }
  return files;
}

}  // namespace vc::netconf
