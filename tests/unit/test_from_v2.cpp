// network-config v2 → NetworkState: the cloud-init corpus, cloud-init's subnet
// order and gateway placement, netplan ids vs set-name, and the rejections.
#include "test_from_v1_support.h"

using namespace vc::netconf;
using namespace inputs_test;

namespace {

NetworkState v2(const std::string& text, std::vector<std::string>* warnings = nullptr) {
  return from_network_config(text, "nc.yaml", warnings, 2);
}

std::vector<std::string> subnet_list(const Interface& i) {
  std::vector<std::string> out;
  for (const auto& s : i.subnets) {
    if (s.kind == SubnetKind::Dhcp4) out.push_back("dhcp4");
    if (s.kind == SubnetKind::Dhcp6) out.push_back("dhcp6");
    if (s.kind == SubnetKind::Static) out.push_back(cidr(*s.address) + (s.gateway ? " gw " + s.gateway->str() : ""));
  }
  return out;
}

std::vector<std::string> routes_of(const Interface& i) {
  std::vector<std::string> out;
  for (const auto& r : i.routes) out.push_back(route_text(r));
  return out;
}

}  // namespace

TEST_CASE("every v2 input of the cloud-init cases converts") { check_case_inputs_convert(2); }

TEST_CASE("v2 large case: bond, bridge and VLANs with device routes and nameservers") {
  std::vector<std::string> warnings;
  const auto s = v2(read_text(kCorpus / "cases/large_v2/input.yaml"), &warnings);
  CHECK(warnings.empty());
  std::vector<std::string> names;
  for (const auto& i : s.interfaces) names.push_back(i.name);
  CHECK(names == std::vector<std::string>{"eth0", "eth1", "eth2", "eth3", "eth4", "eth5", "bond0", "br0", "bond0.200",
                                          "eth0.101"});
  CHECK(iface(s, "eth5").mac == "98:bb:9f:2c:e8:8a");
  CHECK(subnet_list(iface(s, "eth5")) == std::vector<std::string>{"dhcp4"});

  const auto& bond = iface(s, "bond0");
  REQUIRE(bond.bond);
  CHECK(bond.mac == "aa:bb:cc:dd:ee:ff");
  CHECK(bond.bond->mode == "active-backup");
  CHECK(bond.bond->miimon == 100);
  CHECK(bond.bond->xmit_hash_policy == "layer3+4");
  CHECK(bond.members == std::vector<std::string>{"eth1", "eth2"});
  CHECK(iface(s, "eth2").master == "bond0");
  CHECK(subnet_list(bond) == std::vector<std::string>{"dhcp6"});

  const auto& br = iface(s, "br0");
  REQUIRE(br.bridge);
  CHECK(br.bridge->stp == false);
  CHECK(br.bridge->priority == 22);
  CHECK(br.bridge->ageing_time == 250);
  CHECK(br.bridge->path_cost == std::map<std::string, int>{{"eth3", 50}, {"eth4", 75}});
  CHECK(br.members == std::vector<std::string>{"eth3", "eth4"});
  CHECK(subnet_list(br) == std::vector<std::string>{"192.168.14.2/24", "2001:1::1/64"});
  CHECK(routes_of(br) == std::vector<std::string>{"::/0 via 2001:4800:78ff:1b::1"});
  REQUIRE(br.dns.size() == 3);
  CHECK(ip(br.dns[2]) == "8.8.4.4");
  CHECK(br.search == std::vector<std::string>{"barley.maas", "wark.maas", "foobar.maas"});
  CHECK(s.dns.empty());  // v2 nameservers belong to their device

  const auto& vlan = iface(s, "eth0.101");
  CHECK(vlan.vlan_id == 101);
  CHECK(vlan.vlan_link == "eth0");
  CHECK(vlan.mtu == 1500);
  CHECK(subnet_list(vlan) == std::vector<std::string>{"192.168.0.2/24", "192.168.2.10/24"});
  CHECK(routes_of(vlan) == std::vector<std::string>{"0.0.0.0/0 via 192.168.0.1"});
  CHECK(iface(s, "bond0.200").vlan_link == "bond0");
}

