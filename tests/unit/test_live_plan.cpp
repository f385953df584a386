// plan_live is pure: kernel views are written out by hand here, and the steps
// are compared as the text --dry-run prints.
#include <catch2/catch.hpp>

#include "netconf/live_apply.h"

using namespace vc::netconf;

namespace {

IpAddress ip(const char* t) { return *parse_ip(t); }

KernelLink nic(int ifindex, std::string name, std::string mac, bool up = false, int mtu = 1500) {
  KernelLink l;
  l.ifindex = ifindex;
  l.name = std::move(name);
  l.mac = std::move(mac);
  l.up = up;
  l.mtu = mtu;
  return l;
}

Subnet static_subnet(const char* addr, int prefix, const char* gw = nullptr) {
  Subnet s;
  s.address = Address{ip(addr), prefix};
  if (gw) s.gateway = ip(gw);
  return s;
}

Interface iface(std::string name, std::string mac, std::vector<Subnet> subnets = {}) {
  Interface i;
  i.name = std::move(name);
  i.mac = std::move(mac);
  i.subnets = std::move(subnets);
  return i;
}

std::vector<std::string> texts(const LivePlan& p) {
  std::vector<std::string> out;
  for (const auto& s : p.steps) out.push_back(describe(s));
  return out;
}

constexpr const char* kMacA = "52:54:00:aa:00:01";
constexpr const char* kMacB = "52:54:00:aa:00:02";
constexpr const char* kMacC = "52:54:00:aa:00:03";

KernelView lo_and(std::vector<KernelLink> nics) {
  KernelView k;
  k.links.push_back(nic(1, "lo", ""));
  k.links.back().kind = "";
  for (auto& n : nics) k.links.push_back(std::move(n));
  return k;
}

}  // namespace

TEST_CASE("plan_live: eth0/eth1 swapped by the kernel are renamed through a temporary name") {
  NetworkState st;
  st.interfaces = {iface("eth0", kMacA), iface("eth1", kMacB)};
  auto k = lo_and({nic(2, "eth1", kMacA, true), nic(3, "eth0", kMacB, true)});
  auto p = plan_live(st, k);
  CHECK(texts(p) == std::vector<std::string>{
                        "link down eth1 (52:54:00:aa:00:01) (to rename it)",
                        "rename 52:54:00:aa:00:01 eth1 \u2192 vctmp2 (to free eth1)",
                        "link down eth0 (52:54:00:aa:00:02) (to rename it)",
                        "rename 52:54:00:aa:00:02 eth0 \u2192 eth1",
                        "rename 52:54:00:aa:00:01 vctmp2 \u2192 eth0",
                        // no subnets: renamed only, then put back up as they were
                        "link up eth0 (was up)",
                        "link up eth1 (was up)",
                    });
  CHECK(p.notes.empty());
  // Renames address the link by ifindex and carry its MAC for the executor's check.
  CHECK(p.steps[3].ifindex == 3);
  CHECK(p.steps[3].mac == kMacB);
}

TEST_CASE("plan_live: a chain of renames needs no temporary name when ordered") {
  NetworkState st;  // ens3 → eth0 while eth0 (another NIC) → eth1
  st.interfaces = {iface("eth0", kMacA), iface("eth1", kMacB)};
  auto k = lo_and({nic(2, "ens3", kMacA), nic(3, "eth0", kMacB)});
  CHECK(texts(plan_live(st, k)) == std::vector<std::string>{
                                       "rename 52:54:00:aa:00:02 eth0 \u2192 eth1",
                                       "rename 52:54:00:aa:00:01 ens3 \u2192 eth0",
                                   });
}

TEST_CASE("plan_live: a MAC the kernel does not have is a note, and the interface is skipped") {
  NetworkState st;
  st.interfaces = {iface("eth0", kMacA, {static_subnet("10.1.1.1", 16, "10.1.0.254")}),
                   iface("eth1", kMacC, {static_subnet("198.51.100.10", 24)})};
  auto k = lo_and({nic(2, "ens3", kMacA)});
  auto p = plan_live(st, k);
  CHECK(texts(p) == std::vector<std::string>{
                        "rename 52:54:00:aa:00:01 ens3 \u2192 eth0",
                        "add 10.1.1.1/16 on eth0",
                        "link up eth0",
                        "route default via 10.1.0.254 dev eth0",
                    });
  CHECK(p.notes == std::vector<std::string>{"eth1 (52:54:00:aa:00:03): no such NIC in the kernel; not configured live"});
}

