// Routing-policy rules: v2 `routing-policy` into the model, and each
// renderer's form (networkd [RoutingPolicyRule], netplan routing-policy, NM
// routing-ruleN, ifcfg rule-/rule6-, SUSE ifrule-, ENI post-up ip rule).
#include <catch2/catch.hpp>

#include "agent/error.h"
#include "netconf/inputs.h"
#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;

namespace {

const char* kDoc = R"(version: 2
ethernets:
  eth0:
    addresses: [192.0.2.10/24, 2001:db8::10/64]
    routing-policy:
      - from: 192.0.2.10
        to: 203.0.113.100
        table: 10
        priority: 100
      - from: 203.0.113.101/24
        table: 70
        mark: 16
        type-of-service: 8
      - from: 2001:db8::10/128
        table: 20
        priority: 50
)";

NetworkState state() { return from_network_config(kDoc, "nc.yaml", nullptr, 2); }

std::string file(const std::vector<RenderedFile>& files, const std::string& suffix) {
  return test::file_ending(files, suffix);
}

bool has(const std::string& text, const std::string& part) { return test::contains(text, part); }

}  // namespace

TEST_CASE("v2 routing-policy converts into rules as written") {
  const auto s = state();
  REQUIRE(s.interfaces.size() == 1);
  const auto& rules = s.interfaces[0].rules;
  REQUIRE(rules.size() == 3);
  CHECK(rules[0].from->ip.str() == "192.0.2.10");
  CHECK_FALSE(rules[0].from->prefix);
  CHECK(rules[0].to->ip.str() == "203.0.113.100");
  CHECK(rules[0].table == 10);
  CHECK(rules[0].priority == 100);
  CHECK(rules[1].from->prefix == 24);  // host bits kept: 203.0.113.101/24
  CHECK(rules[1].from->ip.str() == "203.0.113.101");
  CHECK(rules[1].mark == 16);
  CHECK(rules[1].tos == 8);
  CHECK_FALSE(rules[1].priority);
  CHECK(rules[2].family() == IpFamily::V6);
}

TEST_CASE("v2 routing-policy: bad rules are rejected with their key path") {
  auto bad = [](const std::string& rule) {
    return "version: 2\nethernets:\n  eth0:\n    dhcp4: true\n    routing-policy:\n      - " + rule + "\n";
  };
  CHECK_THROWS_WITH(from_network_config(bad("{table: 10}"), "nc.yaml"), Catch::Contains("needs from: or to:"));
  CHECK_THROWS_WITH(from_network_config(bad("{from: 10.0.0.1, to: '2001:db8::1'}"), "nc.yaml"),
                    Catch::Contains("different address families"));
  auto where = [&](const std::string& rule) {
    try {
      from_network_config(bad(rule), "nc.yaml");
    } catch (const vc::InputError& e) {
      return e.message();
    }
    return std::string("no error");
  };
  CHECK(where("{from: 10.0.0.300}") == "nc.yaml:6: ethernets.eth0.routing-policy[0].from: "
                                         "'10.0.0.300' is not an IPv4 or IPv6 address");
  CHECK(has(where("{from: 10.0.0.1, type-of-service: 256}"), "routing-policy[0].type-of-service: 256 is out of range"));
  std::vector<std::string> warnings;
  from_network_config(bad("{from: 10.0.0.1, iif: eth1}"), "nc.yaml", &warnings);
  REQUIRE(warnings.size() == 1);
  CHECK(has(warnings[0], "iif"));
}

TEST_CASE("networkd writes one [RoutingPolicyRule] per rule") {
  const std::string net = file(render_networkd(state()), "eth0.network");
  CHECK(has(net, "\n[RoutingPolicyRule]\nFrom=192.0.2.10\nTo=203.0.113.100\nTable=10\nPriority=100\n"));
  CHECK(has(net, "\n[RoutingPolicyRule]\nFrom=203.0.113.101/24\nTable=70\nFirewallMark=16\nTypeOfService=8\n"));
  CHECK(has(net, "\n[RoutingPolicyRule]\nFrom=2001:db8::10/128\nTable=20\nPriority=50\n"));
}

TEST_CASE("netplan writes routing-policy back") {
  const std::string yaml = render_netplan(state()).at(0).content;
  CHECK(has(yaml, "      routing-policy:\n"
                  "      - from: 192.0.2.10\n        to: 203.0.113.100\n        table: 10\n        priority: 100\n"
                  "      - from: 203.0.113.101/24\n        table: 70\n        mark: 16\n        type-of-service: 8\n"));
  // It round-trips through the converter.
  const auto again = from_network_config(yaml, "50-vc-agent.yaml", nullptr, 2);
  CHECK(again.interfaces.at(0).rules == state().interfaces.at(0).rules);
}

