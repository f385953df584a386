#include <catch2/catch.hpp>

#include "netconf/conflicts.h"
#include "test_support.h"

using namespace vc::netconf;
using vctest::spit;
using vctest::TempDir;

namespace {

NetworkState two_nics() {
  NetworkState s;
  Interface a;
  a.name = "eth0";
  a.mac = "52:54:00:aa:00:01";
  Interface b;
  b.name = "eth1";
  s.interfaces = {a, b};
  return s;
}

}  // namespace

TEST_CASE("find_conflicts: files naming our NICs or MACs, outside comments, not ours") {
  TempDir t;
  const auto d = t.path / "etc/netplan";
  spit(d / "50-cloud-init.yaml", "network:\n  ethernets:\n    eth1:\n      dhcp4: true\n");
  spit(d / "60-old-mac.yaml", "network:\n  ethernets:\n    ens3:\n      match: {macaddress: \"52:54:00:AA:00:01\"}\n");
  spit(d / "70-other.yaml", "network:\n  ethernets:\n    eth10:\n      dhcp4: true\n# eth0 in a comment\n");
  spit(d / "80-notes.txt", "eth0\n");
  spit(d / "50-vc-agent.yaml", "network:\n  ethernets:\n    eth0: {}\n");
  vc::RootView root(t.path.string());
  const std::vector<RenderedFile> ours{{"/etc/netplan/50-vc-agent.yaml", "", 0600}};

  auto found = find_conflicts({{"/etc/netplan", "", {".yaml", ".yml"}, {}, {}}}, two_nics(), ours, root);
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "/etc/netplan/50-cloud-init.yaml");
  CHECK_THAT(found[0].reason, Catch::Contains("configures eth1"));
  CHECK(found[1].path == "/etc/netplan/60-old-mac.yaml");
  CHECK_THAT(found[1].reason, Catch::Contains("52:54:00:aa:00:01"));
}

TEST_CASE("find_conflicts: prefix and keep lists (ifcfg-lo is never touched)") {
  TempDir t;
  const auto d = t.path / "etc/sysconfig/network-scripts";
  spit(d / "ifcfg-lo", "DEVICE=lo\n");
  spit(d / "ifcfg-ens3", "DEVICE=ens3\nHWADDR=52:54:00:aa:00:01\n");
  spit(d / "ifup-eth", "# mentions eth0 only in comments\nDEVICE=$1\n");
  spit(d / "ifcfg-eth0", "DEVICE=eth0\n");
  vc::RootView root(t.path.string());
  const std::vector<RenderedFile> ours{{"/etc/sysconfig/network-scripts/ifcfg-eth0", "", 0644}};
  auto found = find_conflicts({{"/etc/sysconfig/network-scripts", "ifcfg-", {}, {"ifcfg-lo"}, {}}}, two_nics(), ours, root);
  REQUIRE(found.size() == 1);
  CHECK(found[0].path == "/etc/sysconfig/network-scripts/ifcfg-ens3");
}

TEST_CASE("find_conflicts: files an earlier run wrote for an interface the input no longer has") {
  TempDir t;
  const auto d = t.path / "etc/sysconfig/network-scripts";
  const std::string ours_header = "# Written by vc-agent from vc-out <openflow>; edits are replaced on the next run\n";
  spit(d / "ifcfg-eth0", ours_header + "DEVICE=eth0\n");  // planned again
  spit(d / "ifcfg-eth2", ours_header + "DEVICE=eth2\nIPADDR=10.102.0.10\n");
  spit(d / "route-eth2", ours_header + "ADDRESS0=10.200.0.0\n");
  spit(d / "route-eth3", "ADDRESS0=10.200.0.0\n");  // the admin's: not ours, names no NIC of ours
  spit(d / "ifup-eth", "# Written by vc-agent from a lookalike\n");  // not a name we write
  vc::RootView root(t.path.string());
  const std::vector<RenderedFile> ours{{"/etc/sysconfig/network-scripts/ifcfg-eth0", "", 0644}};
  const StackDir dir{"/etc/sysconfig/network-scripts", "ifcfg-", {}, {"ifcfg-lo"}, {"ifcfg-", "route-"}};
  auto found = find_conflicts({dir}, two_nics(), ours, root);
  REQUIRE(found.size() == 2);
  CHECK(found[0].path == "/etc/sysconfig/network-scripts/ifcfg-eth2");
  CHECK(found[1].path == "/etc/sysconfig/network-scripts/route-eth2");
  CHECK_THAT(found[0].reason, Catch::Contains("earlier vc-agent run"));
}
