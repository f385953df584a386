// A subnet's metric reaches every renderer: the gateway's (v1 static subnet
// `metric:`) and the lease's (v1 dhcp4/dhcp6 `metric:`, v2 dhcpN-overrides),
// in each backend's own key. Before, NM, ENI and networkd dropped them and
// ifcfg kept only the IPv4 gateway's.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "netconf/render_gaps.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

namespace {

const char* kDoc = R"(version: 1
config:
  - type: physical
    name: eth0
    mac_address: "52:54:00:12:34:00"
    subnets:
      - type: dhcp4
        metric: 150
  - type: physical
    name: eth1
    mac_address: "52:54:00:12:34:01"
    subnets:
      - type: static
        address: 192.168.1.10/24
        gateway: 192.168.1.1
        metric: 200
      - type: static6
        address: 2001:db8::10/64
        gateway: 2001:db8::1
        metric: 300
  - type: physical
    name: eth2
    mac_address: "52:54:00:12:34:02"
    subnets:
      - type: dhcp6
        metric: 400
)";

// eth0 by DHCP with one metric, its static gateway with another: NM has one
// route-metric per family, which the lease needs.
const char* kBoth = R"(version: 1
config:
  - type: physical
    name: eth0
    subnets:
      - type: dhcp4
        metric: 150
      - type: static
        address: 192.168.1.10/24
        gateway: 192.168.1.1
        metric: 200
)";

NetworkState state(const char* doc) { return from_network_config(doc, "nc.yaml", nullptr, 1); }

std::string file(const std::vector<RenderedFile>& files, const std::string& suffix) {
  return test::file_ending(files, suffix);
}

bool has(const std::string& text, const std::string& part) { return test::contains(text, part); }

}  // namespace

TEST_CASE("NetworkManager: route-metric for the lease and for each gateway, per family") {
  const auto files = render_nm(state(kDoc));
  const auto eth0 = file(files, "vc-agent-eth0.nmconnection");
  const auto eth1 = file(files, "vc-agent-eth1.nmconnection");
  const auto eth2 = file(files, "vc-agent-eth2.nmconnection");
  INFO(eth0 << eth1 << eth2);
  CHECK(has(eth0, "[ipv4]\nmethod=auto\nmay-fail=false\nroute-metric=150\n"));
  CHECK(has(eth1, "gateway=192.168.1.1\nroute-metric=200\n"));
  CHECK(has(eth1, "gateway=2001:db8::1\nroute-metric=300\n"));
  CHECK(has(eth2, "[ipv6]\nmethod=auto\nmay-fail=false\nroute-metric=400\n"));
}

TEST_CASE("NetworkManager: a lease metric and a different gateway metric are both kept") {
  const auto eth0 = file(render_nm(state(kBoth)), "vc-agent-eth0.nmconnection");
  INFO(eth0);
  CHECK(has(eth0, "route-metric=150\n"));
  CHECK(has(eth0, "route1=0.0.0.0/0,192.168.1.1,200\n"));
  CHECK_FALSE(has(eth0, "gateway="));
}

TEST_CASE("ifcfg (RHEL): IPV4_ROUTE_METRIC / IPV6_ROUTE_METRIC from the gateway or the lease") {
  const auto files = render_ifcfg(state(kDoc), IfcfgFlavor::Rhel);
  CHECK(has(file(files, "ifcfg-eth0"), "IPV4_ROUTE_METRIC=150\n"));
  const auto eth1 = file(files, "ifcfg-eth1");
  CHECK(has(eth1, "IPV4_ROUTE_METRIC=200\n"));
  CHECK(has(eth1, "IPV6_ROUTE_METRIC=300\n"));
  CHECK(has(file(files, "ifcfg-eth2"), "IPV6_ROUTE_METRIC=400\n"));
  // One key: the gateway's metric when both are given.
  CHECK(has(file(render_ifcfg(state(kBoth), IfcfgFlavor::Rhel), "ifcfg-eth0"), "IPV4_ROUTE_METRIC=200\n"));
}

