// ifcfg RHEL route files: the default route lives in ifcfg (GATEWAY= /
// IPV6_DEFAULTGW=); the same route given again (v2 gateway4 plus a 0/0 route
// via it) must not reappear in route-<if>/route6-<if>, a different one must.
#include <catch2/catch.hpp>

#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using namespace vc::netconf::test;

namespace {

Route route(const char* to, int prefix, const char* via, std::optional<int> metric = std::nullopt) {
  Route r;
  r.to = ip(to);
  r.prefix = prefix;
  r.via = ip(via);
  r.metric = metric;
  return r;
}

const RenderedFile* find(const std::vector<RenderedFile>& files, const std::string& path) {
  for (const auto& f : files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("ifcfg RHEL: a default route repeating GATEWAY/IPV6_DEFAULTGW is not written twice") {
  NetworkState s;
  Interface i;
  i.name = "eth0";
  i.label = "t";
  add_static(i, "10.54.2.19", 21, "10.54.0.1");
  add_static(i, "2a00:1730:fff9:100::52", 128, "2a00:1730:fff9:100::1");
  i.routes = {route("10.54.0.1", 32, "0.0.0.0"), route("0.0.0.0", 0, "10.54.0.1"),
              route("2a00:1730:fff9:100::1", 128, "::"), route("::", 0, "2a00:1730:fff9:100::1")};
  s.interfaces = {i};
  const auto files = render_ifcfg(s, IfcfgFlavor::Rhel);
  const auto* ifcfg = find(files, "/etc/sysconfig/network-scripts/ifcfg-eth0");
  const auto* r4 = find(files, "/etc/sysconfig/network-scripts/route-eth0");
  const auto* r6 = find(files, "/etc/sysconfig/network-scripts/route6-eth0");
  REQUIRE(ifcfg);
  REQUIRE(r4);
  REQUIRE(r6);
  CHECK_THAT(ifcfg->content, Catch::Contains("\nGATEWAY=10.54.0.1\n"));
  CHECK_THAT(ifcfg->content, Catch::Contains("\nIPV6_DEFAULTGW=2a00:1730:fff9:100::1\n"));
  CHECK_THAT(r4->content, Catch::EndsWith("\nADDRESS0=10.54.0.1\nNETMASK0=255.255.255.255\nGATEWAY0=0.0.0.0\n"));
  CHECK_THAT(r6->content, Catch::EndsWith("\n2a00:1730:fff9:100::1/128 via :: dev eth0\n"));

  // A second default route that differs (another metric) is a route of its own.
  s.interfaces[0].routes.push_back(route("0.0.0.0", 0, "10.54.0.1", 200));
  const auto more = render_ifcfg(s, IfcfgFlavor::Rhel);
  const auto* r4b = find(more, "/etc/sysconfig/network-scripts/route-eth0");
  REQUIRE(r4b);
  CHECK_THAT(r4b->content, Catch::EndsWith("\nADDRESS1=0.0.0.0\nNETMASK1=0.0.0.0\nGATEWAY1=10.54.0.1\nMETRIC1=200\n"));
}
