#pragma once
// `vc-host serve`: the HTTP listener (POST /v1/report) and the AF_VSOCK listener
// (systemd's notify protocol), both feeding admit_report. Runs until SIGINT/SIGTERM.
#include <optional>
#include <string>

namespace vc::host {

struct ServeOptions {
  std::string listen = "127.0.0.1:8775";  // ADDR:PORT; port 0 = any free port
  std::optional<unsigned> vsock_port;
  std::string db;
  long window_seconds = 300;
  bool verbose = false;  // also log accepted reports
};

// Prints "vc-host: listening on http://ADDR:PORT" once bound (tests read the port
// from it). Returns the exit code: 0 after a signal, 3 when it cannot listen.
int run_serve(const ServeOptions& o);

}  // namespace vc::host
