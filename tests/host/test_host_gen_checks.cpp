// vc-host gen refuses (exit 2, naming the spec's file, key and line, writing
// nothing) every spec whose inputs vc-agent would refuse at boot or that would
// break the cluster: injected YAML, invalid or colliding names, MACs and
// addresses, unusable report URLs and keys, repeated keys, an existing cluster.
#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <array>

#include <catch2/catch.hpp>

#include "agent/error.h"
#include "agent/report_sign.h"
#include "host/gen.h"
#include "host/gen_verify.h"
#include "host/spec.h"
#include "host_support.h"

using namespace vctest;
using namespace vc::host;

namespace {

const std::string kSpec = slurp(source_dir() / "tests/host/data/vc7.yaml") + "host_keys: []\n";

// kSpec with `from` replaced by `to` (which must be there).
std::string edit(const std::string& from, const std::string& to, std::string spec = kSpec) {
  const auto at = spec.find(from);
  REQUIRE(at != std::string::npos);
  return spec.replace(at, from.size(), to);
}

struct Gen {
  TempDir t;
  fs::path out() const { return t.path / "out"; }
  std::string db() const { return (t.path / "state.db").string(); }

  RunResult run_gen(const std::string& spec, const std::string& format = "vcout", bool replace = false) {
    spit(t.path / "spec.yaml", spec);
    spit(t.path / "id_ed25519.pub", slurp(source_dir() / "tests/host/data/id_ed25519.pub"));
    std::vector<std::string> argv{host_bin(), "gen",  "--spec", (t.path / "spec.yaml").string(), "--out",
                                  out().string(), "--format", format, "--db", db()};
    if (replace) argv.push_back("--replace");
    return run(argv);
  }
  // No input file, and no cluster in the database (gen may have created it empty).
  bool nothing_written() const {
    if (fs::exists(out())) return false;
    if (!fs::exists(db())) return true;
    return run({host_bin(), "status", "--db", db()}).out.find("vc7") == std::string::npos;
  }
};

// gen's exit code and first error line, with "nothing written" checked for both formats.
std::string refused(const std::string& spec) {
  std::string first;
  for (const char* format : {"vcout", "nocloud"}) {
    Gen g;
    auto r = g.run_gen(spec, format);
    INFO(format << ": " << r.out << r.err);
    CHECK(r.exit_code == 2);
    CHECK(g.nothing_written());
    std::string line = r.err.substr(0, r.err.find('\n'));
    const std::string path = (g.t.path / "spec.yaml").string();
    if (const auto at = line.find(path); at != std::string::npos) line.replace(at, path.size(), "spec.yaml");
    if (first.empty()) first = line;
    CHECK(line == first);  // the same spec error whatever the format
  }
  return first;
}

const std::string kAt = "vc-host: invalid input: ";

// Each case: a change to the base spec (from, to) and text gen's message must end with.
using Refusals = std::vector<std::array<std::string, 3>>;
void check_refusals(const Refusals& cases) {
  for (const auto& [from, to, message] : cases) {
    INFO(to);
    CHECK_THAT(refused(edit(from, to)), Catch::EndsWith(message));
  }
}

}  // namespace

TEST_CASE("gen checks: the base spec is accepted in both formats") {
  for (const char* format : {"vcout", "nocloud"}) {
    Gen g;
    auto r = g.run_gen(kSpec, format);
    INFO(r.out << r.err);
    CHECK(r.exit_code == 0);
    CHECK(r.err.find("warning") == std::string::npos);
  }
}

TEST_CASE("gen checks: an fqdn carrying YAML is refused, and the writer escapes every scalar") {
  Gen g;
  const auto spec = edit("fqdn: vc7.example.org", "fqdn: \"vc7.example.org\\nruncmd: [[touch, /tmp/pwned]]\"");
  auto r = g.run_gen(spec, "nocloud");
  CHECK(r.exit_code == 2);
  CHECK(r.err.starts_with(kAt + (g.t.path / "spec.yaml").string() +
                          ":3: frontend.fqdn: 'vc7.example.org\\nruncmd: [[touch, /tmp/pwned]]' is not a valid host "
                          "name"));
  CHECK(g.nothing_written());

  const std::string fqdn = "fqdn: vc7.example.org";
  check_refusals({
      {fqdn, "fqdn: \"vc7.exa mple..org\"",
       ":3: frontend.fqdn: 'vc7.exa mple..org' is not a valid host name (RFC 1123: dot-separated labels of letters, "
       "digits and '-', at most 63 characters each, 253 in all)"},
      {fqdn, "fqdn: localhost.localdomain",
       ":3: frontend.fqdn: 'localhost.localdomain' is a loopback name (/etc/hosts gives it to 127.0.0.1); every host "
       "needs its own"},
      {fqdn, fqdn + "\n  name: \"a\\tb\"",
       ":4: frontend.name: 'a\\tb' is not a host name without dots (RFC 1123 label)"},
      {"mac_prefix:", "name_prefix: \"c_n\", mac_prefix:",
       ":6: computes.name_prefix: 'c_n-0' is not a host name without dots (RFC 1123 label)"},
  });

  // Even a value that got past the spec checks stays one scalar in the seed.
  const auto path = source_dir() / "tests/host/data/vc7.yaml";
  ClusterSpec c = parse_spec({path.string(), slurp(path)}, slurp(source_dir() / "tests/host/data/id_ed25519.pub"));
  const std::string evil = "x\nruncmd: [[touch, /tmp/pwned]]\r\t\"\\";
  c.fqdn = evil;
  c.fe_name = evil;
  c.cluster = evil;
  c.report_url = evil;
  for (const auto& [file, text] : render_frontend_nocloud(c)) {
    INFO(file << ":\n" << text);
    const YAML::Node doc = YAML::Load(text);
    CHECK_FALSE(doc["runcmd"]);
    if (file == "user-data") {
      CHECK(doc["fqdn"].as<std::string>() == evil);
      CHECK(doc["hostname"].as<std::string>() == evil);
      CHECK(doc["vc_report"]["url"].as<std::string>() == evil);
      CHECK(doc["vc_cluster"]["role"].as<std::string>() == "frontend");
    }
    if (file == "meta-data") CHECK(doc["local-hostname"].as<std::string>() == evil);
  }
}

