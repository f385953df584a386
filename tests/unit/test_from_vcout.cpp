// vc-out NICs → NetworkState: names (positional, bound by MAC), the
// gateway's NIC, DNS and the warnings that explain each fallback.
#include <catch2/catch.hpp>

#include "netconf/from_vcout.h"
#include "netconf/render.h"
#include "netconf/render_util.h"

using namespace vc;
using namespace vc::netconf;

namespace {

IpAddress ip(const char* text) {
  auto v = parse_ip(text);
  REQUIRE(v);
  return *v;
}

Nic nic(std::string network, const char* addr, int prefix, std::string mac, int line, int mtu = 1500) {
  Nic n;
  n.network = std::move(network);
  n.ip = ip(addr);
  n.prefix = prefix;
  n.mac = std::move(mac);
  n.mtu = mtu;
  n.line = line;
  return n;
}

const char* kPrivMac = "52:54:00:00:00:01";
const char* kPubMac = "52:54:00:00:00:02";
const char* kOfMac = "52:54:00:00:00:03";

// Frontend as G1 pragma_boot writes it; openflow first to show order rules.
Model fe_model() {
  Model m;
  m.role = Role::Frontend;
  m.nics = {nic("openflow", "10.102.0.10", 24, kOfMac, 4, 9000), nic("private", "10.1.1.1", 16, kPrivMac, 5),
            nic("public", "198.51.100.50", 24, kPubMac, 6)};
  m.gateway = ip("198.51.100.1");
  m.dns = {ip("8.8.8.8"), ip("1.1.1.1")};
  return m;
}

LinkTable links(std::map<std::string, std::string> by_mac) {
  LinkTable t;
  t.available = true;
  t.by_mac = std::move(by_mac);
  return t;
}

std::optional<IpAddress> gateway4(const Interface& i) { return render::gateway_of(i, IpFamily::V4); }
std::optional<IpAddress> gateway6(const Interface& i) { return render::gateway_of(i, IpFamily::V6); }

std::vector<std::string> names(const NetworkState& s) {
  std::vector<std::string> out;
  for (const auto& i : s.interfaces) out.push_back(i.name);
  return out;
}

}  // namespace

TEST_CASE("from_vcout: NICs found by MAC get their positional names, document order kept, no warnings") {
  std::vector<std::string> warnings;
  const auto s = from_vcout(fe_model(), links({{kPrivMac, "ens3"}, {kPubMac, "ens4"}, {kOfMac, "ens5"}}), &warnings);
  // pragma's names whatever the kernel called them: private eth0, public eth1, the rest from eth2.
  CHECK(names(s) == std::vector<std::string>{"eth2", "eth0", "eth1"});
  for (const auto& i : s.interfaces) CHECK_FALSE(i.name_is_guess);  // renamed live and at boot
  CHECK(warnings.empty());
  const Interface& pub = s.interfaces[2];
  CHECK(pub.mac == kPubMac);
  CHECK(pub.mtu == 1500);
  CHECK(render::all_addresses(pub) == std::vector<Address>{{ip("198.51.100.50"), 24}});
  CHECK(pub.subnets.size() == 1);
  CHECK(pub.subnets[0].kind == SubnetKind::Static);
  CHECK(pub.label == "vc-out <public>");
  CHECK(s.interfaces[0].mtu == 9000);
  CHECK(s.label == "vc-out.xml");
  CHECK(s.dns == std::vector<IpAddress>{ip("8.8.8.8"), ip("1.1.1.1")});
  CHECK(s.search == std::vector<std::string>{"local"});
}

TEST_CASE("from_vcout: unknown MACs fall back to positional names with a warning") {
  std::vector<std::string> warnings;
  const auto s = from_vcout(fe_model(), links({{"52:54:00:99:99:99", "eth0"}}), &warnings);
  // The kernel's eth0 belongs to a NIC vc-out.xml does not name, so it is not taken.
  CHECK(names(s) == std::vector<std::string>{"eth2", "eth0", "eth1"});
  CHECK(warnings == std::vector<std::string>{
                        "vc-out.xml:4: <openflow> NIC mac=52:54:00:00:00:03 not found among the kernel's "
                        "interfaces; configured as eth2 (matched by MAC at boot)",
                        "vc-out.xml:5: <private> NIC mac=52:54:00:00:00:01 not found among the kernel's "
                        "interfaces; configured as eth0 (matched by MAC at boot)",
                        "vc-out.xml:6: <public> NIC mac=52:54:00:00:00:02 not found among the kernel's "
                        "interfaces; configured as eth1 (matched by MAC at boot)"});
  CHECK(s.interfaces[1].mac == kPrivMac);  // kept: the renderers match by it at boot
}

