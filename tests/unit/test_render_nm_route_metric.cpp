// NM keyfile: route metrics. The first main-table default route with a metric
// gives the profile's route-metric= (cloud-init's form, small_v1); a group
// holds that key at most once (GKeyFile keeps the last of repeated keys), so
// every other route carries its own metric as routeN=dest,gw,metric.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

namespace {

// The [ipv4] or [ipv6] group of eth0's keyfile, up to the next group.
std::string group(const char* doc, const std::string& name) {
  const auto files = render_nm(from_network_config(doc, "nc.yaml", nullptr, 2));
  const std::string text = test::file_ending(files, "-eth0.nmconnection");
  const auto at = text.find("[" + name + "]\n");
  REQUIRE(at != std::string::npos);
  const auto next = text.find("\n[", at + 1);
  return text.substr(at, next == std::string::npos ? std::string::npos : next + 1 - at);
}

std::size_t count(const std::string& text, const std::string& part) {
  std::size_t n = 0;
  for (auto at = text.find(part); at != std::string::npos; at = text.find(part, at + 1)) ++n;
  return n;
}

}  // namespace

TEST_CASE("NM: two default routes keep both metrics, route-metric= once") {
  const std::string v4 = group(R"(version: 2
ethernets:
  eth0:
    addresses: [10.0.0.5/24]
    routes:
      - {to: default, via: 10.0.0.1, metric: 100}
      - {to: default, via: 10.0.0.254, metric: 200}
      - {to: 192.168.0.0/16, via: 10.0.0.1}
)",
                               "ipv4");
  CHECK(v4 ==
        "[ipv4]\n"
        "method=manual\n"
        "may-fail=false\n"
        "address1=10.0.0.5/24\n"
        "route-metric=100\n"
        "route1=0.0.0.0/0,10.0.0.1\n"
        "route2=0.0.0.0/0,10.0.0.254,200\n"
        "route3=192.168.0.0/16,10.0.0.1\n");
}

TEST_CASE("NM: a default route in another table keeps its metric on its own line") {
  const std::string v6 = group(R"(version: 2
ethernets:
  eth0:
    addresses: ["2001:db8::5/64"]
    routes:
      - {to: "::/0", via: "2001:db8::fe", metric: 50, table: 100}
      - {to: "::/0", via: "2001:db8::1", metric: 300}
)",
                               "ipv6");
  CHECK(count(v6, "route-metric=") == 1);
  CHECK(test::contains(v6, "route1=::/0,2001:db8::fe,50\nroute1_options=table=100\n"));
  CHECK(test::contains(v6, "route-metric=300\nroute2=::/0,2001:db8::1\n"));
}
