// Readiness report, agent side: fingerprints, signing, the notify message, the
// HTTP client's retry bounds, and the report a real `apply` sends.
#include <catch2/catch.hpp>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <chrono>
#include <thread>

#include <nlohmann/json.hpp>

#include "agent/report.h"
#include "agent/report_http.h"
#include "agent/report_sign.h"
#include "agent/report_vsock.h"
#include "agent/root_view.h"
#include "agent/ssh_fingerprint.h"
#include "loopback.h"
#include "test_support.h"

using namespace vctest;
using namespace vc;

namespace {

constexpr const char* kEd25519 =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGxvBAVvPSXDYrkSs7vgMDkwymXjlKOkvMIM31EW3K56 root@vc7";

// A loopback HTTP server answering every request with `status`.
struct TinyServer : ScriptServer {
  explicit TinyServer(int status)
      : ScriptServer([status](int fd) {
          send_text(fd, "HTTP/1.1 " + std::to_string(status) + " X\r\nContent-Length: 0\r\n\r\n");
        }) {}
};

report::HttpTarget target(const std::string& url) {
  std::string why;
  auto t = report::parse_http_target(url, why);
  INFO(why);
  REQUIRE(t);
  return *t;
}

}  // namespace

TEST_CASE("ssh fingerprints are what ssh-keygen -l prints") {
  CHECK(ssh_fingerprint_sha256("AAAAC3NzaC1lZDI1NTE5AAAAIGxvBAVvPSXDYrkSs7vgMDkwymXjlKOkvMIM31EW3K56") ==
        "SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg");
  auto rsa = parse_host_key_line(
      "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAAAgQDC/SKhDZT6rUjtTC2tYE8WAsmKryqCFPz1VqnYMVlDc+XeUkTIs/bpWC2gwWvFA7yqQHA4+"
      "XzhkdDuUYX165BMh5X5/6zUhSSVc746dP83ULO6jae/Sj/Y7o9Q/NSeeGHLJH2omcxnl/GETf7QDO9a00iMFmBBT/UZkJdSqpKL9Q== \n");
  REQUIRE(rsa);
  CHECK(rsa->type == "ssh-rsa");
  CHECK(rsa->fingerprint == "SHA256:yikeYwlVEu+dGi/hBg85L6p8uKyJslrZqTJs5euOh4A");
  auto ec = parse_host_key_line(
      "ecdsa-sha2-nistp256 AAAAE2VjZHNhLXNoYTItbmlzdHAyNTYAAAAIbmlzdHAyNTYAAABBBLS/9sp4MBqRHt/"
      "cNQHCMK28+iiwhO0Yc536GuNJa3bgdwq9q1EYhNoUAVI5RARg6f4VQh9efh3KmJSot4oyNTk= root@vm");
  REQUIRE(ec);
  CHECK(ec->fingerprint == "SHA256:YbgwkUGwpdW5fzHjZg03LMB952hV+nZ8Sq6o1jEFGO8");
  CHECK(ec->line() == ec->type + " " + ec->blob);  // the comment is not carried

  CHECK_FALSE(parse_host_key_line(""));
  CHECK_FALSE(parse_host_key_line("ssh-ed25519"));
  CHECK_FALSE(parse_host_key_line("ssh-ed25519 not*base64"));
  CHECK_FALSE(parse_host_key_line("# ssh-ed25519 AAAA"));
}

TEST_CASE("host keys are read from <root>/etc/ssh/ssh_host_*_key.pub only") {
  TempDir t;
  spit(t.path / "etc/ssh/ssh_host_ed25519_key.pub", std::string(kEd25519) + "\n");
  spit(t.path / "etc/ssh/ssh_host_rsa_key.pub", "garbage\n");          // skipped
  spit(t.path / "etc/ssh/ssh_host_ed25519_key", "PRIVATE\n");          // not a .pub
  spit(t.path / "etc/ssh/ssh_known_hosts.pub", std::string(kEd25519));  // not a host key
  const auto keys = read_host_keys(RootView(t.path.string()));
  REQUIRE(keys.size() == 1);
  CHECK(keys[0].fingerprint == "SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg");
  CHECK(read_host_keys(RootView((t.path / "nonexistent").string())).empty());
}

