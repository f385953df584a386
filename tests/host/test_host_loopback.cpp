// End to end on loopback: vc-host serve + gen a 1+2 cluster + vc-agent apply of
// each node to its fixture root → wait, status, known-hosts; forged, replayed and
// oversized reports are refused and not stored; a 10 000-report burst loses none.
#include <catch2/catch.hpp>

#include <iostream>

#include <httplib.h>
#include <linux/vm_sockets.h>
#include <poll.h>
#include <sys/socket.h>

#include <ctime>

#include <nlohmann/json.hpp>

#include "agent/report_sign.h"
#include "agent/ssh_fingerprint.h"
#include "agent/root_view.h"
#include "host/store.h"
#include "host_support.h"

using namespace vctest;
using nlohmann::json;

namespace {

struct Node {
  const char* name;
  const char* root;   // tests/roots/<root>
  const char* input;  // gen's file
};
const Node kNodes[] = {{"vc7", "debian12", "vc-out.xml"},
                       {"compute-0", "el9", "compute-0.xml"},
                       {"compute-1", "ubuntu2204", "compute-1.xml"}};

httplib::Result post(int port, const vc::report::Envelope& e) {
  httplib::Client cli("127.0.0.1", port);
  return cli.Post("/v1/report",
                  {{vc::report::kHeaderTimestamp, e.timestamp},
                   {vc::report::kHeaderNonce, e.nonce},
                   {vc::report::kHeaderSignature, e.signature}},
                  e.body, "application/json");
}

std::string node_key(const std::string& db, const std::string& cluster, const std::string& node) {
  return *vc::report::decode_key(*vc::host::Store(db).node_key(cluster, node));
}

// The known-hosts line gen's names give a node's key.
std::string k_line(const std::string& node, const vc::HostKey& k) {
  const std::string names = node == "vc7" ? "vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50"
                                          : node + "," + node + ".local,10.1.255.25" + (node == "compute-0" ? "4" : "3");
  return names + " " + k.type + " " + k.blob + "\n";
}

std::vector<std::string> sorted_lines(const std::string& text) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < text.size();) {
    const auto nl = text.find('\n', at);
    out.push_back(text.substr(at, nl - at));
    at = nl == std::string::npos ? text.size() : nl + 1;
  }
  std::sort(out.begin(), out.end());
  return out;
}

std::int64_t report_count(const std::string& db) { return vc::host::Store(db).report_count(""); }

}  // namespace

