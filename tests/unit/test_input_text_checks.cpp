// Text the converters pass to the renderers verbatim (search domains, extra
// bond and bridge options) is checked where it is read, in every input
// format: a newline in a search domain or a bond option would otherwise start
// a line of the rendered ENI file ("post-up …") or a group of the NM keyfile.
// Each rejection is pinned to its whole message: file, line, key path, text.
#include <nlohmann/json.hpp>

#include "test_from_v1_support.h"

using namespace vc::netconf;
using namespace inputs_test;

// The whole "file:line: path: message" of the InputError `call` throws.
#define REJECTS_WITH(call, message_)                                        \
  do {                                                                      \
    const vc::InputError e_ = inputs_test::rejected([&] { (void)(call); }); \
    CHECK(e_.message() == std::string(message_));                           \
  } while (0)

namespace {

NetworkState v1(const std::string& text) { return from_network_config(text, "nc.yaml", nullptr, 1); }
NetworkState v2(const std::string& text) { return from_network_config(text, "nc.yaml", nullptr, 2); }
NetworkState nd(const nlohmann::json& j) { return from_network_data(j.dump(2), "nd.json", nullptr, nullptr); }

const std::string kEth0 = "version: 1\nconfig:\n  - type: physical\n    name: eth0\n";  // lines 1-4

// A static subnet on eth0 (lines 5-7) with `extra` from line 8 on.
std::string v1_subnet(const std::string& extra) {
  return kEth0 + "    subnets:\n      - type: static\n        address: 10.0.0.5/24\n" + extra;
}

// bond0 over eth0 with one params entry on line 9.
std::string v1_bond_param(const std::string& param) {
  return kEth0 + "  - type: bond\n    name: bond0\n    bond_interfaces: [eth0]\n    params:\n      " + param + "\n";
}

// br0 over eth0 with one params entry on line 9.
std::string v1_bridge_param(const std::string& param) {
  return kEth0 + "  - type: bridge\n    name: br0\n    bridge_interfaces: [eth0]\n    params:\n      " + param + "\n";
}

nlohmann::json nd_network(const nlohmann::json& extra) {
  nlohmann::json n = {{"id", "n0"}, {"link", "l0"}, {"type", "ipv4"}, {"ip_address", "10.0.0.5"},
                      {"netmask", "255.255.255.0"}};
  n.update(extra);
  return {{"links", {{{"id", "l0"}, {"name", "eth0"}, {"type", "phy"}}}}, {"networks", {n}}};
}

}  // namespace

TEST_CASE("search domains: DNS names pass, in all three formats") {
  const auto s = v1(v1_subnet("        dns_search: [example.com., _srv.example-1.org, a.b]\n"));
  CHECK(s.interfaces.at(0).subnets.at(0).search ==
        std::vector<std::string>{"example.com.", "_srv.example-1.org", "a.b"});
  // One scalar is split at blanks, as cloud-init does: two domains, both fine.
  const auto ns = v1(kEth0 + "  - type: nameserver\n    search: a.example b.example\n");
  CHECK(ns.search == std::vector<std::string>{"a.example", "b.example"});
  const std::string label63(63, 'a');
  const std::string long_ok = label63 + "." + label63 + "." + label63 + "." + std::string(61, 'b');  // 253
  CHECK(v2("version: 2\nethernets:\n  eth0:\n    nameservers:\n      search: [" + long_ok + "]\n")
            .interfaces.at(0)
            .search.at(0) == long_ok);
  CHECK(nd(nd_network({{"dns_search", {"example.org"}}})).interfaces.at(0).subnets.at(0).search ==
        std::vector<std::string>{"example.org"});
}

