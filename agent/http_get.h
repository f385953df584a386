#pragma once
// The HTTP client the network sources use (metadata services, nocloud-net seeds,
// CloudStack user-data). Implemented with cpp-httplib in http_client.cpp, a
// library of its own (vc_http): Debian ships cpp-httplib as a shared library
// only, so the static release build links http_client_static.cpp instead, which
// reports the network sources as unavailable.
#include <chrono>
#include <string>
#include <utility>
#include <vector>

namespace vc {

struct HttpRequest {
  std::string method = "GET";  // GET or PUT
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
