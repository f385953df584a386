// A default route in a routing table other than main (policy routing: v2
// `routes: [{to: default, via: G, table: N}]` next to a `routing-policy`
// rule) is not the interface's gateway. It must stay in table N in every
// renderer; ifcfg must not make it GATEWAY=/IPV6_DEFAULTGW= (nor DEFROUTE=yes),
// which would put a second default into the main table and leave N empty.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using test::contains;
using test::file_ending;

namespace {

const char* kDoc = R"(version: 2
ethernets:
  eth0:
    addresses: [10.0.0.5/24, 2001:db8::5/64]
    gateway4: 10.0.0.1
    gateway6: 2001:db8::1
  eth1:
    addresses: [10.1.0.5/24, 2001:db8:1::5/64]
    routes:
      - {to: default, via: 10.1.0.1, table: 100}
      - {to: "::/0", via: "2001:db8:1::1", table: 100}
    routing-policy:
      - {from: 10.1.0.5, table: 100}
      - {from: "2001:db8:1::5", table: 100}
)";

NetworkState state() { return from_network_config(kDoc, "nc.yaml", nullptr, 2); }

// The file's lines after its header comment.
std::string body(const std::vector<RenderedFile>& files, const std::string& suffix) {
  const std::string text = file_ending(files, suffix);
  return text.substr(text.find('\n') + 1);
}

bool has_file(const std::vector<RenderedFile>& files, const std::string& suffix) {
  for (const auto& f : files)
    if (f.path.size() >= suffix.size() && f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return true;
  return false;
}

}  // namespace

TEST_CASE("ifcfg RHEL: a default route with a table goes to route-/route6-<if>, not GATEWAY=") {
  const auto files = render_ifcfg(state(), IfcfgFlavor::Rhel);
  const std::string eth1 = file_ending(files, "/ifcfg-eth1");
  CHECK_FALSE(contains(eth1, "\nGATEWAY="));
  CHECK_FALSE(contains(eth1, "IPV6_DEFAULTGW="));
  CHECK_FALSE(contains(eth1, "DEFROUTE=yes"));
  CHECK(body(files, "/route-eth1") == "ADDRESS0=0.0.0.0\nNETMASK0=0.0.0.0\nGATEWAY0=10.1.0.1\nOPTIONS0=\"table 100\"\n");
  CHECK(body(files, "/route6-eth1") == "::/0 via 2001:db8:1::1 table 100 dev eth1\n");
  CHECK(body(files, "/rule-eth1") == "priority 32765 from 10.1.0.5 table 100\n");
  // eth0 keeps the main-table default, and with it the global place.
  const std::string eth0 = file_ending(files, "/ifcfg-eth0");
  CHECK(contains(eth0, "\nGATEWAY=10.0.0.1\nDEFROUTE=yes\n"));
  CHECK(contains(eth0, "\nIPV6_DEFAULTGW=2001:db8::1\n"));
  CHECK_FALSE(has_file(files, "/route-eth0"));
  CHECK_FALSE(has_file(files, "/route6-eth0"));
}

TEST_CASE("ifcfg RHEL: a main-table default (table 254) is still the interface's GATEWAY=") {
  auto s = state();
  for (auto& i : s.interfaces)
    if (i.name == "eth1")
      for (auto& r : i.routes) r.table = 254;
  const auto files = render_ifcfg(s, IfcfgFlavor::Rhel);
  const std::string eth1 = file_ending(files, "/ifcfg-eth1");
  CHECK(contains(eth1, "\nGATEWAY=10.1.0.1\nDEFROUTE=yes\n"));
  CHECK(contains(eth1, "\nIPV6_DEFAULTGW=2001:db8:1::1\n"));
  CHECK_FALSE(has_file(files, "/route-eth1"));
  CHECK_FALSE(has_file(files, "/route6-eth1"));
}

TEST_CASE("ifcfg RHEL: a v1 global default route becomes GATEWAY= of the interface that holds its gateway") {
  // It used to be dropped from route-<if> as "already in ifcfg" without
  // GATEWAY= ever being written: the host had no default route at all.
  const auto s = from_network_config(R"(version: 1
config:
  - type: physical
    name: eth0
    subnets: [{type: static, address: 10.0.0.5/24}]
  - type: route
    destination: 0.0.0.0/0
    gateway: 10.0.0.1
)",
                                     "nc.yaml", nullptr, 1);
  const auto files = render_ifcfg(s, IfcfgFlavor::Rhel);
  CHECK(contains(file_ending(files, "/ifcfg-eth0"), "\nGATEWAY=10.0.0.1\nDEFROUTE=yes\n"));
  CHECK_FALSE(has_file(files, "/route-eth0"));
}

TEST_CASE("ifcfg SUSE: the table default stays in ifroute-<if> with its table") {
  const auto files = render_ifcfg(state(), IfcfgFlavor::Suse);
  CHECK(body(files, "/ifroute-eth1") ==
        "default 10.1.0.1 - eth1 table 100\n"
        "default 2001:db8:1::1 - eth1 table 100\n");
  CHECK(body(files, "/ifroute-eth0") ==
        "default 10.0.0.1 - eth0\n"
        "default 2001:db8::1 - eth0\n");
}

TEST_CASE("ENI, NM, networkd and netplan keep the default route in table 100") {
  const auto s = state();
  const std::string eni = file_ending(render_eni(s), "/interfaces");
  CHECK(contains(eni, "post-up ip route add default via 10.1.0.1 table 100 || true\n"));
  CHECK(contains(eni, "post-up ip -family inet6 route add default via 2001:db8:1::1 table 100 || true\n"));
  CHECK_FALSE(contains(eni, "gateway 10.1.0.1"));

  const std::string nm = file_ending(render_nm(s), "-eth1.nmconnection");
  CHECK(contains(nm, "route1=0.0.0.0/0,10.1.0.1\nroute1_options=table=100\n"));
  CHECK(contains(nm, "route1=::/0,2001:db8:1::1\nroute1_options=table=100\n"));
  CHECK_FALSE(contains(nm, "gateway="));

  const std::string nd = file_ending(render_networkd(s), "-eth1.network");
  CHECK(contains(nd, "[Route]\nGateway=10.1.0.1\nDestination=0.0.0.0/0\nTable=100\n"));
  CHECK(contains(nd, "[Route]\nGateway=2001:db8:1::1\nDestination=::/0\nTable=100\n"));

  const std::string np = file_ending(render_netplan(s), ".yaml");
  CHECK(contains(np, "      - to: 0.0.0.0/0\n        via: 10.1.0.1\n        table: 100\n"));
  CHECK(contains(np, "      - to: \"::/0\"\n        via: 2001:db8:1::1\n        table: 100\n"));
}