TEST_CASE("from_vcout: the kernel's names do not move the positional ones") {
  std::vector<std::string> warnings;
  // The kernel calls the public NIC eth0: it is renamed to eth1 and private still gets eth0.
  const auto s = from_vcout(fe_model(), links({{kPubMac, "eth0"}, {kOfMac, "eth2"}}), &warnings);
  CHECK(names(s) == std::vector<std::string>{"eth2", "eth0", "eth1"});
  CHECK(s.interfaces[1].name_is_guess);  // not seen: bound by MAC alone
  CHECK_FALSE(s.interfaces[2].name_is_guess);
  REQUIRE(warnings.size() == 1);
  CHECK(warnings[0] ==
        "vc-out.xml:5: <private> NIC mac=52:54:00:00:00:01 not found among the kernel's interfaces; "
        "configured as eth0 (matched by MAC at boot)");
}

TEST_CASE("from_vcout: an extra network listed before <private> does not take eth0") {
  Model m = fe_model();
  m.nics.push_back(nic("storage", "10.103.0.10", 24, "52:54:00:00:00:04", 7));
  const auto s = from_vcout(m, links({}), nullptr);
  CHECK(names(s) == std::vector<std::string>{"eth2", "eth0", "eth1", "eth3"});
}

TEST_CASE("from_vcout: offline root and MAC-less NICs are named by position") {
  std::vector<std::string> warnings;
  Model m = fe_model();
  m.nics[0].mac.clear();
  const auto s = from_vcout(m, LinkTable{}, &warnings);
  CHECK(names(s) == std::vector<std::string>{"eth2", "eth0", "eth1"});
  CHECK(warnings == std::vector<std::string>{"vc-out.xml:4: offline root: NIC <openflow> named eth2 by position",
                                             "vc-out.xml:5: offline root: NIC <private> named eth0 by position",
                                             "vc-out.xml:6: offline root: NIC <public> named eth1 by position"});
  warnings.clear();
  from_vcout(m, links({{kPrivMac, "eth0"}, {kPubMac, "eth1"}}), &warnings);
  CHECK(warnings == std::vector<std::string>{"vc-out.xml:4: <openflow> NIC has no mac; configured as eth2 by position"});
  CHECK_NOTHROW(from_vcout(m, LinkTable{}, nullptr));
}

TEST_CASE("from_vcout: warnings name the input file the model was read from") {
  Model m = fe_model();
  m.source = "vcout:/srv/site/vc7-out.xml";
  std::vector<std::string> warnings;
  from_vcout(m, LinkTable{}, &warnings);
  REQUIRE(warnings.size() == 3);
  CHECK(warnings[0] == "/srv/site/vc7-out.xml:4: offline root: NIC <openflow> named eth2 by position");

  m.role = Role::Compute;
  m.gateway = ip("203.0.113.1");
  m.nics.erase(m.nics.begin() + 1);  // no <private>
  warnings.clear();
  from_vcout(m, links({}), &warnings);
  CHECK(warnings.back() ==
        "/srv/site/vc7-out.xml: gateway 203.0.113.1 is in no NIC's subnet and there is no <private> NIC; "
        "no default route is configured");
}

TEST_CASE("from_vcout: the gateway goes to the NIC whose subnet holds it") {
  Model m = fe_model();
  m.gateway = ip("10.1.0.1");  // in private's /16, though the FE's tag rule says public
  std::vector<std::string> warnings;
  const auto s = from_vcout(m, links({{kPrivMac, "eth0"}, {kPubMac, "eth1"}, {kOfMac, "eth2"}}), &warnings);
  CHECK(warnings.empty());
  CHECK(gateway4(s.interfaces[1]) == ip("10.1.0.1"));
  CHECK(s.interfaces[1].default_route);
  for (std::size_t k : {0u, 2u}) {
    CHECK_FALSE(gateway4(s.interfaces[k]));
    CHECK_FALSE(s.interfaces[k].default_route);
  }

  m.gateway = ip("198.51.100.1");
  const auto fe = from_vcout(m, links({}), nullptr);
  CHECK(gateway4(fe.interfaces[2]) == ip("198.51.100.1"));
  CHECK(fe.interfaces[2].default_route);
  CHECK_FALSE(fe.interfaces[0].default_route);
  CHECK_FALSE(fe.interfaces[1].default_route);
}

