#pragma once
// MODEL v2 READY
// Model v2 (issue 3): the one network state every input converts into and every
// renderer reads. Its shape follows cloud-init's NetworkState (interfaces with
// ordered subnets, plus global DNS and routes) so that cloud-init's renderer test
// cases compare one to one, and netplan's parsed state for the link kinds.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netconf/address.h"

namespace vc::netconf {

struct Address {
  IpAddress ip;
  int prefix = 0;
  bool operator==(const Address&) const = default;
};

struct Route {
  IpAddress to;  // network; 0.0.0.0/0 or ::/0 for default
  int prefix = 0;
  std::optional<IpAddress> via;  // none: on-link / device route
  std::optional<int> metric;
  std::optional<int> table;      // policy routing table, where the backend has it
  bool on_link = false;
  std::optional<int> mtu;        // per-route MTU (v2 routes: mtu)
  bool operator==(const Route&) const = default;
};

enum class LinkKind { Ethernet, Bond, Bridge, Vlan, Infiniband };

// One addressing method on an interface, in input order (ENI renders one stanza each).
enum class SubnetKind { Static, Dhcp4, Dhcp6, Slaac, Dhcp6Stateless, Dhcp6Stateful, Manual };

struct Subnet {
  SubnetKind kind = SubnetKind::Static;
  std::optional<Address> address;  // Static only
  std::optional<IpAddress> gateway;
  std::vector<IpAddress> dns;
  std::vector<std::string> search;
  std::vector<Route> routes;
  std::optional<int> metric;
  std::optional<int> mtu;  // v1 subnet mtu (ifcfg IPV6_MTU for an IPv6 subnet)
  std::string control;     // v1 "auto" (default, empty), "manual" or "hotplug"
  bool operator==(const Subnet&) const = default;
};

struct BondParams {
  std::string mode;  // balance-rr, active-backup, balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb
  std::optional<int> miimon, updelay, downdelay, arp_interval;
  std::string primary, xmit_hash_policy, lacp_rate, fail_over_mac, ad_select, primary_reselect;
  std::vector<std::string> arp_ip_targets;
  std::map<std::string, std::string> extra;  // any other bond option by its kernel name
                                             // ("num_grat_arp", "min_links"), for renderers that know it
  bool operator==(const BondParams&) const = default;
};

struct BridgeParams {
  std::optional<bool> stp;
  std::optional<int> forward_delay, hello_time, max_age, ageing_time, priority;
  std::map<std::string, int> port_priority, path_cost;  // per port
  std::map<std::string, std::string> extra;  // other bridge_* options (ENI names without "bridge_")
  bool operator==(const BridgeParams&) const = default;
};

struct Interface {
  std::string name;  // the kernel name it must have (target name)
  LinkKind kind = LinkKind::Ethernet;
  std::string mac;   // normalised; matches the NIC (Ethernet) or sets the MAC (bond/bridge)
  std::optional<int> mtu;
  std::vector<Subnet> subnets;  // empty = no addressing (e.g. a bond member)
  std::vector<Route> routes;    // interface routes not tied to a subnet (v2)
  std::vector<IpAddress> dns;         // per-interface nameservers (v2 nameservers:)
  std::vector<std::string> search;
  std::optional<bool> accept_ra;
  bool wakeonlan = false;
  // The input said wakeonlan: true or false (not just left it out), so a
  // format that can switch it off explicitly (netplan `wakeonlan: false`) does.
  bool wakeonlan_given = false;
  // v2 `match: driver:` (kernel driver names or globs): kept so a format that
  // matches on it (netplan, networkd Driver=) writes it back with the MAC.
  std::vector<std::string> match_driver;
  // v2 `match: name:` (a kernel name or glob such as "en*") when the device is
  // matched by name rather than MAC: `name` is then only the netplan id.
  std::string match_name;
  bool optional = false;     // do not wait for it at boot
  bool default_route = true; // false: never take the default route (ifcfg DEFROUTE=no)
  // true: an address family with no subnet is switched off explicitly (NM
  // method=disabled/ignore) instead of being left to the backend's default,
  // which for NetworkManager is DHCP/SLAAC. vc-out sets it; cloud-init inputs
  // leave it false, as cloud-init's renderers do.
  bool unlisted_families_off = false;
  // The name is a guess (vc-out on an offline root named it by position): a
  // backend that can match by MAC alone does, since a rename may fail.
  bool name_is_guess = false;

  std::vector<std::string> members;  // bond slaves / bridge ports (names)
  std::string master;                // this interface's bond or bridge, if a member
  std::optional<BondParams> bond;
  std::optional<BridgeParams> bridge;
  int vlan_id = 0;
  std::string vlan_link;  // parent interface of a VLAN
  std::string ib_mode;    // "datagram" | "connected"
  std::optional<int> ib_pkey;

  std::string label;  // where it came from, for comments: "vc-out <public>"
  bool operator==(const Interface&) const = default;
};

// Where formats without one global resolver setting (ENI, netplan, NM, networkd)
// put the global nameservers and search domains.
enum class GlobalDns {
  CloudInit,     // where cloud-init's renderer for the format puts them, so a
                 // migrated image resolves the same way
  DefaultRoute,  // only on the interface that carries the default route:
                 // one resolver path (vc-out)
};

struct NetworkState {
  std::vector<Interface> interfaces;  // input order
  std::vector<IpAddress> dns;         // global nameservers
  std::vector<std::string> search;    // global search domains
  std::vector<Route> routes;          // global routes (v1 type: route)
  GlobalDns global_dns = GlobalDns::CloudInit;
  std::string label;  // the whole input, for headers of files that cover every interface: "vc-out.xml"
};

// A file a renderer produces: absolute path inside the target root.
struct RenderedFile {
  std::string path;
  std::string content;
  unsigned mode = 0644;
};

}  // namespace vc::netconf