TEST_CASE("v2 subnets: dhcp4, dhcp6, then addresses in order, route options kept") {
  const auto s = v2(read_text(kCorpus / "cases/v2-mixed-routes-reversed/input.yaml"));
  const auto& eth0 = iface(s, "eth0");
  CHECK(subnet_list(eth0) ==
        std::vector<std::string>{"dhcp4", "dhcp6", "2001:bc8:1210:232:dc00:ff:fe20:185/64", "192.168.1.20/16"});
  CHECK(eth0.mtu == 500);
  REQUIRE(eth0.routes.size() == 4);
  CHECK(route_text(eth0.routes[2]) ==
        "fe80::dc00:ff:fe20:188/64 via fe80::dc00:ff:fe20:187");  // /64: cloud-init default
  CHECK(eth0.routes[2].mtu == 100);
  CHECK(eth0.search == std::vector<std::string>{"home", "lab"});
}

TEST_CASE("v2 gateway4/6 go on the first static subnet of their family, else become a default route") {
  const auto s = v2(read_text(kCorpus / "inline/sysconfig-rhel.from_v2_routes/input-v2.yaml"));
  const auto& eth0 = iface(s, "eth0");
  CHECK(subnet_list(eth0) ==
        std::vector<std::string>{"10.54.2.19/21 gw 10.54.0.1", "2a00:1730:fff9:100::52/128 gw 2a00:1730:fff9:100::1"});
  CHECK(routes_of(eth0).at(0) == "10.54.0.1/32 via 0.0.0.0");
  CHECK(eth0.mtu == 1400);
  CHECK(eth0.dns.size() == 4);

  const auto d = v2(
      "version: 2\nethernets:\n  eth0:\n    dhcp4: yes\n    gateway4: 10.0.0.1\n    addresses: [\"2001:db8::2/64\"]\n");
  CHECK(subnet_list(iface(d, "eth0")) == std::vector<std::string>{"dhcp4", "2001:db8::2/64"});
  CHECK(routes_of(iface(d, "eth0")) == std::vector<std::string>{"0.0.0.0/0 via 10.0.0.1"});
}

TEST_CASE("v2 names: set-name wins, else the id, members name ids and become kernel names") {
  const auto s = v2(read_text(kCorpus / "cases/v2-bridges-set-name/input.yaml"));
  CHECK(iface(s, "baremetal0").mac == "52:54:00:bd:8f:cb");
  CHECK(iface(s, "baremetal").members == std::vector<std::string>{"baremetal0"});
  CHECK(iface(s, "provisioning0").master == "provisioning");

  const auto m = v2(read_text(kCorpus / "cases/v2-dev-name-via-mac-lookup/input.yaml"));
  REQUIRE(m.interfaces.size() == 1);
  CHECK(m.interfaces[0].name == "nic0");
  CHECK(m.interfaces[0].mac == "cf:d6:af:48:e8:80");
}

TEST_CASE("v2 bond parameters map to kernel option names, both grat-arp spellings") {
  const auto s = v2(read_text(kCorpus / "cases/bond_v2/input.yaml"));
  const auto& b = *iface(s, "bond0").bond;
  CHECK(b.updelay == 20);
  CHECK(b.downdelay == 10);
  CHECK(b.fail_over_mac == "active");
  CHECK(b.primary == "bond0s0");
  CHECK(b.primary_reselect == "always");
  CHECK(b.extra == std::map<std::string, std::string>{{"num_grat_arp", "5"}});
  const auto g =
      v2("version: 2\nethernets:\n  e1: {}\nbonds:\n  bond0:\n    interfaces: [e1]\n"
         "    parameters:\n      gratuitious-arp: 3\n      mode: 4\n");
  CHECK(iface(g, "bond0").bond->extra.at("num_grat_arp") == "3");
  CHECK(iface(g, "bond0").bond->mode == "802.3ad");
}

TEST_CASE("v2 unknown keys and unsupported sections are warnings with lines") {
  std::vector<std::string> warnings;
  v2("version: 2\nrenderer: networkd\nwifis:\n  wl0: {}\nethernets:\n  eth0:\n    dhcp4: true\n    speed: 10G\n"
     "    link-local: [ipv6]\n",
     &warnings);
  CHECK(warnings == std::vector<std::string>{"nc.yaml:3: wifis: not supported, ignored",
                                             "nc.yaml:8: ethernets.eth0.speed: unknown key, ignored",
                                             "nc.yaml:9: ethernets.eth0.link-local: not supported, ignored"});
}

