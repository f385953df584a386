#include "agent/report_http.h"

#include <algorithm>
#include <thread>

namespace vc::report {

namespace {
// The answer's body is for humans (vc-host says "stored"); a little is plenty.
constexpr std::size_t kMaxAnswer = 64 * 1024;
}  // namespace

std::optional<HttpTarget> parse_http_target(std::string_view url, std::string& why) {
  if (url.starts_with("https://")) {
    why = "https is not supported by the agent's report client; use http:// (the report is signed)";
    return std::nullopt;
  }
  return http::parse_url(url, why);
}

PostResult post_once(const HttpTarget& t, const Envelope& e, Clock::time_point deadline) {
  const http::Headers headers{{"Content-Type", "application/json"},
                              {kHeaderTimestamp, e.timestamp},
                              {kHeaderNonce, e.nonce},
                              {kHeaderSignature, e.signature}};
  const auto a = http::exchange(t, "POST", headers, e.body, deadline, kMaxAnswer);
  PostResult r;
  r.attempts = 1;
  r.status = a.status;
  if (a.status == 0) r.error = a.error;
  else if ((a.status >= 200 && a.status < 300) || a.status == 409) r.delivered = true;
  else r.error = "HTTP " + std::to_string(a.status) + (a.reason.empty() ? "" : " " + a.reason);
  return r;
}

PostResult post_with_retry(const HttpTarget& t, const Envelope& e, Clock::time_point deadline) {
  auto backoff = std::chrono::milliseconds(250);
  int attempts = 0;
  for (;;) {
    PostResult r = post_once(t, e, deadline);
    r.attempts = ++attempts;
    const bool permanent = r.status >= 400 && r.status < 500 && r.status != 408 && r.status != 429;
    if (r.delivered || permanent || Clock::now() + backoff >= deadline) return r;
    std::this_thread::sleep_for(backoff);
    backoff = std::min(backoff * 2, std::chrono::milliseconds(2000));
  }
}

}  // namespace vc::report
