// ifcfg files: RHEL's network-scripts (read by initscripts and NetworkManager's
// ifcfg-rh plugin). Keys follow cloud-init's sysconfig renderer, so images it
// configured diff cleanly; vc-out-parser's keys come first and in its order
// (pragma.md §B.1 row 5). SUSE's flavour is in render_ifcfg_suse.cpp.
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

using render::KeyValues;

// Every route the interface's files carry: its subnets' gateways (as 0/0
// routes) and routes, its own routes, then the global ones (v1 `type: route`)
// whose gateway it holds.
std::vector<Route> ifcfg_routes(const NetworkState& state, const Interface& i) {
  auto routes = render::routes_of(i, true);
  for (const auto& r : render::global_routes_for(state, i)) routes.push_back(r);
  return routes;
}

// The route GATEWAY= / IPV6_DEFAULTGW= stand for: the first main-table
// default of the family. route_files leaves this one out, so both must see
// the same list (a global default route used to vanish from both).
std::optional<Route> ifcfg_default(const NetworkState& state, const Interface& i, IpFamily family) {
  for (const auto& r : ifcfg_routes(state, i))
    if (render::is_main_default(r) && r.to.family == family) return r;
  return std::nullopt;
}

bool any_default_route(const NetworkState& state, IpFamily family) {
  for (const auto& i : state.interfaces)
    if (ifcfg_default(state, i, family)) return true;
  return false;
}

std::optional<int> ipv6_mtu(const Interface& i) {
  for (const auto& s : i.subnets)
    if (s.mtu && render::family_of(s) == IpFamily::V6) return s.mtu;
  return std::nullopt;
}

// NM's ifcfg-rh reads IPV4_ROUTE_METRIC / IPV6_ROUTE_METRIC as the metric of
// the gateway and of the lease's routes alike: one value, the gateway's when
// both are given.
std::optional<int> route_metric(const std::optional<Route>& gw, const Interface& i, IpFamily family) {
  if (gw && gw->metric) return gw->metric;
  return render::auto_route_metric(i, family);
}

bool onboot(const Interface& i) {
  for (const auto& s : i.subnets)
    if (s.control == "manual") return false;
  return true;
}

void ipv4_keys(const NetworkState& state, const Interface& i, KeyValues& kv) {
  const bool dhcp = render::has_kind(i, SubnetKind::Dhcp4);
  const auto gw = ifcfg_default(state, i, IpFamily::V4);
  const auto gw6 = ifcfg_default(state, i, IpFamily::V6);
  if (gw && gw->via) kv.emplace_back("GATEWAY", gw->via->str());
  if (gw || gw6)
    kv.emplace_back("DEFROUTE", "yes");
  else if (!i.default_route)
    kv.emplace_back("DEFROUTE", "no");
  if (const auto m = route_metric(gw, i, IpFamily::V4)) kv.emplace_back("IPV4_ROUTE_METRIC", std::to_string(*m));
  // dhclient would add a second default route next to another interface's.
  if (dhcp && gw)
    kv.emplace_back("DHCLIENT_SET_DEFAULT_ROUTE", "yes");
  else if (dhcp && any_default_route(state, IpFamily::V4))
    kv.emplace_back("DHCLIENT_SET_DEFAULT_ROUTE", "no");
}

