// Bridge timers the kernel refuses are bad input (exit 2 with the key path):
// hello time outside 1-10 s and max age outside 6-40 s whatever STP says
// (br_set_hello_time/br_set_max_age), forward delay above 30 s, or below 2 s
// with STP on (br_set_forward_delay). Below 2 s with STP off is valid: the
// kernel takes it, and cloud-init's large_v1 has bridge_fd 1 with STP off.
#include "test_from_v1_support.h"

using namespace vc::netconf;
using namespace inputs_test;

namespace {

NetworkState v1_bridge(const std::string& params) {
  return from_network_config("version: 1\nconfig:\n  - {type: physical, name: eth0}\n  - type: bridge\n    name: br0\n"
                             "    bridge_interfaces: [eth0]\n    params:\n" +
                                 params,
                             "nc.yaml", nullptr, 1);
}

NetworkState v2_bridge(const std::string& params) {
  return from_network_config("version: 2\nethernets:\n  eth0: {}\nbridges:\n  br0:\n    interfaces: [eth0]\n"
                             "    parameters:\n" +
                                 params,
                             "nc.yaml", nullptr, 2);
}

}  // namespace

TEST_CASE("v1 bridge timers: kernel limits with their key path") {
  CHECK(v1_bridge("      bridge_fd: 1\n      bridge_stp: 'off'\n").interfaces.at(1).bridge->forward_delay == 1);
  REJECTS_AT(v1_bridge("      bridge_fd: 1\n      bridge_stp: 'on'\n"), 8, "config[1].params.bridge_fd",
             "below 2 s, which the kernel refuses with STP on");
  REJECTS_AT(v1_bridge("      bridge_fd: 31\n"), 8, "config[1].params.bridge_fd", "out of range 0..30");
  REJECTS_AT(v1_bridge("      bridge_hello: 0\n"), 8, "config[1].params.bridge_hello", "out of range 1..10");
  REJECTS_AT(v1_bridge("      bridge_maxage: 5\n"), 8, "config[1].params.bridge_maxage", "out of range 6..40");
}

TEST_CASE("v2 bridge timers: kernel limits with their key path") {
  const auto ok = v2_bridge("      forward-delay: 0\n      stp: false\n      hello-time: 10\n      max-age: 40\n");
  CHECK(ok.interfaces.at(1).bridge->max_age == 40);
  REJECTS_AT(v2_bridge("      stp: true\n      forward-delay: 1\n"), 9, "bridges.br0.parameters.forward-delay",
             "below 2 s, which the kernel refuses with STP on");
  REJECTS_AT(v2_bridge("      hello-time: 11\n"), 8, "bridges.br0.parameters.hello-time", "out of range 1..10");
  REJECTS_AT(v2_bridge("      max-age: 41\n"), 8, "bridges.br0.parameters.max-age", "out of range 6..40");
}