TEST_CASE("loopback: gen, apply every node, wait, status, known-hosts, and refusals") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Server serve(db, t.path / "serve.log");
  const auto spec = vc7_spec(t.path, serve.url());
  auto gen = run({host_bin(), "gen", "--spec", spec.string(), "--out", (t.path / "out").string(), "--db", db});
  INFO(gen.err);
  REQUIRE(gen.exit_code == 0);
  CHECK(gen.out.find("cluster vc7: 3 node(s) expected") != std::string::npos);

  auto pending = run({host_bin(), "wait", "vc7", "--timeout", "0.3", "--db", db});
  CHECK(pending.exit_code == 124);
  CHECK(pending.out.find("vc7: 0 of 3 ready (waiting for vc7 compute-0 compute-1)") != std::string::npos);

  // Before any node has booted, the host already knows every node's keys (gen made them).
  auto kh_before = run({host_bin(), "known-hosts", "vc7", "--db", db});
  REQUIRE(kh_before.exit_code == 0);
  CHECK(std::count(kh_before.out.begin(), kh_before.out.end(), '\n') == 9);

  std::map<std::string, std::string> fingerprint;
  for (const auto& n : kNodes) {
    const auto root = t.path / n.name;
    copy_tree(source_dir() / "tests/roots" / n.root, root);
    // An image with sshd whose host keys are made at first boot: the agent
    // installs the ones gen put in the node's input instead.
    spit(root / "etc/ssh/sshd_config", "# sshd defaults\n");
    auto r = run({agent_bin(), "apply", "--input", (t.path / "out" / n.input).string(), "--root", root.string()},
                 {"VC_AGENT_REPORT_TIMEOUT=10"});
    INFO(n.name << ": " << r.err);
    REQUIRE(r.exit_code == 0);
    CHECK(r.err.find("warning: report") == std::string::npos);
    // Whatever keys the run left in the root are the ones the host must learn.
    const auto keys = vc::read_host_keys(vc::RootView(root.string()));
    REQUIRE(keys.size() == 3);  // ecdsa, ed25519, rsa
    for (const auto& k : keys) fingerprint[n.name] += (fingerprint[n.name].empty() ? "" : " ") + k.fingerprint;
    CHECK(kh_before.out.find(k_line(n.name, keys[1])) != std::string::npos);
  }

  auto waited = run({host_bin(), "wait", "vc7", "--timeout", "10", "--db", db});
  CHECK(waited.exit_code == 0);
  CHECK(waited.out.find("vc7: 3 of 3 ready") != std::string::npos);

  auto status = run({host_bin(), "status", "vc7", "--json", "--db", db});
  REQUIRE(status.exit_code == 0);
  const auto nodes = json::parse(status.out);
  REQUIRE(nodes.size() == 3);
  for (std::size_t i = 0; i < 3; ++i) {
    INFO(nodes[i].dump());
    CHECK(nodes[i]["name"] == kNodes[i].name);
    CHECK(nodes[i]["state"] == "ready");
    CHECK(nodes[i]["role"] == (i == 0 ? "frontend" : "compute"));
    REQUIRE(nodes[i]["fingerprints"].size() == 3);
    CHECK(nodes[i]["fingerprints"][0]["fingerprint"].get<std::string>() + " " +
              nodes[i]["fingerprints"][1]["fingerprint"].get<std::string>() + " " +
              nodes[i]["fingerprints"][2]["fingerprint"].get<std::string>() ==
          fingerprint[kNodes[i].name]);
    CHECK(nodes[i].count("host_key_warning") == 0);  // the nodes use the keys gen made
  }
  CHECK(nodes[0]["addresses"] == json{{"private", {"10.1.1.1/16"}}, {"public", {"198.51.100.50/24"}}});
  CHECK(nodes[2]["addresses"] == json{{"private", {"10.1.255.253/16"}}});

  auto table = run({host_bin(), "status", "--db", db});
  CHECK(table.out.find("vc7       compute-0     compute   ready    10.1.255.254      " + fingerprint["compute-0"]) !=
        std::string::npos);

  auto kh = run({host_bin(), "known-hosts", "vc7", "--db", db});
  REQUIRE(kh.exit_code == 0);
  // The reported keys are the ones known before the boot: the same lines.
  CHECK(sorted_lines(kh.out) == sorted_lines(kh_before.out));
  CHECK(kh.err.empty());
  CHECK(kh.out.find("compute-1,compute-1.local,10.1.255.253 ssh-ed25519 ") != std::string::npos);
  CHECK(kh.out.find("vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50 ecdsa-sha2-nistp256 ") == 0);

  // Refusals: nothing of these is stored, each leaves a log line.
  const auto before = report_count(db);
  const std::string key = node_key(db, "vc7", "compute-0");
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  const std::string body = R"({"cluster":"vc7","node":"compute-0","result":"failed","error":"forged"})";
  auto forged = vc::report::sign(body, "guessed key", now);
  auto res = post(serve.port(), forged);
  REQUIRE(res);
  CHECK(res->status == 401);
  auto genuine = vc::report::sign(R"({"cluster":"vc7","node":"compute-0","result":"ready"})", key, now);
  CHECK(post(serve.port(), genuine)->status == 200);
  CHECK(post(serve.port(), genuine)->status == 409);
  auto big = vc::report::sign(std::string(70 * 1024, ' '), key, now);
  CHECK(post(serve.port(), big)->status == 413);
  httplib::Client raw("127.0.0.1", serve.port());
  CHECK(raw.Post("/v1/report", "not json", "application/json")->status == 400);
  CHECK(report_count(db) == before + 1);
  CHECK(run({host_bin(), "wait", "vc7", "--timeout", "2", "--db", db}).exit_code == 0);  // the forged failure did not land

  serve.stop();
  const auto log = serve.log();
  CHECK(log.find("POST /v1/report: 401 bad signature") != std::string::npos);
  CHECK(log.find("POST /v1/report: 409 replayed nonce") != std::string::npos);
  CHECK(log.find("POST /v1/report: 413 report larger than 64 KiB") != std::string::npos);
  CHECK(log.find("POST /v1/report: 400 missing or malformed timestamp") != std::string::npos);
  // The genuine report carried no host keys: stored, but flagged, in the log and in status.
  CHECK(log.find(": WARNING vc7/compute-0: reports no ssh-ed25519 host key, but vc-host gen made one for it\n") !=
        std::string::npos);
  CHECK(run({host_bin(), "status", "vc7", "--db", db}).out.find("warning: vc7/compute-0: reports no ssh-ed25519") !=
        std::string::npos);
}

TEST_CASE("loopback: wait exits 1 when a node reports failure") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Server serve(db, t.path / "serve.log");
  REQUIRE(run({host_bin(), "gen", "--spec", vc7_spec(t.path, serve.url(), 1, "vc8").string(), "--out",
               (t.path / "out").string(), "--db", db})
              .exit_code == 0);
  const auto now = static_cast<std::int64_t>(std::time(nullptr));
  auto failed = vc::report::sign(R"({"cluster":"vc8","node":"compute-0","result":"failed","error":"apply failed: EIO"})",
                                 node_key(db, "vc8", "compute-0"), now);
  CHECK(post(serve.port(), failed)->status == 200);
  auto w = run({host_bin(), "wait", "vc8", "--timeout", "5", "--db", db});
  CHECK(w.exit_code == 1);
  CHECK(w.out == "vc8: compute-0 failed: apply failed: EIO\n");
  CHECK(run({host_bin(), "wait", "nosuch", "--db", db}).exit_code == 2);
}