void ipv6_keys(const NetworkState& state, const Interface& i, KeyValues& kv) {
  if (!render::has_family(i, IpFamily::V6)) return;
  const auto v6 = render::addresses_of(i, IpFamily::V6);
  const bool dhcp6 = render::has_kind(i, SubnetKind::Dhcp6);
  const bool stateless = render::has_kind(i, SubnetKind::Dhcp6Stateless);
  const bool stateful = render::has_kind(i, SubnetKind::Dhcp6Stateful);
  const bool slaac = render::has_kind(i, SubnetKind::Slaac);
  kv.emplace_back("IPV6INIT", "yes");
  if (!v6.empty() || stateful) kv.emplace_back("IPV6_AUTOCONF", "no");  // no SLAAC address next to ours
  if (stateless || slaac) kv.emplace_back("IPV6_AUTOCONF", "yes");
  if (!v6.empty()) {
    kv.emplace_back("IPV6ADDR", render::cidr(v6[0]));
    std::vector<std::string> rest;
    for (std::size_t n = 1; n < v6.size(); ++n) rest.push_back(render::cidr(v6[n]));
    if (!rest.empty()) kv.emplace_back("IPV6ADDR_SECONDARIES", render::join(rest, " "));
  }
  if (i.accept_ra)
    kv.emplace_back("IPV6_FORCE_ACCEPT_RA", render::yes_no(*i.accept_ra));
  else if (!v6.empty())
    kv.emplace_back("IPV6_FORCE_ACCEPT_RA", "no");
  const auto gw = ifcfg_default(state, i, IpFamily::V6);
  if (gw && gw->via)
    kv.emplace_back("IPV6_DEFAULTGW", gw->via->str());
  else if (!i.default_route && !v6.empty())
    kv.emplace_back("IPV6_DEFROUTE", "no");
  if (const auto m = route_metric(gw, i, IpFamily::V6)) kv.emplace_back("IPV6_ROUTE_METRIC", std::to_string(*m));
  if (const auto mtu = ipv6_mtu(i)) kv.emplace_back("IPV6_MTU", std::to_string(*mtu));
  if (dhcp6 || stateless || stateful) kv.emplace_back("DHCPV6C", "yes");
  if (stateless) kv.emplace_back("DHCPV6C_OPTIONS", "-S");
  if (stateful) kv.emplace_back("IPV6_FAILURE_FATAL", "yes");
}

void link_keys(const NetworkState& state, const Interface& i, KeyValues& kv) {
  if (i.bond) {
    kv.emplace_back("BONDING_MASTER", "yes");
    std::vector<std::string> opts;
    for (const auto& [k, v] : render::bond_options(*i.bond)) opts.push_back(k + "=" + v);
    if (!opts.empty()) kv.emplace_back("BONDING_OPTS", render::join(opts, " "));
    for (std::size_t n = 0; n < i.members.size(); ++n)
      kv.emplace_back("BONDING_SLAVE" + std::to_string(n), i.members[n]);
  }
  if (i.kind == LinkKind::Bridge && i.bridge) {
    const BridgeParams& b = *i.bridge;
    if (b.stp) kv.emplace_back("STP", render::yes_no(*b.stp));
    if (b.priority) kv.emplace_back("PRIO", std::to_string(*b.priority));
    if (b.ageing_time) kv.emplace_back("AGEING", std::to_string(*b.ageing_time));
    if (const auto v = render::nm_stp_timer(b, b.forward_delay, 2, 30)) kv.emplace_back("DELAY", std::to_string(*v));
    // initscripts and NM read the rest through sysfs names.
    std::vector<std::string> opts;
    if (const auto v = render::nm_stp_timer(b, b.hello_time, 1, 10)) opts.push_back("hello_time=" + std::to_string(*v));
    if (const auto v = render::nm_stp_timer(b, b.max_age, 6, 40)) opts.push_back("max_age=" + std::to_string(*v));
    if (!opts.empty()) kv.emplace_back("BRIDGING_OPTS", render::join(opts, " "));
  }
  if (i.kind == LinkKind::Vlan) {
    kv.emplace_back("VLAN", "yes");
    kv.emplace_back("PHYSDEV", i.vlan_link);
    // NM's ifcfg-rh (make_vlan_setting in nms-ifcfg-rh-reader.c) takes the
    // id from a DEVICE of the form <parent>.<id> (or vlan<id>), which "for
    // backwards compat" wins over VLAN_ID; with any other name VLAN_ID is
    // its only source ("Failed to determine VLAN ID from DEVICE or VLAN_ID").
    // cloud-init's sysconfig fixtures (all <parent>.<id>) have no VLAN_ID, so
    // it is written only when the name does not carry the id already.
    if (i.name != i.vlan_link + "." + std::to_string(i.vlan_id))
      kv.emplace_back("VLAN_ID", std::to_string(i.vlan_id));
  }
  if (i.kind == LinkKind::Infiniband) {
    if (!i.ib_mode.empty()) kv.emplace_back("CONNECTED_MODE", render::yes_no(i.ib_mode == "connected"));
    if (i.ib_pkey) {
      kv.emplace_back("PKEY", "yes");
      kv.emplace_back("PKEY_ID", std::to_string(*i.ib_pkey));
      kv.emplace_back("PHYSDEV", i.vlan_link);
    }
  }
  if (const Interface* m = i.master.empty() ? nullptr : render::find_interface(state, i.master)) {
    if (m->kind == LinkKind::Bridge) {
      kv.emplace_back("BRIDGE", i.master);
    } else {
      kv.emplace_back("MASTER", i.master);
      kv.emplace_back("SLAVE", "yes");
    }
  }
}

