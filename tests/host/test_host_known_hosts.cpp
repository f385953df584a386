// known-hosts trusts only the names gen recorded for a node: a node with its own
// (genuine) report key must not make ssh trust its host key for "*", for the
// frontend's addresses, or for names it invents.
#include <catch2/catch.hpp>

#include <ctime>
#include <sstream>

#include <nlohmann/json.hpp>
#include <sqlite3.h>

#include "agent/report_sign.h"
#include "host/commands.h"
#include "host/known_hosts.h"
#include "host/store.h"
#include "host/verify.h"
#include "test_support.h"

using namespace vctest;
using namespace vc;
using namespace vc::host;
using nlohmann::json;

namespace {

const std::string kMade = "AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj";
const std::string kEvil = "AAAAC3NzaC1lZDI1NTE5AAAAIJ9gPGoW1nDWF6hctMOf9gUbrdPWaW8oaIs/85PA4EVIL";

struct Cluster {
  TempDir t;
  std::string db = (t.path / "state.db").string();
  Store store{db};
  std::string key_b64 = report::new_key_base64();
  std::int64_t now = static_cast<std::int64_t>(std::time(nullptr));
  Cluster() {
    store.put_cluster(
        "vc7", "http://127.0.0.1:1/v1/report",
        {{"vc7", "frontend", report::new_key_base64(),
          {{"vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50", "ssh-ed25519", kMade}}},
         {"compute-0", "compute", key_b64, {{"compute-0,compute-0.local,10.1.255.254", "ssh-ed25519", kMade}}},
         {"compute-1", "compute", report::new_key_base64()}});  // gen made no host keys for it
  }
  Verdict report(const std::string& hostname, const json& addresses, const std::string& blob = kEvil) {
    json body{{"cluster", "vc7"},   {"node", "compute-0"}, {"result", "ready"},
              {"hostname", hostname}, {"nics", {{{"name", "eth0"}, {"addresses", addresses}}}},
              {"host_keys", {{{"type", "ssh-ed25519"}, {"key", blob}, {"fingerprint", "SHA256:x"}}}}};
    return admit_report(store, {report::sign(body.dump(), *report::decode_key(key_b64), now++), "http", "peer"}, now);
  }
  std::pair<std::string, std::string> known_hosts() {
    std::ostringstream out, err;
    REQUIRE(run_known_hosts(db, "vc7", out, err) == 0);
    return {out.str(), err.str()};
  }
};

}  // namespace

TEST_CASE("verify refuses a report whose hostname is not an RFC 1123 name") {
  Cluster c;
  for (const char* bad : {"*", "*.local", "compute-0,10.1.1.1", "a b", "-x", "compute-0.", "x\ny", "[10.1.1.1]:22"}) {
    const auto v = c.report(bad, json::array({"10.1.255.254/16"}));
    INFO(bad);
    CHECK(v.status == 400);
    CHECK(v.message.find("is not a valid RFC 1123 host name") != std::string::npos);
    CHECK(v.message.find('\n') == std::string::npos);
  }
  json typed{{"cluster", "vc7"}, {"node", "compute-0"}, {"result", "ready"}, {"hostname", 7}};
  CHECK(admit_report(c.store, {report::sign(typed.dump(), *report::decode_key(c.key_b64), c.now), "http", "p"}, c.now)
            .message == "hostname must be a string");
  CHECK(c.store.report_count("vc7") == 0);
  CHECK(c.report("compute-0.local", json::array({"10.1.255.254/16"})).status == 200);
}

TEST_CASE("known-hosts lists only the names gen recorded for the node, never what it reported") {
  Cluster c;
  // Genuinely signed (the node holds its key), but claiming the frontend's addresses.
  REQUIRE(c.report("compute-0.evil.example", json::array({"10.1.255.254/16", "198.51.100.50/24", "10.1.1.1/16",
                                                          "fe80::5054:ff:feaa:101/64"}))
              .status == 200);
  const auto [out, err] = c.known_hosts();
  CHECK(out.find("compute-0,compute-0.local,10.1.255.254 ssh-ed25519 " + kEvil + "\n") != std::string::npos);
  CHECK(out.find("198.51.100.50 ssh-ed25519 " + kEvil) == std::string::npos);
  CHECK(out.find("10.1.1.1 ssh-ed25519 " + kEvil) == std::string::npos);
  CHECK(out.find("evil.example") == std::string::npos);
  CHECK(err.find("vc-host: warning: vc7/compute-0: reported names or addresses that vc-host gen did not record for it "
                 "are left out: compute-0.evil.example, 198.51.100.50, 10.1.1.1\n") != std::string::npos);
  CHECK(err.find("fe80") == std::string::npos);  // link-local: never a name ssh is given
  // The frontend's own line is untouched.
  CHECK(out.find("vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50 ssh-ed25519 " + kMade + "\n") == 0);
}

