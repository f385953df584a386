// /etc/network/interfaces for Debian's ifupdown: one stanza per subnet, as
// cloud-init writes it. IPv4 static stanzas keep vc-out-parser's exact lines
// (pragma.md §B.1 row 6: tab-indented address/netmask/mtu/gateway) so images
// it configured diff cleanly. Link options (bond/bridge/vlan) are in
// render_eni_links.cpp.
#include <algorithm>

#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

using Lines = std::vector<std::string>;

std::string method_of(const Subnet& s) {
  const bool v6 = render::family_of(s) == IpFamily::V6;
  std::string family = v6 ? "inet6 " : "inet ";
  switch (s.kind) {
    case SubnetKind::Static: return family + "static";
    case SubnetKind::Dhcp4:
    case SubnetKind::Dhcp6:
    case SubnetKind::Dhcp6Stateful: return family + "dhcp";
    case SubnetKind::Slaac:
    case SubnetKind::Dhcp6Stateless: return family + "auto";
    case SubnetKind::Manual: return "inet manual";
  }
  return family + "manual";
}

// `dev`: a route without a gateway needs its device named.
void route_lines(const Route& r, const std::string& dev, Lines& out) {
  const bool v6 = r.to.family == IpFamily::V6;
  const std::string ip = v6 ? "ip -family inet6 route " : "ip route ";
  const std::string dest = render::is_default(r) ? std::string("default") : render::cidr(r);
  const std::string words = render::route_words(r);
  const std::string where = r.via || dev.empty() ? "" : " dev " + dev;
  const std::string tail = dest + (words.empty() ? "" : " " + words) + where + " || true";
  out.push_back("post-up " + ip + "add " + tail);
  out.push_back("pre-down " + ip + "del " + tail);
}

// Policy rules ride on the interface's first stanza, after its link is up.
void rule_lines(const RoutingRule& r, Lines& out) {
  const std::string ip = r.family() == IpFamily::V6 ? "ip -family inet6 rule " : "ip rule ";
  const std::string tail = render::rule_words(r, r.priority) + " || true";
  out.push_back("post-up " + ip + "add " + tail);
  out.push_back("pre-down " + ip + "del " + tail);
}

// ifupdown's resolvconf hook reads these; without resolvconf they are ignored.
void dns_lines(const std::vector<IpAddress>& servers, const std::vector<std::string>& search, Lines& out) {
  if (!servers.empty()) out.push_back("dns-nameservers " + render::join(render::strs(servers), " "));
  if (!search.empty()) out.push_back("dns-search " + render::join(search, " "));
}

template <typename T>
void add_unique(std::vector<T>& to, const std::vector<T>& from) {
  for (const auto& v : from)
    if (std::find(to.begin(), to.end(), v) == to.end()) to.push_back(v);
}

// The nameservers one stanza carries, as cloud-init places them: a static
// stanza gets every server of its family the interface has (interface-scoped
// ones first, then its subnets') and the search domains with them; the global
// ones go on the first stanza of the interface that carries them
// (GlobalDns::DefaultRoute).
void stanza_dns(const NetworkState& state, const Interface& i, const Subnet& s, bool first, Lines& out) {
  std::vector<IpAddress> servers;
  std::vector<std::string> search;
  if (s.kind == SubnetKind::Static) {
    std::vector<IpAddress> own = i.dns, family;
    add_unique(own, s.dns);
    add_unique(own, render::own_nameservers(i));
    // A server whose family has no static stanza here would be lost:
    // resolvconf takes either family from any stanza, so the first static
    // stanza carries it.
    const Subnet* first_static = nullptr;
    for (const auto& other : i.subnets)
      if (!first_static && other.kind == SubnetKind::Static && other.address) first_static = &other;
    const bool carries_orphans = first_static && first_static->address == s.address;
    auto has_static = [&](IpFamily f) {
      return std::any_of(i.subnets.begin(), i.subnets.end(), [&](const Subnet& o) {
        return o.kind == SubnetKind::Static && o.address && o.address->ip.family == f;
      });
    };
    for (const auto& ip : own)
      if (ip.family == render::family_of(s) || (carries_orphans && !has_static(ip.family))) family.push_back(ip);
    add_unique(servers, family);
    if (!family.empty() || own.empty()) {
      search = i.search;
      add_unique(search, s.search);
      add_unique(search, render::own_search(i));
    }
  }
  add_unique(servers, s.dns);
  add_unique(search, s.search);
  if (first && render::carries_global_dns(state, i)) {
    add_unique(servers, state.dns);
    add_unique(search, state.search);
  }
  dns_lines(servers, search, out);
}

