// ifcfg RHEL: a VLAN's id. NM's ifcfg-rh and initscripts read it from a
// DEVICE named <parent>.<id>; any other name (v2 `vlans: {mgmt: …}`) needs
// VLAN_ID=, or NM rejects the profile ("Failed to determine VLAN ID from
// DEVICE or VLAN_ID"). cloud-init's fixtures (all <parent>.<id>) have none.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

namespace {

std::string ifcfg_of(const char* doc, const std::string& name) {
  const auto files = render_ifcfg(from_network_config(doc, "nc.yaml", nullptr, 2), IfcfgFlavor::Rhel);
  const std::string text = test::file_ending(files, "/ifcfg-" + name);
  return text.substr(text.find('\n') + 1);  // after the header comment
}

}  // namespace

TEST_CASE("ifcfg RHEL: a VLAN not named <parent>.<id> gets VLAN_ID") {
  const std::string mgmt = ifcfg_of(R"(version: 2
ethernets:
  eth0: {}
vlans:
  mgmt:
    id: 100
    link: eth0
    addresses: [10.100.0.5/24]
)",
                                    "mgmt");
  CHECK(mgmt ==
        "DEVICE=mgmt\n"
        "IPADDR=10.100.0.5\n"
        "NETMASK=255.255.255.0\n"
        "BOOTPROTO=none\n"
        "ONBOOT=yes\n"
        "USERCTL=no\n"
        "VLAN=yes\n"
        "PHYSDEV=eth0\n"
        "VLAN_ID=100\n");
}

TEST_CASE("ifcfg RHEL: VLAN_ID is written when the name's id or parent is another one") {
  // vlan100 on eth0 and eth1.7 with id 7 on eth0: neither is <PHYSDEV>.<id>.
  const char* doc = R"(version: 2
ethernets:
  eth0: {}
  eth1: {}
vlans:
  vlan100: {id: 100, link: eth0}
  eth1.7: {id: 7, link: eth0}
)";
  CHECK(test::contains(ifcfg_of(doc, "vlan100"), "\nVLAN=yes\nPHYSDEV=eth0\nVLAN_ID=100\n"));
  CHECK(test::contains(ifcfg_of(doc, "eth1.7"), "\nVLAN=yes\nPHYSDEV=eth0\nVLAN_ID=7\n"));
}

TEST_CASE("ifcfg RHEL: a VLAN named <parent>.<id> keeps cloud-init's keys, without VLAN_ID") {
  const std::string vlan = ifcfg_of(R"(version: 2
ethernets:
  eth0: {}
vlans:
  eth0.101: {id: 101, link: eth0}
)",
                                    "eth0.101");
  CHECK(test::contains(vlan, "\nVLAN=yes\nPHYSDEV=eth0\n"));
  CHECK_FALSE(test::contains(vlan, "VLAN_ID"));
}
