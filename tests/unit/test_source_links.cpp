// The live readers hand the kernel's link table to netconf: a NoCloud v2
// `match: macaddress` device without set-name is named after the kernel link
// with that MAC (cloud-init's sysfs lookup); offline (no table) it keeps its id.
#include <catch2/catch.hpp>

#include "agent/source.h"

using namespace vc;

namespace {

const char* kNet = R"(version: 2
ethernets:
  nic0:
    match: {macaddress: '52:54:00:AA:00:01'}
    addresses: [10.1.1.5/16]
  nic1:
    match: {macaddress: '52:54:00:aa:00:09'}
    dhcp4: true
)";

std::vector<std::string> names_with(const netconf::LinkTable& links) {
  Options o;
  const RootView root("");
  NetBudget budget(1);
  const SourceEnv env{o, root, links, budget};
  NoCloudFiles f;
  f.base = "/seed";
  f.meta = "instance-id: iid-links\nlocal-hostname: n1\n";
  f.net = kNet;
  const SourceHit hit = nocloud_hit(env, f, "/seed");
  REQUIRE(hit.model.network);
  std::vector<std::string> out;
  for (const auto& i : hit.model.network->interfaces) out.push_back(i.name);
  return out;
}

}  // namespace

TEST_CASE("nocloud: v2 match by MAC takes the kernel name from the link table") {
  netconf::LinkTable live;
  live.available = true;
  live.by_mac = {{"52:54:00:aa:00:01", "ens3"}, {"52:54:00:aa:00:02", "ens4"}};
  // nic1's MAC is not on this machine: it keeps its id (netconf warns).
  CHECK(names_with(live) == std::vector<std::string>{"ens3", "nic1"});

  netconf::LinkTable offline;  // rendering for an image: no table, the ids stay
  offline.by_mac = live.by_mac;
  CHECK(names_with(offline) == std::vector<std::string>{"nic0", "nic1"});
}