TEST_CASE("NM writes routing-ruleN per family, numbering the unnumbered") {
  const std::string nm = file(render_nm(state()), "vc-agent-eth0.nmconnection");
  const auto v4 = nm.find("[ipv4]"), v6 = nm.find("[ipv6]");
  REQUIRE(v4 != std::string::npos);
  REQUIRE(v6 != std::string::npos);
  const std::string ipv4 = nm.substr(v4, v6 > v4 ? v6 - v4 : std::string::npos);
  CHECK(has(ipv4, "routing-rule1=priority 100 from 192.0.2.10 to 203.0.113.100 table 10\n"));
  CHECK(has(ipv4, "routing-rule2=priority 32765 from 203.0.113.101/24 tos 0x8 fwmark 0x10/0xffffffff table 70\n"));
  CHECK(has(nm.substr(v6), "routing-rule1=priority 50 from 2001:db8::10/128 table 20\n"));
}

TEST_CASE("ifcfg-rhel writes rule- and rule6- files") {
  const auto files = render_ifcfg(state(), IfcfgFlavor::Rhel);
  const std::string rule4 = file(files, "/network-scripts/rule-eth0");
  CHECK(has(rule4, "\npriority 100 from 192.0.2.10 to 203.0.113.100 table 10\n"));
  CHECK(has(rule4, "\npriority 32765 from 203.0.113.101/24 tos 0x8 fwmark 0x10/0xffffffff table 70\n"));
  CHECK_FALSE(has(rule4, "2001:db8"));
  CHECK(has(file(files, "/network-scripts/rule6-eth0"), "\npriority 50 from 2001:db8::10/128 table 20\n"));
}

TEST_CASE("ENI adds and deletes the rules with the interface's first stanza") {
  const std::string eni = render_eni(state()).at(0).content;
  CHECK(has(eni, "post-up ip rule add priority 100 from 192.0.2.10 to 203.0.113.100 table 10 || true\n"));
  CHECK(has(eni, "pre-down ip rule del priority 100 from 192.0.2.10 to 203.0.113.100 table 10 || true\n"));
  // No priority given: the kernel picks one, as it would for `ip rule add`.
  CHECK(has(eni, "post-up ip rule add from 203.0.113.101/24 tos 0x8 fwmark 0x10/0xffffffff table 70 || true\n"));
  CHECK(has(eni, "post-up ip -family inet6 rule add priority 50 from 2001:db8::10/128 table 20 || true\n"));
  // All on the first stanza (inet static), none on the inet6 one.
  const auto inet6 = eni.find("iface eth0 inet6");
  REQUIRE(inet6 != std::string::npos);
  CHECK_FALSE(has(eni.substr(inet6), "rule"));
}

TEST_CASE("unprioritised rules across interfaces count down from 32765 in input order") {
  const auto s = from_network_config(R"(version: 2
ethernets:
  eth1:
    dhcp4: true
    routing-policy: [{from: 10.0.1.0/24, table: 1}]
  eth0:
    dhcp4: true
    routing-policy: [{from: 10.0.0.0/24, table: 2}, {from: 10.0.2.0/24, table: 3, priority: 7}, {to: 10.9.0.0/16, table: 4}]
)",
                                     "nc.yaml", nullptr, 2);
  const auto files = render_ifcfg(s, IfcfgFlavor::Rhel);
  CHECK(has(file(files, "rule-eth1"), "priority 32765 from 10.0.1.0/24 table 1\n"));
  const std::string eth0 = file(files, "rule-eth0");
  CHECK(has(eth0, "priority 32764 from 10.0.0.0/24 table 2\n"));
  CHECK(has(eth0, "priority 7 from 10.0.2.0/24 table 3\n"));
  CHECK(has(eth0, "priority 32763 to 10.9.0.0/16 table 4\n"));
}

TEST_CASE("ifcfg-suse writes ifrule-<if>: ip rule arguments led by the family, priority only if given") {
  const auto files = render_ifcfg(state(), IfcfgFlavor::Suse);
  const std::string rules = file(files, "/etc/sysconfig/network/ifrule-eth0");
  CHECK(has(rules, "\nipv4 priority 100 from 192.0.2.10 to 203.0.113.100 table 10\n"));
  CHECK(has(rules, "\nipv4 from 203.0.113.101/24 tos 0x8 fwmark 0x10/0xffffffff table 70\n"));
  CHECK(has(rules, "\nipv6 priority 50 from 2001:db8::10/128 table 20\n"));
  // Every non-comment line is a rule of one of the two families.
  std::size_t pos = 0;
  while ((pos = rules.find('\n', pos)) != std::string::npos && ++pos < rules.size())
    if (rules[pos] != '#') CHECK((rules.compare(pos, 5, "ipv4 ") == 0 || rules.compare(pos, 5, "ipv6 ") == 0));
}

TEST_CASE("ifcfg-suse writes no ifrule file for an interface without rules") {
  const auto s = from_network_config("version: 2\nethernets:\n  eth0:\n    dhcp4: true\n", "nc.yaml", nullptr, 2);
  for (const auto& f : render_ifcfg(s, IfcfgFlavor::Suse)) CHECK(f.path.find("ifrule-") == std::string::npos);
}
