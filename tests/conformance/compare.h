#pragma once
// Semantic comparison of rendered network files with cloud-init's expected
// ones: each format is parsed into what its reader sees, so formatting, key
// order, comments and branding (ids, UUIDs, header lines) do not count, while
// every key, value and section does.
#include <map>
#include <string>
#include <vector>

namespace vc::conformance {

// relative file name → content
using Files = std::map<std::string, std::string>;

struct Verdict {
  bool equal = true;
  std::vector<std::string> diffs;  // human-readable, first differences only
  void differ(std::string what) {
    equal = false;
    if (diffs.size() < 12) diffs.push_back(std::move(what));
  }
};

// A value with every IP address token in canonical form ("FEDC::1" → "fedc::1",
// "2001:DB8::1/64" → "2001:db8::1/64") and MACs lower-case, so case and
// zero-compression spelling are not differences.
std::string canonical_value(const std::string& value);

// ifcfg: shell KEY=value per file (quotes removed, comments ignored, empty
// values dropped); files that are not KEY=value (route6-*) as token lines.
Verdict compare_ifcfg(const Files& expected, const Files& ours);
// NM keyfiles as {section: {key: value}}; [user] and connection id/uuid are
// branding; UUID references (master=, parent=) are resolved to interface names.
Verdict compare_nm(const Files& expected, const Files& ours);
// networkd .network files: a multiset of sections, each a sorted list of lines.
Verdict compare_networkd(const Files& expected, const Files& ours);
// netplan: YAML trees; "to: default" equals "0.0.0.0/0" / "::/0".
Verdict compare_netplan(const std::string& expected, const std::string& ours);
// ENI: stanzas per interface in order (header + set of options), auto/hotplug
// marks, and the global post-up lines; address+netmask equals address/prefix.
Verdict compare_eni(const std::string& expected, const std::string& ours);

}  // namespace vc::conformance