TEST_CASE("search domains: a newline, a blank or a bad label is exit 2 with the key path") {
  REJECTS_WITH(v1(v1_subnet("        dns_search: [\"example.com\\n\\tpost-up touch /tmp/pwned\\n[ipv4]\\nmethod="
                            "disabled\"]\n")),
               "nc.yaml:8: config[0].subnets[0].dns_search[0]: 'example.com\\x0a\\x09post-up touch /tmp/pwned"
               "\\x0a[ipv4]\\x0amethod=disabled' is not a DNS domain name");
  REJECTS_WITH(v1(kEth0 + "  - type: nameserver\n    search: [\"a b\"]\n"),
               "nc.yaml:6: config[1].search[0]: 'a b' is not a DNS domain name");
  REJECTS_WITH(v1(kEth0 + "  - type: nameserver\n    search: [a..b]\n"),
               "nc.yaml:6: config[1].search[0]: 'a..b' is not a DNS domain name");
  REJECTS_WITH(v2("version: 2\nethernets:\n  eth0:\n    nameservers:\n      search: [ok.example, \"x;y\"]\n"),
               "nc.yaml:5: ethernets.eth0.nameservers.search[1]: 'x;y' is not a DNS domain name");
  REJECTS_WITH(v2("version: 2\nethernets:\n  eth0:\n    nameservers:\n      search: [" + std::string(64, 'a') + ".org]\n"),
               "nc.yaml:5: ethernets.eth0.nameservers.search[0]: '" + std::string(64, 'a') +
                   ".org' is not a DNS domain name");
  const std::string too_long = std::string(63, 'a') + "." + std::string(63, 'a') + "." + std::string(63, 'a') + "." +
                               std::string(62, 'b');  // 254
  REJECTS_AT(v2("version: 2\nethernets:\n  eth0:\n    nameservers:\n      search: [" + too_long + "]\n"), 5,
             "ethernets.eth0.nameservers.search[0]", "is not a DNS domain name");
  REJECTS_WITH(nd(nd_network({{"dns_search", {"ok.example", "a\nb"}}})),
               "nd.json:13: networks[0].dns_search[1]: 'a\\x0ab' is not a DNS domain name");
  auto j = nd_network(nlohmann::json::object());
  j["services"] = {{{"type", "dns"}, {"address", "10.0.0.1"}, {"search", "a b"}}};
  REJECTS_WITH(nd(j), "nd.json:21: services[0].search: 'a b' is not a DNS domain name");
}

TEST_CASE("extra bond options: name [a-z0-9_]+, value one word, in all three formats") {
  const auto s = v1(v1_bond_param("bond-min-links: 2"));
  CHECK(iface(s, "bond0").bond->extra == std::map<std::string, std::string>{{"min_links", "2"}});
  REJECTS_WITH(v1(v1_bond_param("bond-min-links: \"1\\n\\tup touch /tmp/pwned2\"")),
               "nc.yaml:9: config[1].params.bond-min-links: bond option min_links: '1\\x0a\\x09up touch /tmp/pwned2' "
               "is not one word of A-Z, a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bond_param("bond-min-links: [1, 2]")),
               "nc.yaml:9: config[1].params.bond-min-links: bond option min_links: '1 2' is not one word of A-Z, "
               "a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bond_param("bond-x=1: 1")),
               "nc.yaml:9: config[1].params.bond-x=1: bond option name 'x=1' is not made of a-z, 0-9 and '_'");
  REJECTS_WITH(v1(v1_bond_param("bond-Min-Links: 1")),
               "nc.yaml:9: config[1].params.bond-Min-Links: bond option name 'Min_Links' is not made of a-z, 0-9 "
               "and '_'");
  REJECTS_WITH(v2("version: 2\nethernets:\n  eth0: {}\nbonds:\n  bond0:\n    interfaces: [eth0]\n    parameters:\n"
                  "      arp-validate: \"all\\n[ipv4]\"\n"),
               "nc.yaml:8: bonds.bond0.parameters.arp-validate: bond option arp_validate: 'all\\x0a[ipv4]' is not "
               "one word of A-Z, a-z, 0-9 and ._:+-");
  nlohmann::json j = {{"links",
                       {{{"id", "l0"}, {"name", "eth0"}, {"type", "phy"}},
                        {{"id", "b0"}, {"type", "bond"}, {"bond_links", {"l0"}}, {"bond_min_links", "1;reboot"}}}}};
  REJECTS_WITH(nd(j),
               "nd.json:12: links[1].bond_min_links: bond option min_links: '1;reboot' is not one word of A-Z, a-z, "
               "0-9 and ._:+-");
}