TEST_CASE("known-hosts never prints a wildcard, even from a report stored before hostnames were checked") {
  Cluster c;
  json body{{"cluster", "vc7"},
            {"node", "compute-0"},
            {"result", "ready"},
            {"hostname", "*"},
            {"nics", {{{"name", "eth0"}, {"addresses", {"*/0", "?", "!x", "[h]:2"}}}}},
            {"host_keys",
             {{{"type", "ssh-ed25519"}, {"key", kEvil}},
              {{"type", "ssh-rsa\tx"}, {"key", "AAAA"}},
              {{"type", "ssh-rsa"}, {"key", "AAAA\rx"}}}}};
  REQUIRE(c.store.add_report({"vc7", "compute-0", "ready", "", "*", body.dump(), "n1", "http", "p", c.now}));
  const auto [out, err] = c.known_hosts();
  for (const char* bad : {"*", "?", "!", "[", "\t", "\r"}) {
    INFO(bad);
    CHECK(out.find(bad) == std::string::npos);
  }
  CHECK(out.find("compute-0,compute-0.local,10.1.255.254 ssh-ed25519 " + kEvil + "\n") != std::string::npos);
  CHECK(err.find("left out: *, ?, !x, [h]:2") != std::string::npos);
}

TEST_CASE("node_names: without recorded keys only the node's own name; bad recorded names are dropped") {
  const json body{{"nics", {{{"name", "eth0"}, {"addresses", {"10.1.255.253/16"}}}}}};
  auto n = node_names("compute-1", "", "compute-1.local", body);
  CHECK(n.trusted == std::vector<std::string>{"compute-1"});
  CHECK(n.left_out == std::vector<std::string>{"compute-1.local", "10.1.255.253"});
  n = node_names("compute-1", "compute-1,*,10.1.255.253,,a b", "compute-1", body);
  CHECK(n.trusted == std::vector<std::string>{"compute-1", "10.1.255.253"});
  CHECK(n.left_out.empty());
  // Addresses compare canonically: "::0:1" is "::1".
  n = node_names("c", "c,2001:db8::1", "", {{"nics", {{{"addresses", {"2001:db8:0::1/64"}}}}}});
  CHECK(n.left_out.empty());
}

TEST_CASE("a node gen made no host keys for still gets the names gen recorded for it") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Store store{db};
  const std::string key = report::new_key_base64();
  NodeRecord node{"compute-0", "compute", key};
  node.names = "compute-0,compute-0.local,10.1.255.254";
  store.put_cluster("vc7", "http://127.0.0.1:1/v1/report", {node});
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  json body{{"cluster", "vc7"},         {"node", "compute-0"}, {"result", "ready"},
            {"hostname", "compute-0.local"}, {"nics", {{{"name", "eth0"}, {"addresses", {"10.1.255.254/16", "*"}}}}},
            {"host_keys", {{{"type", "ssh-ed25519"}, {"key", kMade}, {"fingerprint", "SHA256:x"}}}}};
  REQUIRE(admit_report(store, {report::sign(body.dump(), *report::decode_key(key), now), "http", "p"}, now).status ==
          200);
  std::ostringstream out, err;
  REQUIRE(run_known_hosts(db, "vc7", out, err) == 0);
  CHECK(out.str() == "compute-0,compute-0.local,10.1.255.254 ssh-ed25519 " + kMade + "\n");
  CHECK(err.str().find("left out: *") != std::string::npos);
}

TEST_CASE("a database from before nodes.names opens and gains the column") {
  TempDir t;
  const std::string db = (t.path / "old.db").string();
  {
    sqlite3* raw = nullptr;
    REQUIRE(sqlite3_open(db.c_str(), &raw) == SQLITE_OK);
    REQUIRE(sqlite3_exec(raw,
                         "CREATE TABLE clusters (name TEXT PRIMARY KEY, report_url TEXT NOT NULL, created INTEGER NOT "
                         "NULL); CREATE TABLE nodes (cluster TEXT NOT NULL REFERENCES clusters(name) ON DELETE "
                         "CASCADE, name TEXT NOT NULL, role TEXT NOT NULL, key TEXT NOT NULL, state TEXT NOT NULL "
                         "DEFAULT 'pending', error TEXT NOT NULL DEFAULT '', hostname TEXT NOT NULL DEFAULT '', body "
                         "TEXT NOT NULL DEFAULT '', updated INTEGER NOT NULL DEFAULT 0, PRIMARY KEY (cluster, name));"
                         "INSERT INTO clusters VALUES ('vc7', 'http://127.0.0.1:1/', 0);"
                         "INSERT INTO nodes(cluster, name, role, key) VALUES ('vc7', 'compute-0', 'compute', 'k');",
                         nullptr, nullptr, nullptr) == SQLITE_OK);
    sqlite3_close(raw);
  }
  Store store{db};
  const auto nodes = store.nodes("vc7");
  REQUIRE(nodes.size() == 1);
  CHECK(nodes[0].names.empty());
  NodeRecord node{"compute-1", "compute", "k2"};
  node.names = "compute-1,10.1.255.253";
  store.put_cluster("vc8", "http://127.0.0.1:1/", {node});
  CHECK(store.nodes("vc8")[0].names == "compute-1,10.1.255.253");
}