TEST_CASE("ifcfg (SUSE): DHCLIENT_ROUTE_PRIORITY for the DHCPv4 lease, ifroute metrics for gateways") {
  const auto files = render_ifcfg(state(kDoc), IfcfgFlavor::Suse);
  CHECK(has(file(files, "ifcfg-eth0"), "DHCLIENT_ROUTE_PRIORITY='150'\n"));
  const auto routes = file(files, "ifroute-eth1");
  CHECK(has(routes, "default 192.168.1.1 - eth1 metric 200\n"));
  CHECK(has(routes, "default 2001:db8::1 - eth1 metric 300\n"));
}

TEST_CASE("networkd: [DHCPv4] and [IPv6AcceptRA] RouteMetric for leases, Metric= on gateways") {
  const auto files = render_networkd(state(kDoc));
  CHECK(has(file(files, "10-vc-agent-eth0.network"), "\n[DHCPv4]\nRouteMetric=150\n"));
  const auto eth1 = file(files, "10-vc-agent-eth1.network");
  CHECK(has(eth1, "Gateway=192.168.1.1\nMetric=200\n"));
  CHECK(has(eth1, "Gateway=2001:db8::1\nMetric=300\n"));
  CHECK(has(file(files, "10-vc-agent-eth2.network"), "\n[IPv6AcceptRA]\nRouteMetric=400\n"));
}

TEST_CASE("ENI: metric on inet static and inet dhcp; an inet6 gateway with a metric becomes a route") {
  const auto eni = file(render_eni(state(kDoc)), "/etc/network/interfaces");
  INFO(eni);
  CHECK(has(eni, "iface eth0 inet dhcp\n\tmetric 150\n"));
  CHECK(has(eni, "\tgateway 192.168.1.1\n\tmetric 200\n"));
  CHECK_FALSE(has(eni, "gateway 2001:db8::1"));
  CHECK(has(eni, "post-up ip -family inet6 route add default via 2001:db8::1 metric 300"));
  CHECK(has(eni, "pre-down ip -family inet6 route del default via 2001:db8::1 metric 300"));
}

TEST_CASE("netplan: dhcpN-overrides route-metric for any DHCP or SLAAC subnet") {
  const auto yaml = file(render_netplan(state(kDoc)), "50-vc-agent.yaml");
  INFO(yaml);
  CHECK(has(yaml, "dhcp4-overrides:\n        route-metric: 150\n"));
  CHECK(has(yaml, "dhcp6-overrides:\n        route-metric: 400\n"));
}

TEST_CASE("what a backend has no key for is named, not dropped silently") {
  // kDoc: eth2 gets its IPv6 lease metric 400 nowhere in ENI or SUSE ifcfg.
  CHECK(eni_gaps(state(kDoc)) ==
        std::vector<std::string>{"eth2: the IPv6 DHCP/SLAAC route metric 400 is not written: ifupdown's inet6 dhcp and "
                                 "auto methods have no metric option"});
  const auto suse = ifcfg_gaps(state(kDoc), IfcfgFlavor::Suse);
  REQUIRE(suse.size() == 1);
  CHECK(suse[0].starts_with("eth2: the IPv6 DHCP/SLAAC route metric 400 is not written"));
  CHECK(ifcfg_gaps(state(kDoc), IfcfgFlavor::Rhel).empty());
  // kBoth: RHEL ifcfg keeps the gateway's 200, the lease's 150 is named.
  CHECK(ifcfg_gaps(state(kBoth), IfcfgFlavor::Rhel) ==
        std::vector<std::string>{"eth0: the DHCP route metric 150 is not written: ifcfg has one route metric per "
                                 "family, and the gateway's (200) is kept"});
  CHECK(eni_gaps(state(kBoth)).empty());
}
