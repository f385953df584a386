#include "netconf/yaml_v1_subnet.h"

#include <limits>

namespace vc::netconf {
namespace {

SubnetKind subnet_kind(const YNode& type) {
  const std::string t = type.str();
  if (t == "static" || t == "static6") return SubnetKind::Static;
  if (t == "dhcp" || t == "dhcp4") return SubnetKind::Dhcp4;
  if (t == "dhcp6") return SubnetKind::Dhcp6;
  if (t == "ipv6_slaac") return SubnetKind::Slaac;
  if (t == "ipv6_dhcpv6-stateless") return SubnetKind::Dhcp6Stateless;
  if (t == "ipv6_dhcpv6-stateful") return SubnetKind::Dhcp6Stateful;
  if (t == "manual") return SubnetKind::Manual;
  type.fail("unknown subnet type '" + t +
            "' (static, static6, dhcp, dhcp4, dhcp6, ipv6_slaac, ipv6_dhcpv6-stateless, ipv6_dhcpv6-stateful, manual)");
}

// "prefix: 24" and "netmask: 255.255.255.0" both give the prefix when the
// address has no "/".
std::optional<std::string> mask_text(const YNode& n) {
  if (auto m = n["netmask"].opt_str()) return m;
  return n["prefix"].opt_str();
}

Where mask_where(const YNode& n) { return n.has("netmask") ? n["netmask"].where() : n["prefix"].where(); }

}  // namespace

Route parse_v1_route(const YNode& r, const std::string& iface, InputChecker& check) {
  r.check_keys({"type", "destination", "network", "netmask", "prefix", "gateway", "metric", "mtu"});
  const YNode to = r.has("destination") ? r["destination"] : r["network"];
  if (!to.defined()) r.fail("a route needs a destination (or network)");
  const YNode via = r["gateway"];
  const auto mask = mask_text(r);
  const auto via_text = via.opt_str();
  Route route =
      parse_route_at(to.str(), to.where(), mask ? std::optional<std::string_view>(*mask) : std::nullopt, mask_where(r),
                     via_text ? std::optional<std::string_view>(*via_text) : std::nullopt, via.where());
  route.metric = r["metric"].opt_int(0, std::numeric_limits<int>::max());
  route.mtu = r["mtu"].opt_int(68, 65535);
  check.add_route(iface.empty() ? "the global routes" : iface, route, via.where());
  return route;
}

Subnet parse_v1_subnet(const YNode& s, const std::string& iface, InputChecker& check) {
  s.check_keys({"type", "control", "address", "ip_address", "netmask", "prefix", "broadcast", "gateway",
                "dns_nameservers", "dns_search", "routes", "ipv4", "ipv6", "metric", "mtu"},
               {"scope", "pointopoint"});
  Subnet sub;
  sub.kind = subnet_kind(s["type"]);
  if (auto control = s["control"].opt_str()) {
    if (*control != "auto" && *control != "manual" && *control != "hotplug") {
      s["control"].fail("control '" + *control + "' is not one of auto, manual, hotplug");
    }
    if (*control != "auto") sub.control = *control;
  }
  const YNode address = s.has("address") ? s["address"] : s["ip_address"];
  if (sub.kind == SubnetKind::Static) {
    if (!address.defined()) s.fail("a static subnet needs an address");
    const auto mask = mask_text(s);
    sub.address = parse_address_at(address.str(), address.where(),
                                   mask ? std::optional<std::string_view>(*mask) : std::nullopt, mask_where(s));
  } else if (address.defined()) {
    address.warn("an address on a " + s["type"].str() + " subnet is ignored");
  }
  sub.metric = s["metric"].opt_int(0, std::numeric_limits<int>::max());
  sub.mtu = s["mtu"].opt_int(68, 65535);
  if (const YNode gw = s["gateway"]; gw.defined()) {
    sub.gateway = parse_ip_at(gw.str(), gw.where());
    check_subnet_gateway(sub, gw.where());
  }
  for (const auto& [text, at] : s["dns_nameservers"].str_list(true)) sub.dns.push_back(parse_ip_at(text, at.where()));
  for (const auto& [text, at] : s["dns_search"].str_list(true))
    sub.search.push_back(check_search_domain_at(text, at.where()));
  for (const auto& r : s["routes"].items()) sub.routes.push_back(parse_v1_route(r, iface, check));
  if (const YNode b = s["broadcast"]; b.defined()) parse_ip_at(b.str(), b.where());
  return sub;
}

}  // namespace vc::netconf