Lines stanza_options(const NetworkState& state, const Interface& i, const Subnet& s, bool first, bool first6) {
  Lines out;
  const bool v6 = render::family_of(s) == IpFamily::V6;
  if (s.address && !v6) {
    out.push_back("address " + s.address->ip.str());
    out.push_back("netmask " + prefix_to_netmask(s.address->prefix));
  } else if (s.address) {
    out.push_back("address " + render::cidr(*s.address));
  }
  if (s.kind == SubnetKind::Slaac) out.push_back("dhcp 0");
  if (s.kind == SubnetKind::Dhcp6Stateless) out.push_back("dhcp 1");
  // The subnet's MTU, else the interface's on its first stanza. Pointers, not a ?: over
  // optionals: GCC 12 at -Os reports a false -Wmaybe-uninitialized for the copy.
  if (const auto* mtu = s.mtu ? &*s.mtu : (first && i.mtu ? &*i.mtu : nullptr))
    out.push_back("mtu " + std::to_string(*mtu));
  // interfaces(5): `metric` is the gateway route's for inet static and the
  // lease's routes' for inet dhcp (dhclient). inet6 static has no metric, so
  // a gateway with one is added as a route; inet6 dhcp/auto have none either
  // (the lease metric is not written for them).
  const bool gateway_as_route = v6 && s.gateway && s.metric;
  if (s.gateway && !gateway_as_route) out.push_back("gateway " + s.gateway->str());
  if (!v6 && s.metric && (s.gateway || s.kind == SubnetKind::Dhcp4)) out.push_back("metric " + std::to_string(*s.metric));
  stanza_dns(state, i, s, first, out);
  if (v6 && first6 && i.accept_ra) out.push_back(std::string("accept-ra ") + (*i.accept_ra ? "1" : "0"));
  if (first) render::eni_link_options(state, i, out);
  if (gateway_as_route) route_lines(render::gateway_route(s), i.name, out);
  for (const auto& r : s.routes) route_lines(r, i.name, out);
  if (first)
    for (const auto& r : i.rules) rule_lines(r, out);
  return out;
}

void interface(const NetworkState& state, const Interface& i, std::string& out) {
  std::string control;
  for (const auto& s : i.subnets)
    if (!s.control.empty() && s.control != "auto") control = s.control;
  // A bridge brings its ports up itself; a bond's members are brought up with "auto".
  const Interface* master = i.master.empty() ? nullptr : render::find_interface(state, i.master);
  const bool addressed = !i.subnets.empty() || (master && master->kind == LinkKind::Bond);
  out += "\n";
  if (control == "hotplug")
    out += "allow-hotplug " + i.name + "\n";
  else if (control.empty() && addressed)
    out += "auto " + i.name + "\n";

  std::vector<Subnet> subnets = i.subnets;
  if (subnets.empty()) {
    subnets.emplace_back();
    subnets.back().kind = SubnetKind::Manual;
  }
  // Interface routes (v2) go with the first stanza of their family, or, when
  // a static stanza's subnet holds the gateway, with that one: ifupdown runs
  // a stanza's post-up right after configuring it, before the next stanza,
  // and `ip route add … via G` fails (swallowed by `|| true`) while no
  // address makes G on-link. A plain default route there becomes that
  // stanza's `gateway` when it is a static one without: ifupdown then adds
  // and removes it itself.
  for (const Route& route : i.routes) {
    std::optional<std::size_t> at;
    for (std::size_t k = 0; k < subnets.size() && !at; ++k) {
      const Subnet& s = subnets[k];
      if (route.via && s.kind == SubnetKind::Static && s.address && s.address->ip.family == route.via->family &&
          in_subnet(*route.via, s.address->ip, s.address->prefix))
        at = k;
    }
    for (std::size_t k = 0; k < subnets.size() && !at; ++k)
      if (render::family_of(subnets[k]) == route.to.family) at = k;
    Subnet& s = subnets[at.value_or(0)];
    const bool plain = render::is_default(route) && route.via && !route.metric && !route.table && !route.mtu &&
                       !route.on_link;
    if (at && plain && s.kind == SubnetKind::Static && s.address && !s.gateway)
      s.gateway = route.via;
    else
      s.routes.push_back(route);
  }

  bool seen6 = false;
  for (std::size_t k = 0; k < subnets.size(); ++k) {
    const bool v6 = render::family_of(subnets[k]) == IpFamily::V6;
    if (k) out += "\n";
    out += "iface " + i.name + " " + method_of(subnets[k]) + "\n";
    for (const auto& line : stanza_options(state, i, subnets[k], k == 0, v6 && !seen6)) out += "\t" + line + "\n";
    seen6 = seen6 || v6;
  }
}

}  // namespace

std::vector<RenderedFile> render_eni(const NetworkState& state) {
  std::string out = render::header_comment(state.label);
  out += "auto lo\niface lo inet loopback\n";
  // cloud-init's place for the global resolver: lo is up before any NIC.
  // IPv6 servers go on an `inet6 loopback` stanza, as cloud-init intends
  // (its v1-dns fixture), the search domains with each family's servers.
  if (state.global_dns == GlobalDns::CloudInit) {
    std::vector<IpAddress> v4, v6;
    for (const auto& ip : state.dns) (ip.family == IpFamily::V6 ? v6 : v4).push_back(ip);
    Lines lo, lo6;
    dns_lines(v4, !v4.empty() || v6.empty() ? state.search : std::vector<std::string>{}, lo);
    if (!v6.empty()) dns_lines(v6, state.search, lo6);
    for (const auto& line : lo) out += "\t" + line + "\n";
    if (!lo6.empty()) out += "\niface lo inet6 loopback\n";
    for (const auto& line : lo6) out += "\t" + line + "\n";
  }
  for (const Interface* i : render::sorted_interfaces(state)) interface(state, *i, out);
  if (!state.routes.empty()) {
    Lines global;
    for (const auto& r : state.routes) route_lines(r, "", global);
    out += "\n";
    for (const auto& line : global) out += line + "\n";
  }
  // Debian's stock file ends with this line; keeping it means admins'
  // drop-ins (bridges, extra VLANs) still come up after we rewrite the file.
  out += "\nsource /etc/network/interfaces.d/*\n";
  return {{"/etc/network/interfaces", out}};
}

}  // namespace vc::netconf
