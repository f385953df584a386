// serve against hostile clients: request text cannot forge log lines, and slow
// connections cannot keep a genuine report out.
#include <catch2/catch.hpp>

#include <httplib.h>

#include <ctime>

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
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Server serve(db, t.path / "serve.log");
  REQUIRE(run({host_bin(), "gen", "--spec", vc7_spec(t.path, serve.url(), 2).string(), "--out",
               (t.path / "out").string(), "--db", db})
              .exit_code == 0);
  const nlohmann::json body{{"cluster", "vc7"}, {"node", kForged}, {"result", "ready"}};
  const auto e = vc::report::sign(body.dump(), "guessed key", static_cast<std::int64_t>(std::time(nullptr)));
  httplib::Client cli("127.0.0.1", serve.port());
  auto res = cli.Post("/v1/report",
                      {{vc::report::kHeaderTimestamp, e.timestamp},
                       {vc::report::kHeaderNonce, e.nonce},
                       {vc::report::kHeaderSignature, e.signature}},
                      e.body, "application/json");
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
