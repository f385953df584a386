// vc-host gen's SSH host keys (issue 4): every node's file carries its own pair
// and every node's public keys, the database knows them before any report, and
// a report with another key is flagged.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <algorithm>
#include <ctime>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "agent/error.h"
#include "agent/report_sign.h"
#include "agent/vcout_parser.h"
#include "host/commands.h"
#include "host/gen.h"
#include "host/hostkeys.h"
#include "host/spec.h"
#include "host/store.h"
#include "host/verify.h"
#include "host_support.h"

using namespace vctest;
using namespace vc;
using namespace vc::host;

namespace {

// The vc7 spec with its key file, in a scratch dir, plus `extra` lines.
fs::path write_spec(const TempDir& t, const std::string& extra = "") {
  const auto data = source_dir() / "tests/host/data";
  spit(t.path / "id_ed25519.pub", slurp(data / "id_ed25519.pub"));
  spit(t.path / "vc7.yaml", slurp(data / "vc7.yaml") + extra);
  return t.path / "vc7.yaml";
}

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::istringstream in(text);
  for (std::string l; std::getline(in, l);) out.push_back(l);
  return out;
}

// "names type base64" for each <known_hosts> entry of a Model.
std::vector<std::string> known_lines(const Model& m) {
  std::vector<std::string> out;
  for (const auto& h : m.known_hosts) {
    std::string names;
    for (const auto& n : h.names) names += (names.empty() ? "" : ",") + n;
    out.push_back(names + " " + h.key.type + " " + h.key.blob);
  }
  return out;
}

}  // namespace

TEST_CASE("gen: each node gets its own host keys and every node's public keys") {
  TempDir t;
  const auto spec = write_spec(t);
  const auto db = (t.path / "state.db").string();
  auto gen = run({host_bin(), "gen", "--spec", spec.string(), "--out", (t.path / "out").string(), "--db", db});
  INFO(gen.err);
  REQUIRE(gen.exit_code == 0);

  // known-hosts before any node has booted: 3 nodes x ed25519, ecdsa, rsa.
  auto kh = run({host_bin(), "known-hosts", "vc7", "--db", db});
  REQUIRE(kh.exit_code == 0);
  const auto expected = lines_of(kh.out);
  REQUIRE(expected.size() == 9);
  CHECK(expected[0].starts_with("vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50 ssh-ed25519 "));
  CHECK(expected[4].starts_with("compute-0,compute-0.local,10.1.255.254 ecdsa-sha2-nistp256 "));
  CHECK(expected[8].starts_with("compute-1,compute-1.local,10.1.255.253 ssh-rsa "));

  std::set<std::string> own_keys;
  for (const char* file : {"vc-out.xml", "compute-0.xml", "compute-1.xml"}) {
    INFO(file);
    const auto m = parse_vcout(slurp(t.path / "out" / file));
    CHECK(known_lines(m) == expected);  // every node lists every node
    REQUIRE(m.host_keys.size() == 3);
    for (const auto& k : m.host_keys) {
      // Its own private key is the pair of the public key it announces.
      const auto key_file = t.path / ("key-" + k.type);
      spit(key_file, k.private_key);
      ::chmod(key_file.c_str(), 0600);
      auto y = run({"/usr/bin/env", "ssh-keygen", "-y", "-f", key_file.string()});
      REQUIRE(y.exit_code == 0);
      CHECK(y.out.substr(0, y.out.find(' ', y.out.find(' ') + 1)) == k.public_key.type + " " + k.public_key.blob);
      CHECK(std::find(expected.begin(), expected.end(),
                      (m.role == Role::Frontend ? std::string("vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50")
                                                : m.name + "," + m.name + ".local," + m.nics[0].ip.str()) +
                          " " + k.public_key.type + " " + k.public_key.blob) != expected.end());
      CHECK(own_keys.insert(k.public_key.blob).second);  // no two nodes share a key
    }
  }
  CHECK(own_keys.size() == 9);
}

TEST_CASE("gen: host_keys in the spec picks the types, [] makes none") {
  TempDir t;
  const auto db = (t.path / "state.db").string();
  const auto spec = write_spec(t, "host_keys: []\n");
  REQUIRE(run({host_bin(), "gen", "--spec", spec.string(), "--out", (t.path / "out").string(), "--db", db}).exit_code == 0);
  const auto fe = slurp(t.path / "out/vc-out.xml");
  CHECK(fe.find("<hostkeys>") == std::string::npos);
  CHECK(fe.find("<known_hosts>") == std::string::npos);
  CHECK(run({host_bin(), "known-hosts", "vc7", "--db", db}).out.empty());

  const auto data = source_dir() / "tests/host/data";
  const auto yaml = slurp(data / "vc7.yaml");
  const auto spec_error = [&](const std::string& extra) {
    try {
      parse_spec({"vc7.yaml", yaml + extra}, slurp(data / "id_ed25519.pub"));
    } catch (const InputError& e) {
      return e.message();
    }
    return std::string("no error");
  };
  CHECK(spec_error("host_keys: [ed25519]\n") == "no error");
  CHECK(spec_error("host_keys: [dsa]\n") == "vc7.yaml:10: host_keys[0]: 'dsa' is not ed25519, ecdsa or rsa");
  CHECK(spec_error("host_keys: [rsa, rsa]\n") == "vc7.yaml:10: host_keys[1]: 'rsa' is listed twice");
  CHECK(spec_error("host_keys: ed25519\n").find("expected a list of key types") != std::string::npos);
}

