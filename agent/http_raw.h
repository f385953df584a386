#pragma once
// The agent's one HTTP/1.1 client, on plain sockets, in every build (dev and the
// static release binary alike): the network sources (agent/http_get.h) and the
// readiness report (agent/report_http.h) both go through it.
//
// Deliberately small, for what a boot agent talks to (a metadata service, a seed
// server, vc-host) at an address its input or the platform gives:
//   - numeric hosts only (http://10.0.0.1:8080/, http://[fd00::1]/): a static glibc
//     has no safe resolver (getaddrinfo would load the image's NSS modules), and
//     DNS is not up that early anyway;
//   - http:// only (no TLS library in the agent);
//   - one request per connection (Connection: close);
//   - redirects are NOT followed: a 3xx is returned as it came;
//   - Content-Length, chunked and read-to-close bodies, at most `max_body` bytes;
//   - connect, every send and every read wait with poll() until `deadline`, no longer.
#include <sys/socket.h>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vc::http {

using Clock = std::chrono::steady_clock;
using Headers = std::vector<std::pair<std::string, std::string>>;

struct Target {
  sockaddr_storage addr{};
  socklen_t addr_len = 0;
  std::string host_header;  // "10.1.1.1:8775" / "[fd00::1]:8775"
  std::string path;         // "/v1/report" ("/" when the URL has none)
};

// http://<IPv4>[:port]/path or http://[<IPv6>][:port]/path. nullopt with `why` set
// otherwise (https://, a host name, a bad port).
std::optional<Target> parse_url(std::string_view url, std::string& why);

struct Response {
  int status = 0;       // 0: no (valid) response; `error` says why
  std::string reason;   // the status line's reason phrase ("Not Found")
  std::string body;
  std::string error;    // empty when a complete response arrived
};

// One request. A non-empty body, or any POST/PUT, is sent with Content-Length.
// Header names and values with CR or LF are refused (no header injection).
Response exchange(const Target& t, std::string_view method, const Headers& headers, std::string_view body,
                  Clock::time_point deadline, std::size_t max_body);

// The response half of exchange(), on a connected socket (the fuzz target feeds
// it through a socketpair): the same framing, limits and errors.
Response read_response(int fd, std::string_view method, Clock::time_point deadline, std::size_t max_body);

}  // namespace vc::http
