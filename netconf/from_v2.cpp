// cloud-init network-config v2 (netplan syntax) → NetworkState, as
// network_state.py's handle_ethernets/bonds/bridges/vlans do: sections and
// devices in document order; subnets dhcp4, dhcp6, then one static subnet per
// address; gateway4/6 on the first static subnet of their family. Routes and
// nameservers belong to the device (Interface::routes/dns/search): cloud-init
// parks them on a subnet only because v1 has nowhere else to put them.
#include <yaml-cpp/yaml.h>

#include <limits>
#include <set>

#include "netconf/inputs.h"
#include "netconf/inputs_util.h"
#include "netconf/yaml_util.h"

namespace vc::netconf {
namespace {

const std::vector<std::string_view> kCommonKeys = {
    "addresses", "dhcp4", "dhcp6",     "dhcp4-overrides", "dhcp6-overrides", "gateway4",   "gateway6", "nameservers",
    "routes",    "mtu",   "accept-ra", "optional",        "renderer",        "macaddress", "wakeonlan",
    "routing-policy"};
const std::vector<std::string_view> kIgnoredKeys = {
    "link-local",      "critical",  "dhcp-identifier", "ipv6-privacy",  "ipv6-address-generation",
    "ipv6-mtu",        "activation-mode", "emit-lldp",  "ignore-carrier", "neigh-suppress"};

// netplan bond parameter → kernel option name (cloud-init's NET_CONFIG_TO_V2, inverted).
std::string bond_option_for(const std::string& key) {
  static const std::map<std::string, std::string> kMap = {
      {"mode", "mode"},
      {"lacp-rate", "lacp_rate"},
      {"mii-monitor-interval", "miimon"},
      {"min-links", "min_links"},
      {"transmit-hash-policy", "xmit_hash_policy"},
      {"ad-select", "ad_select"},
      {"all-slaves-active", "all_slaves_active"},
      {"all-members-active", "all_slaves_active"},
      {"arp-interval", "arp_interval"},
      {"arp-ip-targets", "arp_ip_target"},
      {"arp-validate", "arp_validate"},
      {"arp-all-targets", "arp_all_targets"},
      {"up-delay", "updelay"},
      {"down-delay", "downdelay"},
      {"fail-over-mac-policy", "fail_over_mac"},
      {"gratuitous-arp", "num_grat_arp"},
      {"gratuitious-arp", "num_grat_arp"},  // netplan accepts the old misspelling (LP: #1756701)
      {"packets-per-slave", "packets_per_slave"},
      {"packets-per-member", "packets_per_slave"},
      {"primary-reselect-policy", "primary_reselect"},
      {"learn-packet-interval", "lp_interval"},
      {"primary", "primary"},
  };
  auto it = kMap.find(key);
  return it == kMap.end() ? std::string() : it->second;
}

struct V2 {
  YamlDoc doc;
  NetworkState state;
  InputChecker check;
  std::map<std::string, std::string> id_to_name;
  std::vector<LinkRef> refs;  // targets are netplan ids until finish()
  std::map<std::string, Where> primaries;
  const std::map<std::string, std::string>* known_macs = nullptr;  // MAC → kernel name

  Interface& add(const std::string& id, const std::string& name, const YNode& name_at, LinkKind kind) {
    Interface i;
    i.kind = kind;
    i.name = check_ifname_at(name, name_at.where());
    check.add_name(i.name, name_at.where());
    if (!id_to_name.emplace(id, i.name).second) name_at.fail("'" + id + "' is defined twice");
    i.label = "network-config v2 " + id;
    state.interfaces.push_back(std::move(i));
    return state.interfaces.back();
  }

