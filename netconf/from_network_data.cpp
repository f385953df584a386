// OpenStack network_data.json → NetworkState, as cloud-init's convert_net_json
// followed by its v1 parsing: links become interfaces in order (bonds are named
// bond0, bond1…, VLANs <link>.<id>), networks become subnets of their link in
// order, "dns" services become global nameservers.
#include <limits>
#include <nlohmann/json.hpp>

#include "agent/error.h"
#include "netconf/inputs.h"
#include "netconf/inputs_util.h"
#include "netconf/json_node.h"

namespace vc::netconf {
namespace {

using nlohmann::json;

// Link types cloud-init treats as a plain NIC (KNOWN_PHYSICAL_TYPES).
bool known_physical(const std::string& t) {
  for (const char* k : {"bgpovs", "bridge", "cascading", "dvs", "ethernet", "hw_veb", "hyperv", "ovs", "phy",
                        "physical", "tap", "vhostuser", "vif"}) {
    if (t == k) return true;
  }
  return false;
}

struct Converter {
  JsonDoc doc;
  NetworkState state;
  InputChecker check;
  std::vector<LinkRef> refs;
  std::map<std::string, std::string> name_of_link;  // link id → interface name

  Subnet subnet(const JNode& n, const std::string& iface, Interface& i) {
    Subnet s;
    const std::string type = n["type"].str();
    if (type == "ipv4_dhcp") {
      s.kind = SubnetKind::Dhcp4;
    } else if (type == "ipv6_dhcp") {
      s.kind = SubnetKind::Dhcp6;
      i.accept_ra = true;
    } else if (type == "ipv6_slaac") {
      s.kind = SubnetKind::Slaac;
    } else if (type == "ipv6_dhcpv6-stateless") {
      s.kind = SubnetKind::Dhcp6Stateless;
    } else if (type == "ipv6_dhcpv6-stateful") {
      s.kind = SubnetKind::Dhcp6Stateful;
      i.accept_ra = true;
    } else if (type == "ipv4" || type == "static" || type == "ipv6" || type == "static6") {
      const JNode ip = n["ip_address"];
      const auto mask = n["netmask"].opt_str();  // "" counts as absent, as in cloud-init
      s.address = parse_address_at(ip.str(), ip.where(), mask ? std::optional<std::string_view>(*mask) : std::nullopt,
                                   n["netmask"].where());
      if (type == "ipv6" || type == "static6") i.accept_ra = false;
    } else {
      n["type"].fail("unknown network type '" + type + "'");
    }
    if (const JNode gw = n["gateway"]; gw.defined()) {
      s.gateway = parse_ip_at(gw.str(), gw.where());
      check_subnet_gateway(s, gw.where());
    }
    s.metric = n["metric"].opt_int(0, std::numeric_limits<int>::max());
    // DNS services of the network's routes, then of the network, replace its
    // own dns_nameservers when there are any (convert_net_json).
    std::vector<IpAddress> service_dns;
    auto add_services = [&](const JNode& services) {
      for (const auto& svc : services.items()) {
        if (svc["type"].opt_str() != "dns") continue;
        const IpAddress ip = parse_ip_at(svc["address"].str(), svc["address"].where());
        if (std::find(service_dns.begin(), service_dns.end(), ip) == service_dns.end()) service_dns.push_back(ip);
      }
    };
    for (const auto& r : n["routes"].items()) {
      add_services(r["services"]);
      const JNode to = r.has("destination") ? r["destination"] : r["network"];
      const auto mask = r["netmask"].opt_str();
      const auto via = r["gateway"].opt_str();
      Route route = parse_route_at(to.str(), to.where(), mask ? std::optional<std::string_view>(*mask) : std::nullopt,
                                   r["netmask"].where(), via ? std::optional<std::string_view>(*via) : std::nullopt,
                                   r["gateway"].where());
      route.metric = r["metric"].opt_int(0, std::numeric_limits<int>::max());
      check.add_route(iface, route, r["gateway"].where());
      s.routes.push_back(route);
    }
    add_services(n["services"]);
    if (!service_dns.empty()) {
      s.dns = service_dns;
    } else {
      for (const auto& d : n["dns_nameservers"].items()) s.dns.push_back(parse_ip_at(d.str(), d.where()));
    }
    for (const auto& [d, at] : n["dns_search"].str_list()) s.search.push_back(check_search_domain_at(d, at.where()));
    return s;
  }

  std::string physical_name(const JNode& link, const std::string& mac, const std::map<std::string, std::string>* macs,
                            std::vector<std::string>* warnings, int& positional) {
    if (mac.empty()) link.fail("a link needs a name or an ethernet_mac_address");
    if (!macs) {
      const std::string name = "eth" + std::to_string(positional++);
      warn_at(warnings, link.where(), "no MAC table to name the NIC with MAC " + mac + "; calling it " + name);
      return name;
    }
    auto it = macs->find(mac);
    if (it == macs->end()) link["ethernet_mac_address"].fail("no NIC on this system has MAC " + mac);
    return it->second;
  }

