// network-config v1 → NetworkState: the cloud-init corpus, the shape of the
// converted state for each link kind, and one bad input per rejection rule.
#include "test_from_v1_support.h"

using namespace vc::netconf;
using namespace inputs_test;

namespace {

NetworkState v1(const std::string& text, std::vector<std::string>* warnings = nullptr) {
  return from_network_config(text, "nc.yaml", warnings, 1);
}

}  // namespace

TEST_CASE("every v1 input of the cloud-init cases converts") { check_case_inputs_convert(1); }

TEST_CASE("v1 large case: bond, bridge, VLAN, infiniband, global DNS and routes") {
  std::vector<std::string> warnings;
  const auto s = v1(read_text(kCorpus / "cases/large_v1/input.yaml"), &warnings);
  std::vector<std::string> names;
  for (const auto& i : s.interfaces) names.push_back(i.name);
  CHECK(names == std::vector<std::string>{"eth0", "eth1", "eth2", "eth3", "eth4", "eth5", "eth0.101", "bond0",
                                          "bond0.200", "ib0", "br0"});

  const auto& eth5 = iface(s, "eth5");
  REQUIRE(eth5.subnets.size() == 1);
  CHECK(eth5.subnets[0].kind == SubnetKind::Dhcp4);
  CHECK(eth5.subnets[0].control == "manual");
  CHECK(eth5.mac == "98:bb:9f:2c:e8:8a");

  const auto& vlan = iface(s, "eth0.101");
  CHECK(vlan.kind == LinkKind::Vlan);
  CHECK(vlan.vlan_id == 101);
  CHECK(vlan.vlan_link == "eth0");
  CHECK(vlan.mtu == 1500);
  CHECK(vlan.mac == "aa:bb:cc:dd:ee:11");
  REQUIRE(vlan.subnets.size() == 2);
  CHECK(cidr(*vlan.subnets[0].address) == "192.168.0.2/24");
  CHECK(ip(*vlan.subnets[0].gateway) == "192.168.0.1");
  CHECK(vlan.subnets[0].mtu == 1500);
  REQUIRE(vlan.subnets[0].dns.size() == 2);
  CHECK(ip(vlan.subnets[0].dns[1]) == "10.23.23.134");
  CHECK(vlan.subnets[0].search == std::vector<std::string>{"barley.maas", "sacchromyces.maas", "brettanomyces.maas"});
  CHECK(cidr(*vlan.subnets[1].address) == "192.168.2.10/24");
  CHECK_FALSE(vlan.subnets[1].gateway);

  const auto& bond = iface(s, "bond0");
  CHECK(bond.kind == LinkKind::Bond);
  CHECK(bond.members == std::vector<std::string>{"eth1", "eth2"});
  CHECK(iface(s, "eth1").master == "bond0");
  CHECK(iface(s, "eth0").master.empty());
  REQUIRE(bond.bond);
  CHECK(bond.bond->mode == "active-backup");
  CHECK(bond.bond->miimon == 100);
  CHECK(bond.bond->xmit_hash_policy == "layer3+4");
  REQUIRE(bond.subnets.size() == 1);
  CHECK(bond.subnets[0].kind == SubnetKind::Dhcp6);
  CHECK(iface(s, "bond0.200").vlan_link == "bond0");

  const auto& ib = iface(s, "ib0");
  CHECK(ib.kind == LinkKind::Infiniband);
  CHECK(ib.mac == "a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1");
  CHECK(ib.subnets.at(0).mtu == 9000);

  const auto& br = iface(s, "br0");
  CHECK(br.kind == LinkKind::Bridge);
  CHECK(br.members == std::vector<std::string>{"eth3", "eth4"});
  CHECK(iface(s, "eth4").master == "br0");
  REQUIRE(br.bridge);
  CHECK(br.bridge->stp == false);
  CHECK(br.bridge->ageing_time == 250);
  CHECK(br.bridge->priority == 22);
  CHECK(br.bridge->forward_delay == 1);
  CHECK(br.bridge->hello_time == 1);
  CHECK(br.bridge->max_age == 10);
  CHECK(br.bridge->path_cost == std::map<std::string, int>{{"eth3", 50}, {"eth4", 75}});
  CHECK(br.bridge->port_priority == std::map<std::string, int>{{"eth3", 28}, {"eth4", 14}});
  CHECK(br.bridge->extra ==
        std::map<std::string, std::string>{{"gcint", "2"}, {"maxwait", "0"}, {"waitport", "1 eth3,2 eth4"}});
  REQUIRE(br.subnets.size() == 2);
  CHECK(cidr(*br.subnets[1].address) == "2001:1::1/64");
  REQUIRE(br.subnets[1].routes.size() == 1);
  CHECK(route_text(br.subnets[1].routes[0]) == "::/0 via 2001:4800:78ff:1b::1");

  std::vector<std::string> dns;
  for (const auto& d : s.dns) dns.push_back(d.str());
  CHECK(dns == std::vector<std::string>{"8.8.8.8", "4.4.4.4", "8.8.4.4"});
  CHECK(s.search == std::vector<std::string>{"barley.maas", "wark.maas", "foobar.maas"});
  REQUIRE(s.routes.size() == 1);
  CHECK(route_text(s.routes[0]) == "10.0.0.0/8 via 11.0.0.1 metric 3");

  // ipv4_conf/ipv6_conf mean nothing to the renderers: said so, with the line.
  CHECK(warnings == std::vector<std::string>{"nc.yaml:88: config[10].ipv4_conf: not supported, ignored",
                                             "nc.yaml:92: config[10].ipv6_conf: not supported, ignored"});
}