  void addressing(const YNode& d, Interface& i) {
    if (d["dhcp4"].opt_bool().value_or(false)) {
      Subnet s;
      s.kind = SubnetKind::Dhcp4;
      s.metric = d["dhcp4-overrides"]["route-metric"].opt_int(0, std::numeric_limits<int>::max());
      i.subnets.push_back(std::move(s));
    }
    if (d["dhcp6"].opt_bool().value_or(false)) {
      Subnet s;
      s.kind = SubnetKind::Dhcp6;
      s.metric = d["dhcp6-overrides"]["route-metric"].opt_int(0, std::numeric_limits<int>::max());
      i.subnets.push_back(std::move(s));
    }
    for (const auto& a : d["addresses"].items()) {
      // netplan also allows "- 10.0.0.1/24: {label: …}": the key is the address.
      const std::string text = a.is_map() && a.raw().size() == 1 ? a.entries().front().first : a.str();
      Subnet s;
      s.address = parse_address_at(text, a.where());
      i.subnets.push_back(std::move(s));
    }
    gateway(d["gateway4"], i, IpFamily::V4);
    gateway(d["gateway6"], i, IpFamily::V6);
    const YNode ns = d["nameservers"];
    ns.check_keys({"addresses", "search"});
    for (const auto& [text, at] : ns["addresses"].str_list()) i.dns.push_back(parse_ip_at(text, at.where()));
    for (const auto& [text, at] : ns["search"].str_list()) i.search.push_back(check_search_domain_at(text, at.where()));
    for (const auto& r : d["routes"].items()) i.routes.push_back(route(r, i.name));
  }

  void gateway(const YNode& g, Interface& i, IpFamily family) {
    if (!g.defined()) return;
    const IpAddress gw = parse_ip_at(g.str(), g.where());
    if (gw.family != family)
      g.fail("'" + g.str() + "' is not an " + (family == IpFamily::V4 ? "IPv4" : "IPv6") + " address");
    for (auto& s : i.subnets) {
      if (s.kind == SubnetKind::Static && s.address->ip.family == family && !s.gateway) {
        s.gateway = gw;
        return;
      }
    }
    // No static address of this family (e.g. dhcp4 + gateway4): cloud-init drops
    // the gateway; a default route keeps what the author asked for.
    Route r;
    r.to.family = family;
    r.via = gw;
    i.routes.push_back(r);
  }

  Route route(const YNode& r, const std::string& iface) {
    r.check_keys({"to", "via", "metric", "table", "on-link", "mtu", "scope", "type"},
                 {"from", "congestion-window", "advertised-receive-window"});
    const YNode to = r["to"];
    if (!to.defined()) r.fail("a route needs to:");
    const auto via = r["via"].opt_str();
    Route route = parse_route_at(to.str(), to.where(), std::nullopt, {},
                                 via ? std::optional<std::string_view>(*via) : std::nullopt, r["via"].where());
    route.metric = r["metric"].opt_int(0, std::numeric_limits<int>::max());
    route.table = r["table"].opt_int(0, std::numeric_limits<int>::max());
    route.on_link = r["on-link"].opt_bool().value_or(false);
    route.mtu = r["mtu"].opt_int(68, 65535);
    if (auto type = r["type"].opt_str(); type && *type != "unicast")
      r["type"].fail("only unicast routes are supported");
    check.add_route(iface, route, r["via"].where());
    return route;
  }

  // "192.0.2.10" or "203.0.113.101/24", kept as written (host bits too).
  static RulePrefix rule_prefix(const YNode& n) {
    const std::string text = n.str();
    const auto slash = text.find('/');
    RulePrefix p;
    p.ip = parse_ip_at(text.substr(0, slash), n.where());
    if (slash != std::string::npos) p.prefix = parse_prefix_at(text.substr(slash + 1), p.ip.family, n.where());
    return p;
  }

  // netplan's routing-policy: from/to (at least one, one family), table,
  // priority, mark, type-of-service.
  static RoutingRule rule(const YNode& r) {
    r.check_keys({"from", "to", "table", "priority", "mark", "type-of-service"});
    RoutingRule rule;
    if (r.has("from")) rule.from = rule_prefix(r["from"]);
    if (r.has("to")) rule.to = rule_prefix(r["to"]);
    if (!rule.from && !rule.to) r.fail("a routing-policy rule needs from: or to:");
    if (rule.from && rule.to && rule.from->ip.family != rule.to->ip.family)
      r["to"].fail("from: and to: are of different address families");
    rule.table = r["table"].opt_int(1, std::numeric_limits<int>::max());
    rule.priority = r["priority"].opt_int(0, std::numeric_limits<int>::max());
    if (r.has("mark")) rule.mark = r["mark"].integer(1, 0xffffffffL);
    rule.tos = r["type-of-service"].opt_int(0, 255);
    return rule;
  }

