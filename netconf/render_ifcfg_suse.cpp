// SUSE's ifcfg flavour (wicked): /etc/sysconfig/network/ifcfg-<name> with the
// keys cloud-init's opensuse renderer writes, every value single-quoted as
// YaST writes them, routes in ifroute-<name> and policy rules in ifrule-<name>.
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf::render {

namespace {

// A bond port is brought up by its bond and carries no address.
bool bond_port(const NetworkState& state, const Interface& i) {
  const Interface* m = i.master.empty() ? nullptr : find_interface(state, i.master);
  return m && m->kind == LinkKind::Bond;
}

const char* bootproto(const NetworkState& state, const Interface& i) {
  if (bond_port(state, i)) return "none";
  const bool v4 = has_kind(i, SubnetKind::Dhcp4);
  const bool v6 = has_kind(i, SubnetKind::Dhcp6) || has_kind(i, SubnetKind::Dhcp6Stateful) ||
                  has_kind(i, SubnetKind::Dhcp6Stateless) || has_kind(i, SubnetKind::Slaac);
  if (v4 && v6) return "dhcp";
  if (v4) return "dhcp4";
  if (v6) return "dhcp6";
  return "static";
}

// wicked's DHCPv6 mode: "info" asks only for options (addresses from RAs).
const char* dhcp6_mode(const Interface& i) {
  if (has_kind(i, SubnetKind::Dhcp6) || has_kind(i, SubnetKind::Dhcp6Stateful)) return "managed";
  if (has_kind(i, SubnetKind::Dhcp6Stateless) || has_kind(i, SubnetKind::Slaac)) return "info";
  return nullptr;
}

const char* startmode(const NetworkState& state, const Interface& i) {
  if (bond_port(state, i)) return "hotplug";
  for (const auto& s : i.subnets)
    if (s.control == "manual") return "manual";
  return "auto";
}

void address_keys(const Interface& i, KeyValues& kv) {
  const auto v4 = addresses_of(i, IpFamily::V4);
  for (std::size_t n = 0; n < v4.size(); ++n) {
    const std::string suffix = n == 0 ? "" : std::to_string(n);
    kv.emplace_back("IPADDR" + suffix, v4[n].ip.str());
    kv.emplace_back("NETMASK" + suffix, prefix_to_netmask(v4[n].prefix));
  }
  // wicked pairs IPADDR<suffix> with PREFIXLEN<suffix> or a prefix in the value;
  // "6", "6_1"… are just suffixes, as cloud-init names them.
  const auto v6 = addresses_of(i, IpFamily::V6);
  for (std::size_t n = 0; n < v6.size(); ++n)
    kv.emplace_back(n == 0 ? std::string("IPADDR6") : "IPADDR6_" + std::to_string(n), cidr(v6[n]));
}

void link_keys(const Interface& i, KeyValues& kv) {
  if (i.bond) {
    kv.emplace_back("BONDING_MASTER", "yes");
    std::vector<std::string> opts;
    for (const auto& [k, v] : bond_options(*i.bond)) opts.push_back(k + "=" + v);
    if (!opts.empty()) kv.emplace_back("BONDING_MODULE_OPTS", join(opts, " "));
    for (std::size_t n = 0; n < i.members.size(); ++n) kv.emplace_back("BONDING_SLAVE_" + std::to_string(n), i.members[n]);
  }
  if (i.kind == LinkKind::Bridge) {
    kv.emplace_back("BRIDGE", "yes");
    kv.emplace_back("BRIDGE_PORTS", join(i.members, " "));
    if (i.bridge) {
      const BridgeParams& b = *i.bridge;
      if (b.stp) kv.emplace_back("BRIDGE_STP", *b.stp ? "on" : "off");
      if (b.priority) kv.emplace_back("BRIDGE_PRIORITY", std::to_string(*b.priority));
      if (b.ageing_time) kv.emplace_back("BRIDGE_AGEINGTIME", std::to_string(*b.ageing_time));
      if (b.forward_delay) kv.emplace_back("BRIDGE_FORWARDDELAY", std::to_string(*b.forward_delay));
      if (b.hello_time) kv.emplace_back("BRIDGE_HELLOTIME", std::to_string(*b.hello_time));
      if (b.max_age) kv.emplace_back("BRIDGE_MAXAGE", std::to_string(*b.max_age));
      // Per-port lists follow BRIDGE_PORTS' order; "-" keeps a port's default.
      auto per_port = [&](const std::map<std::string, int>& m) {
        std::vector<std::string> out;
        for (const auto& p : i.members) out.push_back(m.count(p) ? std::to_string(m.at(p)) : "-");
        return join(out, " ");
      };
      if (!b.port_priority.empty()) kv.emplace_back("BRIDGE_PORTPRIORITIES", per_port(b.port_priority));
      if (!b.path_cost.empty()) kv.emplace_back("BRIDGE_PATHCOSTS", per_port(b.path_cost));
    }
  }
  if (i.kind == LinkKind::Vlan) {
    kv.emplace_back("ETHERDEVICE", i.vlan_link);
    kv.emplace_back("VLAN_ID", std::to_string(i.vlan_id));
  }
  if (i.kind == LinkKind::Infiniband) {
    kv.emplace_back("TYPE", "InfiniBand");
    if (!i.ib_mode.empty()) kv.emplace_back("IPOIB_MODE", i.ib_mode);
  }
}

KeyValues suse_keys(const NetworkState& state, const Interface& i) {
  KeyValues kv;
  kv.emplace_back("BOOTPROTO", bootproto(state, i));
  if (const char* mode = dhcp6_mode(i)) kv.emplace_back("DHCLIENT6_MODE", mode);
  // wicked's compat-suse.c: the metric of the DHCPv4 lease's routes.
  if (const auto m = auto_route_metric(i, IpFamily::V4)) kv.emplace_back("DHCLIENT_ROUTE_PRIORITY", std::to_string(*m));
  kv.emplace_back("STARTMODE", startmode(state, i));
  address_keys(i, kv);
  if (const auto mtu = link_mtu(i)) kv.emplace_back("MTU", std::to_string(*mtu));
  if (!i.mac.empty()) kv.emplace_back("LLADDR", i.mac);
  if (i.wakeonlan) kv.emplace_back("ETHTOOL_OPTS", "wol g");
  link_keys(i, kv);
  return kv;
}

// ifroute-<name>, "destination gateway netmask interface [options]"; "-" for
// an unused column, as wicked's routes(5) reads it.
std::string suse_routes(const NetworkState& state, const Interface& i) {
  std::string out;
  auto routes = routes_of(i, true);
  for (const auto& r : global_routes_for(state, i)) routes.push_back(r);
  for (const auto& r : routes) {
    out += is_default(r) ? std::string("default") : cidr(r);
    out += " " + (r.via ? r.via->str() : std::string("-")) + " - " + i.name;
    Route opts = r;
    opts.via.reset();
    if (const auto words = route_words(opts); !words.empty()) out += " " + words;
    out += "\n";
  }
  return out;
}

// accept-ra: wicked has no ifcfg key for it; it applies the interface's
// ifsysctl-<name> (ifsysctl(5), read by wicked's client/suse/ifsysctl.c) on
// ifup. sysctl.d syntax: a name with a dot (a VLAN) takes the slash form,
// where the first separator tells which one separates the levels.
std::string suse_ifsysctl(const Interface& i) {
  const char* value = *i.accept_ra ? "1" : "0";
  if (i.name.find('.') != std::string::npos) return "net/ipv6/conf/" + i.name + "/accept_ra = " + value + "\n";
  return "net.ipv6.conf." + i.name + ".accept_ra = " + value + "\n";
}

// Policy rules in ifrule-<name> (ifrule(5)): `ip rule add` arguments, each
// line led by its address family, which wicked applies when it sets up the
// interface. No priority unless given: the kernel then numbers the rule as
// for `ip rule add`, as ENI's post-up lines leave it (wicked, unlike NM, does
// not require one).
std::string suse_rules(const Interface& i) {
  std::string out;
  for (const auto& r : i.rules)
    out += std::string(r.family() == IpFamily::V4 ? "ipv4 " : "ipv6 ") + rule_words(r, r.priority) + "\n";
  return out;
}

}  // namespace

std::vector<RenderedFile> ifcfg_suse(const NetworkState& state) {
  std::vector<RenderedFile> files;
  for (const Interface* i : sorted_interfaces(state)) {
    files.push_back({"/etc/sysconfig/network/ifcfg-" + i->name, shell_file(i->label, suse_keys(state, *i), true)});
    if (const auto routes = suse_routes(state, *i); !routes.empty())
      files.push_back({"/etc/sysconfig/network/ifroute-" + i->name, header_comment(i->label) + routes});
    if (!i->rules.empty())
      files.push_back({"/etc/sysconfig/network/ifrule-" + i->name, header_comment(i->label) + suse_rules(*i)});
    if (i->accept_ra)
      files.push_back({"/etc/sysconfig/network/ifsysctl-" + i->name, header_comment(i->label) + suse_ifsysctl(*i)});
  }
  return files;
}

}  // namespace vc::netconf::render