TEST_CASE("report signatures: HMAC-SHA256 over tag, timestamp, nonce and body") {
  // RFC 4231 test case 2.
  CHECK(report::hmac_sha256_hex("Jefe", "what do ya want for nothing?") ==
        "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
  CHECK(report::signing_input("{}", "1700000000", "ab") == "vc-report-v1\n1700000000\nab\n{}");

  const std::string key = "0123456789abcdef0123456789abcdef";
  const auto e = report::sign(R"({"node":"compute-0"})", key, 1700000000);
  CHECK(e.timestamp == "1700000000");
  CHECK(e.nonce.size() == 32);
  CHECK(e.signature.size() == 64);
  CHECK(report::verify(e, key));
  CHECK(report::sign("x", key, 1).nonce != report::sign("x", key, 1).nonce);

  auto forged = e;
  forged.body = R"({"node":"compute-1"})";
  CHECK_FALSE(report::verify(forged, key));
  auto moved = e;
  moved.timestamp = "1700000001";
  CHECK_FALSE(report::verify(moved, key));
  auto renonced = e;
  renonced.nonce[0] = renonced.nonce[0] == 'a' ? 'b' : 'a';
  CHECK_FALSE(report::verify(renonced, key));
  CHECK_FALSE(report::verify(e, "another key"));
  auto truncated = e;
  truncated.signature.pop_back();
  CHECK_FALSE(report::verify(truncated, key));

  CHECK(report::decode_key("c2VjcmV0") == "secret");
  CHECK_FALSE(report::decode_key("c2VjcmV0!"));
  CHECK_FALSE(report::decode_key(""));
  const auto fresh = report::new_key_base64();
  CHECK(fresh.size() == 44);
  CHECK(report::decode_key(fresh)->size() == 32);
}

TEST_CASE("the vsock notify message carries the envelope next to READY=1") {
  const auto e = report::sign(R"({"a":"line\nbreak"})", "k", 42);
  const std::string msg = report::to_notify_message(e, "ready compute-0");
  CHECK(msg.starts_with("READY=1\nSTATUS=ready compute-0\nX_VC_REPORT_TIMESTAMP=42\n"));
  auto back = report::from_notify_message(msg);
  REQUIRE(back);
  CHECK(back->body == e.body);
  CHECK(back->nonce == e.nonce);
  CHECK(back->signature == e.signature);
  CHECK(report::verify(*back, "k"));
  // systemd's own notification (no report) is recognised as such.
  CHECK_FALSE(report::from_notify_message("READY=1\nX_SYSTEMD_UNIT_ACTIVE=multi-user.target\n"));
  // A STATUS with a newline would break the framing: it is left out.
  CHECK(report::to_notify_message(e, "two\nlines").find("STATUS=") == std::string::npos);
}

TEST_CASE("vmm.notify_socket addresses") {
  auto s = report::parse_vmm_notify_socket("vsock:2:8775");
  REQUIRE(s);
  CHECK(s->cid == 2);
  CHECK(s->port == 8775);
  CHECK(s->type == SOCK_STREAM);
  CHECK(report::parse_vmm_notify_socket("vsock-dgram:2:1")->type == SOCK_DGRAM);
  CHECK(report::parse_vmm_notify_socket("vsock-seqpacket:3:1")->type == SOCK_SEQPACKET);
  CHECK_FALSE(report::parse_vmm_notify_socket("/run/host/notify"));
  CHECK_FALSE(report::parse_vmm_notify_socket("vsock:2"));
  CHECK_FALSE(report::parse_vmm_notify_socket("vsock:x:1"));

  TempDir t;
  spit(t.path / "run/credentials/@system/vmm.notify_socket", "vsock-stream:2:9000\n");
  ::unsetenv("VC_AGENT_VSOCK");
  CHECK(report::find_vmm_notify_socket(RootView(t.path.string())) == "vsock-stream:2:9000");
  ::setenv("VC_AGENT_VSOCK", "vsock:2:1234", 1);
  CHECK(report::find_vmm_notify_socket(RootView(t.path.string())) == "vsock:2:1234");
  ::unsetenv("VC_AGENT_VSOCK");
}

TEST_CASE("report URLs: numeric http only, with the reason otherwise") {
  auto t = target("http://10.1.1.1:8775/v1/report");
  CHECK(t.host_header == "10.1.1.1:8775");
  CHECK(t.path == "/v1/report");
  CHECK(reinterpret_cast<const sockaddr_in*>(&t.addr)->sin_port == htons(8775));
  auto t6 = target("http://[fd00::1]/r");
  CHECK(t6.addr.ss_family == AF_INET6);
  CHECK(reinterpret_cast<const sockaddr_in6*>(&t6.addr)->sin6_port == htons(80));
  CHECK(target("http://127.0.0.1").path == "/");

  std::string why;
  CHECK_FALSE(report::parse_http_target("http://vc-host.example.org/r", why));
  CHECK(why == "'vc-host.example.org' is not a numeric IP address: only numeric IPv4 or [IPv6] hosts are supported "
               "(the agent does not resolve names during boot)");
  CHECK_FALSE(report::parse_http_target("https://10.0.0.1/r", why));
  CHECK(why.starts_with("https is not supported"));
  CHECK_FALSE(report::parse_http_target("http://10.0.0.1:99999/r", why));
  CHECK(why == "'99999' is not a TCP port");
}

TEST_CASE("HTTP delivery: delivered, refused for good, or retried until the deadline") {
  using report::Clock;
  const auto e = report::sign(R"({"node":"n"})", "k", 1);

  TinyServer ok(200);
  auto r = report::post_with_retry(target("http://127.0.0.1:" + std::to_string(ok.port()) + "/v1/report"), e,
                                   Clock::now() + std::chrono::seconds(5));
  CHECK(r.delivered);
  CHECK(r.status == 200);
  CHECK(r.attempts == 1);
  const auto req = ok.request();
  CHECK(req.starts_with("POST /v1/report HTTP/1.1\r\n"));
  CHECK(req.find("X-VC-Signature: " + e.signature + "\r\n") != std::string::npos);
  CHECK(req.find("X-VC-Nonce: " + e.nonce + "\r\n") != std::string::npos);

  TinyServer dup(409);  // an earlier attempt of the same envelope was stored
  CHECK(report::post_with_retry(target("http://127.0.0.1:" + std::to_string(dup.port()) + "/"), e,
                                Clock::now() + std::chrono::seconds(5))
            .delivered);

  TinyServer refused(401);
  r = report::post_with_retry(target("http://127.0.0.1:" + std::to_string(refused.port()) + "/"), e,
                              Clock::now() + std::chrono::seconds(5));
  CHECK_FALSE(r.delivered);
  CHECK(r.attempts == 1);
  CHECK(r.error == "HTTP 401 X");

  TinyServer busy(503);
  const auto start = Clock::now();
  r = report::post_with_retry(target("http://127.0.0.1:" + std::to_string(busy.port()) + "/"), e,
                              start + std::chrono::milliseconds(1500));
  CHECK_FALSE(r.delivered);
  CHECK(r.attempts >= 3);  // 250 + 500 ms of backoff fit; 1 s does not
  CHECK(busy.requests() == r.attempts);
  CHECK(Clock::now() - start < std::chrono::milliseconds(1600));

  r = report::post_with_retry(target("http://127.0.0.1:" + std::to_string(closed_port()) + "/"), e,
                              Clock::now() + std::chrono::milliseconds(600));
  CHECK_FALSE(r.delivered);
  CHECK(r.error == "connect: Connection refused");
}

TEST_CASE("report body and console line") {
  ReportFacts f;
  f.cluster = "vc7";
  f.node = "compute-0";
  f.role = "compute";
  f.instance_id = "i-1";
  f.hostname = "compute-0";
  f.source = "vcout:/root/vc-out.xml";
  f.agent_version = "0.1.0";
  f.nics = {{"eth0", "52:54:00:aa:01:01", {"10.1.255.254/16"}}};
  f.host_keys = {*parse_host_key_line(kEd25519)};
  f.timings_ms = {{"read", 1.5}, {"plan", 2.0}, {"apply", 10.25}};
  f.time = 1700000000;
  const auto j = report_body(f);
  CHECK(j.dump() ==
        R"({"agent_version":"0.1.0","cluster":"vc7","host_keys":[{"fingerprint":"SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg","key":"AAAAC3NzaC1lZDI1NTE5AAAAIGxvBAVvPSXDYrkSs7vgMDkwymXjlKOkvMIM31EW3K56","type":"ssh-ed25519"}],"hostname":"compute-0","instance_id":"i-1","nics":[{"addresses":["10.1.255.254/16"],"mac":"52:54:00:aa:01:01","name":"eth0"}],"node":"compute-0","result":"ready","role":"compute","source":"vcout:/root/vc-out.xml","time":1700000000,"timings_ms":{"apply":10.25,"plan":2.0,"read":1.5},"total_ms":13.7,"version":1})");
  CHECK(console_line(f) ==
        "vc-agent: ready compute-0 (vc7) 10.1.255.254 ssh-ed25519 SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg in 13 ms");
  f.ok = false;
  f.error = "rename /etc/hosts: EIO";
  CHECK(report_body(f)["result"] == "failed");
  CHECK(report_body(f)["error"] == "rename /etc/hosts: EIO");
  CHECK(console_line(f).starts_with("vc-agent: FAILED compute-0 (vc7) "));
  CHECK(console_line(f).ends_with(": rename /etc/hosts: EIO"));
}

TEST_CASE("apply reports: bounded when the host is down, never changes the exit code") {
  TempDir t;
  const auto root = t.path / "root";
  copy_tree(source_dir() / "tests/roots/debian12", root);
  spit(root / "etc/ssh/ssh_host_ed25519_key.pub", std::string(kEd25519) + "\n");
  std::string xml = slurp(source_dir() / "examples/compute-vc-out.xml");
  const int port = closed_port();
  xml.insert(xml.rfind("</vc>"), "  <report url=\"http://127.0.0.1:" + std::to_string(port) +
                                     "/v1/report\" cluster=\"vc1\" node=\"compute-0\" key=\"c2VjcmV0\"/>\n");
  spit(t.path / "in.xml", xml);
  const auto status_file = t.path / "status.json";
  const std::vector<std::string> env{"VC_AGENT_REPORT_TIMEOUT=1", "VC_AGENT_STATUS_FILE=" + status_file.string()};

  const auto start = std::chrono::steady_clock::now();
  auto r = run({agent_bin(), "apply", "--input", (t.path / "in.xml").string(), "--root", root.string()}, env);
  const auto took = std::chrono::steady_clock::now() - start;
  INFO(r.err);
  CHECK(r.exit_code == 0);
  CHECK(took < std::chrono::seconds(4));
  CHECK(r.err.find("warning: report: http: http://127.0.0.1:" + std::to_string(port) +
                   "/v1/report: connect: Connection refused (after ") != std::string::npos);
  auto s = nlohmann::json::parse(slurp(status_file));
  CHECK(s["result"] == "ready");
  CHECK(s["node"] == "compute-0");
  CHECK(s["cluster"] == "vc1");
  CHECK(s["source"] == "vcout:" + (t.path / "in.xml").string());
  CHECK(s["channels"]["http"]["delivered"] == false);
  CHECK(s["host_keys"][0]["fingerprint"] == "SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg");
  CHECK(s["timings_ms"].contains("read"));
  CHECK(s["timings_ms"].contains("apply"));
  CHECK(s["errors"].size() == 1);

  // --no-report: local channels only, no network attempt at all.
  r = run({agent_bin(), "apply", "--no-report", "-v", "--input", (t.path / "in.xml").string(), "--root", root.string()},
          env);
  CHECK(r.exit_code == 0);
  CHECK(r.err.find("warning: report:") == std::string::npos);
  CHECK(r.err.find("vc-agent: ready compute-0 (vc1) ") != std::string::npos);
  s = nlohmann::json::parse(slurp(status_file));
  CHECK(s["channels"]["http"]["skipped"] == "--no-report");
  CHECK(s["errors"].empty());
}

TEST_CASE("an early phase with a late phase due hands the report target to the late run") {
  TempDir t;
  const RootView root(t.path.string());
  TinyServer host(200);
  Model m;
  m.role = Role::Compute;
  m.name = "compute-0";
  m.source = "vcout:/root/vc-out.xml";
  m.nics.push_back(Nic{"private", *netconf::parse_ip("10.1.255.254"), 16, "52:54:00:aa:01:00", 1500, 5});
  m.report = ReportTarget{"http://127.0.0.1:" + std::to_string(host.port()) + "/v1/report", "vc7", "compute-0",
                          "c2VjcmV0"};
  StepClock early;
  early.mark("apply");
  std::ostringstream err;
  save_report_context(RunReport{m, root, early, true, "", true, false, "i-7"}, err);
  CHECK(err.str().empty());
  const auto saved = t.path / "var/lib/vc-agent/report-target.json";
  REQUIRE(fs::exists(saved));
  CHECK((fs::status(saved).permissions() & fs::perms::all) == (fs::perms::owner_read | fs::perms::owner_write));
  CHECK(host.requests() == 0);

  spit(t.path / "etc/ssh/ssh_host_ed25519_key.pub", std::string(kEd25519) + "\n");  // generated meanwhile
  StepClock late;
  late.mark("late");
  ::setenv("VC_AGENT_STATUS_FILE", (t.path / "status.json").c_str(), 1);
  report_late_outcome(root, late, true, "", {true, false}, err);
  ::unsetenv("VC_AGENT_STATUS_FILE");
  INFO(err.str());
  CHECK(host.requests() == 1);
  const std::string req = host.request();
  const auto body = nlohmann::json::parse(req.substr(req.find("\r\n\r\n") + 4));
  CHECK(body["node"] == "compute-0");
  CHECK(body["cluster"] == "vc7");
  CHECK(body["instance_id"] == "i-7");
  CHECK(body["nics"][0]["addresses"][0] == "10.1.255.254/16");
  CHECK(body["host_keys"][0]["fingerprint"] == "SHA256:TX40XSKK4lCcLbNqgJsZuIkGXTedYBeasK0jDauSddg");
  CHECK(body["timings_ms"].contains("late"));
  const auto env = report::Envelope{req.substr(req.find("\r\n\r\n") + 4), std::to_string(body["time"].get<long>()),
                                    req.substr(req.find("X-VC-Nonce: ") + 12, 32),
                                    req.substr(req.find("X-VC-Signature: ") + 16, 64)};
  CHECK(report::verify(env, "secret"));
  CHECK(nlohmann::json::parse(slurp(t.path / "status.json"))["channels"]["http"]["delivered"] == true);
}
