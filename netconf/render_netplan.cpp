// /etc/netplan/50-vc-agent.yaml. Written by hand: every value is a validated
// address, number or interface name, so a small quoting rule is enough.
// Link parameters (bond/bridge) are in render_netplan_params.cpp.
#include <algorithm>

#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace render {

namespace {

bool yaml11_non_string(const std::string& s) {
  // YAML 1.1 readers (PyYAML, which cloud-init and older tools use) turn
  // digits-and-colons into base-60 integers: "52:54:00:12:34:56" would not
  // stay a MAC. Digits with at most one dot would become a number.
  const bool numeric = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ':' || c == '.' || c == '_' || c == '+' || c == '-';
  });
  if (numeric && (s.find(':') != std::string::npos || std::count(s.begin(), s.end(), '.') <= 1)) return true;
  std::string lower;
  for (char c : s) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  static const char* const kWords[] = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* w) { return lower == w; });
}

}  // namespace

// Plain when safe in the given context, else double-quoted. In flow
// sequences ("[a, b]") a ':' is quoted too: old PyYAML rejects it there.
std::string yaml_scalar(const std::string& s, bool flow) {
  bool plain = !s.empty() && s.front() != '-' && s.front() != ':' && s.back() != ':' && !yaml11_non_string(s);
  for (char c : s) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-' || c == '/' || c == ':';
    if (!safe || (flow && c == ':')) plain = false;
  }
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

}  // namespace render

namespace {

using render::yaml_scalar;

std::string flow_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(yaml_scalar(i, true));
  return "[" + render::join(quoted, ", ") + "]";
}

// cloud-init's netplan rule for the global resolver: every interface with a
// static address and no servers of its own.
bool takes_global_dns(const NetworkState& state, const Interface& i) {
  if (state.global_dns == GlobalDns::DefaultRoute) return render::carries_global_dns(state, i);
  return !render::all_addresses(i).empty() && render::own_nameservers(i).empty() && render::own_search(i).empty();
}

void routes(const NetworkState& state, const Interface& i, std::string& out) {
  std::string body;
  auto add = [&](const Route& r, bool gateway) {
    body += "      - to: " + (gateway ? std::string("default") : yaml_scalar(render::cidr(r))) + "\n";
    if (r.via) body += "        via: " + yaml_scalar(r.via->str()) + "\n";
    if (r.metric) body += "        metric: " + std::to_string(*r.metric) + "\n";
    if (r.table) body += "        table: " + std::to_string(*r.table) + "\n";
    if (r.on_link && r.via) body += "        on-link: true\n";
    if (r.mtu) body += "        mtu: " + std::to_string(*r.mtu) + "\n";
  };
  // A gateway outside every subnet of the interface is only reachable when
  // declared on-link (cloud-init writes the same).
  auto on_link = [&](const IpAddress& gw) {
    for (const auto& a : render::all_addresses(i))
      if (in_subnet(gw, a.ip, a.prefix)) return false;
    return true;
  };
  for (const auto& s : i.subnets) {
    if (!s.gateway) continue;
    Route r = render::gateway_route(s);
    r.on_link = r.on_link || on_link(*s.gateway);
    add(r, true);
  }
  for (const auto& s : i.subnets)
    for (const auto& r : s.routes) add(r, false);
  for (const auto& r : i.routes) add(r, render::is_default(r) && !r.metric && !r.table);
  for (const auto& r : render::global_routes_for(state, i)) add(r, false);
  if (!body.empty()) out += "      routes:\n" + body;
}

void routing_policy(const Interface& i, std::string& out) {
  if (i.rules.empty()) return;
  out += "      routing-policy:\n";
  for (const auto& r : i.rules) {
    std::string item;
    if (r.from) item += "        from: " + yaml_scalar(render::rule_prefix(*r.from)) + "\n";
    if (r.to) item += "        to: " + yaml_scalar(render::rule_prefix(*r.to)) + "\n";
    if (r.table) item += "        table: " + std::to_string(*r.table) + "\n";
    if (r.priority) item += "        priority: " + std::to_string(*r.priority) + "\n";
    if (r.mark) item += "        mark: " + std::to_string(*r.mark) + "\n";
    if (r.tos) item += "        type-of-service: " + std::to_string(*r.tos) + "\n";
    out += "      - " + item.substr(8);
  }
}

void nameservers(const NetworkState& state, const Interface& i, std::string& out) {
  auto servers = render::interface_first(i.dns, render::nameservers_for(state, i));
  auto search = render::interface_first(i.search, render::search_for(state, i));
  if (state.global_dns == GlobalDns::CloudInit && takes_global_dns(state, i)) {
    servers = state.dns;
    search = state.search;
  }
  if (servers.empty() && search.empty()) return;
  out += "      nameservers:\n";
  if (!servers.empty()) out += "        addresses: " + flow_list(render::strs(servers)) + "\n";
  if (!search.empty()) out += "        search: " + flow_list(search) + "\n";
}