  void convert(const JNode& root, const std::map<std::string, std::string>* macs, std::vector<std::string>* warnings) {
    const auto links = root["links"].items();
    const auto networks = root["networks"].items();
    int bonds = 0;
    int positional = 0;
    // Names first: bonds and VLANs refer to other links by id, in any order.
    std::vector<std::string> names;
    for (const auto& link : links) {
      const std::string id = link["id"].str();
      const std::string type = link["type"].str();
      const auto mac_text = link["ethernet_mac_address"].opt_str();
      const std::string mac = mac_text ? parse_mac_at(*mac_text, link["ethernet_mac_address"].where()) : "";
      std::string name;
      if (auto n = link["name"].opt_str()) {
        name = *n;
      } else if (type == "bond") {
        name = "bond" + std::to_string(bonds++);
      } else if (type != "vlan") {
        name = physical_name(link, mac, macs, warnings, positional);
      }
      if (!name_of_link.emplace(id, name).second) link["id"].fail("link id '" + id + "' is used twice");
      names.push_back(name);
    }
    for (std::size_t li = 0; li < links.size(); ++li) {
      if (links[li]["type"].str() != "vlan" || !names[li].empty()) continue;
      names[li] = name_of(links[li]["vlan_link"]) + "." + std::to_string(links[li]["vlan_id"].integer(1, 4094));
      name_of_link[links[li]["id"].str()] = names[li];
    }
    for (std::size_t li = 0; li < links.size(); ++li) {
      const JNode& link = links[li];
      const std::string type = link["type"].str();
      Interface i;
      i.name = names[li];
      const auto mac_text = link["ethernet_mac_address"].opt_str();
      if (mac_text) i.mac = parse_mac_at(*mac_text, link["ethernet_mac_address"].where());
      i.mtu = link["mtu"].opt_int(68, 65535);
      if (type == "bond") {
        i.kind = LinkKind::Bond;
        i.bond.emplace();
        for (const auto& [key, value] : link.entries()) {
          if (key == "bond_links" || key.rfind("bond", 0) != 0) continue;
          set_bond_option(*i.bond, bond_kernel_name(key), value.scalar_text(), value.where());
        }
        for (const auto& member : link["bond_links"].items()) {
          refs.push_back(LinkRef{i.name, name_of(member), member.where(), false});
        }
      } else if (type == "vlan") {
        i.kind = LinkKind::Vlan;
        i.vlan_id = static_cast<int>(link["vlan_id"].integer(1, 4094));
        const JNode parent = link["vlan_link"];
        if (auto vmac = link["vlan_mac_address"].opt_str())
          i.mac = parse_mac_at(*vmac, link["vlan_mac_address"].where());
        refs.push_back(LinkRef{i.name, name_of(parent), parent.where(), true});
      } else {
        if (!known_physical(type))
          warn_at(warnings, link["type"].where(), "unknown link type '" + type + "', treated as a NIC");
        if (!i.mac.empty()) check.add_nic_mac(i.mac, link["ethernet_mac_address"].where());
      }
      check_ifname_at(i.name, link.where());
      check.add_name(i.name, link.where());
      const std::string id = link["id"].str();
      for (const auto& n : networks) {
        if (n["link"].str() == id) i.subnets.push_back(subnet(n, i.name, i));
      }
      i.label = "network_data.json " + i.name;
      state.interfaces.push_back(std::move(i));
    }
    for (const auto& n : networks) name_of(n["link"]);  // a network on no link is an error
    for (const auto& svc : root["services"].items()) {
      if (svc["type"].opt_str() != "dns") continue;
      state.dns.push_back(parse_ip_at(svc["address"].str(), svc["address"].where()));
      for (const auto& [s, at] : svc["search"].str_list())
        state.search.push_back(check_search_domain_at(s, at.where()));
    }
    resolve_links(state, refs, {});
  }

  std::string name_of(const JNode& link_id) {
    const std::string id = link_id.str();
    auto it = name_of_link.find(id);
    if (it == name_of_link.end()) link_id.fail("'" + id + "' names no link in this file");
    return it->second;
  }
};

}  // namespace

NetworkState from_network_data(std::string_view json_text, const std::string& file,
                               const std::map<std::string, std::string>* known_macs,
                               std::vector<std::string>* warnings) {
  json data;
  try {
    data = json::parse(json_text.begin(), json_text.end());
  } catch (const json::parse_error& e) {
    throw InputError(file, line_at_byte(json_text, e.byte), "", "not valid JSON: " + std::string(e.what()));
  } catch (const json::exception& e) {
    // e.g. a number too large for a double (1e309): valid JSON syntax, unusable value.
    throw InputError(file, 0, "", "unusable JSON value: " + std::string(e.what()));
  }
  Converter c;
  c.doc = JsonDoc{file, json_line_index(json_text)};
  const JNode root(&data, "", &c.doc);
  if (!data.is_object()) root.fail("network_data.json must be a JSON object");
  c.convert(root, known_macs, warnings);
  c.state.label = file.empty() ? "network_data.json" : file;
  return c.state;
}

}  // namespace vc::netconf
