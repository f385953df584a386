#include "host/verify.h"

#include <charconv>

#include <nlohmann/json.hpp>

#include "agent/vcout_parser.h"
#include "host/hostkey_check.h"
#include "host/log_text.h"

namespace vc::host {
namespace {

// A string member, or "" when absent or of another type (never throws).
std::string text_field(const nlohmann::json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

bool all_hex(const std::string& s, std::size_t n) {
  return s.size() == n && s.find_first_not_of("0123456789abcdef") == std::string::npos;
}

}  // namespace

Verdict admit_report(Store& store, const Incoming& in, std::int64_t now, const VerifyOptions& opt) {
  const auto& e = in.envelope;
  if (e.body.size() > report::kMaxReportBytes) return {413, "report larger than 64 KiB", "", ""};
  std::int64_t ts = 0;
  auto [p, ec] = std::from_chars(e.timestamp.data(), e.timestamp.data() + e.timestamp.size(), ts);
  if (e.timestamp.empty() || ec != std::errc{} || p != e.timestamp.data() + e.timestamp.size())
    return {400, "missing or malformed timestamp", "", ""};
  if (!all_hex(e.nonce, 32)) return {400, "missing or malformed nonce", "", ""};
  if (!all_hex(e.signature, 64)) return {400, "missing or malformed signature", "", ""};

  const auto body = nlohmann::json::parse(e.body, nullptr, /*allow_exceptions=*/false);
  if (!body.is_object() || !body.contains("cluster") || !body["cluster"].is_string() || !body.contains("node") ||
      !body["node"].is_string())
    return {400, "the body is not a report (JSON object with cluster and node)", "", ""};
  Verdict v{0, "", body["cluster"].get<std::string>(), body["node"].get<std::string>()};
  const auto key_b64 = store.node_key(v.cluster, v.node);
  if (!key_b64) {
    v.status = 403;
    v.message = "unknown node " + printable(v.node, 64) + " of cluster " + printable(v.cluster, 64);
    return v;
  }
  const auto key = report::decode_key(*key_b64);
  if (!key || !report::verify(e, *key)) {
    v.status = 401;
    v.message = "bad signature";
    return v;
  }
  if (ts < now - opt.window_seconds || ts > now + opt.window_seconds) {
    v.status = 401;
    v.message = "timestamp " + e.timestamp + " outside the " + std::to_string(opt.window_seconds) + " s window";
    return v;
  }
  const std::string result = text_field(body, "result");
  if (result != "ready" && result != "failed") {
    v.status = 400;
    v.message = "result must be ready or failed";
    return v;
  }
  // known-hosts and status show the hostname: a name like "*" must not get that far.
  if (const auto h = body.find("hostname"); h != body.end() && !h->is_string()) {
    v.status = 400;
    v.message = "hostname must be a string";
    return v;
  }
  if (const auto h = text_field(body, "hostname"); !h.empty() && !is_valid_hostname(h)) {
    v.status = 400;
    v.message = "hostname '" + printable(h, 64) + "' is not a valid RFC 1123 host name";
    return v;
  }
  AcceptedReport r{v.cluster, v.node, result, text_field(body, "error"), text_field(body, "hostname"),
                   e.body,    e.nonce, in.channel, in.peer, ts};
  if (!store.add_report(r)) {
    v.status = 409;
    v.message = "replayed nonce";
    return v;
  }
  v.status = 200;
  v.message = "stored: " + printable(v.node, 64) + " " + result;
  if (auto diff = host_key_mismatch(store.host_keys(v.cluster, v.node), body); !diff.empty())
    v.warning = printable(v.cluster, 64) + "/" + printable(v.node, 64) + ": " + diff;
  return v;
}

}  // namespace vc::host