// A DHCP subnet's metric (v1 `metric:`, v2 dhcpN-overrides) is the metric of
// the routes the lease brings.
void dhcp_metric(const Interface& i, IpFamily family, const char* key, std::string& out) {
  if (const auto m = render::auto_route_metric(i, family))
    out += std::string("      ") + key + "-overrides:\n        route-metric: " + std::to_string(*m) + "\n";
}

void interface(const NetworkState& state, const Interface& i, std::string& out) {
  const std::size_t start = out.size();
  out += "    " + yaml_scalar(i.name) + ":\n";
  const bool physical = i.kind == LinkKind::Ethernet || i.kind == LinkKind::Infiniband;
  if (physical && (!i.mac.empty() || !i.match_driver.empty() || !i.match_name.empty())) {
    // A match pins the config to the NIC and set-name gives it the name the
    // other files use, whatever the kernel called it at boot. A driver alone
    // or a name glob may match several NICs, which one name cannot cover: no
    // set-name then.
    out += "      match:\n";
    if (!i.match_name.empty()) out += "        name: " + yaml_scalar(i.match_name) + "\n";
    if (!i.mac.empty()) out += "        macaddress: " + yaml_scalar(i.mac) + "\n";
    if (i.match_driver.size() == 1) out += "        driver: " + yaml_scalar(i.match_driver.front()) + "\n";
    if (i.match_driver.size() > 1) out += "        driver: " + flow_list(i.match_driver) + "\n";
    if (!i.mac.empty() && i.match_name.empty()) out += "      set-name: " + yaml_scalar(i.name) + "\n";
  } else if (!i.mac.empty()) {
    out += "      macaddress: " + yaml_scalar(i.mac) + "\n";
  }
  if (i.kind == LinkKind::Infiniband && !i.ib_mode.empty()) out += "      infiniband-mode: " + i.ib_mode + "\n";
  if (i.wakeonlan || i.wakeonlan_given) out += std::string("      wakeonlan: ") + (i.wakeonlan ? "true" : "false") + "\n";
  if (render::auto_configured(i, IpFamily::V4)) out += "      dhcp4: true\n";
  dhcp_metric(i, IpFamily::V4, "dhcp4", out);
  if (render::auto_configured(i, IpFamily::V6)) out += "      dhcp6: true\n";
  dhcp_metric(i, IpFamily::V6, "dhcp6", out);
  if (i.accept_ra) out += std::string("      accept-ra: ") + (*i.accept_ra ? "true" : "false") + "\n";
  if (const auto addrs = render::all_addresses(i); !addrs.empty()) {
    out += "      addresses:\n";
    for (const auto& a : addrs) out += "      - " + yaml_scalar(render::cidr(a)) + "\n";
  }
  if (const auto mtu = render::link_mtu(i)) out += "      mtu: " + std::to_string(*mtu) + "\n";
  for (const auto& s : i.subnets)
    if (s.mtu && render::family_of(s) == IpFamily::V6) {
      out += "      ipv6-mtu: " + std::to_string(*s.mtu) + "\n";
      break;
    }
  if (i.optional) out += "      optional: true\n";
  if (i.kind == LinkKind::Bond || i.kind == LinkKind::Bridge) {
    out += "      interfaces: " + flow_list(i.members) + "\n";
    out += render::netplan_parameters(i);
  }
  if (i.kind == LinkKind::Vlan) {
    out += "      id: " + std::to_string(i.vlan_id) + "\n";
    out += "      link: " + yaml_scalar(i.vlan_link) + "\n";
  }
  routes(state, i, out);
  routing_policy(i, out);
  nameservers(state, i, out);
  // A device with no settings (a VLAN's parent) still needs a mapping: netplan
  // rejects a null entry.
  if (out.find('\n', start) == out.size() - 1) out.insert(out.size() - 1, " {}");
}

}  // namespace

std::vector<RenderedFile> render_netplan(const NetworkState& state) {
  std::string out = render::header_comment(state.label);
  out += "network:\n  version: 2\n";
  const auto sorted = render::sorted_interfaces(state);
  const std::pair<const char*, std::vector<LinkKind>> groups[] = {
      {"ethernets", {LinkKind::Ethernet, LinkKind::Infiniband}},
      {"bonds", {LinkKind::Bond}},
      {"bridges", {LinkKind::Bridge}},
      {"vlans", {LinkKind::Vlan}},
  };
  for (const auto& [group, kinds] : groups) {
    bool first = true;
    for (const Interface* i : sorted) {
      if (std::find(kinds.begin(), kinds.end(), i->kind) == kinds.end()) continue;
      if (first) out += std::string("  ") + group + ":\n";
      first = false;
      interface(state, *i, out);
    }
  }
  return {{"/etc/netplan/50-vc-agent.yaml", out, 0600}};
}

}  // namespace vc::netconf
