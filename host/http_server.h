#pragma once
// serve's HTTP server: cpp-httplib's routing and parsing, but each request must
// arrive whole (request line, headers and body) within a fixed time. httplib's
// own timeout is per read, so a client sending one byte every few seconds held a
// worker for as long as it liked; 40 of them starved /v1/health and every report.
#include <httplib.h>

#include <chrono>
#include <cstddef>

namespace vc::host {

struct HttpLimits {
  std::chrono::milliseconds request{5000};  // a whole request: the agent sends a few KiB at once
  std::chrono::milliseconds idle{5000};     // between keep-alive requests
  std::chrono::milliseconds write{5000};    // each write of the response
  std::size_t workers = 64;                 // connections served at once (more wait for a worker)
};

// Waits until `fd` has `events` (POLLIN, POLLOUT; a hang-up or error counts) or
// `deadline` passes; false on timeout or error.
bool wait_for(int fd, short events, std::chrono::steady_clock::time_point deadline);

class HttpServer : public httplib::Server {
 public:
  explicit HttpServer(const HttpLimits& limits = {});

 private:
  // httplib's per-connection entry point (private virtual): replaced so every
  // request reads through a stream with a deadline.
  bool process_and_close_socket(socket_t sock) override;
  HttpLimits limits_;
};

}  // namespace vc::host