TEST_CASE("gen checks: MACs, addresses and the gateway the agent would refuse") {
  check_refusals({
      // mac_prefix 52:54:00:aa:00 gives compute-1 the frontend's private MAC.
      {"mac_prefix: \"52:54:00:aa:01\"", "mac_prefix: \"52:54:00:aa:00\"",
       ":6: computes.mac_prefix: compute-1's MAC 52:54:00:aa:00:01 is also frontend.private.mac (line 5); every NIC "
       "needs its own MAC"},
      {"mac: \"52:54:00:aa:00:02\"", "mac: \"52:54:00:aa:00:01\"",
       ":4: frontend.public.mac: 52:54:00:aa:00:01 is also frontend.private.mac (line 5); every NIC needs its own MAC"},
      {"mac: \"52:54:00:aa:00:02\"", "mac: \"01:00:5e:00:00:02\"",
       ":4: frontend.public.mac: 01:00:5e:00:00:02 is a multicast MAC (the first octet is odd); a NIC needs a unicast "
       "one"},
      // A public subnet holding the private one's top: compute-0 counts down onto the frontend's public address.
      {"public:  {ip: 198.51.100.50, netmask: 255.255.255.0, gw: 198.51.100.1,",
       "public:  {ip: 10.1.255.254, netmask: 255.255.0.0, gw: 10.1.255.253,",
       ":6: computes.count: compute-0's address 10.1.255.254 (counted down from the top of the private subnet) is "
       "also frontend.public.ip (line 4); every NIC needs its own address"},
      {"10.1.1.1,", "10.1.255.255,",
       ":5: frontend.private.ip: 10.1.255.255 is the broadcast address of 10.1.0.0/16, not a host address"},
      {"gw: 198.51.100.1", "gw: 203.0.113.1",
       ":4: frontend.public.gw: 203.0.113.1 is not in the public subnet 198.51.100.0/24, so no route can reach it"},
      {"gw: 198.51.100.1", "gw: 198.51.100.50",
       ":4: frontend.public.gw: 198.51.100.50 is the frontend's own public address, not a gateway"},
  });
}

TEST_CASE("gen checks: a frontend named like a compute is a spec error, not a database error") {
  CHECK(refused(edit("fqdn: vc7.example.org", "fqdn: Compute-0.example.org"))
            .ends_with(":3: frontend.fqdn: the frontend's name Compute-0 is also a compute's: compute-0 "
                       "(computes.name_prefix-<n>); every host needs its own name (names are not case-sensitive)"));
}

TEST_CASE("gen checks: report_url and ssh_key the agent cannot use") {
  const std::string url = "report_url: http://127.0.0.1:8775/v1/report";
  const std::string cannot = ":9: report_url: vc-agent could not post reports to it: ";
  check_refusals({
      {url, "report_url: https://127.0.0.1:8775/v1/report",
       ":9: report_url: 'https://127.0.0.1:8775/v1/report': https is not supported: vc-host serve listens on plain "
       "http and vc-agent reports over http (the reports are signed); use http://"},
      {url, "report_url: \"http://\"",
       cannot + "'' is not a numeric IP address: only numeric IPv4 or [IPv6] hosts are supported (the agent does "
                "not resolve names during boot)"},
      {url, "report_url: \"http://h:99999/x y\"",
       cannot + "the URL path '/x y' holds a space or a control character"},
      {url, "report_url: \"http://h:99999/x\"", cannot + "'99999' is not a TCP port"},
      {url, "report_url: \"http://vc-host:8775/x\"",
       cannot + "'vc-host' is not a numeric IP address: only numeric IPv4 or [IPv6] hosts are supported (the agent "
                "does not resolve names during boot)"},
  });

  Gen g;
  spit(g.t.path / "bad.pub", "ssh-ed25519 this-is-not-base64!! admin@site\n");
  auto r = g.run_gen(edit("ssh_key: id_ed25519.pub", "ssh_key: bad.pub"));
  CHECK(r.exit_code == 2);
  CHECK(r.err.find(":8: ssh_key: the key file bad.pub:1: public key: ") != std::string::npos);
  CHECK(g.nothing_written());
}

