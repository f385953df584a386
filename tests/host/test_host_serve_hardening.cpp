// serve against hostile clients: request text cannot forge log lines, and slow
// connections cannot keep a genuine report out.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <ctime>
#include <thread>

#include <nlohmann/json.hpp>

#include "agent/report_sign.h"
#include "host/log_text.h"
#include "host/store.h"
#include "host/verify.h"
#include "host_support.h"

using namespace vctest;
using namespace vc::host;

namespace {

const std::string kForged = "x\nvc-host: http 127.0.0.1:1: 200 stored: compute-1 ready";

// Lines of `log` that start with `prefix`.
std::vector<std::string> lines_starting(const std::string& log, const std::string& prefix) {
  std::vector<std::string> out;
  for (std::size_t at = 0; at < log.size();) {
    const auto nl = std::min(log.find('\n', at), log.size());
    if (log.compare(at, prefix.size(), prefix) == 0) out.push_back(log.substr(at, nl - at));
    at = nl + 1;
  }
  return out;
}

// serve on loopback with a gen'd vc7 (frontend + compute-0).
struct Served {
  TempDir t;
  std::string db = (t.path / "state.db").string();
  Server serve{db, t.path / "serve.log"};
  Served() {
    REQUIRE(run({host_bin(), "gen", "--spec", vc7_spec(t.path, serve.url(), 1).string(), "--out",
                 (t.path / "out").string(), "--db", db})
                .exit_code == 0);
  }
};

httplib::Result post(httplib::Client& cli, const vc::report::Envelope& e) {
  return cli.Post("/v1/report",
                  {{vc::report::kHeaderTimestamp, e.timestamp},
                   {vc::report::kHeaderNonce, e.nonce},
                   {vc::report::kHeaderSignature, e.signature}},
                  e.body, "application/json");
}

int connect_to(int port) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_port = htons(static_cast<std::uint16_t>(port));
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return ::connect(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0 ? fd : (::close(fd), -1);
}

}  // namespace

TEST_CASE("printable escapes control bytes, keeps text, caps length") {
  CHECK(printable("compute-0 ready") == "compute-0 ready");
  CHECK(printable("a\nb\rc\td\x1b[31m\x7f") == "a\\nb\\rc\\td\\x1b[31m\\x7f");
  CHECK(printable("\xc2\x9b") == "\\xc2\\x9b");
  CHECK(printable(std::string(10, 'a'), 4) == "aaaa...");
  CHECK(printable(printable("a\nb")) == "a\\nb");  // escaping twice changes nothing
}

TEST_CASE("a report's node name cannot put a newline into the verdict") {
  TempDir t;
  Store store((t.path / "state.db").string());
  store.put_cluster("vc7", "u", {{"compute-1", "compute", vc::report::new_key_base64()}});
  const nlohmann::json body{{"cluster", "vc7\x1b[2J"}, {"node", kForged}, {"result", "ready"}};
  const auto v = admit_report(store, {vc::report::sign(body.dump(), "no key", 1700000000), "http", "p"}, 1700000000);
  CHECK(v.status == 403);
  CHECK(v.message ==
        "unknown node x\\nvc-host: http 127.0.0.1:1: 200 stored: compute-1 ready of cluster vc7\\x1b[2J");
  const nlohmann::json long_name{{"cluster", "vc7"}, {"node", std::string(5000, 'n')}, {"result", "ready"}};
  CHECK(admit_report(store, {vc::report::sign(long_name.dump(), "k", 1700000000), "http", "p"}, 1700000000)
            .message.size() < 200);
}