TEST_CASE("gen --format nocloud: cloud-init's own ssh_keys and the cluster's known hosts") {
  auto c = parse_spec({"vc7.yaml", slurp(source_dir() / "tests/host/data/vc7.yaml")},
                      slurp(source_dir() / "tests/host/data/id_ed25519.pub"));
  c.fe_host_keys = {{"ed25519", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n",
                     "ssh-ed25519 AAAAFE root@vc7.example.org"}};
  c.computes[0].host_keys = {{"ed25519", "PRIV0\n", "ssh-ed25519 AAAAC0 root@compute-0.local"}};
  const auto user = render_frontend_nocloud(c).at("user-data");
  CHECK(user.find("ssh_keys:\n  ed25519_private: |\n    -----BEGIN OPENSSH PRIVATE KEY-----\n    AAAA\n"
                  "    -----END OPENSSH PRIVATE KEY-----\n  ed25519_public: \"ssh-ed25519 AAAAFE root@vc7.example.org\"\n") !=
        std::string::npos);
  CHECK(user.find("write_files:\n  - path: /etc/ssh/ssh_known_hosts\n    owner: root:root\n    permissions: \"0644\"\n"
                  "    content: |\n      # BEGIN vc-agent managed block: this cluster's host keys, replaced on every run\n"
                  "      vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50 ssh-ed25519 AAAAFE\n"
                  "      compute-0,compute-0.local,10.1.255.254 ssh-ed25519 AAAAC0\n"
                  "      # END vc-agent managed block\n") != std::string::npos);
  // A node without keys (compute-1 here) still lists the others, and has no ssh_keys of its own.
  const auto c1 = render_compute_nocloud(c, c.computes[1]).at("user-data");
  CHECK(c1.find("ssh_keys:") == std::string::npos);
}

TEST_CASE("serve flags a report whose host key is not the one gen made, status shows it") {
  TempDir t;
  const auto db = (t.path / "state.db").string();
  Store store(db);
  const std::string key_b64 = report::new_key_base64();
  const std::string made = "AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj";
  store.put_cluster("vc7", "http://127.0.0.1:1/v1/report",
                    {{"compute-0", "compute", key_b64, {{"compute-0,compute-0.local,10.1.255.254", "ssh-ed25519", made}}}});
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  const auto report_with = [&](const std::string& blob, std::int64_t ts) {
    nlohmann::json body{{"cluster", "vc7"}, {"node", "compute-0"}, {"result", "ready"}, {"hostname", "compute-0.local"},
                        {"host_keys", {{{"type", "ssh-ed25519"}, {"key", blob}, {"fingerprint", "SHA256:x"}}}}};
    return Incoming{report::sign(body.dump(), *report::decode_key(key_b64), ts), "http", "127.0.0.1:1"};
  };
  auto same = admit_report(store, report_with(made, now), now);
  CHECK(same.status == 200);
  CHECK(same.warning.empty());
  std::ostringstream out, err;
  CHECK(run_status(db, "vc7", true, out, err) == 0);
  CHECK(nlohmann::json::parse(out.str())[0].count("host_key_warning") == 0);

  const std::string other = "AAAAC3NzaC1lZDI1NTE5AAAAIJ9gPGoW1nDWF6hctMOf9gUbrdPWaW8oaIs/85PA4RfI";
  auto changed = admit_report(store, report_with(other, now + 1), now + 1);
  CHECK(changed.status == 200);  // stored: it is signed by the node
  CHECK(changed.warning == "vc7/compute-0: its ssh-ed25519 host key differs from the one vc-host gen made for it");
  std::ostringstream out2, out3, err2;
  CHECK(run_status(db, "vc7", true, out2, err2) == 0);
  CHECK(nlohmann::json::parse(out2.str())[0]["host_key_warning"] == changed.warning);
  CHECK(run_status(db, "vc7", false, out3, err2) == 0);
  CHECK(out3.str().find("warning: " + changed.warning) != std::string::npos);
  // known-hosts prints what the node really uses, and warns.
  std::ostringstream kh, kherr;
  CHECK(run_known_hosts(db, "vc7", kh, kherr) == 0);
  CHECK(kh.str() == "compute-0,compute-0.local,10.1.255.254 ssh-ed25519 " + other + "\n");
  CHECK(kherr.str().find("differs") != std::string::npos);
}
