// cpp-httplib behind http_get.h (built into vc_http, not vc_core: see the header).
#include <httplib.h>

#include <algorithm>

#include "agent/http_get.h"

namespace vc {

HttpResponse http_request(const HttpRequest& req, std::chrono::steady_clock::time_point deadline,
                          std::size_t max_body) {
  HttpResponse r;
  if (!req.url.starts_with("http://")) {
    r.error = "only http:// URLs are supported (" + req.url + ")";
    return r;
  }
  const auto slash = req.url.find('/', 7);
  const std::string base = req.url.substr(0, slash);
  const std::string path = slash == std::string::npos ? "/" : req.url.substr(slash);
  const auto left = std::chrono::duration_cast<std::chrono::microseconds>(deadline - std::chrono::steady_clock::now());
  if (left.count() <= 0) {
    r.error = "the network budget is spent";
    return r;
  }
  httplib::Client cli(base);
  // Every phase gets at most what is left of the budget; a hung server costs no more.
  const auto secs = static_cast<time_t>(left.count() / 1'000'000), usecs = static_cast<time_t>(left.count() % 1'000'000);
  cli.set_connection_timeout(secs, usecs);
  cli.set_read_timeout(secs, usecs);
  cli.set_write_timeout(secs, usecs);
  cli.set_keep_alive(false);
  httplib::Headers headers;
  for (const auto& [k, v] : req.headers) headers.emplace(k, v);
  std::string body;
  bool too_big = false;
  auto receiver = [&](const char* data, size_t n) {
    if (body.size() + n > max_body || std::chrono::steady_clock::now() > deadline) {
      too_big = body.size() + n > max_body;
      return false;
    }
    body.append(data, n);
    return true;
  };
  httplib::Result res = req.method == "PUT" ? cli.Put(path, headers, std::string(), "text/plain")
                                            : cli.Get(path, headers, receiver);
  if (!res) {
    r.error = too_big ? "response larger than " + std::to_string(max_body) + " bytes"
                      : std::chrono::steady_clock::now() >= deadline ? "timed out (network budget)"
                                                                      : httplib::to_string(res.error());
    return r;
  }
  r.status = res->status;
  r.body = req.method == "PUT" ? res->body.substr(0, std::min(res->body.size(), max_body)) : std::move(body);
  return r;
}

}  // namespace vc