TEST_CASE("loopback: a POST without a key cannot forge a log line") {
  Served s;
  auto& serve = s.serve;
  const nlohmann::json body{{"cluster", "vc7"}, {"node", kForged}, {"result", "ready"}};
  const auto e = vc::report::sign(body.dump(), "guessed key", static_cast<std::int64_t>(std::time(nullptr)));
  httplib::Client cli("127.0.0.1", serve.port());
  auto res = post(cli, e);
  REQUIRE(res);
  CHECK(res->status == 403);
  CHECK(res->body.find('\n') == res->body.size() - 1);  // one line
  CHECK(cli.Get("/v1/nothing%0avc-host: http 127.0.0.1:1: 200 stored: compute-1 ready")->status == 404);
  serve.stop();
  const auto log = serve.log();
  INFO(log);
  CHECK(lines_starting(log, "vc-host: http 127.0.0.1:1: 200").empty());
  CHECK(log.find("403 unknown node x\\nvc-host: http 127.0.0.1:1: 200 stored: compute-1 ready of cluster vc7\n") !=
        std::string::npos);
}

TEST_CASE("loopback: slow connections do not keep a report or /v1/health out") {
  Served s;
  auto& serve = s.serve;
  const std::string& db = s.db;
  // More slow clients than serve has workers, each sending a byte a second: a
  // per-read timeout never fires for them, only a deadline for the whole request.
  constexpr int kSlow = 80;
  std::vector<int> slow;
  for (int i = 0; i < kSlow; ++i) {
    const int fd = connect_to(serve.port());
    REQUIRE(fd >= 0);
    slow.push_back(fd);
  }
  std::atomic<bool> done{false};
  std::jthread trickle([&] {
    const std::string request = "POST /v1/report HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\n";
    for (std::size_t at = 0; !done; at = (at + 1) % request.size()) {
      for (int fd : slow) ::send(fd, request.data() + at, 1, MSG_NOSIGNAL | MSG_DONTWAIT);
      for (int i = 0; i < 10 && !done; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(500));

  const auto start = std::chrono::steady_clock::now();
  const auto key = *vc::report::decode_key(*Store(db).node_key("vc7", "compute-0"));
  const auto e = vc::report::sign(R"({"cluster":"vc7","node":"compute-0","result":"ready"})", key,
                                  static_cast<std::int64_t>(std::time(nullptr)));
  httplib::Client cli("127.0.0.1", serve.port());
  cli.set_read_timeout(30, 0);
  cli.set_connection_timeout(30, 0);
  auto res = post(cli, e);
  const double took = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  INFO("report took " << took << " s");
  REQUIRE(res);
  CHECK(res->status == 200);
  CHECK(took < 15);  // at worst it waits for the first slow batch's 5 s deadline
  auto health = cli.Get("/v1/health");
  REQUIRE(health);
  CHECK(health->status == 200);

  // Every slow connection is closed by serve (after a 400) within its deadline,
  // although it kept sending.
  int closed = 0;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  std::vector<bool> seen(slow.size());
  while (closed < kSlow && std::chrono::steady_clock::now() < until) {
    for (std::size_t i = 0; i < slow.size(); ++i) {
      if (seen[i]) continue;
      char buf[512];
      const ssize_t n = ::recv(slow[i], buf, sizeof buf, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN)) {
        seen[i] = true;
        ++closed;
      }
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  done = true;
  for (int fd : slow) ::close(fd);
  CHECK(closed == kSlow);
  CHECK(Store(db).report_count("vc7") == 1);
}

TEST_CASE("loopback: two requests sent at once on one connection are both answered") {
  Served s;
  const int fd = connect_to(s.serve.port());
  REQUIRE(fd >= 0);
  const std::string two = "GET /v1/health HTTP/1.1\r\nHost: x\r\n\r\n"
                          "GET /v1/health HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n";
  REQUIRE(::send(fd, two.data(), two.size(), MSG_NOSIGNAL) == static_cast<ssize_t>(two.size()));
  std::string got;
  char buf[1024];
  for (ssize_t n; (n = ::recv(fd, buf, sizeof buf, 0)) > 0;) got.append(buf, static_cast<std::size_t>(n));
  ::close(fd);
  INFO(got);
  std::size_t oks = 0;
  for (auto at = got.find("HTTP/1.1 200 OK"); at != std::string::npos; at = got.find("HTTP/1.1 200 OK", at + 1)) ++oks;
  CHECK(oks == 2);
}