  void link_options(const YNode& d, Interface& i) {
    i.mtu = d["mtu"].opt_int(68, 65535);
    i.accept_ra = d["accept-ra"].opt_bool();
    i.optional = d["optional"].opt_bool().value_or(false);
    const auto wol = d["wakeonlan"].opt_bool();
    i.wakeonlan = wol.value_or(false);
    i.wakeonlan_given = wol.has_value();
    addressing(d, i);
    for (const auto& r : d["routing-policy"].items()) i.rules.push_back(rule(r));
  }

  void ethernet(const std::string& id, const YNode& d) {
    d.check_keys(keys_with(kCommonKeys, {"match", "set-name"}),
                 keys_with(kIgnoredKeys, {"wakeonwlan", "virtual-function-count"}));
    const YNode match = d["match"];
    match.check_keys({"macaddress", "name", "driver"});
    const YNode set_name = d["set-name"];
    const YNode mac = match["macaddress"];
    const std::string mac_text = mac.defined() ? parse_mac_at(mac.str(), mac.where()) : std::string();
    // Without set-name netplan leaves the kernel name alone, so the device is
    // called whatever the kernel link with that MAC is called (cloud-init looks
    // it up in sysfs). Without a table (an image, no machine yet) the id is the
    // best name there is.
    std::string name = set_name.defined() ? set_name.str() : id;
    if (!set_name.defined() && !mac_text.empty() && known_macs) {
      if (auto it = known_macs->find(mac_text); it != known_macs->end()) name = it->second;
    }
    Interface& i = add(id, name, set_name.defined() ? set_name : d, LinkKind::Ethernet);
    if (!mac_text.empty()) {
      i.mac = mac_text;
      check.add_nic_mac(i.mac, mac.where());
    }
    // netplan takes one driver name or a list (any of them matches).
    if (const YNode driver = match["driver"]; driver.defined())
      for (const auto& [name, at] : driver.str_list()) {
        if (name.empty() || name.find_first_of(" \t\n") != std::string::npos)
          at.fail("'" + name + "' is not a driver name");
        i.match_driver.push_back(name);
      }
    if (const YNode name = match["name"]; name.defined()) i.match_name = name.str();
    if (d.has("macaddress")) d["macaddress"].warn("setting a NIC's MAC is not supported, ignored");
    link_options(d, i);
  }

  void members(const YNode& list, const std::string& owner) {
    for (const auto& [id, at] : list.str_list()) refs.push_back(LinkRef{owner, id, at.where(), false});
  }

  void bond(const std::string& id, const YNode& d) {
    d.check_keys(keys_with(kCommonKeys, {"interfaces", "parameters"}), kIgnoredKeys);
    Interface& i = add(id, id, d, LinkKind::Bond);
    if (const YNode mac = d["macaddress"]; mac.defined()) i.mac = parse_mac_at(mac.str(), mac.where());
    i.bond.emplace();
    for (const auto& [key, value] : d["parameters"].entries()) {
      const std::string option = bond_option_for(key);
      if (option.empty()) {
        value.warn("unknown bond parameter, ignored");
        continue;
      }
      std::string text;
      for (const auto& [item, at] : value.str_list()) text += (text.empty() ? "" : " ") + item;
      if (option == "all_slaves_active") text = value.boolean() ? "1" : "0";
      set_bond_option(*i.bond, option, text, value.where());
      if (option == "primary") primaries[i.name] = value.where();
    }
    link_options(d, i);
    members(d["interfaces"], i.name);
  }