TEST_CASE("loopback: a burst of 10 000 signed reports is stored with none lost") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Server serve(db, t.path / "serve.log");
  REQUIRE(run({host_bin(), "gen", "--spec", vc7_spec(t.path, serve.url()).string(), "--out",
               (t.path / "out").string(), "--db", db})
              .exit_code == 0);
  auto burst = run({burst_bin(), "--url", serve.url(), "--db", db, "--cluster", "vc7", "--node", "compute-1",
                    "--count", "10000", "--connections", "4"});
  INFO(burst.out << burst.err << serve.log());
  CHECK(burst.exit_code == 0);
  CHECK(burst.out.find("10000 stored, 0 rejected, 0 transport errors") != std::string::npos);
  CHECK(report_count(db) == 10000);
}

TEST_CASE("vsock: the agent's notify message reaches serve") {
  // Needs a local vsock transport (vsock_loopback); a guest-only transport cannot
  // connect to itself.
  const unsigned port = 40000 + static_cast<unsigned>(::getpid() % 20000);
  bool loopback = false;
  {
    const int l = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0);
    const int c = ::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC | SOCK_NONBLOCK, 0);
    sockaddr_vm sa{};
    sa.svm_family = AF_VSOCK;
    sa.svm_cid = VMADDR_CID_ANY;
    sa.svm_port = port;
    if (l >= 0 && c >= 0 && ::bind(l, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 && ::listen(l, 1) == 0) {
      sa.svm_cid = VMADDR_CID_LOCAL;
      if (::connect(c, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 || errno == EINPROGRESS) {
        pollfd p{c, POLLOUT, 0};
        int err = 0;
        socklen_t len = sizeof err;
        loopback = ::poll(&p, 1, 1000) == 1 && ::getsockopt(c, SOL_SOCKET, SO_ERROR, &err, &len) == 0 && err == 0;
      }
    }
    if (l >= 0) ::close(l);
    if (c >= 0) ::close(c);
  }
  if (!loopback) {
    std::cout << "SKIPPED: this kernel has no local AF_VSOCK transport (vsock_loopback, and modprobe is not "
                 "allowed here), so vc-agent cannot reach a vc-host listener on the same machine over vsock\n";
    std::exit(77);
  }
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Server serve(db, t.path / "serve.log", {"--vsock-port", std::to_string(port)});
  // HTTP points nowhere useful; only vsock can deliver.
  REQUIRE(run({host_bin(), "gen", "--spec", vc7_spec(t.path, "http://127.0.0.1:9/v1/report", 1).string(), "--out",
               (t.path / "out").string(), "--db", db})
              .exit_code == 0);
  const auto root = t.path / "root";
  copy_tree(source_dir() / "tests/roots/el9", root);
  auto r = run({agent_bin(), "apply", "--input", (t.path / "out/compute-0.xml").string(), "--root", root.string()},
               {"VC_AGENT_REPORT_TIMEOUT=2", "VC_AGENT_VSOCK=vsock:1:" + std::to_string(port)});
  INFO(r.err << serve.log());
  CHECK(r.exit_code == 0);
  CHECK(run({host_bin(), "wait", "vc7", "--timeout", "1", "--db", db}).out.find("1 of 2 ready") != std::string::npos);
}

TEST_CASE("gen --format nocloud: a seed directory and a cidata ISO per node") {
  if (!find_in_path("xorriso") || !find_in_path("blkid")) {
    std::cout << "SKIPPED: xorriso or blkid is not installed (scripts/deps.txt lists xorriso)\n";
    std::exit(77);
  }
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  const auto spec = vc7_spec(t.path, "http://127.0.0.1:9/v1/report");
  auto gen = run({host_bin(), "gen", "--spec", spec.string(), "--out", (t.path / "seeds").string(), "--format",
                  "nocloud", "--db", db});
  INFO(gen.out << gen.err);
  REQUIRE(gen.exit_code == 0);
  for (const char* node : {"vc7", "compute-0", "compute-1"}) {
    const auto seed = t.path / "seeds" / node;
    for (const char* f : {"meta-data", "user-data", "network-config"}) CHECK(fs::is_regular_file(seed / f));
    const auto iso = t.path / "seeds" / (std::string(node) + "-cidata.iso");
    REQUIRE(fs::is_regular_file(iso));
    // What cloud-init's NoCloud (and vc-agent's) looks for: an iso9660 labelled cidata.
    auto probe = run({*find_in_path("blkid"), "-p", "-o", "export", iso.string()});
    INFO(probe.out << probe.err);
    CHECK(probe.out.find("LABEL=cidata\n") != std::string::npos);
    CHECK(probe.out.find("TYPE=iso9660\n") != std::string::npos);
  }
}
