// network-config v2: a `match: macaddress` device without `set-name` takes the
// kernel name of the link with that MAC when the caller knows the machine's
// links (cloud-init's sysfs lookup), and keeps its netplan id otherwise.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"

using namespace vc::netconf;

namespace {

const char* kDoc = R"(version: 2
ethernets:
  nic0:
    match:
      macaddress: 'CF:D6:AF:48:E8:80'
    addresses: [10.0.0.2/24]
  nic1:
    match:
      macaddress: '52:54:00:00:00:02'
    set-name: lan1
  nic2:
    match:
      macaddress: '52:54:00:00:00:03'
    dhcp4: true
bonds:
  bond0:
    interfaces: [nic2]
    parameters: {mode: active-backup, primary: nic2}
vlans:
  nic0.10:
    id: 10
    link: nic0
)";

const std::map<std::string, std::string> kLinks = {
    {"cf:d6:af:48:e8:80", "eth0"}, {"52:54:00:00:00:02", "eth1"}, {"52:54:00:00:00:03", "ens5"}};

const Interface& by_mac(const NetworkState& s, const std::string& mac) {
  for (const auto& i : s.interfaces)
    if (i.mac == mac) return i;
  FAIL("no interface with MAC " << mac);
  throw;
}

}  // namespace

TEST_CASE("v2 MAC lookup: a matched NIC without set-name takes the kernel name") {
  const auto s = from_network_config(kDoc, "nc.yaml", nullptr, 2, &kLinks);
  CHECK(by_mac(s, "cf:d6:af:48:e8:80").name == "eth0");
  // set-name wins over the kernel's current name: it is a rename.
  CHECK(by_mac(s, "52:54:00:00:00:02").name == "lan1");
  // References by netplan id (bond member, bond primary, VLAN link) follow.
  const Interface& nic2 = by_mac(s, "52:54:00:00:00:03");
  CHECK(nic2.name == "ens5");
  CHECK(nic2.master == "bond0");
  const auto& bond = s.interfaces[3];
  REQUIRE(bond.bond);
  CHECK(bond.members == std::vector<std::string>{"ens5"});
  CHECK(bond.bond->primary == "ens5");
  CHECK(s.interfaces[4].vlan_link == "eth0");
}

TEST_CASE("v2 MAC lookup: without a table, or for an unknown MAC, the id stays the name") {
  const auto offline = from_network_config(kDoc, "nc.yaml", nullptr, 2);
  CHECK(by_mac(offline, "cf:d6:af:48:e8:80").name == "nic0");
  CHECK(by_mac(offline, "52:54:00:00:00:03").name == "nic2");
  const std::map<std::string, std::string> other = {{"00:11:22:33:44:55", "eth9"}};
  const auto unknown = from_network_config(kDoc, "nc.yaml", nullptr, 2, &other);
  CHECK(by_mac(unknown, "cf:d6:af:48:e8:80").name == "nic0");
}

TEST_CASE("v2 MAC lookup: ifcfg names the file and DEVICE after the kernel link") {
  const std::map<std::string, std::string> links = {{"cf:d6:af:48:e8:80", "eth0"}};
  const auto s = from_network_config("version: 2\nethernets:\n  nic0:\n    match: {macaddress: 'cf:d6:af:48:e8:80'}\n",
                                     "nc.yaml", nullptr, 2, &links);
  const auto files = render_ifcfg(s, IfcfgFlavor::Rhel);
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "/etc/sysconfig/network-scripts/ifcfg-eth0");
  CHECK(files[0].content.find("DEVICE=eth0\n") != std::string::npos);
  CHECK(files[0].content.find("HWADDR=cf:d6:af:48:e8:80\n") != std::string::npos);
}

TEST_CASE("v2 MAC lookup: a looked-up name that another device already has is rejected") {
  const std::map<std::string, std::string> links = {{"cf:d6:af:48:e8:80", "eth0"}};
  CHECK_THROWS_WITH(from_network_config("version: 2\nethernets:\n  nic0:\n    match: {macaddress: 'cf:d6:af:48:e8:80'}\n"
                                        "  eth0:\n    dhcp4: true\n",
                                        "nc.yaml", nullptr, 2, &links),
                    Catch::Contains("eth0"));
}

TEST_CASE("v1 ignores the MAC table: every physical interface names itself") {
  const std::map<std::string, std::string> links = {{"cf:d6:af:48:e8:80", "eth0"}};
  const auto s = from_network_config(
      "version: 1\nconfig:\n  - type: physical\n    name: nic0\n    mac_address: 'cf:d6:af:48:e8:80'\n", "nc.yaml",
      nullptr, 1, &links);
  REQUIRE(s.interfaces.size() == 1);
  CHECK(s.interfaces[0].name == "nic0");
}
