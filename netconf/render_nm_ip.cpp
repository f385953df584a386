// The [ipv4] and [ipv6] sections of an NM keyfile: method, addresses, gateway,
// routes and DNS, with cloud-init's choices of method per subnet type.
#include <algorithm>

#include "netconf/render_util.h"

namespace vc::netconf::render {

namespace {

std::string nm_list(const std::vector<std::string>& items) {
  std::string out;
  for (const auto& i : items) out += i + ";";
  return out;
}

bool has_any(const Interface& i, std::initializer_list<SubnetKind> kinds) {
  return std::any_of(kinds.begin(), kinds.end(), [&](SubnetKind k) { return has_kind(i, k); });
}

bool has_static(const Interface& i, IpFamily family) {
  return std::any_of(i.subnets.begin(), i.subnets.end(), [&](const Subnet& s) {
    return s.kind == SubnetKind::Static && family_of(s) == family;
  });
}

// "" leaves the family to NM's default (automatic), as cloud-init does.
std::string method_of(const Interface& i, IpFamily family) {
  const bool v4 = family == IpFamily::V4;
  if (auto_configured(i, family)) return "auto";
  if (has_static(i, family)) return "manual";
  // "manual" (ifupdown's word): the link comes up with no addresses at all.
  if (i.unlisted_families_off || has_kind(i, SubnetKind::Manual)) return v4 ? "disabled" : "ignore";
  // A bond without addresses is the lower half of a VLAN or bridge: no DHCP
  // on it. IPv6 "ignore" as above: "disabled" needs NM >= 1.20, and EL8.0's
  // NM 1.14 rejects the whole profile for it, bond and all.
  if (i.kind == LinkKind::Bond && i.subnets.empty()) return v4 ? "disabled" : "ignore";
  // SLAAC-only: cloud-init switches IPv4 off, matching its sysconfig renderer.
  if (v4 && has_any(i, {SubnetKind::Slaac, SubnetKind::Dhcp6Stateless})) return "disabled";
  return "";
}

std::string route_line(const Route& r, std::size_t n, bool with_metric) {
  const std::string key = "route" + std::to_string(n);
  std::string out = key + "=" + cidr(r);
  const bool v4 = r.to.family == IpFamily::V4;
  if (r.via || (with_metric && r.metric)) out += "," + (r.via ? r.via->str() : std::string(v4 ? "0.0.0.0" : "::"));
  if (with_metric && r.metric) out += "," + std::to_string(*r.metric);
  out += "\n";
  std::vector<std::string> opts;
  if (r.mtu) opts.push_back("mtu=" + std::to_string(*r.mtu));
  if (r.table) opts.push_back("table=" + std::to_string(*r.table));
  if (r.on_link && r.via) opts.push_back("onlink=true");
  if (!opts.empty()) out += key + "_options=" + join(opts, ",") + "\n";
  return out;
}

// The servers and search domains for one family's section: the interface's
// own, or (cloud-init's rule) the global ones when it has none of its own.
void dns_keys(const NetworkState& state, const Interface& i, IpFamily family, std::string& out) {
  auto all = nameservers_for(state, i);
  auto search = search_for(state, i);
  if (state.global_dns == GlobalDns::CloudInit && all.empty() && search.empty()) {
    all = state.dns;
    search = state.search;
  }
  std::vector<std::string> servers;
  for (const auto& s : all)
    if (s.family == family) servers.push_back(s.str());
  if (!servers.empty()) out += "dns=" + nm_list(servers) + "\n";
  if (!search.empty()) out += "dns-search=" + nm_list(search) + "\n";
}

bool has_routes(const Interface& i, IpFamily family) {
  for (const auto& r : i.rules)
    if (r.family() == family) return true;
  for (const auto& r : routes_of(i, false))
    if (r.to.family == family) return true;
  return false;
}

}  // namespace

std::string nm_ip_section(const NetworkState& state, const Interface& i, IpFamily family) {
  const bool v4 = family == IpFamily::V4;
  const std::string method = method_of(i, family);
  // Routes of a family with no subnet still need their section; NM then
  // applies its default method (auto), as cloud-init leaves it.
  if (method.empty() && !has_routes(i, family)) return "";
  std::string out = v4 ? "[ipv4]\n" : "[ipv6]\n";
  if (!method.empty()) out += "method=" + method + "\n";
  // NM rejects addresses, dns and routes under "disabled"/"ignore".
  if (method == "disabled" || method == "ignore") return out;
  // Both families by DHCP: either may fail alone, as long as one works.
  const bool both_auto = auto_configured(i, IpFamily::V4) && auto_configured(i, IpFamily::V6);
  if (!method.empty()) out += std::string("may-fail=") + (both_auto ? "true" : "false") + "\n";
  const auto addrs = addresses_of(i, family);
  for (std::size_t n = 0; n < addrs.size(); ++n) out += "address" + std::to_string(n + 1) + "=" + cidr(addrs[n]) + "\n";
  const Subnet* gw_subnet = nullptr;
  for (const auto& s : i.subnets)
    if (!gw_subnet && s.gateway && s.gateway->family == family) gw_subnet = &s;
  const std::optional<IpAddress> gw = gw_subnet ? gw_subnet->gateway : std::nullopt;
  auto routes = routes_of(i, false);
  for (const auto& r : global_routes_for(state, i)) routes.push_back(r);
  // NM has one route-metric per family: the metric of the DHCP/RA routes, of
  // gateway=, and of every route that names none (nm-settings-keyfile(5)).
  // The lease's metric can be said nowhere else, so it wins; else the first
  // main-table default route with a metric gives it, as cloud-init writes it;
  // else the subnet gateway's. Only one key: GKeyFile keeps the last of
  // repeated keys. Every other metric rides on its own routeN=dest,gw,metric,
  // the subnet gateway's too when it differs.
  const auto lease_metric = auto_route_metric(i, family);
  const auto profile_route = lease_metric ? routes.end() : std::find_if(routes.begin(), routes.end(), [&](const Route& r) {
    return r.to.family == family && is_main_default(r) && r.metric;
  });
  const std::optional<int> gw_metric = gw_subnet ? gw_subnet->metric : std::nullopt;
  const std::optional<int> profile_metric =
      lease_metric ? lease_metric : profile_route != routes.end() ? profile_route->metric : gw_metric;
  const bool gw_as_route = gw_metric && gw_metric != profile_metric;
  if (gw && !gw_as_route) out += "gateway=" + gw->str() + "\n";
  if (profile_metric && profile_route == routes.end()) out += "route-metric=" + std::to_string(*profile_metric) + "\n";
  std::size_t n = 0;
  if (gw_as_route) out += route_line(gateway_route(*gw_subnet), ++n, true);
  for (auto r = routes.begin(); r != routes.end(); ++r) {
    if (r->to.family != family) continue;
    if (r == profile_route) out += "route-metric=" + std::to_string(*r->metric) + "\n";
    out += route_line(*r, ++n, r != profile_route);
  }
  // NM wants every rule numbered (priority); one the input left open gets the
  // kernel's choice (rule_priority).
  std::size_t rule_n = 0;
  for (std::size_t k = 0; k < i.rules.size(); ++k)
    if (i.rules[k].family() == family)
      out += "routing-rule" + std::to_string(++rule_n) + "=" + rule_words(i.rules[k], rule_priority(state, i, k)) + "\n";
  dns_keys(state, i, family, out);
  if (!i.default_route && !gw) out += "never-default=true\n";
  return out;
}

}  // namespace vc::netconf::render
