#pragma once
// Internal to the spec parser (spec.cpp, spec_checks.cpp): a YAML node with its
// key path and line, so every message can say where the problem is.
#include <yaml-cpp/yaml.h>

#include <charconv>
#include <initializer_list>
#include <set>
#include <string>

#include "agent/error.h"
#include "host/spec.h"
#include "netconf/address.h"

namespace vc::host {

// A value as it may appear in a message: control characters escaped, so a
// newline in the spec cannot make the message look like two.
std::string printable(std::string_view s);

struct At {
  const SpecSource& src;
  YAML::Node node;
  std::string path;
  int parent_line = 0;  // where a missing key's parent is

  int line() const {
    if (!node.IsDefined()) return parent_line;
    const int l = node.Mark().line;
    return l >= 0 ? l + 1 : parent_line;
  }
  [[noreturn]] void fail(const std::string& what) const { throw InputError(src.file, line(), path, what); }

  At operator[](const std::string& key) const {
    return At{src, node.IsMap() ? node[key] : YAML::Node(), path.empty() ? key : path + "." + key, line()};
  }
  bool has(const std::string& key) const { return node.IsMap() && node[key] && !node[key].IsNull(); }
  // "frontend.public.mac (line 4)": another place a message points to.
  std::string ref() const { return path + " (line " + std::to_string(line()) + ")"; }

  void only_keys(std::initializer_list<const char*> allowed) const {
    if (!node.IsMap()) fail("expected a mapping");
    const std::set<std::string> ok(allowed.begin(), allowed.end());
    for (const auto& kv : node) {
      const auto k = kv.first.as<std::string>();
      if (!ok.count(k)) At{src, kv.first, path.empty() ? k : path + "." + k, line()}.fail("unknown key");
    }
  }
  std::string str() const {
    if (!node || node.IsNull()) fail("missing");
    if (!node.IsScalar()) fail("expected a scalar");
    return node.Scalar();
  }
  int integer(int lo, int hi) const {
    const std::string s = str();
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
      fail("'" + printable(s) + "' is not an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }
  netconf::IpAddress ip() const {
    auto v = netconf::parse_ip(str());
    if (!v || v->family != netconf::IpFamily::V4) fail("'" + printable(str()) + "' is not an IPv4 address");
    return *v;
  }
};

// yaml-cpp keeps a repeated key and lookups see only the first, so `cluster: a`
// then `cluster: b` would silently mean a: every mapping in the document is
// walked and a key given twice is an error naming both lines.
void refuse_repeated_keys(const SpecSource& src, const YAML::Node& node, const std::string& path);

// Whole-cluster checks on a resolved spec: unique names, MACs and addresses,
// host addresses, the gateway in the public subnet. `top` is the document.
void check_cluster(const ClusterSpec& c, const At& top);

}  // namespace vc::host
