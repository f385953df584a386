#pragma once
// The HTTP client the network sources use (metadata services, nocloud-net seeds,
// CloudStack user-data): a thin layer over the agent's raw-socket client
// (agent/http_raw.h), the same in the dev and the static release build. Numeric
// hosts only (a host name is refused with the reason), http:// only, redirects
// are not followed (a 3xx comes back as the status).
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vc {

struct HttpRequest {
  std::string method = "GET";  // GET or PUT (sent with an empty body)
  std::string url;             // http://host[:port]/path
  std::vector<std::pair<std::string, std::string>> headers;
};

struct HttpResponse {
  int status = 0;     // 0: no response (error says why)
  std::string body;
  std::string error;
};

// One request, bounded by `deadline` (connect, send and every read). Bodies over
// `max_body` bytes are an error: a metadata service has no business sending more.
HttpResponse http_request(const HttpRequest& req, std::chrono::steady_clock::time_point deadline,
                          std::size_t max_body = 4u * 1024 * 1024);

}  // namespace vc
