// Comparators for netplan (YAML trees) and ENI (ifupdown stanzas).
#include <algorithm>
#include <set>
#include <sstream>

#include <yaml-cpp/yaml.h>

#include "compare.h"
#include "netconf/address.h"

namespace vc::conformance {

namespace {

// netplan: a canonical text per node, maps by sorted key.
std::string canon(const YAML::Node& n);

std::string canon_map(const YAML::Node& n) {
  std::map<std::string, std::string> m;
  std::string via;
  if (n["via"] && n["via"].IsScalar()) via = n["via"].as<std::string>();
  for (const auto& kv : n) {
    const std::string key = kv.first.as<std::string>();
    std::string val = canon(kv.second);
    // netplan reads "default" as the family's 0/0.
    if (key == "to" && val == "default") {
      const auto gw = netconf::parse_ip(via);
      val = gw && gw->family == netconf::IpFamily::V6 ? "::/0" : "0.0.0.0/0";
    }
    m[key] = val;
  }
  std::string out = "{";
  for (const auto& [k, v] : m) out += k + ": " + v + ", ";
  return out + "}";
}

std::string canon(const YAML::Node& n) {
  switch (n.Type()) {
    case YAML::NodeType::Map: return canon_map(n);
    case YAML::NodeType::Sequence: {
      std::string out = "[";
      for (const auto& e : n) out += canon(e) + ", ";
      return out + "]";
    }
    case YAML::NodeType::Scalar: return canonical_value(n.as<std::string>());
    default: return "~";
  }
}

void diff_yaml(const std::string& path, const YAML::Node& a, const YAML::Node& b, Verdict& v) {
  if (canon(a) == canon(b)) return;
  if (a.IsMap() && b.IsMap()) {
    std::set<std::string> keys;
    for (const auto& kv : a) keys.insert(kv.first.as<std::string>());
    for (const auto& kv : b) keys.insert(kv.first.as<std::string>());
    for (const auto& k : keys) {
      if (!a[k]) v.differ(path + "." + k + ": extra " + canon(b[k]));
      else if (!b[k]) v.differ(path + "." + k + ": missing " + canon(a[k]));
      else diff_yaml(path + "." + k, a[k], b[k], v);
    }
    return;
  }
  v.differ(path + ": " + canon(b) + ", expected " + canon(a));
}

std::vector<std::string> words(const std::string& line) {
  std::istringstream in(line);
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(w);
  return out;
}

struct Eni {
  std::set<std::string> marks;                             // "auto eth0", "allow-hotplug eth1"
  std::map<std::string, std::vector<std::string>> stanzas;  // "eth0#1" → header, then sorted options
  std::multiset<std::string> global;                       // flush-left option lines after the stanzas
};

// ifupdown reads "address A" + "netmask M" as A with M's prefix.
void merge_netmask(std::vector<std::string>& opts) {
  auto nm = std::find_if(opts.begin(), opts.end(), [](const std::string& o) { return o.rfind("netmask ", 0) == 0; });
  auto ad = std::find_if(opts.begin(), opts.end(), [](const std::string& o) { return o.rfind("address ", 0) == 0; });
  if (nm == opts.end() || ad == opts.end() || ad->find('/') != std::string::npos) return;
  if (auto p = netconf::parse_netmask(nm->substr(8))) {
    *ad += "/" + std::to_string(*p);
    opts.erase(nm);
  }
}

// ifupdown hands every option to the if-up.d scripts (ifenslave, bridge-utils,
// vlan, resolvconf) as IF_<NAME> with '-' turned into '_' (interfaces(5)), so
// for those scripts' options bond_miimon and bond-miimon are the same line.
// ifupdown's own options (address, accept_ra, …) are matched by exact name.
void hook_option_spelling(std::vector<std::string>& w) {
  static const char* const kHookPrefixes[] = {"bond_", "bridge_", "vlan_", "dns_"};
  for (const char* p : kHookPrefixes)
    if (w[0].rfind(p, 0) == 0) std::replace(w[0].begin(), w[0].end(), '_', '-');
}

// interfaces(5) (ifupdown 0.8.41) gives accept_ra a default for two inet6
// methods: "dhcp" 1, "auto" 2. ifupdown applies that value when the option is
// absent, so spelling the default out is the same configuration. (A name
// ifupdown did not know would be ignored and leave the same default, so both
// spellings are covered.)
void drop_default_accept_ra(std::vector<std::string>& stanza) {
  const char* def = stanza[0] == "iface inet6 dhcp" ? "1" : stanza[0] == "iface inet6 auto" ? "2" : nullptr;
  if (!def) return;
  std::erase_if(stanza, [&](const std::string& o) {
    return o == std::string("accept-ra ") + def || o == std::string("accept_ra ") + def;
  });
}

Eni parse_eni(const std::string& text) {
  Eni e;
  std::istringstream in(text);
  std::map<std::string, int> count;
  std::string current;
  for (std::string line; std::getline(in, line);) {
    auto w = words(line);
    if (w.empty() || w[0][0] == '#') continue;
    if (w[0] == "auto" || w[0] == "allow-hotplug" || w[0] == "allow-auto") {
      for (std::size_t k = 1; k < w.size(); ++k) e.marks.insert((w[0] == "allow-auto" ? "auto" : w[0]) + " " + w[k]);
      continue;
    }
    if (w[0] == "source" || w[0] == "source-directory") continue;
    hook_option_spelling(w);
    std::string norm;
    for (const auto& x : w) norm += (norm.empty() ? "" : " ") + x;
    norm = canonical_value(norm);
    if (w[0] == "iface" && w.size() >= 4) {
      current = w[1] + "#" + std::to_string(count[w[1]]++);
      e.stanzas[current] = {"iface " + w[2] + " " + w[3]};
      continue;
    }
    if (line[0] != ' ' && line[0] != '\t') {
      e.global.insert(norm);
      continue;
    }
    if (!current.empty()) e.stanzas[current].push_back(norm);
  }
  for (auto& [_, s] : e.stanzas) {
    drop_default_accept_ra(s);
    std::vector<std::string> opts(s.begin() + 1, s.end());
    merge_netmask(opts);
    std::sort(opts.begin(), opts.end());
    s.resize(1);
    s.insert(s.end(), opts.begin(), opts.end());
  }
  return e;
}

}  // namespace

Verdict compare_netplan(const std::string& expected, const std::string& ours) {
  Verdict v;
  try {
    diff_yaml("", YAML::Load(expected), YAML::Load(ours), v);
  } catch (const YAML::Exception& ex) {
    v.differ(std::string("YAML: ") + ex.what());
  }
  return v;
}

Verdict compare_eni(const std::string& expected, const std::string& ours) {
  Verdict v;
  const Eni a = parse_eni(expected), b = parse_eni(ours);
  for (const auto& m : a.marks)
    if (!b.marks.count(m)) v.differ("missing '" + m + "'");
  for (const auto& m : b.marks)
    if (!a.marks.count(m)) v.differ("extra '" + m + "'");
  for (const auto& [k, s] : a.stanzas) {
    auto it = b.stanzas.find(k);
    if (it == b.stanzas.end()) {
      v.differ("missing stanza " + k + ": " + s[0]);
      continue;
    }
    if (it->second[0] != s[0]) v.differ(k + ": '" + it->second[0] + "', expected '" + s[0] + "'");
    std::multiset<std::string> want(s.begin() + 1, s.end()), got(it->second.begin() + 1, it->second.end());
    for (const auto& o : want)
      if (got.count(o) < want.count(o)) v.differ(k + ": missing '" + o + "'");
    for (const auto& o : got)
      if (want.count(o) < got.count(o)) v.differ(k + ": extra '" + o + "'");
  }
  for (const auto& [k, s] : b.stanzas)
    if (!a.stanzas.count(k)) v.differ("extra stanza " + k + ": " + s[0]);
  if (a.global != b.global) v.differ("global route lines differ");
  return v;
}

}  // namespace vc::conformance