TEST_CASE("gen checks: a key given twice names both lines") {
  CHECK(refused("cluster: a1\n" + kSpec).ends_with(
      ":2: cluster: key given twice (first on line 1); YAML readers keep only one of them, so say which you mean"));
  CHECK(refused(edit("  fqdn: vc7.example.org\n", "  fqdn: vc7.example.org\n  fqdn: vc8.example.org\n"))
            .ends_with(":4: frontend.fqdn: key given twice (first on line 3); YAML readers keep only one of them, "
                       "so say which you mean"));
  CHECK(refused(edit("gw: 198.51.100.1,", "gw: 198.51.100.1, gw: 198.51.100.2,"))
            .find(":4: frontend.public.gw: key given twice (first on line 4)") != std::string::npos);
}

TEST_CASE("gen checks: an existing cluster is regenerated only with --replace") {
  Gen g;
  REQUIRE(g.run_gen(kSpec).exit_code == 0);
  const auto before = snapshot(g.out());
  const auto key_before = run({host_bin(), "known-hosts", "vc7", "--db", g.db()});
  auto again = g.run_gen(kSpec);
  CHECK(again.exit_code == 2);
  CHECK(again.err == "vc-host gen: cluster vc7 already exists in " + g.db() +
                         "; pass --replace to regenerate it (every node's report key changes, and its recorded "
                         "reports are dropped)\n");
  CHECK(snapshot(g.out()) == before);  // nothing rewritten

  auto replaced = g.run_gen(kSpec, "vcout", true);
  INFO(replaced.err);
  CHECK(replaced.exit_code == 0);
  CHECK(snapshot(g.out()) != before);  // new report keys
}

// verify_with_agent's error message, or "no error".
std::string agent_refusal(const std::vector<RenderedNode>& nodes) {
  try {
    verify_with_agent("spec.yaml", nodes);
  } catch (const vc::InputError& e) {
    return e.message();
  }
  return "no error";
}

TEST_CASE("gen checks: what only the agent's parsers catch still stops gen") {
  const auto path = source_dir() / "tests/host/data/vc7.yaml";
  ClusterSpec c = parse_spec({path.string(), slurp(path)}, slurp(source_dir() / "tests/host/data/id_ed25519.pub"));
  c.fe_key_base64 = vc::report::new_key_base64();
  c.fe_public.mac = c.fe_private.mac;  // past the spec checks
  const std::string refused_by = "spec.yaml: vc-agent would refuse the input this spec gives vc7 (";
  auto m = agent_refusal({{c.fe_name, render_frontend_vcout(c), {}}});
  CHECK_THAT(m, Catch::StartsWith(refused_by + "vc7.xml (vc-out.xml)) and leave the node unconfigured: vc7.xml:"));
  CHECK_THAT(m, Catch::Contains("MAC 52:54:00:aa:00:01 is already used by"));

  c.fe_public.mac = "52:54:00:aa:00:02";
  std::vector<RenderedNode> nodes{{c.fe_name, render_frontend_vcout(c), render_frontend_nocloud(c)}};
  CHECK(verify_with_agent("spec.yaml", nodes).empty());  // no warnings either
  nodes[0].seed["network-config"] = "network:\n  version: 3\n";
  CHECK_THAT(agent_refusal(nodes), Catch::StartsWith(refused_by + "vc7/ (NoCloud seed)) and leave the node "
                                                                  "unconfigured: vc7/network-config:"));
}

TEST_CASE("gen checks: a write failing part-way leaves the output and the database as they were") {
  for (const char* format : {"vcout", "nocloud"}) {
    Gen g;
    // The last node's file cannot be staged (a directory is in the way).
    const bool nocloud = std::string(format) == "nocloud";
    const auto blocker =
        nocloud ? g.out() / "compute-1" / ".user-data.vc-host-new" : g.out() / ".compute-1.xml.vc-host-new";
    fs::create_directories(blocker);
    auto r = g.run_gen(kSpec, format);
    INFO(format << ": " << r.out << r.err);
    CHECK(r.exit_code == 3);
    std::vector<std::string> left;
    for (const auto& e : fs::recursive_directory_iterator(g.out())) left.push_back(e.path().string());
    std::sort(left.begin(), left.end());
    std::vector<std::string> expected{blocker.string()};
    if (nocloud) expected.insert(expected.begin(), blocker.parent_path().string());
    CHECK(left == expected);  // no file staged for the nodes before it remains
    CHECK(run({host_bin(), "status", "--db", g.db()}).out.find("vc7") == std::string::npos);
  }
}
