// Admission of reports: only a correctly signed, fresh, first-seen report of a
// known node is stored; each refusal has its own status and reason.
#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include "agent/report_sign.h"
#include "host/store.h"
#include "host/verify.h"
#include "test_support.h"

using namespace vctest;
using namespace vc;
using namespace vc::host;

namespace {

constexpr std::int64_t kNow = 1700000000;

struct Fixture {
  TempDir dir;
  Store store{(dir.path / "state.db").string()};
  std::string key_b64 = report::new_key_base64();
  std::string key = *report::decode_key(key_b64);
  Fixture() {
    store.put_cluster("vc7", "http://127.0.0.1:1/v1/report",
                      {{"vc7", "frontend", report::new_key_base64()}, {"compute-0", "compute", key_b64}});
  }
  Incoming signed_report(const std::string& result = "ready", std::int64_t ts = kNow) const {
    nlohmann::json body{{"cluster", "vc7"}, {"node", "compute-0"}, {"result", result}, {"hostname", "compute-0"}};
    if (result == "failed") body["error"] = "disk full";
    return {report::sign(body.dump(), key, ts), "http", "127.0.0.1:1"};
  }
};

}  // namespace

TEST_CASE("a signed report is stored and sets the node's state") {
  Fixture f;
  auto v = admit_report(f.store, f.signed_report(), kNow);
  CHECK(v.status == 200);
  CHECK(v.message == "stored: compute-0 ready");
  CHECK(f.store.report_count("vc7") == 1);
  const auto nodes = f.store.nodes("vc7");
  REQUIRE(nodes.size() == 2);
  CHECK(nodes[0].name == "vc7");
  CHECK(nodes[0].state == "pending");
  CHECK(nodes[1].name == "compute-0");
  CHECK(nodes[1].state == "ready");
  CHECK(nodes[1].hostname == "compute-0");
  CHECK(nodes[1].updated == kNow);

  // A later failure report wins; an older report (delivered late) does not.
  CHECK(admit_report(f.store, f.signed_report("failed", kNow + 5), kNow + 5).status == 200);
  CHECK(admit_report(f.store, f.signed_report("ready", kNow + 1), kNow + 5).status == 200);
  CHECK(f.store.nodes("vc7")[1].state == "failed");
  CHECK(f.store.nodes("vc7")[1].error == "disk full");
  CHECK(f.store.report_count("vc7") == 3);
}

TEST_CASE("forged, replayed, stale, oversized, malformed and unknown reports are refused") {
  Fixture f;
  const auto good = f.signed_report();

  auto forged = good;
  forged.envelope.body.replace(forged.envelope.body.find("ready"), 5, "fails");
  CHECK(admit_report(f.store, forged, kNow).status == 401);
  auto wrong_key = good;
  wrong_key.envelope = report::sign(good.envelope.body, "not the key", kNow);
  CHECK(admit_report(f.store, wrong_key, kNow).message == "bad signature");

  CHECK(admit_report(f.store, good, kNow).status == 200);
  auto replay = admit_report(f.store, good, kNow + 10);
  CHECK(replay.status == 409);
  CHECK(replay.message == "replayed nonce");

  auto stale = admit_report(f.store, f.signed_report("ready", kNow - 301), kNow);
  CHECK(stale.status == 401);
  CHECK(stale.message == "timestamp 1699999699 outside the 300 s window");
  CHECK(admit_report(f.store, f.signed_report("ready", kNow + 301), kNow).status == 401);

  Incoming big = good;
  big.envelope.body = std::string(report::kMaxReportBytes + 1, ' ');
  CHECK(admit_report(f.store, big, kNow).status == 413);

  Incoming no_nonce = f.signed_report();
  no_nonce.envelope.nonce.clear();
  CHECK(admit_report(f.store, no_nonce, kNow).message == "missing or malformed nonce");
  Incoming not_json = good;
  not_json.envelope = report::sign("{not json", f.key, kNow);
  CHECK(admit_report(f.store, not_json, kNow).status == 400);
  Incoming typed = good;
  typed.envelope = report::sign(R"({"cluster":"vc7","node":7})", f.key, kNow);
  CHECK(admit_report(f.store, typed, kNow).status == 400);
  Incoming stranger = good;
  stranger.envelope = report::sign(R"({"cluster":"vc7","node":"compute-9","result":"ready"})", f.key, kNow);
  auto unknown = admit_report(f.store, stranger, kNow);
  CHECK(unknown.status == 403);
  CHECK(unknown.message == "unknown node compute-9 of cluster vc7");
  Incoming bad_result = good;
  bad_result.envelope = report::sign(R"({"cluster":"vc7","node":"compute-0","result":"maybe"})", f.key, kNow);
  CHECK(admit_report(f.store, bad_result, kNow).status == 400);

  CHECK(f.store.report_count("vc7") == 1);  // only `good`
}

TEST_CASE("gen again replaces the cluster: old keys and reports are gone") {
  Fixture f;
  CHECK(admit_report(f.store, f.signed_report(), kNow).status == 200);
  f.store.put_cluster("vc7", "u", {{"vc7", "frontend", report::new_key_base64()}});
  CHECK(f.store.report_count("vc7") == 0);
  CHECK(f.store.nodes("vc7").size() == 1);
  CHECK(admit_report(f.store, f.signed_report(), kNow).status == 403);
  CHECK_FALSE(f.store.has_cluster("vc8"));
}
