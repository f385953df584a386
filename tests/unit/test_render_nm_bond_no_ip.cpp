// NM keyfile: a bond without subnets (the lower half of a VLAN or bridge)
// gets no DHCP: IPv4 "disabled", IPv6 "ignore" as for every other link
// without IPv6 here. "disabled" for IPv6 needs NM >= 1.20; EL8.0's NM 1.14
// would reject the whole bond profile.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

TEST_CASE("NM: a bond without subnets has [ipv4] method=disabled and [ipv6] method=ignore") {
  const auto files = render_nm(from_network_config(R"(version: 2
ethernets:
  eth0: {}
  eth1: {}
bonds:
  bond0:
    interfaces: [eth0, eth1]
    parameters: {mode: active-backup}
vlans:
  bond0.10:
    id: 10
    link: bond0
    addresses: [10.10.0.5/24]
)",
                                                   "nc.yaml", nullptr, 2));
  const std::string bond = test::file_ending(files, "-bond0.nmconnection");
  CHECK_THAT(bond, Catch::EndsWith("\n[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=ignore\n"));
  CHECK_FALSE(test::contains(bond, "[ipv6]\nmethod=disabled"));
}
