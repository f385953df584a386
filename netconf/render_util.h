#pragma once
// Small pieces every renderer shares: the header comment, interface order,
// which interface carries the global DNS, and the NM connection UUID.
#include <algorithm>
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "netconf/network_state.h"

namespace vc::netconf::render {

// How every rendered file begins; also how a file is recognised as ours when
// the plan no longer writes it (find_conflicts).
inline constexpr std::string_view kRenderedHeaderPrefix = "# Written by vc-agent from ";

// kRenderedHeaderPrefix + "<label>; edits are replaced on the next run\n".
// Newlines in the label are flattened so a label can never end the comment;
// an empty label reads "vc-agent input".
std::string header_comment(std::string_view label);

// Interfaces in natural name order (eth2 before eth10), so output does not
// depend on input order.
std::vector<const Interface*> sorted_interfaces(const NetworkState& state);

// The interface that carries the global nameservers and search domains: the
// first (in name order) with a gateway, else the first that may take the default
// route, else the first. Formats without a global DNS place (ENI, netplan, NM,
// networkd) attach them there, as a default route and its resolver belong together.
const Interface* dns_carrier(const NetworkState& state);

// Per-interface servers plus the global ones when `iface` carries them
// (GlobalDns::DefaultRoute), without duplicates.
std::vector<IpAddress> nameservers_for(const NetworkState& state, const Interface& iface);
std::vector<std::string> search_for(const NetworkState& state, const Interface& iface);

// Static addresses of one family, in subnet order.
std::vector<Address> addresses_of(const Interface& iface, IpFamily family);
// Every static address, in subnet order.
std::vector<Address> all_addresses(const Interface& iface);
// The first gateway of `family` among the interface's subnets.
std::optional<IpAddress> gateway_of(const Interface& iface, IpFamily family);
std::string cidr(const Address& a);  // "10.1.1.1/16"
std::string cidr(const Route& r);    // "10.0.0.0/8", "0.0.0.0/0"

// The family a subnet configures; Manual has none.
std::optional<IpFamily> family_of(const Subnet& s);
bool has_kind(const Interface& iface, SubnetKind kind);
bool has_family(const Interface& iface, IpFamily family);
bool is_default(const Route& r);
// A default route in the main table (no table, or 254): the interface's
// gateway. A 0/0 route in another table is policy routing; it must stay in
// that table, never become GATEWAY=/DEFROUTE or pick the DNS carrier.
bool is_main_default(const Route& r);
// The default route a subnet's gateway stands for.
Route gateway_route(const Subnet& s);
// Every route of the interface: each subnet's gateway (as a default route,
// when with_gateways) and routes, then the interface's own routes, in order.
std::vector<Route> routes_of(const Interface& iface, bool with_gateways);
// The first main-table default route of `family` (a subnet gateway or a 0/0
// route without a table).
std::optional<Route> default_route_of(const Interface& iface, IpFamily family);
// The interface's own servers/search (each subnet's, then v2 nameservers), without duplicates.
std::vector<IpAddress> own_nameservers(const Interface& iface);
std::vector<std::string> own_search(const Interface& iface);
// `scoped` (servers or search domains given for the interface: v1
// `nameserver` with `interface:`, v2 `nameservers:`), then those of `all` not
// in it: the order cloud-init's netplan, ENI, networkd and sysconfig fixtures
// (v1-dns) give an interface's own DNS.
template <typename T>
std::vector<T> interface_first(const std::vector<T>& scoped, const std::vector<T>& all) {
  std::vector<T> out = scoped;
  for (const auto& v : all)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
  return out;
}
// An STP timer (seconds) as NetworkManager can take it, for NM keyfiles and
// ifcfg (RHEL, read by NM's ifcfg-rh). NM's verify() rejects the whole
// profile for a forward delay, hello time or max age outside 2-30 / 1-10 /
// 6-40 (0 allowed with STP off): cloud-init's large_v1 bridge_fd 1 would make
// the bridge vanish. With STP explicitly off the kernel uses these timers for
// nothing (ports forward at once), so such a value is left out rather than
// the bridge lost; ENI, networkd and wicked (0-30 with STP off) keep it.
// Otherwise the value is returned as given.
std::optional<int> nm_stp_timer(const BridgeParams& b, std::optional<int> value, int lo, int hi);
// True when `iface` is where global DNS goes under GlobalDns::DefaultRoute.
bool carries_global_dns(const NetworkState& state, const Interface& iface);
const Interface* find_interface(const NetworkState& state, std::string_view name);
// Global routes (v1 `type: route`) that belong to `iface`: those whose gateway
// lies in one of its static subnets. Formats with no global route place use it.
std::vector<Route> global_routes_for(const NetworkState& state, const Interface& iface);
// "ip route" words after the destination: "via G metric M table T onlink mtu U".
std::string route_words(const Route& r);
std::string yes_no(bool v);

// Routing-policy rules (render_rules.cpp). rule_prefix: "192.0.2.10",
// "203.0.113.101/24". rule_words: `ip rule` arguments ("priority P from A to B
// tos 0x08 fwmark 0x10/0xffffffff table T"), priority first when given.
// rule_priority: the rule's own priority, else the one the kernel would pick
// for it (32765 down, counting the unnumbered rules of the state in input
// order), for backends that require one (NM keyfile and ifcfg-rh).
std::string rule_prefix(const RulePrefix& p);
std::string rule_words(const RoutingRule& r, std::optional<int> priority);
int rule_priority(const NetworkState& state, const Interface& iface, std::size_t index);
std::string networkd_rule_section(const RoutingRule& r);
// The link MTU: a v4 subnet's own MTU wins over the interface's, as in cloud-init.
std::optional<int> link_mtu(const Interface& iface);
// True when any subnet is DHCP/RA-configured for `family`.
bool auto_configured(const Interface& iface, IpFamily family);
// The metric of the routes a DHCP lease or router advertisement of `family`
// brings (v1 DHCP/SLAAC subnet `metric:`, v2 dhcpN-overrides route-metric).
std::optional<int> auto_route_metric(const Interface& iface, IpFamily family);
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> strs(const std::vector<IpAddress>& ips);

// Shell-sourced KEY=value files (ifcfg): quoted only when needed, or always
// in single quotes (always_quote: SUSE, as YaST writes them).
using KeyValues = std::vector<std::pair<std::string, std::string>>;
std::string shell_value(const std::string& v, bool always_quote);
std::string shell_file(const std::string& label, const KeyValues& kv, bool always_quote);

// Bond options by their kernel (sysfs) names, in cloud-init's BONDING_OPTS
// order, then any extra ones. Shared by ifcfg, NM ([bond] uses the same names) and ENI.
KeyValues bond_options(const BondParams& b);

// One [ipv4]/[ipv6] keyfile section, "" when the profile leaves the family to
// NM's defaults (render_nm_ip.cpp).
std::string nm_ip_section(const NetworkState& state, const Interface& iface, IpFamily family);

// netplan: a YAML scalar, plain when YAML 1.1 keeps it a string, else quoted;
// and a bond's or bridge's "parameters:" block (render_netplan_params.cpp).
std::string yaml_scalar(const std::string& s, bool flow = false);
std::string netplan_parameters(const Interface& iface);

// ENI link options for an interface's first stanza: hwaddress, wake-on-LAN,
// bond-*, bridge-*, vlan-* (render_eni_links.cpp).
void eni_link_options(const NetworkState& state, const Interface& iface, std::vector<std::string>& out);

// networkd (render_networkd_links.cpp): "/etc/systemd/network/10-vc-agent-<name>",
// the [Match] section of its .network, and its .link (a NIC's name and
// wake-on-LAN) or .netdev (bond, bridge, VLAN).
std::string networkd_base_path(const Interface& iface);
std::string networkd_match(const Interface& iface);
std::vector<RenderedFile> networkd_link_files(const Interface& iface);

// The SUSE half of render_ifcfg (render_ifcfg_suse.cpp).
std::vector<RenderedFile> ifcfg_suse(const NetworkState& state);

// RFC 4122 name-based UUID (version 5, SHA-1). Deterministic, so re-rendering
// gives identical bytes; reproducible with Python's uuid.uuid5(namespace, name).
std::string uuid5(const std::array<std::uint8_t, 16>& ns, std::string_view name);
std::array<std::uint8_t, 20> sha1(std::string_view data);

}  // namespace vc::netconf::render