const char* type_of(const Interface& i) {
  switch (i.kind) {
    case LinkKind::Ethernet: return "Ethernet";
    case LinkKind::Bond: return "Bond";
    case LinkKind::Bridge: return "Bridge";
    case LinkKind::Infiniband: return "InfiniBand";
    case LinkKind::Vlan: return nullptr;  // VLAN=yes says it
  }
  return nullptr;
}

KeyValues rhel_keys(const NetworkState& state, const Interface& i) {
  const auto v4 = render::addresses_of(i, IpFamily::V4);
  KeyValues kv;
  kv.emplace_back("DEVICE", i.name);
  if (!v4.empty()) {
    kv.emplace_back("IPADDR", v4[0].ip.str());
    kv.emplace_back("NETMASK", prefix_to_netmask(v4[0].prefix));
  }
  kv.emplace_back("BOOTPROTO", render::has_kind(i, SubnetKind::Dhcp4) ? "dhcp" : "none");
  kv.emplace_back("ONBOOT", render::yes_no(onboot(i)));
  if (const auto mtu = render::link_mtu(i)) kv.emplace_back("MTU", std::to_string(*mtu));
  if (!i.mac.empty()) {
    // HWADDR matches the NIC; on a virtual link the MAC is one to set.
    const bool physical = i.kind == LinkKind::Ethernet || i.kind == LinkKind::Infiniband;
    kv.emplace_back(physical ? "HWADDR" : "MACADDR", i.mac);
  }
  ipv4_keys(state, i, kv);
  if (const char* type = type_of(i)) kv.emplace_back("TYPE", type);
  kv.emplace_back("USERCTL", "no");
  // Numbered from 1: IPADDR (unnumbered) already holds the first address,
  // and both initscripts and NM's ifcfg-rh read IPADDR next to IPADDR1….
  for (std::size_t n = 1; n < v4.size(); ++n) {
    kv.emplace_back("IPADDR" + std::to_string(n), v4[n].ip.str());
    kv.emplace_back("NETMASK" + std::to_string(n), prefix_to_netmask(v4[n].prefix));
  }
  ipv6_keys(state, i, kv);
  // Interface-scoped servers first, as cloud-init's sysconfig fixture for
  // v1-dns wants (its NM fixture has the other order; NM keeps that one).
  const auto servers = render::interface_first(i.dns, render::own_nameservers(i));
  for (std::size_t n = 0; n < servers.size(); ++n) kv.emplace_back("DNS" + std::to_string(n + 1), servers[n].str());
  if (const auto search = render::interface_first(i.search, render::own_search(i)); !search.empty())
    kv.emplace_back("DOMAIN", render::join(search, " "));
  if (i.wakeonlan) kv.emplace_back("ETHTOOL_OPTS", "wol g");
  link_keys(state, i, kv);
  return kv;
}

