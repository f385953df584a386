// OpenStack network_data.json → NetworkState: cloud-init's samples convert,
// its error samples are rejected with the line of the offending key, and
// bonds/VLANs/NIC naming follow convert_net_json.
#include <nlohmann/json.hpp>

#include "test_from_v1_support.h"

using namespace vc::netconf;
using namespace inputs_test;

namespace {

std::map<std::string, std::string> known_macs(const std::filesystem::path& dir) {
  const auto meta = nlohmann::json::parse(read_text(dir / "meta.json"));
  return meta.at("known_macs").get<std::map<std::string, std::string>>();
}

NetworkState sample(const std::string& name) {
  const auto dir = kCorpus / "openstack" / name;
  const auto macs = known_macs(dir);
  return from_network_data(read_text(dir / "network_data.json"), "network_data.json", &macs);
}

const std::map<std::string, std::string> kMacs = {{"fa:16:3e:00:00:01", "ens3"}, {"fa:16:3e:00:00:02", "ens4"}};

NetworkState convert(const std::string& json, std::vector<std::string>* warnings = nullptr,
                     const std::map<std::string, std::string>* macs = &kMacs) {
  return from_network_data(json, "nd.json", macs, warnings);
}

}  // namespace

TEST_CASE("every OpenStack sample converts, every error sample is rejected") {
  for (const auto& d : std::filesystem::directory_iterator(kCorpus / "openstack")) {
    const std::string name = d.path().filename().string();
    INFO(name);
    const auto macs = known_macs(d.path());
    const std::string text = read_text(d.path() / "network_data.json");
    if (name.rfind("error.", 0) == 0) {
      CHECK_THROWS_AS(from_network_data(text, name, &macs), vc::InputError);
    } else {
      NetworkState s;
      REQUIRE_NOTHROW(s = from_network_data(text, name, &macs));
      REQUIRE(s.interfaces.size() == 1);
      CHECK(s.interfaces[0].name == "eth0");
      CHECK(s.interfaces[0].mac == "fa:16:3e:ed:9a:59");
    }
  }
}

TEST_CASE("network_data sample 4: one NIC, IPv4 and three IPv6 networks in order") {
  const auto s = sample("sample_4");
  const auto& eth0 = iface(s, "eth0");
  CHECK(eth0.kind == LinkKind::Ethernet);
  CHECK(eth0.accept_ra == false);  // static IPv6, as cloud-init sets it
  REQUIRE(eth0.subnets.size() == 4);
  CHECK(cidr(*eth0.subnets[0].address) == "172.19.1.34/22");
  CHECK(route_text(eth0.subnets[0].routes.at(0)) == "0.0.0.0/0 via 172.19.3.254");
  CHECK(cidr(*eth0.subnets[1].address) == "2001:db8::10/64");  // netmask "": the /64 default
  CHECK(route_text(eth0.subnets[1].routes.at(0)) == "::/0 via 2001:db8::1");
  CHECK(cidr(*eth0.subnets[2].address) == "2001:db9::10/64");
  CHECK(cidr(*eth0.subnets[3].address) == "2001:db10::10/64");
  REQUIRE(s.dns.size() == 1);
  CHECK(ip(s.dns[0]) == "172.19.0.12");
}

TEST_CASE("network_data DNS: network nameservers on the subnet, services global") {
  const auto s0 = sample("sample_0");
  const auto& sub = iface(s0, "eth0").subnets.at(0);
  REQUIRE(sub.dns.size() == 1);
  CHECK(ip(sub.dns[0]) == "172.19.0.13");
  CHECK(sub.search == std::vector<std::string>{"testweb.com"});
  const auto s1 = sample("sample_1");
  CHECK(s1.search == std::vector<std::string>{"example1.com", "example2.com"});
  CHECK(sample("sample_2").search == std::vector<std::string>{"example.com"});
}

TEST_CASE("network_data bond and VLAN links are named as cloud-init names them") {
  const auto s = convert(R"({
  "links": [
    {"id": "a", "type": "phy", "ethernet_mac_address": "FA:16:3E:00:00:01"},
    {"id": "b", "type": "phy", "ethernet_mac_address": "fa:16:3e:00:00:02"},
    {"id": "bond-x", "type": "bond", "bond_links": ["a", "b"], "bond_mode": "802.3ad",
     "bond_miimon": 100, "bond_xmit_hash_policy": "layer3+4", "ethernet_mac_address": "fa:16:3e:00:00:01"},
    {"id": "v", "type": "vlan", "vlan_link": "bond-x", "vlan_id": 42, "vlan_mac_address": "fa:16:3e:00:00:01"}
  ],
  "networks": [
    {"id": "n0", "link": "v", "type": "ipv4_dhcp"},
    {"id": "n1", "link": "v", "type": "ipv6_dhcpv6-stateful"}
  ]
})");
  std::vector<std::string> names;
  for (const auto& i : s.interfaces) names.push_back(i.name);
  CHECK(names == std::vector<std::string>{"ens3", "ens4", "bond0", "bond0.42"});
  const auto& bond = iface(s, "bond0");
  REQUIRE(bond.bond);
  CHECK(bond.bond->mode == "802.3ad");
  CHECK(bond.bond->miimon == 100);
  CHECK(bond.bond->xmit_hash_policy == "layer3+4");
  CHECK(bond.members == std::vector<std::string>{"ens3", "ens4"});
  CHECK(iface(s, "ens4").master == "bond0");
  const auto& vlan = iface(s, "bond0.42");
  CHECK(vlan.vlan_link == "bond0");
  CHECK(vlan.vlan_id == 42);
  REQUIRE(vlan.subnets.size() == 2);
  CHECK(vlan.subnets[0].kind == SubnetKind::Dhcp4);
  CHECK(vlan.subnets[1].kind == SubnetKind::Dhcp6Stateful);
  CHECK(vlan.accept_ra == true);
}

