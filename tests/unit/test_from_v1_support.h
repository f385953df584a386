#pragma once
// Shared by test_from_v1/v2/network_data: run a converter expecting an
// InputError, read corpus files, find interfaces by name.
#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>
#include <functional>
#include <sstream>
#include <string>

#include "agent/error.h"
#include "netconf/inputs.h"

namespace inputs_test {

inline const std::filesystem::path kCorpus = std::filesystem::path(VC_SHARED_DIR) / "conformance" / "cloud-init";

inline std::string read_text(const std::filesystem::path& p) {
  std::ifstream in(p, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

inline vc::InputError rejected(const std::function<void()>& convert) {
  try {
    convert();
  } catch (const vc::InputError& e) {
    return e;
  }
  FAIL("expected an InputError");
  throw std::logic_error("unreachable");
}

inline const vc::netconf::Interface& iface(const vc::netconf::NetworkState& s, const std::string& name) {
  for (const auto& i : s.interfaces) {
    if (i.name == name) return i;
  }
  FAIL("no interface " << name);
  throw std::logic_error("unreachable");
}

inline std::string ip(const vc::netconf::IpAddress& a) { return a.str(); }
inline std::string cidr(const vc::netconf::Address& a) { return a.ip.str() + "/" + std::to_string(a.prefix); }
inline std::string route_text(const vc::netconf::Route& r) {
  std::string s = r.to.str() + "/" + std::to_string(r.prefix);
  if (r.via) s += " via " + r.via->str();
  if (r.metric) s += " metric " + std::to_string(*r.metric);
  return s;
}

// Every YAML input of the corpus cases with the given version.
inline std::vector<std::filesystem::path> case_inputs(int version) {
  std::vector<std::filesystem::path> out;
  for (const auto& dir : std::filesystem::directory_iterator(kCorpus / "cases")) {
    for (const auto& f : std::filesystem::directory_iterator(dir.path())) {
      const std::string name = f.path().filename().string();
      if (name.rfind("input", 0) != 0 || f.path().extension() != ".yaml") continue;
      const std::string text = read_text(f.path());
      if (text.find("version: " + std::to_string(version)) != std::string::npos) out.push_back(f.path());
    }
  }
  std::sort(out.begin(), out.end());
  return out;
}

// Each converts without an error and yields at least one interface.
inline void check_case_inputs_convert(int version) {
  const auto inputs = case_inputs(version);
  CHECK(inputs.size() >= 20);
  for (const auto& p : inputs) {
    INFO(p.string());
    std::vector<std::string> warnings;
    vc::netconf::NetworkState s;
    REQUIRE_NOTHROW(s = vc::netconf::from_network_config(read_text(p), p.string(), &warnings, version));
    CHECK_FALSE(s.interfaces.empty());
  }
}

}  // namespace inputs_test

#define REJECTS_AT(call, line_, where_, part)                               \
  do {                                                                      \
    const vc::InputError e_ = inputs_test::rejected([&] { (void)(call); }); \
    INFO(e_.message());                                                     \
    CHECK(e_.line() == (line_));                                            \
    CHECK(e_.where() == std::string(where_));                               \
    CHECK_THAT(e_.what(), Catch::Contains(part));                           \
  } while (0)
