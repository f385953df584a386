// What NetworkManager's verify() would reject must not be written: an STP
// timer outside NM's range on a bridge with STP off (the kernel uses the
// timers only for STP; NM would drop the whole profile), and an infiniband
// setting without a transport mode. ifcfg (RHEL) feeds NM through ifcfg-rh.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

namespace {

NetworkState bridge(const std::string& stp, int fd = 1) {
  const std::string doc =
      "version: 1\nconfig:\n  - {type: physical, name: eth3, mac_address: '66:bb:9f:2c:e8:80'}\n"
      "  - type: bridge\n    name: br0\n    bridge_interfaces: [eth3]\n"
      "    params: {bridge_fd: " + std::to_string(fd) +
      ", bridge_hello: 1, bridge_maxage: 10, bridge_ageing: 250, bridge_stp: '" + stp +
      "'}\n    subnets: [{type: static, address: 192.168.14.2/24}]\n";
  return from_network_config(doc, "nc.yaml", nullptr, 1);
}

std::string file(const std::vector<RenderedFile>& files, const std::string& suffix) {
  return test::file_ending(files, suffix);
}

bool has(const std::string& text, const std::string& part) { return test::contains(text, part); }

}  // namespace

TEST_CASE("NM: STP off leaves out a timer NM would reject (forward-delay=1), keeps the valid ones") {
  const std::string nm = file(render_nm(bridge("off")), "vc-agent-br0.nmconnection");
  CHECK(has(nm, "stp=false\n"));
  CHECK_FALSE(has(nm, "forward-delay="));
  CHECK(has(nm, "hello-time=1\n"));
  CHECK(has(nm, "max-age=10\n"));
  CHECK(has(nm, "ageing-time=250\n"));
}

TEST_CASE("NM: STP on keeps the STP timers (a forward delay below 2 s is refused at input then)") {
  const std::string nm = file(render_nm(bridge("on", 4)), "vc-agent-br0.nmconnection");
  CHECK(has(nm, "stp=true\n"));
  CHECK(has(nm, "forward-delay=4\n"));
  CHECK(has(nm, "hello-time=1\n"));
  CHECK(has(nm, "max-age=10\n"));
}

TEST_CASE("ifcfg RHEL: STP off leaves out DELAY=1, keeps the valid timers and AGEING") {
  const std::string off = file(render_ifcfg(bridge("off"), IfcfgFlavor::Rhel), "ifcfg-br0");
  CHECK(has(off, "STP=no\n"));
  CHECK(has(off, "AGEING=250\n"));
  CHECK_FALSE(has(off, "DELAY="));
  CHECK(has(off, "hello_time=1 max_age=10"));
  const std::string on = file(render_ifcfg(bridge("on", 4), IfcfgFlavor::Rhel), "ifcfg-br0");
  CHECK(has(on, "DELAY=4\n"));
  CHECK(has(on, "hello_time=1 max_age=10"));
}

TEST_CASE("wicked and networkd keep the timers with STP off (they set them on the kernel)") {
  const std::string suse = file(render_ifcfg(bridge("off"), IfcfgFlavor::Suse), "ifcfg-br0");
  CHECK(has(suse, "BRIDGE_FORWARDDELAY='1'\n"));
  CHECK(has(suse, "BRIDGE_HELLOTIME='1'\n"));
}

TEST_CASE("NM: an InfiniBand NIC always gets a transport mode, datagram unless given") {
  const auto s = from_network_config(R"(version: 1
config:
  - type: infiniband
    name: ib0
    mac_address: a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1
    subnets: [{type: static, address: 192.168.200.7/24}]
)",
                                     "nc.yaml", nullptr, 1);
  CHECK(has(file(render_nm(s), "vc-agent-ib0.nmconnection"), "transport-mode=datagram\n"));
}