TEST_CASE("network_data without a MAC table names NICs eth0, eth1… with a warning") {
  std::vector<std::string> warnings;
  const auto s = convert(R"({"links": [{"id": "a", "type": "vif", "ethernet_mac_address": "fa:16:3e:00:00:09"}]})",
                         &warnings, nullptr);
  CHECK(s.interfaces.at(0).name == "eth0");
  CHECK(warnings == std::vector<std::string>{"nd.json:1: links[0]: no MAC table to name the NIC with MAC "
                                             "fa:16:3e:00:00:09; calling it eth0"});
}

TEST_CASE("network_data rejections name the line and key path") {
  const auto dir = kCorpus / "openstack";
  const auto macs = known_macs(dir / "error.invalid_network_mask_ipv4");
  auto reject_sample = [&](const std::string& name) {
    return from_network_data(read_text(dir / name / "network_data.json"), "network_data.json", &macs);
  };
  REJECTS_AT(reject_sample("error.invalid_network_mask_ipv4"), 17, "networks[0].routes[0].netmask",
             "'255.234.255.0' is not a valid IPv4 netmask");
  REJECTS_AT(reject_sample("error.invalid_network_mask_ipv6"), 17, "networks[0].routes[0].netmask",
             "'ff:ff:ff:ff::' is not a valid IPv6 netmask");
  REJECTS_AT(reject_sample("error.multiple_ipv4_default_gateways"), 23, "networks[0].routes[1].gateway",
             "a second default IPv4 gateway 172.20.3.254 for eth0 (the first is 172.19.3.254 at line 18)");
  REJECTS_AT(reject_sample("error.multiple_ipv6_default_gateways"), 21, "networks[0].routes[1].gateway",
             "a second default IPv6 gateway 2001:db9::1");

  const std::string link = R"({"id": "a", "type": "phy", "ethernet_mac_address": "fa:16:3e:00:00:01"})";
  REJECTS_AT(convert("{\"links\": [\n" + link + ",\n" + link + "\n]}"), 3, "links[1].id", "link id 'a' is used twice");
  REJECTS_AT(convert(R"({"links": [{"id": "a", "type": "phy", "ethernet_mac_address": "fa:16:3e:00:00:07"}]})"), 1,
             "links[0].ethernet_mac_address", "no NIC on this system has MAC fa:16:3e:00:00:07");
  REJECTS_AT(convert("{\"links\": [" + link +
                     "],\n \"networks\": [{\"id\": \"n\", \"link\": \"zz\", \"type\": \"ipv4_dhcp\"}]}"),
             2, "networks[0].link", "'zz' names no link in this file");
  REJECTS_AT(
      convert("{\"links\": [" + link + "],\n \"networks\": [{\"id\": \"n\", \"link\": \"a\",\n \"type\": \"ipv5\"}]}"),
      3, "networks[0].type", "unknown network type 'ipv5'");
  REJECTS_AT(convert("{\"links\": [" + link +
                     ",\n {\"id\": \"v\", \"type\": \"vlan\", \"vlan_link\": \"a\", \"vlan_id\": 5000}]}"),
             2, "links[1].vlan_id", "5000 is out of range 1..4094");
  REJECTS_AT(convert("{\"links\": [" + link +
                     ",\n {\"id\": \"b\", \"type\": \"bond\", \"bond_links\": [\"a\"],\n"
                     " \"bond_mode\": \"fastest\"}]}"),
             3, "links[1].bond_mode", "bond mode 'fastest' is not one of");
  REJECTS_AT(
      convert("{\"links\": [" + link + ",\n {\"id\": \"b\", \"type\": \"bond\",\n \"bond_links\": [\"a\", \"c\"]}]}"),
      3, "links[1].bond_links[1]", "'c' names no link in this file");
  REJECTS_AT(convert("{\"links\": [" + link +
                     ",\n {\"id\": \"b\", \"type\": \"phy\", \"name\": \"eth0\",\n"
                     " \"ethernet_mac_address\": \"fa:16:3e:00:00:01\"}]}"),
             3, "links[1].ethernet_mac_address",
             "MAC fa:16:3e:00:00:01 is already used by links[0].ethernet_mac_address");
  REJECTS_AT(convert("{\"links\": [\n  {\"id\": \"a\",\n   \"type\": \"phy\" \"name\": \"x\"}]}"), 3, "",
             "not valid JSON");
}