TEST_CASE("v1 bridge extras: name [a-z0-9_]+, each item words of [A-Za-z0-9._:+-]") {
  const auto s = v1(v1_bridge_param("bridge_waitport: [1 eth0, 2 eth0]"));
  CHECK(iface(s, "br0").bridge->extra == std::map<std::string, std::string>{{"waitport", "1 eth0,2 eth0"}});
  REJECTS_WITH(v1(v1_bridge_param("bridge_gcint: \"2\\n\\tup touch /tmp/pwned3\"")),
               "nc.yaml:9: config[1].params.bridge_gcint: bridge option gcint: '2\\x0a\\x09up touch /tmp/pwned3' "
               "is not blank-separated words of A-Z, a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bridge_param("bridge_waitport: [\"1 eth0\", \"2,eth0\"]")),
               "nc.yaml:9: config[1].params.bridge_waitport[1]: bridge option waitport: '2,eth0' is not "
               "blank-separated words of A-Z, a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bridge_param("bridge_waitport: [\"1  eth0\"]")),
               "nc.yaml:9: config[1].params.bridge_waitport[0]: bridge option waitport: '1  eth0' is not "
               "blank-separated words of A-Z, a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bridge_param("bridge_waitport: []")),
               "nc.yaml:9: config[1].params.bridge_waitport: bridge option waitport: '' is not blank-separated "
               "words of A-Z, a-z, 0-9 and ._:+-");
  REJECTS_WITH(v1(v1_bridge_param("bridge_x.y: 1")),
               "nc.yaml:9: config[1].params.bridge_x.y: bridge option name 'x.y' is not made of a-z, 0-9 and '_'");
}

// systemd's string tables know the names only: networkd (and netplan on it)
// would drop "TransmitHashPolicy=1" silently, so the kernel's numbers are
// stored as the names they stand for.
TEST_CASE("bond options given as the kernel's numbers are stored by name") {
  const auto s = v1(kEth0 + "  - type: bond\n    name: bond0\n    bond_interfaces: [eth0]\n    params:\n"
                            "      bond-mode: 4\n      bond-xmit_hash_policy: 5\n      bond-lacp_rate: 1\n"
                            "      bond-fail_over_mac: 2\n      bond-ad_select: 1\n      bond-primary_reselect: 2\n");
  const BondParams& b = *iface(s, "bond0").bond;
  CHECK(b.mode == "802.3ad");
  CHECK(b.xmit_hash_policy == "vlan+srcmac");
  CHECK(b.lacp_rate == "fast");
  CHECK(b.fail_over_mac == "follow");
  CHECK(b.ad_select == "bandwidth");
  CHECK(b.primary_reselect == "failure");
  const std::vector<std::pair<std::string, std::string>> xmit = {
      {"0", "layer2"}, {"1", "layer3+4"}, {"2", "layer2+3"}, {"3", "encap2+3"}, {"4", "encap3+4"}, {"layer2", "layer2"}};
  for (const auto& [given, stored] : xmit) {
    const auto v = v2("version: 2\nethernets:\n  eth0: {}\nbonds:\n  bond0:\n    interfaces: [eth0]\n    parameters:\n"
                      "      transmit-hash-policy: \"" + given + "\"\n      lacp-rate: \"0\"\n"
                      "      fail-over-mac-policy: \"0\"\n      ad-select: \"0\"\n      primary-reselect-policy: \"1\"\n");
    const BondParams& vb = *iface(v, "bond0").bond;
    CHECK(vb.xmit_hash_policy == stored);
    CHECK(vb.lacp_rate == "slow");
    CHECK(vb.fail_over_mac == "none");
    CHECK(vb.ad_select == "stable");
    CHECK(vb.primary_reselect == "better");
  }
  nlohmann::json j = {{"links",
                       {{{"id", "l0"}, {"name", "eth0"}, {"type", "phy"}},
                        {{"id", "b0"}, {"type", "bond"}, {"bond_links", {"l0"}}, {"bond_xmit_hash_policy", 2}}}}};
  CHECK(iface(nd(j), "bond0").bond->xmit_hash_policy == "layer2+3");
  REJECTS_WITH(v1(v1_bond_param("bond-xmit_hash_policy: 6")),
               "nc.yaml:9: config[1].params.bond-xmit_hash_policy: bond xmit_hash_policy '6' is not one of layer2, "
               "layer3+4, layer2+3, encap2+3, encap3+4, vlan+srcmac (or 0..5)");
  REJECTS_WITH(v1(v1_bond_param("bond-lacp_rate: \" 1\"")),
               "nc.yaml:9: config[1].params.bond-lacp_rate: bond lacp_rate ' 1' is not one of slow, fast (or 0..1)");
  REJECTS_WITH(v1(v1_bond_param("bond-mode: 7")),
               "nc.yaml:9: config[1].params.bond-mode: bond mode '7' is not one of balance-rr, active-backup, "
               "balance-xor, broadcast, 802.3ad, balance-tlb, balance-alb (or 0..6)");
}