  void bridge(const std::string& id, const YNode& d) {
    d.check_keys(keys_with(kCommonKeys, {"interfaces", "parameters"}), kIgnoredKeys);
    Interface& i = add(id, id, d, LinkKind::Bridge);
    if (const YNode mac = d["macaddress"]; mac.defined()) i.mac = parse_mac_at(mac.str(), mac.where());
    i.bridge.emplace();
    BridgeParams& b = *i.bridge;
    const YNode p = d["parameters"];
    p.check_keys({"ageing-time", "aging-time", "priority", "forward-delay", "hello-time", "max-age", "stp", "path-cost",
                  "port-priority"});
    b.ageing_time = p.has("aging-time") ? p["aging-time"].opt_int(0, 1000000) : p["ageing-time"].opt_int(0, 1000000);
    b.priority = p["priority"].opt_int(0, 65535);
    b.forward_delay = p["forward-delay"].opt_int(0, 30);  // the kernel's limits: see check_bridge_timers
    b.hello_time = p["hello-time"].opt_int(1, 10);
    b.max_age = p["max-age"].opt_int(6, 40);
    b.stp = p["stp"].opt_bool();
    check_bridge_timers(b, p["forward-delay"].where());
    // Keyed by netplan id, as `interfaces` is: a port cost for a link that is
    // not a port would be dropped by every backend (v1's rule too).
    std::set<std::string> ports;
    for (const auto& [port, at] : d["interfaces"].str_list()) ports.insert(port);
    const auto port_number = [&](const std::string& port, const YNode& v, long lo, long hi) {
      if (!ports.count(port)) v.fail("port '" + port + "' is not one of this bridge's interfaces");
      return static_cast<int>(v.integer(lo, hi));
    };
    for (const auto& [port, v] : p["path-cost"].entries())
      b.path_cost[port] = port_number(port, v, kBridgePathCostMin, kBridgePathCostMax);
    for (const auto& [port, v] : p["port-priority"].entries())
      b.port_priority[port] = port_number(port, v, 0, kBridgePortPriorityMax);
    link_options(d, i);
    members(d["interfaces"], i.name);
  }

  void vlan(const std::string& id, const YNode& d) {
    d.check_keys(keys_with(kCommonKeys, {"id", "link"}), kIgnoredKeys);
    if (!d.has("id")) d.fail("a vlan needs id:");
    if (!d.has("link")) d.fail("a vlan needs link:");
    Interface& i = add(id, id, d, LinkKind::Vlan);
    i.vlan_id = static_cast<int>(d["id"].integer(1, 4094));
    check_vlan_name_at(i.name, i.vlan_id, d["id"].where());
    if (const YNode mac = d["macaddress"]; mac.defined()) i.mac = parse_mac_at(mac.str(), mac.where());
    link_options(d, i);
    refs.push_back(LinkRef{i.name, d["link"].str(), d["link"].where(), true});
  }

  void finish() {
    // Members, ports, links and a bond's primary name netplan ids; the model
    // wants the kernel names they end up with (set-name).
    auto name_of = [&](const std::string& id) {
      auto it = id_to_name.find(id);
      return it == id_to_name.end() ? id : it->second;
    };
    for (auto& r : refs) r.target = name_of(r.target);
    for (auto& i : state.interfaces) {
      if (i.bond && !i.bond->primary.empty()) i.bond->primary = name_of(i.bond->primary);
      for (auto* table : {i.bridge ? &i.bridge->path_cost : nullptr, i.bridge ? &i.bridge->port_priority : nullptr}) {
        if (!table) continue;
        std::map<std::string, int> renamed;
        for (const auto& [port, v] : *table) renamed[name_of(port)] = v;
        *table = std::move(renamed);
      }
    }
    resolve_links(state, refs, primaries);
  }
};

}  // namespace

NetworkState from_v2(const YAML::Node& root, const std::string& file, std::vector<std::string>* warnings,
                     const std::string& path, const std::map<std::string, std::string>* known_macs) {
  V2 v2;
  v2.doc = YamlDoc{file, warnings};
  v2.known_macs = known_macs;
  const YNode top = YNode::top(root, path, &v2.doc);
  for (const auto& [section, body] : top.entries()) {
    if (section == "version") {
      if (body.integer(2, 2) != 2) body.fail("expected version: 2");
    } else if (section == "renderer") {
      // cloud-init picks the renderer itself; so does the distro layer here.
    } else if (section == "ethernets" || section == "bonds" || section == "bridges" || section == "vlans") {
      for (const auto& [id, d] : body.entries()) {
        if (!d.is_map() && d.defined()) d.fail("expected a mapping");
        if (section == "ethernets") v2.ethernet(id, d);
        if (section == "bonds") v2.bond(id, d);
        if (section == "bridges") v2.bridge(id, d);
        if (section == "vlans") v2.vlan(id, d);
      }
    } else if (section == "wifis" || section == "tunnels" || section == "vrfs" || section == "modems" ||
               section == "dummy-devices" || section == "virtual-ethernets" || section == "nm-devices") {
      body.warn("not supported, ignored");
    } else {
      body.warn("unknown key, ignored");
    }
  }
  v2.finish();
  v2.state.label = file.empty() ? "network-config" : file;
  return v2.state;
}

}  // namespace vc::netconf
