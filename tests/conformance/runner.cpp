// cloud-init conformance: renders every (renderer, case, input) pair that
// cloud-init's own tests exercise (manifest.json upstream_tested_pairs) with
// our converters and renderers, and compares the result semantically with
// cloud-init's expected files; then the other parts of the corpus that hold
// renderer expectations: inline/ (literal test data), openstack/sample_N
// (network_data.json with the sample's known MACs) and artifacts/ (file-tree
// tests). Prints one line per pair and a score per renderer and part; with
// --baseline, fails only when a pair listed there as passing no longer
// passes, so the score can only go up.
//
//   conformance_runner --corpus DIR [--baseline FILE] [--write-baseline FILE]
//                      [--verbose] [--only RENDERER]
#include <algorithm>
#include <filesystem>
#include <fstream>
#include <functional>
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
    if (renderer == "networkd" && starts(name, "10-vc-agent-") && ends(name, ".netdev"))
      out[strip(name, "10-vc-agent-", "")] = f.content;
    if (renderer == "netplan" || renderer == "eni") out[""] = f.content;
  }
  return out;
}

// The key an expected file compares under, "" when that file is not one the
// renderer's comparison covers (resolv.conf, udev rules, NM conf.d of the
// OpenStack samples: cloud-init's distro side, not the renderer's files).
std::string expected_key(const std::string& renderer, const std::string& rel) {
  const std::string name = basename(rel);
  if (renderer == "network-manager")
    return ends(name, ".nmconnection") ? strip(name, starts(name, "cloud-init-") ? "cloud-init-" : "", ".nmconnection")
                                       : "";
  if (renderer == "networkd") {
    const std::string bare = starts(name, "10-cloud-init-") ? strip(name, "10-cloud-init-", "") : name;
    if (ends(bare, ".network")) return strip(bare, "", ".network");
    return ends(bare, ".netdev") ? bare : "";
  }
  if (renderer == "sysconfig-rhel" || renderer == "sysconfig-opensuse")
    return rel.find("/etc/") == std::string::npos || rel.find("/etc/sysconfig/") != std::string::npos ? name : "";
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

Verdict compare(const std::string& renderer, const Files& expected, const Files& ours) {
  if (renderer == "sysconfig-rhel" || renderer == "sysconfig-opensuse") return conformance::compare_ifcfg(expected, ours);
  if (renderer == "network-manager") return conformance::compare_nm(expected, ours);
  if (renderer == "networkd") return conformance::compare_networkd(expected, ours);
  const std::string mine = ours.count("") ? ours.at("") : "";
  const std::string want = expected.empty() ? "" : expected.begin()->second;
  return renderer == "netplan" ? conformance::compare_netplan(want, mine) : conformance::compare_eni(want, mine);
}

// Only the files the expectation lists: inline, OpenStack and artifact tests
// upstream check those and leave other rendered files unchecked.
Files listed_only(const Files& ours, const Files& expected) {
  Files out;
  for (const auto& [k, v] : ours)
    if (expected.count(k) || k.empty()) out[k] = v;
  return out;
}

Verdict run_pair(const std::string& corpus, const nlohmann::json& manifest, const nlohmann::json& pair) {
  const std::string renderer = pair["renderer"], name = pair["case"], input = pair["input"];
  const std::string dir = corpus + "/cases/" + name + "/";
  std::vector<std::string> warnings;
  const auto state = netconf::from_network_config(slurp(dir + input), "cases/" + name + "/" + input, &warnings);
  Files ours = ours_for(renderer, render(renderer, state));
  std::erase_if(ours, [](const auto& kv) { return ends(kv.first, ".netdev"); });  // no case lists one
  Files expected;
  for (const auto& rel : manifest["cases"][name]["expected"][renderer]) {
    const std::string r = rel;
    if (renderer == "eni" && !ends(r, "eni-ip.txt")) continue;  // `ip` is available: eni-ip.txt
    expected[expected_key(renderer, r)] = slurp(dir + r);
  }
  return compare(renderer, expected, ours);
}

// One test of the inline/, openstack/ or artifacts/ parts.
struct Extra {
  std::string part, renderer, id;
  std::function<Verdict()> run;
  std::string skip;  // why it is not run (no such input reader, no `ip`-less mode)
};

netconf::NetworkState read_input(const std::string& path, const std::string& label, const nlohmann::json* meta) {
  if (ends(path, ".json")) {
    std::map<std::string, std::string> macs;
    if (meta && meta->contains("known_macs"))
      for (const auto& [mac, name] : (*meta)["known_macs"].items()) macs[mac] = name;
    return netconf::from_network_data(slurp(path), label, &macs);
  }
  return netconf::from_network_config(slurp(path), label);
}

Verdict run_files(const std::string& corpus, const std::string& renderer, const std::string& input,
                  const std::vector<std::string>& expected_files, const nlohmann::json* meta) {
  const auto state = read_input(corpus + "/" + input, input, meta);
  Files expected;
  for (const auto& rel : expected_files)
    if (const std::string key = expected_key(renderer, rel); !key.empty() || renderer == "eni" || renderer == "netplan")
      expected[key] = slurp(corpus + "/" + rel);
  return compare(renderer, expected, listed_only(ours_for(renderer, render(renderer, state)), expected));
}

std::string renderer_of_inline(const std::string& dir) {
  const std::string name = dir.substr(dir.find('/') + 1);
  const std::string r = name.substr(0, name.find('.'));
  return r == "netplan-render" ? "netplan" : r;
}

std::vector<Extra> extras(const std::string& corpus, const nlohmann::json& manifest) {
  std::vector<Extra> out;
  for (const auto& [dir, c] : manifest["inline_cases"].items()) {
    const std::string renderer = renderer_of_inline(dir), input = dir + "/" + std::string(c["files"]["input"]);
    std::vector<std::string> expected;
    const auto& e = c["files"]["expected"];
    for (const auto& rel : e.is_array() ? e : nlohmann::json::array({e})) expected.push_back(dir + "/" + std::string(rel));
    Extra x{"inline", renderer, renderer + " " + dir, nullptr, ""};
    if (ends(input, ".eni")) x.skip = "input is ENI text (no ENI reader)";
    if (ends(dir, "_route_cmd")) x.skip = "expects `route` commands (no `ip`); we always write `ip`";
    x.run = [=, &corpus] { return run_files(corpus, renderer, input, expected, nullptr); };
    out.push_back(std::move(x));
  }
  for (const auto& dir_json : manifest["openstack_samples"]) {
    const std::string dir = dir_json;
    const auto meta = nlohmann::json::parse(slurp(corpus + "/" + dir + "/meta.json"));
    for (const auto& [renderer, e] : meta["expected"].items()) {
      std::vector<std::string> expected;
      for (const auto& rel : e["files"]) expected.push_back(dir + "/" + std::string(rel));
      out.push_back({"openstack", renderer, renderer + " " + dir,
                     [=, &corpus] { return run_files(corpus, renderer, dir + "/network_data.json", expected, &meta); },
                     ""});
    }
  }
  for (const auto& t : manifest["artifact_tests"]["tests"]) {
    const std::string input = t["input"], tree = strip(input, "", ".yaml");
    for (const auto& r : t["renderers"]) {
      const std::string renderer = r;
      Extra x{"artifacts", renderer, renderer + " " + tree, nullptr, ""};
      if (renderer == "netplan") {
        // netplan passthrough: the rendered file must load as the input document.
        x.run = [=, &corpus] {
          const auto state = read_input(corpus + "/" + input, input, nullptr);
          const Files ours = ours_for(renderer, render(renderer, state));
          return conformance::compare_netplan(slurp(corpus + "/" + input), ours.count("") ? ours.at("") : "");
        };
      } else {
        x.run = [=, &corpus] {
          // The tree is named after the test, except no_matching_mac_v2's
          // (upstream reads artifacts/no_matching_mac/ for it).
          std::string dir = corpus + "/" + tree;
          if (!std::filesystem::is_directory(dir) && ends(dir, "_v2")) dir = strip(dir, "", "_v2");
          std::vector<std::string> expected;
          const std::string ext = renderer == "networkd" ? ".net" : ".nmconnection";
          for (const auto& f : std::filesystem::recursive_directory_iterator(dir)) {
            const std::string rel = f.path().string().substr(corpus.size() + 1);
            if (f.is_regular_file() && basename(rel).find(ext) != std::string::npos) expected.push_back(rel);
          }
          std::sort(expected.begin(), expected.end());
          return run_files(corpus, renderer, input, expected, nullptr);
        };
      }
      out.push_back(std::move(x));
    }
  }
  return out;
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
  // part ("" for the upstream pairs) → renderer → passed, total
  std::map<std::string, std::map<std::string, std::pair<int, int>>> score;
  std::set<std::string> passed;
  auto record = [&](const std::string& part, const std::string& renderer, const std::string& id,
                    const std::function<Verdict()>& run, const std::string& note) {
    Verdict v;
    try {
      v = run();
    } catch (const std::exception& ex) {
      v.differ(std::string("error: ") + ex.what());
    }
    auto& [ok, total] = score[part][renderer];
    ++total;
    if (v.equal) {
      ++ok;
      passed.insert(id);
    }
    std::cout << (v.equal ? "PASS " : "FAIL ") << id << note << "\n";
    if (!v.equal && verbose)
      for (const auto& d : v.diffs) std::cout << "    " << d << "\n";
  };
  for (const auto& pair : manifest["upstream_tested_pairs"]) {
    const std::string renderer = pair["renderer"];
    if (!only.empty() && renderer != only) continue;
    const std::string id = renderer + " " + std::string(pair["case"]) + " " + std::string(pair["input"]);
    record("", renderer, id, [&] { return run_pair(corpus, manifest, pair); },
           pair["status"] == "xfail" ? " (upstream xfail)" : "");
  }
  std::map<std::string, int> skipped;  // part → tests not run
  for (const auto& x : extras(corpus, manifest)) {
    if (!only.empty() && x.renderer != only) continue;
    if (!x.skip.empty()) {
      std::cout << "SKIP " << x.id << " (" << x.skip << ")\n";
      ++skipped[x.part];
      continue;
    }
    record(x.part, x.renderer, x.id, x.run, "");
  }
  for (const auto& [part, renderers] : score)
    for (const auto& [renderer, s] : renderers)
      std::cout << "conformance" << (part.empty() ? "" : "[" + part + "]") << ": " << renderer << " " << s.first << "/"
                << s.second << " (" << (s.second ? 100 * s.first / s.second : 0) << "%)\n";
  for (const auto& [part, n] : skipped) std::cout << "conformance[" << part << "]: " << n << " skipped\n";
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
