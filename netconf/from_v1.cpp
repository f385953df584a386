// cloud-init network-config v1 → NetworkState, command by command as
// network_state.py's handle_* do: interfaces keep document order, subnets keep
// their order, nameserver/route commands are global unless `interface:` is set.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <set>

#include "netconf/inputs.h"
#include "netconf/inputs_util.h"
#include "netconf/yaml_util.h"
#include "netconf/yaml_v1_subnet.h"

namespace vc::netconf {
namespace {

const std::vector<std::string_view> kIfaceKeys = {"type",    "name",      "mac_address", "mtu",
                                                  "subnets", "accept-ra", "wakeonlan",   "optional"};
const std::vector<std::string_view> kIgnoredIfaceKeys = {"keep_configuration", "ipv4_conf", "ipv6_conf", "config_id",
                                                         "control"};

struct V1 {
  YamlDoc doc;
  NetworkState state;
  InputChecker check;
  std::vector<LinkRef> refs;
  std::map<std::string, Where> primaries;
  struct IfaceDns {
    std::string iface;
    std::vector<IpAddress> dns;
    std::vector<std::string> search;
    Where at;
  };
  std::vector<IfaceDns> iface_dns;

  Interface& add_interface(const YNode& c, LinkKind kind) {
    Interface i;
    i.kind = kind;
    const YNode name = c["name"];
    i.name = check_ifname_at(name.str(), name.where());
    check.add_name(i.name, name.where());
    if (auto mac = c["mac_address"]; mac.defined()) {
      i.mac = parse_mac_at(mac.str(), mac.where());
      if (kind == LinkKind::Ethernet || kind == LinkKind::Infiniband) check.add_nic_mac(i.mac, mac.where());
    }
    i.mtu = c["mtu"].opt_int(68, 65535);
    i.accept_ra = c["accept-ra"].opt_bool();
    const auto wol = c["wakeonlan"].opt_bool();
    i.wakeonlan = wol.value_or(false);
    i.wakeonlan_given = wol.has_value();
    i.optional = c["optional"].opt_bool().value_or(false);
    for (const auto& s : c["subnets"].items()) {
      i.subnets.push_back(parse_v1_subnet(s, i.name, check));
    }
    i.label = "network-config v1 " + i.name;
    state.interfaces.push_back(std::move(i));
    return state.interfaces.back();
  }

  void members(const YNode& list, const std::string& owner) {
    if (!list.defined()) list.fail("a list of member interfaces is required");
    for (const auto& [name, at] : list.str_list()) refs.push_back(LinkRef{owner, name, at.where(), false});
  }

  void bond(const YNode& c) {
    c.check_keys(keys_with(kIfaceKeys, {"bond_interfaces", "params"}), kIgnoredIfaceKeys);
    Interface& i = add_interface(c, LinkKind::Bond);
    i.bond.emplace();
    for (const auto& [key, value] : c["params"].entries()) {
      if (key.rfind("bond", 0) != 0) {
        value.warn("unknown bond parameter, ignored");
        continue;
      }
      std::string text;
      for (const auto& [item, at] : value.str_list()) text += (text.empty() ? "" : " ") + item;
      set_bond_option(*i.bond, bond_kernel_name(key), text, value.where());
      if (bond_kernel_name(key) == "primary") primaries[i.name] = value.where();
    }
    members(c["bond_interfaces"], i.name);
  }

  // bridge_pathcost, bridge_portprio: "eth3 50", a port of the bridge and a
  // whole number in [lo, hi], one per list item (the same limits as v2's).
  static void port_numbers(const YNode& list, const std::set<std::string>& ports, long lo, long hi,
                           std::map<std::string, int>& table) {
    for (const auto& item : list.items()) {
      const std::string text = item.str();
      const auto blank = text.find(' ');
      if (blank == 0 || blank == std::string::npos) item.fail("expected '<port> <number>', got '" + text + "'");
      const std::string port = text.substr(0, blank);
      const std::string number = text.substr(blank + 1);
      long n = 0;
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), n);
      if (ec != std::errc() || end != number.data() + number.size())
        item.fail("'" + number + "' (in '" + text + "') is not an integer");
      if (n < lo || n > hi)
        item.fail(std::to_string(n) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
      if (!ports.count(port)) item.fail("port '" + port + "' is not one of this bridge's bridge_interfaces");
      if (!table.emplace(port, static_cast<int>(n)).second) item.fail("port '" + port + "' is listed twice");
    }
  }