// v1 already refused a gateway of the other family; network_data.json took it
// and ENI wrote "gateway 2001:db8::1" into an "inet static" stanza.
TEST_CASE("a subnet gateway of the other address family is exit 2, v1 and network_data alike") {
  REJECTS_WITH(nd(nd_network({{"ip_address", "10.0.0.5"}, {"netmask", "255.255.255.0"}, {"gateway", "2001:db8::1"}})),
               "nd.json:11: networks[0].gateway: gateway 2001:db8::1 and address 10.0.0.5 are not of one family");
  REJECTS_WITH(nd(nd_network({{"type", "ipv6"}, {"ip_address", "2001:db8::5"}, {"netmask", "ffff:ffff:ffff:ffff::"},
                              {"gateway", "10.0.0.1"}})),
               "nd.json:11: networks[0].gateway: gateway 10.0.0.1 and address 2001:db8::5 are not of one family");
  REJECTS_WITH(nd(nd_network({{"type", "ipv4_dhcp"}, {"gateway", "2001:db8::1"}})),
               "nd.json:11: networks[0].gateway: gateway 2001:db8::1 and this IPv4 subnet are not of one family");
  REJECTS_WITH(v1(kEth0 + "    subnets:\n      - type: dhcp6\n        gateway: 10.0.0.1\n"),
               "nc.yaml:7: config[0].subnets[0].gateway: gateway 10.0.0.1 and this IPv6 subnet are not of one family");
  REJECTS_WITH(v1(v1_subnet("        gateway: 2001:db8::1\n")),
               "nc.yaml:8: config[0].subnets[0].gateway: gateway 2001:db8::1 and address 10.0.0.5 are not of one "
               "family");
  const auto ok = nd(nd_network({{"gateway", "10.0.0.1"}}));
  CHECK(ok.interfaces.at(0).subnets.at(0).gateway->str() == "10.0.0.1");
}

// v1 read "5x" as 5 (std::stoi) and kept a port the bridge does not have; v2
// checks the kernel's ranges (path cost 1..65535, port priority 0..63).
TEST_CASE("v1 bridge_pathcost and bridge_portprio: a bridge port and a whole number in the kernel's range") {
  const auto s = v1(v1_bridge_param("bridge_pathcost: [\"eth0 65535\"]\n      bridge_portprio: [\"eth0 0\"]"));
  CHECK(iface(s, "br0").bridge->path_cost == std::map<std::string, int>{{"eth0", 65535}});
  CHECK(iface(s, "br0").bridge->port_priority == std::map<std::string, int>{{"eth0", 0}});
  REJECTS_WITH(v1(v1_bridge_param("bridge_portprio: [\"eth0 200\"]")),
               "nc.yaml:9: config[1].params.bridge_portprio[0]: 200 is out of range 0..63");
  REJECTS_WITH(v1(v1_bridge_param("bridge_portprio: [\"eth0 5x\"]")),
               "nc.yaml:9: config[1].params.bridge_portprio[0]: '5x' (in 'eth0 5x') is not an integer");
  REJECTS_WITH(v1(v1_bridge_param("bridge_pathcost: [\"eth0 3000000\"]")),
               "nc.yaml:9: config[1].params.bridge_pathcost[0]: 3000000 is out of range 1..65535");
  REJECTS_WITH(v1(v1_bridge_param("bridge_pathcost: [\"eth0 0\"]")),
               "nc.yaml:9: config[1].params.bridge_pathcost[0]: 0 is out of range 1..65535");
  REJECTS_WITH(v1(v1_bridge_param("bridge_pathcost:\n        - eth0 5\n        - eth9 7")),
               "nc.yaml:11: config[1].params.bridge_pathcost[1]: port 'eth9' is not one of this bridge's "
               "bridge_interfaces");
  REJECTS_WITH(v1(v1_bridge_param("bridge_pathcost: [\"eth0 5\", \"eth0 6\"]")),
               "nc.yaml:9: config[1].params.bridge_pathcost[1]: port 'eth0' is listed twice");
  REJECTS_WITH(v1(v1_bridge_param("bridge_portprio: [\"eth0\"]")),
               "nc.yaml:9: config[1].params.bridge_portprio[0]: expected '<port> <number>', got 'eth0'");
  REJECTS_WITH(v1(v1_bridge_param("bridge_portprio: [\"eth0 -1\"]")),
               "nc.yaml:9: config[1].params.bridge_portprio[0]: -1 is out of range 0..63");
  REJECTS_WITH(v2("version: 2\nethernets:\n  eth0: {}\nbridges:\n  br0:\n    interfaces: [eth0]\n    parameters:\n"
                  "      path-cost: {eth0: 0}\n"),
               "nc.yaml:8: bridges.br0.parameters.path-cost.eth0: 0 is out of range 1..65535");
  // v2: a cost or priority for a link that is not a port, by netplan id as `interfaces` names them.
  const std::string v2_bridge = "version: 2\nethernets:\n  eth0: {}\n  eth1: {}\nbridges:\n  br0:\n"
                                "    interfaces: [eth0]\n    parameters:\n";
  REJECTS_WITH(v2(v2_bridge + "      path-cost: {eth0: 5, eth1: 7}\n"),
               "nc.yaml:9: bridges.br0.parameters.path-cost.eth1: port 'eth1' is not one of this bridge's interfaces");
  REJECTS_WITH(v2(v2_bridge + "      port-priority:\n        eth9: 3\n"),
               "nc.yaml:10: bridges.br0.parameters.port-priority.eth9: port 'eth9' is not one of this bridge's "
               "interfaces");
  const auto ok = v2(v2_bridge + "      path-cost: {eth0: 5}\n      port-priority: {eth0: 3}\n");
  CHECK(iface(ok, "br0").bridge->path_cost == std::map<std::string, int>{{"eth0", 5}});
  CHECK(iface(ok, "br0").bridge->port_priority == std::map<std::string, int>{{"eth0", 3}});
}

