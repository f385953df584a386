// Routing-policy rules (`ip rule`) in the forms the renderers need: `ip rule`
// words (ENI post-up, ifcfg rule-/rule6- files, NM routing-ruleN), a networkd
// [RoutingPolicyRule] section, and the priority a backend that demands one
// (NetworkManager, and NM's ifcfg-rh reader) gets when the input gave none.
#include <cstdio>

#include "netconf/render_util.h"

namespace vc::netconf::render {

std::string rule_prefix(const RulePrefix& p) {
  return p.ip.str() + (p.prefix ? "/" + std::to_string(*p.prefix) : "");
}

namespace {

std::string hex(unsigned long v) {
  char buf[24];
  std::snprintf(buf, sizeof buf, "0x%lx", v);
  return buf;
}

}  // namespace

// The kernel numbers a rule added without a priority one below the lowest it
// has (32765 on a fresh system, then 32764…). A backend that needs an explicit
// one gets the same sequence over the whole state, in input order, so rules
// keep the order they were written in.
int rule_priority(const NetworkState& state, const Interface& iface, std::size_t index) {
  if (iface.rules.at(index).priority) return *iface.rules[index].priority;
  int unnumbered = 0;
  for (const auto& i : state.interfaces) {
    for (std::size_t k = 0; k < i.rules.size(); ++k) {
      if (&i == &iface && k == index) return 32765 - unnumbered;
      if (!i.rules[k].priority) ++unnumbered;
    }
  }
  return 32765 - unnumbered;
}

std::string rule_words(const RoutingRule& r, std::optional<int> priority) {
  std::string out;
  if (priority) out += " priority " + std::to_string(*priority);
  if (r.from) out += " from " + rule_prefix(*r.from);
  if (r.to) out += " to " + rule_prefix(*r.to);
  if (r.tos) out += " tos " + hex(static_cast<unsigned long>(*r.tos));
  // An exact match, as `ip rule ... fwmark M` means; NM wants the mask spelt out.
  if (r.mark) out += " fwmark " + hex(static_cast<unsigned long>(*r.mark)) + "/0xffffffff";
  if (r.table) out += " table " + std::to_string(*r.table);
  return out.empty() ? out : out.substr(1);
}

std::string networkd_rule_section(const RoutingRule& r) {
  std::string out = "\n[RoutingPolicyRule]\n";
  if (r.from) out += "From=" + rule_prefix(*r.from) + "\n";
  if (r.to) out += "To=" + rule_prefix(*r.to) + "\n";
  if (r.table) out += "Table=" + std::to_string(*r.table) + "\n";
  if (r.priority) out += "Priority=" + std::to_string(*r.priority) + "\n";
  if (r.mark) out += "FirewallMark=" + std::to_string(*r.mark) + "\n";
  if (r.tos) out += "TypeOfService=" + std::to_string(*r.tos) + "\n";
  return out;
}

}  // namespace vc::netconf::render