TEST_CASE("v2 rejections name the line and key path") {
  const std::string eth =
      "network:\n  version: 2\n  ethernets:\n    eth0:\n      match: {macaddress: \"52:54:00:00:00:01\"}\n";
  REJECTS_AT(v2(eth + "      addresses:\n        - 10.0.0.1/24\n        - 10.0.0.256/24\n"), 8,
             "network.ethernets.eth0.addresses[1]", "'10.0.0.256' is not an IPv4 or IPv6 address");
  REJECTS_AT(v2(eth + "      addresses: [\"2001:db8::1/129\"]\n"), 6, "network.ethernets.eth0.addresses[0]",
             "not a valid IPv6 netmask or prefix length");
  REJECTS_AT(v2(eth + "      addresses: [\"2001:db8::1/64\"]\n      gateway4: 2001:db8::ff\n"), 7,
             "network.ethernets.eth0.gateway4", "is not an IPv4 address");
  REJECTS_AT(v2(eth + "  vlans:\n    v0:\n      id: 0\n      link: eth0\n"), 8, "network.vlans.v0.id",
             "0 is out of range 1..4094");
  REJECTS_AT(v2(eth + "  vlans:\n    v9:\n      id: 9\n      link: eth1\n"), 9, "network.vlans.v9.link",
             "'eth1' names no interface");
  REJECTS_AT(v2(eth + "  bonds:\n    bond0:\n      interfaces: [eth0, eth1]\n"), 8, "network.bonds.bond0.interfaces[1]",
             "'eth1' names no interface");
  REJECTS_AT(v2(eth + "  bonds:\n    bond0:\n      interfaces: [eth0]\n      parameters:\n        mode: fast\n"), 10,
             "network.bonds.bond0.parameters.mode", "bond mode 'fast' is not one of");
  REJECTS_AT(v2(eth + "  bonds:\n    bond0:\n      interfaces: [eth0]\n      parameters:\n        primary: eth2\n"), 10,
             "network.bonds.bond0.parameters.primary", "bond primary 'eth2' is not a member of bond0");
  REJECTS_AT(v2(eth + "    eth1:\n      match: {macaddress: \"52:54:00:00:00:01\"}\n"), 7,
             "network.ethernets.eth1.match.macaddress", "MAC 52:54:00:00:00:01 is already used");
  REJECTS_AT(v2(eth + "      set-name: thisnameistoolong\n"), 6, "network.ethernets.eth0.set-name", "longer than 15");
  REJECTS_AT(v2(eth + "    eth1:\n      set-name: eth0\n"), 7, "network.ethernets.eth1.set-name",
             "interface 'eth0' is already defined at line 4");
  REJECTS_AT(v2(eth + "      routes:\n        - via: 10.0.0.1\n"), 7, "network.ethernets.eth0.routes[0]",
             "a route needs to:");
  REJECTS_AT(v2(eth + "      routes:\n        - to: 10.1.0.0/16\n          via: \"2001:db8::1\"\n"), 8,
             "network.ethernets.eth0.routes[0].via", "is IPv6 but the destination 10.1.0.0/16 is IPv4");
  REJECTS_AT(
      v2(eth + "      routes:\n        - {to: default, via: 10.0.0.1}\n        - {to: 0.0.0.0/0, via: 10.0.0.2}\n"), 8,
      "network.ethernets.eth0.routes[1].via", "a second default IPv4 gateway 10.0.0.2");
  REJECTS_AT(v2(eth + "      dhcp4: maybe\n"), 6, "network.ethernets.eth0.dhcp4", "'maybe' is not a boolean");
  REJECTS_AT(v2(eth + "    eth0:\n      dhcp4: true\n"), 6, "network.ethernets.eth0", "key given twice");
  REJECTS_AT(v2("version: 1\nconfig: []\n"), 1, "version", "this is a version 1 network config, not version 2");
  REJECTS_AT(v2("version: 2\nethernets:\n  eth0: {dhcp4: true\n"), 4, "", "not valid YAML");
}
