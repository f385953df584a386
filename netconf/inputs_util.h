#pragma once
// Pieces the v1, v2 and network_data converters share: cloud-init's address
// and route normalisation, bond option names and values, interface name rules,
// and the whole-document checks (duplicate names and MACs, dangling members,
// conflicting default gateways). Each takes a Where so errors say where.
#include <map>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <vector>

#include "netconf/network_state.h"

namespace vc::netconf {

struct Where {
  std::string file;
  int line = 0;
  std::string path;
};

[[noreturn]] void fail_at(const Where& w, const std::string& message);
void warn_at(std::vector<std::string>* warnings, const Where& w, const std::string& message);

IpAddress parse_ip_at(std::string_view text, const Where& w);

// A prefix for `family`: "24", "/24", "255.255.255.0" (IPv4) or "ffff:ffff::" (IPv6).
int parse_prefix_at(std::string_view text, IpFamily family, const Where& w);

// cloud-init's _normalize_net_keys: "10.0.0.1/24", "10.0.0.1/255.255.255.0", or
// the address with a separate netmask; neither gives /24 (IPv4) or /64 (IPv6).
Address parse_address_at(std::string_view address, const Where& address_at,
                         std::optional<std::string_view> netmask = std::nullopt, const Where& netmask_at = {});

// A route destination the same way ("default" is 0.0.0.0/0, or ::/0 when `via`
// is IPv6), and the gateway, which must be of the destination's family.
Route parse_route_at(std::string_view to, const Where& to_at, std::optional<std::string_view> netmask,
                     const Where& netmask_at, std::optional<std::string_view> via, const Where& via_at);

// A subnet's gateway (`gw_at` is where it was given) must be of the subnet's
// family: its address's, IPv4 for DHCPv4, IPv6 for the IPv6 kinds. Renderers
// write it as given (ENI "gateway 2001:db8::1" in an inet stanza), so a wrong
// one would only fail when the interface comes up.
void check_subnet_gateway(const Subnet& s, const Where& gw_at);

std::string parse_mac_at(std::string_view text, const Where& w);
// Kernel rules (dev_valid_name): 1..15 bytes, no '/', ':' or whitespace, not "." or "..".
std::string check_ifname_at(std::string_view name, const Where& w);

// A search domain, which every renderer writes verbatim into a line of its own
// syntax (ENI dns-search, NM dns-search=, networkd Domains=, resolv.conf): a DNS
// name of labels 1-63 bytes of letters, digits, '-' and '_', at most 253 bytes,
// optionally with the root's trailing dot. A blank would split it into two
// domains, a newline would start a new line of the rendered file.
std::string check_search_domain_at(std::string_view name, const Where& w);

// An option the model keeps verbatim for the renderers, which write it as
// "<name> <value>" or "<name>=<value>" (a bond option without a field of its
// own, a v1 bridge_* extra): the name [a-z0-9_]+, the value one token of
// [A-Za-z0-9._:+-], so that neither can end the line or the group it is
// written into. `words`: single blanks may separate tokens (ENI's
// "bridge_waitport 1 eth3", where the blank is the option's own syntax).
// `owner` ("bond", "bridge") names the option's kind in the message.
void check_extra_option_at(std::string_view owner, std::string_view name, std::string_view value, const Where& w,
                           bool words = false);

// "bond-xmit_hash_policy", "bond_miimon", "xmit-hash-policy" → "xmit_hash_policy".
std::string bond_kernel_name(std::string_view key);
// Stores one bond option by kernel name, checking the values the kernel would
// refuse (mode, xmit_hash_policy, lacp_rate, …); unknown names go to extra.
void set_bond_option(BondParams& bond, const std::string& kernel_name, const std::string& value, const Where& w);

// A VLAN named "<anything>.<N>" or "vlan<N>" gets N as its id from
// NetworkManager's ifcfg-rh and from initscripts, whatever VLAN_ID says: such a
// name must carry the VLAN's own id (other names are free).
void check_vlan_name_at(const std::string& name, int id, const Where& w);

// The kernel's bridge timer limits (br_private.h BR_MIN_*/BR_MAX_*): hello time
// 1-10 s and max age 6-40 s always (br_set_hello_time/br_set_max_age return
// ERANGE otherwise), which the converters read as ranges; forward delay 2-30 s
// with STP on (br_set_forward_delay), 0-30 s without as wicked and NM allow.
// This checks the STP-dependent part once STP is known: `fd_at` is where the
// forward delay was given.
void check_bridge_timers(const BridgeParams& b, const Where& fd_at);

// The kernel's bridge port limits (br_private.h): a path cost of
// BR_MIN_PATH_COST..BR_MAX_PATH_COST (br_stp_set_path_cost returns ERANGE
// otherwise, and networkd's Cost= is 1-65535 too), a port priority of
// 0..BR_MAX_PORT_PRIORITY.
inline constexpr long kBridgePathCostMin = 1;
inline constexpr long kBridgePathCostMax = 65535;
inline constexpr long kBridgePortPriorityMax = 63;

// Whole-document checks, fed while converting.
class InputChecker {
 public:
  void add_name(const std::string& name, const Where& w);
  // Only NICs matched by MAC: a bond or VLAN may well share its member's MAC.
  void add_nic_mac(const std::string& mac, const Where& w);
  // A default route of `iface` (a /0 route with a gateway). Two different
  // gateways of one family, table and metric on one interface cannot both be
  // installed; cloud-init's sysconfig renderer refuses them too. Subnet
  // gateways are not counted: cloud-init accepts one per subnet and renders
  // them all.
  void add_default_gateway(const std::string& iface, const IpAddress& via, std::optional<int> table,
                           std::optional<int> metric, const Where& w);
  void add_route(const std::string& iface, const Route& r, const Where& w) {
    if (r.prefix == 0 && r.via) add_default_gateway(iface, *r.via, r.table, r.metric, w);
  }

 private:
  std::map<std::string, Where> names_;
  std::map<std::string, Where> macs_;
  std::map<std::string, std::pair<IpAddress, Where>> gateways_;
};

// A bond member, bridge port or VLAN link to resolve once every interface exists.
struct LinkRef {
  std::string owner;   // the bond, bridge or VLAN
  std::string target;  // the interface it names
  Where at;
  bool vlan_link = false;
};
// Sets members/master/vlan_link; a target that does not exist, a member of two
// masters, or a bond primary that is not a member is an InputError.
void resolve_links(NetworkState& state, const std::vector<LinkRef>& refs,
                   const std::map<std::string, Where>& primaries);

Interface* find_interface(NetworkState& state, std::string_view name);

}  // namespace vc::netconf
