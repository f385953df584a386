#pragma once
// Posting readiness reports over HTTP: one signed POST to a numeric address given
// in the agent's input, through the agent's raw-socket client (agent/http_raw.h:
// the agent is linked statically, with no NSS resolver and no TLS library).
#include <chrono>
#include <optional>
#include <string>
#include <string_view>

#include "agent/http_raw.h"
#include "agent/report_sign.h"

namespace vc::report {

using Clock = std::chrono::steady_clock;

using HttpTarget = http::Target;

// http://<IPv4>[:port]/path or http://[<IPv6>][:port]/path (http::parse_url). nullopt
// with `why` set for https:// and host names (both need what a static agent lacks).
std::optional<HttpTarget> parse_http_target(std::string_view url, std::string& why);

struct PostResult {
  bool delivered = false;  // 2xx, or 409: an earlier attempt of this same envelope was stored
  int status = 0;          // last HTTP status, 0 when no response came
  int attempts = 0;
  std::string error;       // why the last attempt failed; empty when delivered
};

// One request; `deadline` bounds connect, send and reading the answer.
PostResult post_once(const HttpTarget& t, const Envelope& e, Clock::time_point deadline);

// post_once until delivered, a permanent rejection (4xx other than 408/429), or
// `deadline`, with backoff from 250 ms doubling to 2 s. The same envelope is re-sent,
// so a retry after a lost response is recognised by its nonce instead of stored twice.
PostResult post_with_retry(const HttpTarget& t, const Envelope& e, Clock::time_point deadline);

}  // namespace vc::report
