// cloud-init conformance: renders every (renderer, case, input) pair that
// cloud-init's own tests exercise (manifest.json upstream_tested_pairs) with
// our converters and renderers, and compares the result semantically with
// cloud-init's expected files. Prints one line per pair and a score per
// renderer; with --baseline, fails only when a pair listed there as passing
// no longer passes, so the score can only go up.
//
//   conformance_runner --corpus DIR [--baseline FILE] [--write-baseline FILE]
//                      [--verbose] [--only RENDERER]
#include <fstream>
#include <iostream>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "compare.h"
#include "netconf/inputs.h"
#include "netconf/render.h"

using namespace vc;
using conformance::Files;
using conformance::Verdict;

namespace {

std::string slurp(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) throw std::runtime_error("cannot read " + path);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

std::string basename(const std::string& p) { return p.substr(p.rfind('/') + 1); }

bool starts(const std::string& s, const std::string& p) { return s.rfind(p, 0) == 0; }
bool ends(const std::string& s, const std::string& x) {
  return s.size() >= x.size() && s.compare(s.size() - x.size(), x.size(), x) == 0;
}
std::string strip(const std::string& s, const std::string& pre, const std::string& suf) {
  return s.substr(pre.size(), s.size() - pre.size() - suf.size());
}

// Our files for one renderer, named as the expected ones are compared.
Files ours_for(const std::string& renderer, const std::vector<netconf::RenderedFile>& files) {
  Files out;
  for (const auto& f : files) {
    const std::string name = basename(f.path);
    if (renderer == "sysconfig-rhel" && starts(f.path, "/etc/sysconfig/network-scripts/")) out[name] = f.content;
    // cloud-init's opensuse renderer writes no ifroute files in any fixture
    // (it drops routes); ours are compared by the unit tests instead.
    if (renderer == "sysconfig-opensuse" && starts(f.path, "/etc/sysconfig/network/") && !starts(name, "ifroute-"))
      out[name] = f.content;
    if (renderer == "network-manager" && starts(name, "vc-agent-") && ends(name, ".nmconnection"))
      out[strip(name, "vc-agent-", ".nmconnection")] = f.content;
    if (renderer == "networkd" && starts(name, "10-vc-agent-") && ends(name, ".network"))
      out[strip(name, "10-vc-agent-", ".network")] = f.content;
    if (renderer == "netplan" || renderer == "eni") out[""] = f.content;
  }
  return out;
}

std::string expected_key(const std::string& renderer, const std::string& rel) {
  const std::string name = basename(rel);
  if (renderer == "network-manager") return strip(name, "cloud-init-", ".nmconnection");
  if (renderer == "networkd") return strip(name, "", ".network");
  return name;
}

std::vector<netconf::RenderedFile> render(const std::string& renderer, const netconf::NetworkState& s) {
  if (renderer == "sysconfig-rhel") return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Rhel);
  if (renderer == "sysconfig-opensuse") return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Suse);
  if (renderer == "network-manager") return netconf::render_nm(s);
  if (renderer == "networkd") return netconf::render_networkd(s);
  if (renderer == "netplan") return netconf::render_netplan(s);
  if (renderer == "eni") return netconf::render_eni(s);
  throw std::runtime_error("unknown renderer " + renderer);
}

Verdict run_pair(const std::string& corpus, const nlohmann::json& manifest, const nlohmann::json& pair) {
  const std::string renderer = pair["renderer"], name = pair["case"], input = pair["input"];
  const std::string dir = corpus + "/cases/" + name + "/";
  std::vector<std::string> warnings;
  const auto state = netconf::from_network_config(slurp(dir + input), "cases/" + name + "/" + input, &warnings);
  const Files ours = ours_for(renderer, render(renderer, state));
  Files expected;
  for (const auto& rel : manifest["cases"][name]["expected"][renderer]) {
    const std::string r = rel;
    if (renderer == "eni" && !ends(r, "eni-ip.txt")) continue;  // `ip` is available: eni-ip.txt
    expected[expected_key(renderer, r)] = slurp(dir + r);
  }
  if (renderer == "sysconfig-rhel" || renderer == "sysconfig-opensuse") return conformance::compare_ifcfg(expected, ours);
  if (renderer == "network-manager") return conformance::compare_nm(expected, ours);
  if (renderer == "networkd") return conformance::compare_networkd(expected, ours);
  const std::string mine = ours.count("") ? ours.at("") : "";
  const std::string want = expected.empty() ? "" : expected.begin()->second;
  return renderer == "netplan" ? conformance::compare_netplan(want, mine) : conformance::compare_eni(want, mine);
}

}  // namespace

int main(int argc, char** argv) {
  std::string corpus, baseline, write_baseline, only;
  bool verbose = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    auto next = [&]() -> std::string {
      if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
      return argv[++i];
    };
    if (a == "--corpus") corpus = next();
    else if (a == "--baseline") baseline = next();
    else if (a == "--write-baseline") write_baseline = next();
    else if (a == "--only") only = next();
    else if (a == "--verbose" || a == "-v") verbose = true;
    else {
      std::cerr << "usage: conformance_runner --corpus DIR [--baseline F] [--write-baseline F] [--only R] [-v]\n";
      return 2;
    }
  }
  const auto manifest = nlohmann::json::parse(slurp(corpus + "/manifest.json"));
  std::map<std::string, std::pair<int, int>> score;  // renderer → passed, total
  std::set<std::string> passed;
  for (const auto& pair : manifest["upstream_tested_pairs"]) {
    const std::string renderer = pair["renderer"];
    if (!only.empty() && renderer != only) continue;
    const std::string id = renderer + " " + std::string(pair["case"]) + " " + std::string(pair["input"]);
    Verdict v;
    try {
      v = run_pair(corpus, manifest, pair);
    } catch (const std::exception& ex) {
      v.differ(std::string("error: ") + ex.what());
    }
    auto& [ok, total] = score[renderer];
    ++total;
    if (v.equal) {
      ++ok;
      passed.insert(id);
    }
    const bool xfail = pair["status"] == "xfail";
    std::cout << (v.equal ? "PASS " : "FAIL ") << id << (xfail ? " (upstream xfail)" : "") << "\n";
    if (!v.equal && verbose)
      for (const auto& d : v.diffs) std::cout << "    " << d << "\n";
  }
  for (const auto& [renderer, s] : score)
    std::cout << "conformance: " << renderer << " " << s.first << "/" << s.second << " ("
              << (s.second ? 100 * s.first / s.second : 0) << "%)\n";
  if (!write_baseline.empty()) {
    std::ofstream out(write_baseline);
    out << "# Pairs that pass; the conformance test fails if one of them stops passing.\n"
        << "# Regenerate: conformance_runner --corpus DIR --write-baseline tests/conformance/baseline.txt\n";
    for (const auto& id : passed) out << id << "\n";
  }
  int regressions = 0;
  if (!baseline.empty()) {
    std::istringstream in(slurp(baseline));
    for (std::string line; std::getline(in, line);) {
      if (line.empty() || line[0] == '#') continue;
      if (!only.empty() && !starts(line, only + " ")) continue;
      if (!passed.count(line)) {
        std::cout << "REGRESSION: " << line << " passed in the baseline and fails now\n";
        ++regressions;
      }
    }
  }
  return regressions ? 1 : 0;
}
