// systemd-networkd: a .network per interface in cloud-init's layout
// ([Match] [Link] [Network] then one [Address]/[Route] section each), plus
// .netdev files that create bonds, bridges and VLANs and .link files that
// name NICs (render_networkd_links.cpp).
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

std::string dhcp_value(const Interface& i) {
  const bool v4 = render::has_kind(i, SubnetKind::Dhcp4);
  const bool v6 = render::has_kind(i, SubnetKind::Dhcp6) || render::has_kind(i, SubnetKind::Dhcp6Stateful) ||
                  render::has_kind(i, SubnetKind::Dhcp6Stateless);
  if (v4 && v6) return "yes";
  if (v4) return "ipv4";
  if (v6) return "ipv6";
  return "no";
}

// cloud-init's networkd rule: the interface's own servers on one line, the
// global ones on another, on every interface. Under GlobalDns::DefaultRoute
// only the carrier adds the global ones.
void dns_lines(const NetworkState& state, const Interface& i, std::string& out) {
  const auto own = render::own_nameservers(i);
  const auto own_search = render::own_search(i);
  const bool global = state.global_dns == GlobalDns::CloudInit || render::carries_global_dns(state, i);
  if (!own.empty()) out += "DNS=" + render::join(render::strs(own), " ") + "\n";
  if (global && !state.dns.empty()) out += "DNS=" + render::join(render::strs(state.dns), " ") + "\n";
  if (!own_search.empty()) out += "Domains=" + render::join(own_search, " ") + "\n";
  if (global && !state.search.empty()) out += "Domains=" + render::join(state.search, " ") + "\n";
}

std::string network_section(const NetworkState& state, const Interface& i) {
  std::string out = "\n[Network]\n";
  out += "DHCP=" + dhcp_value(i) + "\n";
  if (render::has_kind(i, SubnetKind::Slaac) || render::has_kind(i, SubnetKind::Dhcp6Stateless))
    out += "IPv6AcceptRA=yes\n";
  else if (i.accept_ra)
    out += std::string("IPv6AcceptRA=") + render::yes_no(*i.accept_ra) + "\n";
  if (const Interface* m = i.master.empty() ? nullptr : render::find_interface(state, i.master))
    out += std::string(m->kind == LinkKind::Bridge ? "Bridge=" : "Bond=") + m->name + "\n";
  // networkd creates a VLAN when its parent's .network names it.
  for (const Interface* v : render::sorted_interfaces(state))
    if (v->kind == LinkKind::Vlan && v->vlan_link == i.name) out += "VLAN=" + v->name + "\n";
  if (i.optional) out += "RequiredForOnline=no\n";
  for (const auto& s : i.subnets)
    if (s.control == "manual") {
      out += "ActivationPolicy=manual\n";  // ifupdown's "no auto": up only when asked
      break;
    }
  dns_lines(state, i, out);
  return out;
}

// An explicit route always names its destination (a subnet's gateway is
// written gateway-only, in network_file), as cloud-init writes both.
std::string route_section(const Route& r) {
  std::string out = "\n[Route]\n";
  if (r.via) out += "Gateway=" + r.via->str() + "\n";
  out += "Destination=" + render::cidr(r) + "\n";
  if (r.metric) out += "Metric=" + std::to_string(*r.metric) + "\n";
  if (r.table) out += "Table=" + std::to_string(*r.table) + "\n";
  if (r.on_link && r.via) out += "GatewayOnLink=yes\n";
  if (r.mtu) out += "MTUBytes=" + std::to_string(*r.mtu) + "\n";
  return out;
}

// A bridge port's STP cost and priority: systemd.network(5) [Bridge] on the port.
std::string bridge_port_section(const NetworkState& state, const Interface& i) {
  const Interface* m = i.master.empty() ? nullptr : render::find_interface(state, i.master);
  if (!m || m->kind != LinkKind::Bridge || !m->bridge) return "";
  std::string out;
  if (auto it = m->bridge->path_cost.find(i.name); it != m->bridge->path_cost.end())
    out += "Cost=" + std::to_string(it->second) + "\n";
  if (auto it = m->bridge->port_priority.find(i.name); it != m->bridge->port_priority.end())
    out += "Priority=" + std::to_string(it->second) + "\n";
  return out.empty() ? "" : "\n[Bridge]\n" + out;
}

std::string network_file(const NetworkState& state, const Interface& i) {
  std::string out = render::header_comment(i.label) + render::networkd_match(i);
  // The link's own MTU first: a v4 subnet's MTU is only a fallback here, as
  // in cloud-init's networkd renderer.
  std::string link;
  // A virtual link's MAC is set here as well as in its .netdev, as cloud-init
  // does: the .netdev applies only when networkd creates the device.
  if (!i.mac.empty() && i.kind != LinkKind::Ethernet && i.kind != LinkKind::Infiniband)
    link += "MACAddress=" + i.mac + "\n";
  if (const auto mtu = i.mtu ? i.mtu : render::link_mtu(i)) link += "MTUBytes=" + std::to_string(*mtu) + "\n";
  if (!link.empty()) out += "\n[Link]\n" + link;
  out += network_section(state, i);
  out += bridge_port_section(state, i);
  for (const auto& a : render::all_addresses(i)) out += "\n[Address]\nAddress=" + render::cidr(a) + "\n";
  for (const auto& s : i.subnets) {
    if (!s.gateway) continue;
    Route r = render::gateway_route(s);
    out += "\n[Route]\nGateway=" + r.via->str() + "\n";
    if (r.metric) out += "Metric=" + std::to_string(*r.metric) + "\n";
  }
  for (const auto& s : i.subnets)
    for (const auto& r : s.routes) out += route_section(r);
  for (const auto& r : i.routes) out += route_section(r);
  for (const auto& r : render::global_routes_for(state, i)) out += route_section(r);
  for (const auto& r : i.rules) out += render::networkd_rule_section(r);
  // The lease's routes; an IPv6 default route comes from the router
  // advertisement whatever DHCPv6 does (DHCPv6 carries no routes).
  if (const auto m = render::auto_route_metric(i, IpFamily::V4)) out += "\n[DHCPv4]\nRouteMetric=" + std::to_string(*m) + "\n";
  if (const auto m = render::auto_route_metric(i, IpFamily::V6))
    out += "\n[IPv6AcceptRA]\nRouteMetric=" + std::to_string(*m) + "\n";
  return out;
}

}  // namespace

std::vector<RenderedFile> render_networkd(const NetworkState& state) {
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state)) {
    for (auto& f : render::networkd_link_files(*i)) files.push_back(std::move(f));
    files.push_back({render::networkd_base_path(*i) + ".network", network_file(state, *i)});
  }
  return files;
}

}  // namespace vc::netconf