  void bridge(const YNode& c) {
    c.check_keys(keys_with(kIfaceKeys, {"bridge_interfaces", "params"}), kIgnoredIfaceKeys);
    Interface& i = add_interface(c, LinkKind::Bridge);
    i.bridge.emplace();
    BridgeParams& b = *i.bridge;
    std::set<std::string> ports;
    for (const auto& [name, at] : c["bridge_interfaces"].str_list()) ports.insert(name);
    for (const auto& [key, value] : c["params"].entries()) {
      if (key == "bridge_stp") {
        b.stp = value.boolean();
      } else if (key == "bridge_ageing") {
        b.ageing_time = value.integer(0, 1000000);
      } else if (key == "bridge_bridgeprio") {
        b.priority = value.integer(0, 65535);
      } else if (key == "bridge_fd") {  // the kernel's limits: see check_bridge_timers
        b.forward_delay = value.integer(0, 30);
      } else if (key == "bridge_hello") {
        b.hello_time = value.integer(1, 10);
      } else if (key == "bridge_maxage") {
        b.max_age = value.integer(6, 40);
      } else if (key == "bridge_pathcost") {
        port_numbers(value, ports, kBridgePathCostMin, kBridgePathCostMax, b.path_cost);
      } else if (key == "bridge_portprio") {
        port_numbers(value, ports, 0, kBridgePortPriorityMax, b.port_priority);
      } else if (key == "bridge_ports") {
        // The same list as bridge_interfaces (ENI spelling); bridge_interfaces wins.
      } else if (key.rfind("bridge_", 0) == 0) {
        // Kept verbatim for ENI, which writes one line per comma-joined item
        // ("bridge_waitport: [1 eth3, 2 eth4]": two lines).
        const std::string name = key.substr(7);
        const auto items = value.str_list();
        if (items.empty()) check_extra_option_at("bridge", name, "", value.where(), true);
        std::string text;
        for (const auto& [item, at] : items) {
          check_extra_option_at("bridge", name, item, at.where(), true);
          text += (text.empty() ? "" : ",") + item;
        }
        b.extra[name] = text;
      } else {
        value.warn("unknown bridge parameter, ignored");
      }
    }
    check_bridge_timers(b, c["params"]["bridge_fd"].where());
    members(c["bridge_interfaces"], i.name);
  }

  void vlan(const YNode& c) {
    c.check_keys(keys_with(kIfaceKeys, {"vlan_link", "vlan_id"}), kIgnoredIfaceKeys);
    const YNode id = c["vlan_id"];
    const YNode link = c["vlan_link"];
    if (!id.defined()) c.fail("a vlan needs vlan_id");
    if (!link.defined()) c.fail("a vlan needs vlan_link");
    Interface& i = add_interface(c, LinkKind::Vlan);
    i.vlan_id = static_cast<int>(id.integer(1, 4094));
    check_vlan_name_at(i.name, i.vlan_id, id.where());
    refs.push_back(LinkRef{i.name, link.str(), link.where(), true});
  }

  void nameserver(const YNode& c) {
    c.check_keys({"type", "address", "search", "interface"});
    IfaceDns d;
    for (const auto& [text, at] : c["address"].str_list(true)) d.dns.push_back(parse_ip_at(text, at.where()));
    for (const auto& [text, at] : c["search"].str_list(true))
      d.search.push_back(check_search_domain_at(text, at.where()));
    if (const YNode iface = c["interface"]; iface.defined()) {
      d.iface = iface.str();
      d.at = iface.where();
      iface_dns.push_back(std::move(d));
      return;
    }
    state.dns.insert(state.dns.end(), d.dns.begin(), d.dns.end());
    state.search.insert(state.search.end(), d.search.begin(), d.search.end());
  }

  void command(const YNode& c) {
    if (!c.is_map()) c.fail("expected a mapping with a type");
    const std::string type = c["type"].str();
    if (type == "physical" || type == "infiniband") {
      c.check_keys(keys_with(kIfaceKeys, {"params"}), kIgnoredIfaceKeys);
      add_interface(c, type == "physical" ? LinkKind::Ethernet : LinkKind::Infiniband);
    } else if (type == "bond") {
      bond(c);
    } else if (type == "bridge") {
      bridge(c);
    } else if (type == "vlan") {
      vlan(c);
    } else if (type == "nameserver") {
      nameserver(c);
    } else if (type == "route") {
      state.routes.push_back(parse_v1_route(c, "", check));
    } else if (type == "loopback") {
      // Every renderer writes lo itself; cloud-init's loopback entry adds nothing.
    } else {
      c["type"].fail("unknown type '" + type + "' (physical, bond, bridge, vlan, infiniband, nameserver, route)");
    }
  }

  void finish() {
    resolve_links(state, refs, primaries);
    for (const auto& d : iface_dns) {
      Interface* i = find_interface(state, d.iface);
      if (!i) fail_at(d.at, "'" + d.iface + "' names no interface defined in this file");
      i->dns = d.dns;
      i->search = d.search;
    }
  }
};

}  // namespace

NetworkState from_v1(const YAML::Node& root, const std::string& file, std::vector<std::string>* warnings,
                     const std::string& path) {
  V1 v1;
  v1.doc = YamlDoc{file, warnings};
  const YNode top = YNode::top(root, path, &v1.doc);
  top.check_keys({"version", "config"});
  if (top["version"].integer(1, 1) != 1) top["version"].fail("expected version: 1");
  const YNode config = top["config"];
  if (!config.defined()) top.fail("a v1 network config needs a config: list");
  for (const auto& c : config.items()) v1.command(c);
  v1.finish();
  v1.state.label = file.empty() ? "network-config" : file;
  return v1.state;
}

}  // namespace vc::netconf