TEST_CASE("plan_live: a kernel that already matches needs no steps") {
  NetworkState st;
  auto e0 = iface("eth0", kMacA, {static_subnet("10.1.1.1", 16, "10.1.0.254")});
  e0.mtu = 9000;
  st.interfaces = {e0};
  auto link = nic(2, "eth0", kMacA, true, 9000);
  link.addresses = {{ip("10.1.1.1"), 16, true, false}, {ip("fe80::5054:ff:feaa:1"), 64, true, true}};
  auto k = lo_and({link});
  KernelRoute def;
  def.to = IpAddress{IpFamily::V4, {}};
  def.via = ip("10.1.0.254");
  def.ifindex = 2;
  k.routes = {def};
  auto p = plan_live(st, k);
  CHECK(p.steps.empty());
  CHECK(p.notes.empty());

  SECTION("the same default route through another gateway is replaced") {
    k.routes[0].via = ip("10.1.0.1");
    CHECK(texts(plan_live(st, k)) == std::vector<std::string>{"route default via 10.1.0.254 dev eth0"});
  }
  SECTION("an MTU and a prefix that differ are corrected, the address re-added") {
    k.links[1].mtu = 1500;
    k.links[1].addresses[0].prefix = 24;
    CHECK(texts(plan_live(st, k)) == std::vector<std::string>{
                                         "mtu 9000 on eth0 (was 1500)",
                                         "delete 10.1.1.1/24 from eth0 (not in the input)",
                                         "add 10.1.1.1/16 on eth0",
                                         "route default via 10.1.0.254 dev eth0",
                                     });
  }
}

TEST_CASE("plan_live: never renames a NIC the input does not mention") {
  NetworkState st;
  st.interfaces = {iface("eth0", kMacA)};
  auto k = lo_and({nic(2, "ens3", kMacA), nic(3, "eth0", kMacC)});
  auto p = plan_live(st, k);
  CHECK(p.steps.empty());
  CHECK(p.notes == std::vector<std::string>{
                       "cannot rename 52:54:00:aa:00:01 ens3 to eth0: eth0 (52:54:00:aa:00:03) has that name and keeps it"});
}

TEST_CASE("plan_live: address flush keeps link-scope, dynamic and DHCP-owned addresses") {
  NetworkState st;
  auto e0 = iface("eth0", kMacA, {static_subnet("10.1.1.1", 16)});
  Subnet slaac;
  slaac.kind = SubnetKind::Slaac;
  e0.subnets.push_back(slaac);
  st.interfaces = {e0};
  auto link = nic(2, "eth0", kMacA, true);
  link.addresses = {
      {ip("10.9.9.9"), 24, true, false},             // static leftover: deleted
      {ip("169.254.3.4"), 16, true, true},           // link scope: kept
      {ip("10.7.7.7"), 24, false, false},            // has a lifetime (a DHCP lease): kept
      {ip("2001:db8::5"), 64, true, false},          // IPv6 belongs to SLAAC here: kept
  };
  auto p = plan_live(st, lo_and({link}));
  CHECK(texts(p) == std::vector<std::string>{
                        "delete 10.9.9.9/24 from eth0 (not in the input)",
                        "add 10.1.1.1/16 on eth0",
                    });
  CHECK(p.notes == std::vector<std::string>{"eth0: slaac is not done live; left to the network service"});
}

TEST_CASE("plan_live: DHCP-only interfaces are renamed and brought up, nothing else") {
  NetworkState st;
  Subnet dhcp;
  dhcp.kind = SubnetKind::Dhcp4;
  st.interfaces = {iface("eth0", kMacA, {dhcp})};
  auto link = nic(2, "ens3", kMacA);
  link.addresses = {{ip("10.9.9.9"), 24, true, false}};
  auto p = plan_live(st, lo_and({link}));
  CHECK(texts(p) == std::vector<std::string>{"rename 52:54:00:aa:00:01 ens3 \u2192 eth0", "link up eth0"});
  CHECK(p.notes == std::vector<std::string>{"eth0: dhcp4 is not done live; left to the network service"});
}