// Routes other than the default ones GATEWAY/IPV6_DEFAULTGW carry: route-<if>
// in initscripts' numbered form, route6-<if> as `ip -6 route` arguments.
void route_files(const NetworkState& state, const Interface& i, std::vector<RenderedFile>& files) {
  KeyValues v4;
  std::string v6;
  std::optional<Route> default4, default6;  // the ones ifcfg already carries
  int count4 = 0;
  for (const auto& r : ifcfg_routes(state, i)) {
    const bool is4 = r.to.family == IpFamily::V4;
    std::optional<Route>& in_ifcfg = is4 ? default4 : default6;
    // The first main-table default is ifcfg_default's, already in ifcfg. One
    // with a table (policy routing) is an ordinary route here: `table N` in
    // route-<if>'s OPTIONSn or on its route6-<if> line.
    if (render::is_main_default(r) && !in_ifcfg) {
      in_ifcfg = r;  // GATEWAY= / IPV6_DEFAULTGW=
      continue;
    }
    // The same default route again (v2 gateway4 plus a 0/0 route via it):
    // adding it twice fails with EEXIST, and NM's ifcfg-rh ignores default
    // routes in route files anyway. cloud-init drops it too.
    if (in_ifcfg && render::is_default(r) && r.via == in_ifcfg->via && r.metric == in_ifcfg->metric &&
        r.table == in_ifcfg->table)
      continue;
    if (!is4) {
      const std::string words = render::route_words(r);
      v6 += render::cidr(r) + (words.empty() ? "" : " " + words) + " dev " + i.name + "\n";
      continue;
    }
    const std::string n = std::to_string(count4++);
    v4.emplace_back("ADDRESS" + n, r.to.str());
    v4.emplace_back("NETMASK" + n, prefix_to_netmask(r.prefix));
    if (r.via) v4.emplace_back("GATEWAY" + n, r.via->str());
    if (r.metric) v4.emplace_back("METRIC" + n, std::to_string(*r.metric));
    std::vector<std::string> opts;
    if (r.table) opts.push_back("table " + std::to_string(*r.table));
    if (r.on_link && r.via) opts.push_back("onlink");
    if (r.mtu) opts.push_back("mtu " + std::to_string(*r.mtu));
    if (!opts.empty()) v4.emplace_back("OPTIONS" + n, render::join(opts, " "));
  }
  const std::string dir = "/etc/sysconfig/network-scripts/";
  if (!v4.empty()) files.push_back({dir + "route-" + i.name, render::shell_file(i.label, v4, false)});
  if (!v6.empty()) files.push_back({dir + "route6-" + i.name, render::header_comment(i.label) + v6});
}

// Policy rules: rule-<if> / rule6-<if>, one `ip rule add` argument list a
// line (initscripts' ifup-routes; NM's ifcfg-rh reads the same files and
// requires a priority, hence rule_priority).
void rule_files(const NetworkState& state, const Interface& i, std::vector<RenderedFile>& files) {
  std::string v4, v6;
  for (std::size_t k = 0; k < i.rules.size(); ++k)
    (i.rules[k].family() == IpFamily::V4 ? v4 : v6) +=
        render::rule_words(i.rules[k], render::rule_priority(state, i, k)) + "\n";
  const std::string dir = "/etc/sysconfig/network-scripts/";
  if (!v4.empty()) files.push_back({dir + "rule-" + i.name, render::header_comment(i.label) + v4});
  if (!v6.empty()) files.push_back({dir + "rule6-" + i.name, render::header_comment(i.label) + v6});
}

}  // namespace

std::vector<RenderedFile> render_ifcfg(const NetworkState& state, IfcfgFlavor flavor) {
  if (flavor == IfcfgFlavor::Suse) return render::ifcfg_suse(state);
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state)) {
    files.push_back({"/etc/sysconfig/network-scripts/ifcfg-" + i->name,
                     render::shell_file(i->label, rhel_keys(state, *i), false)});
    route_files(state, *i, files);
    rule_files(state, *i, files);
  }
  return files;
}

}  // namespace vc::netconf