TEST_CASE("v1 bond options by kernel name, routes with netmask and metric") {
  const auto s = v1(read_text(kCorpus / "cases/bond_v1/input.yaml"));
  const auto& bond = iface(s, "bond0");
  REQUIRE(bond.bond);
  CHECK(bond.mtu == 9000);
  CHECK(bond.mac == "aa:bb:cc:dd:e8:ff");
  CHECK(bond.bond->updelay == 20);
  CHECK(bond.bond->downdelay == 10);
  CHECK(bond.bond->primary == "bond0s0");
  CHECK(bond.bond->primary_reselect == "always");
  CHECK(bond.bond->fail_over_mac == "active");
  CHECK(bond.bond->extra == std::map<std::string, std::string>{{"num_grat_arp", "5"}});
  REQUIRE(bond.subnets.size() == 3);
  CHECK(route_text(bond.subnets[0].routes.at(0)) == "10.1.3.0/24 via 192.168.0.3");
  CHECK(cidr(*bond.subnets[2].address) == "2001:1::1/92");
  REQUIRE(bond.subnets[2].routes.size() == 2);
  CHECK(route_text(bond.subnets[2].routes[0]) == "2001:67c::/32 via 2001:67c:1562::1");
  CHECK(route_text(bond.subnets[2].routes[1]) == "3001:67c::/32 via 3001:67c:15::1 metric 10000");
}

TEST_CASE("v1 subnet order, netmask forms, per-interface nameserver, network: wrapper") {
  const auto s = v1(R"(network:
  version: 1
  config:
    - type: physical
      name: eth0
      mac_address: "52:54:00:12:34:00"
      subnets:
        - type: dhcp6
        - type: static
          address: 10.0.0.5
          netmask: 255.255.0.0
          dns_nameservers: 10.0.0.1 10.0.0.2
        - type: static6
          address: 2001:db8::5
          netmask: "ffff:ffff:ffff:ffff::"
        - type: static
          address: 10.1.0.5
        - type: ipv6_slaac
    - type: nameserver
      interface: eth0
      address: [192.0.2.53]
      search: [example.org]
)");
  const auto& eth0 = iface(s, "eth0");
  REQUIRE(eth0.subnets.size() == 5);
  CHECK(eth0.subnets[0].kind == SubnetKind::Dhcp6);
  CHECK(cidr(*eth0.subnets[1].address) == "10.0.0.5/16");
  CHECK(eth0.subnets[1].dns.size() == 2);
  CHECK(cidr(*eth0.subnets[2].address) == "2001:db8::5/64");
  CHECK(cidr(*eth0.subnets[3].address) == "10.1.0.5/24");  // cloud-init's default
  CHECK(eth0.subnets[4].kind == SubnetKind::Slaac);
  REQUIRE(eth0.dns.size() == 1);
  CHECK(ip(eth0.dns[0]) == "192.0.2.53");
  CHECK(eth0.search == std::vector<std::string>{"example.org"});
  CHECK(s.dns.empty());
}

TEST_CASE("v1 unknown keys are warnings naming the path and line") {
  std::vector<std::string> warnings;
  v1("version: 1\nconfig:\n  - type: physical\n    name: eth0\n    colour: blue\n"
     "    subnets:\n      - type: dhcp\n        lease: long\n",
     &warnings);
  CHECK(warnings == std::vector<std::string>{"nc.yaml:5: config[0].colour: unknown key, ignored",
                                             "nc.yaml:8: config[0].subnets[0].lease: unknown key, ignored"});
}