TEST_CASE("plan_live: bonds are left to the files, their members are only renamed") {
  NetworkState st;
  auto bond = iface("bond0", "", {static_subnet("10.1.1.1", 16)});
  bond.kind = LinkKind::Bond;
  auto m = iface("eth0", kMacA);
  m.master = "bond0";
  st.interfaces = {bond, m};
  auto bond_link = nic(3, "bond0", kMacA, true);
  bond_link.kind = "bond";  // carries its member's MAC: must not be taken for the NIC
  auto p = plan_live(st, lo_and({nic(2, "ens3", kMacA), bond_link}));
  CHECK(texts(p) == std::vector<std::string>{"rename 52:54:00:aa:00:01 ens3 \u2192 eth0"});
  CHECK(p.notes == std::vector<std::string>{
                       "bond0: bond is not created live; the network service creates it from its files",
                       "eth0: member of bond0; renamed live only, the rest is left to the network service"});
}

TEST_CASE("plan_live: routes, IPv6 metric and global routes") {
  NetworkState st;
  auto e0 = iface("eth0", kMacA, {static_subnet("10.1.1.1", 16, "10.1.0.254"), static_subnet("2001:db8::1", 64, "2001:db8::fe")});
  Route r;
  r.to = ip("10.20.0.0");
  r.prefix = 16;
  r.via = ip("10.1.0.1");
  r.metric = 100;
  r.table = 5;
  e0.subnets[0].routes = {r};
  auto e1 = iface("eth1", kMacB, {static_subnet("198.51.100.10", 24, "198.51.100.1")});
  e1.default_route = false;
  st.interfaces = {e0, e1};
  Route global;
  global.to = ip("10.30.0.0");
  global.prefix = 16;
  global.via = ip("198.51.100.2");
  Route orphan = global;
  orphan.via = ip("10.99.0.1");
  st.routes = {global, orphan};
  auto k = lo_and({nic(2, "eth0", kMacA, true), nic(3, "eth1", kMacB, true)});
  k.links[1].addresses = {{ip("10.1.1.1"), 16, true, false}, {ip("2001:db8::1"), 64, true, false}};
  k.links[2].addresses = {{ip("198.51.100.10"), 24, true, false}};
  auto p = plan_live(st, k);
  CHECK(texts(p) == std::vector<std::string>{
                        "route default via 10.1.0.254 dev eth0",
                        "route 10.20.0.0/16 via 10.1.0.1 dev eth0 metric 100 table 5",
                        "route default via 2001:db8::fe dev eth0",
                        "route 10.30.0.0/16 via 198.51.100.2 dev eth1",
                    });
  CHECK(p.steps[2].route.metric == kIpv6DefaultMetric);
  CHECK(p.notes == std::vector<std::string>{
                       "route 10.30.0.0/16 via 10.99.0.1: no configured interface's subnet holds its gateway; not set live"});
}

TEST_CASE("plan_live: a second default route with the same metric is a note, not a flip-flop") {
  NetworkState st;
  st.interfaces = {iface("eth0", kMacA, {static_subnet("10.1.1.1", 16, "10.1.0.254")}),
                   iface("eth1", kMacB, {static_subnet("198.51.100.10", 24, "198.51.100.1")})};
  auto k = lo_and({nic(2, "eth0", kMacA, true), nic(3, "eth1", kMacB, true)});
  auto p = plan_live(st, k);
  CHECK(texts(p) == std::vector<std::string>{"add 10.1.1.1/16 on eth0", "add 198.51.100.10/24 on eth1",
                                             "route default via 10.1.0.254 dev eth0"});
  CHECK(p.notes == std::vector<std::string>{
                       "eth1: route default via 198.51.100.1 dev eth1 not set live: eth0 already has that destination and metric"});
}

TEST_CASE("plan_live: an interface without a MAC is matched by name, IPoIB by its GUID") {
  NetworkState st;
  auto ib = iface("ib0", "a0:00:02:20:fe:80:00:00");
  ib.kind = LinkKind::Infiniband;
  st.interfaces = {iface("eth0", "", {static_subnet("10.1.1.1", 16)}), ib};
  auto ib_link = nic(3, "ibp1s0", "80:00:00:48:fe:80:00:00:00:00:00:00:a0:00:02:20:fe:80:00:00");
  ib_link.infiniband = true;
  auto p = plan_live(st, lo_and({nic(2, "eth0", kMacC, true), ib_link}));
  CHECK(texts(p) == std::vector<std::string>{
                        "rename 80:00:00:48:fe:80:00:00:00:00:00:00:a0:00:02:20:fe:80:00:00 ibp1s0 \u2192 ib0",
                        "add 10.1.1.1/16 on eth0",
                    });
}