TEST_CASE("an IPv4 route destination with host bits is exit 2; IPv6 ones the kernel masks itself") {
  const std::string v2_routes = "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.0.5/24]\n    routes:\n";
  REJECTS_WITH(v2(v2_routes + "      - to: 192.168.7.9/16\n        via: 10.0.0.1\n"),
               "nc.yaml:6: ethernets.eth0.routes[0].to: route destination 192.168.7.9/16 has host bits set; the "
               "network is 192.168.0.0/16");
  REJECTS_WITH(v1(v1_subnet("        routes:\n          - network: 10.1.2.3\n            netmask: 255.255.0.0\n"
                            "            gateway: 10.0.0.1\n")),
               "nc.yaml:9: config[0].subnets[0].routes[0].network: route destination 10.1.2.3/16 has host bits set; "
               "the network is 10.1.0.0/16");
  const auto ok = v2(v2_routes + "      - to: 192.168.0.0/16\n        via: 10.0.0.1\n"
                                 "      - to: 2001:db8::5/64\n        via: 2001:db8::1\n"
                                 "      - to: 10.9.9.9/32\n        via: 10.0.0.1\n");
  REQUIRE(ok.interfaces.size() == 1);
  CHECK(ok.interfaces[0].routes.size() == 3);
}

TEST_CASE("a VLAN whose name carries another id than its own is exit 2") {
  const std::string eth0 = "version: 2\nethernets:\n  eth0: {}\nvlans:\n";
  REJECTS_WITH(v2(eth0 + "  vlan5:\n    id: 100\n    link: eth0\n"),
               "nc.yaml:6: vlans.vlan5.id: VLAN 'vlan5' has id 100, but its name says 5 (NetworkManager and "
               "initscripts take the id from such a name); rename it or fix the id");
  REJECTS_WITH(v1(kEth0 + "  - type: vlan\n    name: eth0.7\n    vlan_link: eth0\n    vlan_id: 8\n"),
               "nc.yaml:8: config[1].vlan_id: VLAN 'eth0.7' has id 8, but its name says 7 (NetworkManager and "
               "initscripts take the id from such a name); rename it or fix the id");
  for (const char* name : {"mgmt", "vlan100", "eth0.100", "storage.v2", "vlan"}) {
    INFO(name);
    const auto s = v2(eth0 + "  " + name + ":\n    id: 100\n    link: eth0\n");
    CHECK(s.interfaces.size() == 2);
  }
}