TEST_CASE("v1 rejections name the line and key path") {
  const std::string head = "version: 1\nconfig:\n  - type: physical\n    name: eth0\n";  // lines 1-4
  REJECTS_AT(v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.300/24\n"), 7,
             "config[0].subnets[0].address", "'10.0.0.300' is not an IPv4 or IPv6 address");
  REJECTS_AT(v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.3/33\n"), 7,
             "config[0].subnets[0].address", "'33' is not a valid IPv4 netmask");
  REJECTS_AT(v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.3\n        netmask: 255.0.255.0\n"),
             8, "config[0].subnets[0].netmask", "'255.0.255.0' is not a valid IPv4 netmask");
  REJECTS_AT(v1(head + "    subnets:\n      - type: static\n"), 6, "config[0].subnets[0]", "needs an address");
  REJECTS_AT(v1(head + "    subnets:\n      - type: dhcp5\n"), 6, "config[0].subnets[0].type",
             "unknown subnet type 'dhcp5'");
  REJECTS_AT(
      v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.3/24\n        gateway: 2001:db8::1\n"), 8,
      "config[0].subnets[0].gateway", "not of one family");
  // Subnet gateways may repeat (cloud-init renders one per subnet); /0 routes may not.
  CHECK(v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.3/24\n        gateway: 10.0.0.1\n"
                  "      - type: static\n        address: 10.0.1.3/24\n        gateway: 10.0.1.1\n")
            .interfaces.at(0)
            .subnets.size() == 2);
  REJECTS_AT(v1(head + "    subnets:\n      - type: static\n        address: 10.0.0.3/24\n        routes:\n"
                       "          - {network: 0.0.0.0, netmask: 0.0.0.0, gateway: 10.0.0.1}\n"
                       "          - {network: 0.0.0.0/0, gateway: 10.0.0.2}\n"),
             10, "config[0].subnets[0].routes[1].gateway",
             "a second default IPv4 gateway 10.0.0.2 for eth0 (the first is 10.0.0.1 at line 9)");
  REJECTS_AT(v1(head + "  - type: vlan\n    name: eth0.4095\n    vlan_link: eth0\n    vlan_id: 4095\n"), 8,
             "config[1].vlan_id", "4095 is out of range 1..4094");
  REJECTS_AT(v1(head + "  - type: vlan\n    name: eth0.7\n    vlan_link: eth9\n    vlan_id: 7\n"), 7,
             "config[1].vlan_link", "'eth9' names no interface defined in this file");
  REJECTS_AT(v1(head + "  - type: bond\n    name: bond0\n    bond_interfaces: [eth0, eth1]\n    params:\n"
                       "      bond-mode: fastest\n"),
             9, "config[1].params.bond-mode", "bond mode 'fastest' is not one of");
  REJECTS_AT(v1(head + "  - type: bond\n    name: bond0\n    bond_interfaces:\n      - eth0\n      - eth1\n"), 9,
             "config[1].bond_interfaces[1]", "'eth1' names no interface");
  REJECTS_AT(v1(head + "  - type: bridge\n    name: br0\n    bridge_interfaces: [eth0]\n"
                       "  - type: bridge\n    name: br1\n    bridge_interfaces: [eth0]\n"),
             10, "config[2].bridge_interfaces[0]", "'eth0' is already a member of 'br0'");
  REJECTS_AT(v1("version: 1\nconfig:\n  - type: physical\n    name: averyveryverylongname\n"), 4, "config[0].name",
             "longer than 15 characters");
  REJECTS_AT(v1("version: 1\nconfig:\n  - type: physical\n    name: eth/0\n"), 4, "config[0].name", "contains '/'");
  REJECTS_AT(v1("version: 1\nconfig:\n  - type: physical\n    name: \"eth 0\"\n"), 4, "config[0].name", "a blank");
  REJECTS_AT(v1(head + "  - type: physical\n    name: eth0\n"), 6, "config[1].name",
             "interface 'eth0' is already defined at line 4");
  REJECTS_AT(v1("version: 1\nconfig:\n  - type: physical\n    name: eth0\n    mac_address: 52:54:00:AA:BB:CC\n"
                "  - type: physical\n    name: eth1\n    mac_address: 52:54:00:aa:bb:cc\n"),
             8, "config[1].mac_address", "MAC 52:54:00:aa:bb:cc is already used by config[0].mac_address (line 5)");
  REJECTS_AT(v1(head + "  - type: nameserver\n    interface: eth7\n    address: 192.0.2.1\n"), 6, "config[1].interface",
             "'eth7' names no interface");
  REJECTS_AT(v1(head + "  - type: tunnel\n"), 5, "config[1].type", "unknown type 'tunnel'");
  REJECTS_AT(v1("version: 1\nconfig:\n  - type: physical\n    name: [eth0\n"), 5, "", "not valid YAML");
  REJECTS_AT(v1("version: 2\nethernets: {}\n"), 1, "version", "this is a version 2 network config, not version 1");
  REJECTS_AT(v1("network:\n  version: 1\n  config:\n    - type: physical\n      name: eth0\n      mtu: 12\n"), 6,
             "network.config[0].mtu", "12 is out of range 68..65535");
}