TEST_CASE("from_vcout: a gateway outside every subnet falls back to the tag rule") {
  std::vector<std::string> warnings;
  Model fe = fe_model();
  fe.gateway = ip("203.0.113.1");
  auto s = from_vcout(fe, links({{kPrivMac, "eth0"}, {kPubMac, "eth1"}, {kOfMac, "eth2"}}), &warnings);
  CHECK(gateway4(s.interfaces[2]) == ip("203.0.113.1"));  // FE: public
  CHECK_FALSE(s.interfaces[1].default_route);
  CHECK(warnings == std::vector<std::string>{
                        "vc-out.xml:6: gateway 203.0.113.1 is in no NIC's subnet; put on <public> as vc-out-parser did"});

  Model cn = fe_model();
  cn.role = Role::Compute;
  cn.gateway = ip("203.0.113.1");
  s = from_vcout(cn, links({}), nullptr);
  CHECK(gateway4(s.interfaces[1]) == ip("203.0.113.1"));  // CN: private
  CHECK_FALSE(s.interfaces[2].default_route);

  warnings.clear();
  cn.nics.erase(cn.nics.begin() + 1);  // no <private> at all
  s = from_vcout(cn, links({}), &warnings);
  for (const auto& i : s.interfaces) CHECK_FALSE(i.default_route);
  CHECK(warnings.back() ==
        "vc-out.xml: gateway 203.0.113.1 is in no NIC's subnet and there is no <private> NIC; "
        "no default route is configured");
}

TEST_CASE("from_vcout: no gateway in the input leaves only the tag NIC routable, IPv6 gateway") {
  Model m = fe_model();
  m.gateway.reset();
  auto s = from_vcout(m, links({}), nullptr);
  CHECK(s.interfaces[2].default_route);
  CHECK_FALSE(gateway4(s.interfaces[2]));
  CHECK_FALSE(s.interfaces[1].default_route);

  m.nics[2] = nic("public", "2001:db8::50", 64, kPubMac, 6);
  m.gateway = ip("2001:db8::1");
  s = from_vcout(m, links({}), nullptr);
  CHECK(gateway6(s.interfaces[2]) == ip("2001:db8::1"));
  CHECK_FALSE(gateway4(s.interfaces[2]));
}

TEST_CASE("from_vcout: a gateway of the other family becomes a default route on the tag NIC") {
  Model m = fe_model();
  m.gateway = ip("2001:db8::1");  // the public NIC is IPv4 only
  const auto s = from_vcout(m, links({}), nullptr);
  const Interface& pub = s.interfaces[2];
  CHECK_FALSE(pub.subnets[0].gateway);
  REQUIRE(pub.routes.size() == 1);
  CHECK(pub.routes[0].to == ip("::"));
  CHECK(pub.routes[0].prefix == 0);
  CHECK(pub.routes[0].via == ip("2001:db8::1"));
  CHECK_FALSE(pub.routes[0].metric);
}

TEST_CASE("from_vcout → ifcfg: a compute gets vc-out-parser's files") {
  Model cn;
  cn.role = Role::Compute;
  cn.nics = {nic("private", "10.1.255.254", 16, "7a:77:6e:40:00:0a", 3)};
  cn.gateway = ip("10.1.1.1");
  cn.dns = {ip("10.1.1.1")};
  const auto files = render_ifcfg(from_vcout(cn, links({{"7a:77:6e:40:00:0a", "eth0"}}), nullptr), IfcfgFlavor::Rhel);
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "/etc/sysconfig/network-scripts/ifcfg-eth0");
  CHECK(files[0].content ==
        "# Written by vc-agent from vc-out <private>; edits are replaced on the next run\n"
        "DEVICE=eth0\nIPADDR=10.1.255.254\nNETMASK=255.255.0.0\nBOOTPROTO=none\nONBOOT=yes\nMTU=1500\n"
        "HWADDR=7a:77:6e:40:00:0a\nGATEWAY=10.1.1.1\nDEFROUTE=yes\nTYPE=Ethernet\nUSERCTL=no\n");
}
