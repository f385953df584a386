#include "host/serve.h"

#include <linux/vm_sockets.h>
#include <poll.h>
#include <pthread.h>
#include <signal.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <charconv>
#include <chrono>
#include <cstring>
#include <ctime>
#include <iostream>
#include <mutex>
#include <thread>

#include "agent/fs_util.h"
#include "host/http_server.h"
#include "host/log_text.h"
#include "host/verify.h"

namespace vc::host {
namespace {

std::mutex g_log_mutex;

void log_line(const std::string& line) {
  std::lock_guard<std::mutex> lock(g_log_mutex);
  std::cerr << "vc-host: " << line << std::endl;
}

// The store and the checks behind one lock: a report's nonce, row and node state
// are one SQLite transaction on one connection.
class Admission {
 public:
  Admission(Store& store, const ServeOptions& o) : store_(store), opt_{o.window_seconds} {}

  Verdict admit(const Incoming& in) {
    const auto now = static_cast<std::int64_t>(std::time(nullptr));
    std::lock_guard<std::mutex> lock(mutex_);
    try {
      Verdict v = admit_report(store_, in, now, opt_);
      if (now - last_prune_ > 60) {
        store_.prune_nonces(now - 2 * opt_.window_seconds);
        last_prune_ = now;
      }
      return v;
    } catch (const std::exception& e) {
      return {500, std::string("store: ") + e.what(), "", ""};
    }
  }

 private:
  Store& store_;
  VerifyOptions opt_;
  std::mutex mutex_;
  std::int64_t last_prune_ = 0;
};

bool split_listen(const std::string& listen, std::string& host, int& port) {
  const auto colon = listen.rfind(':');
  if (colon == std::string::npos) return false;
  host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
  const auto p = listen.substr(colon + 1);
  auto [end, ec] = std::from_chars(p.data(), p.data() + p.size(), port);
  return !host.empty() && ec == std::errc{} && end == p.data() + p.size() && port >= 0 && port <= 65535;
}

// One vsock connection: read the notify message (bounded in size, and in time as
// a whole: a peer trickling bytes must not hold the one-at-a-time accept loop).
void handle_vsock(int fd, unsigned cid, Admission& adm, bool verbose) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(2);
  std::string msg;
  char buf[8192];
  while (wait_for(fd, POLLIN, deadline)) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, MSG_DONTWAIT);
    if (n < 0 && (errno == EINTR || errno == EAGAIN)) continue;
    if (n <= 0) break;
    msg.append(buf, static_cast<std::size_t>(n));
    if (msg.size() > report::kMaxReportBytes + 1024) {
      log_line("vsock cid " + std::to_string(cid) + ": 413 message larger than 64 KiB");
      return;
    }
  }
  const std::string peer = "cid " + std::to_string(cid);
  auto env = report::from_notify_message(msg);
  if (!env) {
    log_line("vsock " + peer + ": notification without a report ignored (" + printable(msg, 60) + ")");
    return;
  }
  const Verdict v = adm.admit({*env, "vsock", peer});
  if (v.status != 200 || verbose) log_line("vsock " + peer + ": " + std::to_string(v.status) + " " + v.message);
  if (!v.warning.empty()) log_line("vsock " + peer + ": WARNING " + v.warning);
}

// Accept loop until `stop_fd` becomes readable.
void vsock_loop(int listen_fd, int stop_fd, Admission& adm, bool verbose) {
  for (;;) {
    pollfd p[2] = {{listen_fd, POLLIN, 0}, {stop_fd, POLLIN, 0}};
    if (::poll(p, 2, -1) < 0) {
      if (errno == EINTR) continue;
      return;
    }
    if (p[1].revents) return;
    sockaddr_vm peer{};
    socklen_t len = sizeof peer;
    fs::Fd c(::accept4(listen_fd, reinterpret_cast<sockaddr*>(&peer), &len, SOCK_CLOEXEC));
    if (c) handle_vsock(c.get(), peer.svm_cid, adm, verbose);
  }
}

fs::Fd open_vsock(unsigned port) {
  fs::Fd fd(::socket(AF_VSOCK, SOCK_STREAM | SOCK_CLOEXEC, 0));
  if (!fd) throw std::runtime_error(std::string("socket(AF_VSOCK): ") + std::strerror(errno));
  sockaddr_vm sa{};
  sa.svm_family = AF_VSOCK;
  sa.svm_cid = VMADDR_CID_ANY;
  sa.svm_port = port;
  if (::bind(fd.get(), reinterpret_cast<sockaddr*>(&sa), sizeof sa) != 0 || ::listen(fd.get(), 64) != 0)
    throw std::runtime_error("vsock port " + std::to_string(port) + ": " + std::strerror(errno));
  return fd;
}

void install_routes(httplib::Server& svr, Admission& adm, bool verbose) {
  // Bodies above the report limit are read (up to 1 MiB) so the refusal is ours and
  // logged; beyond that httplib refuses by itself.
  svr.set_payload_max_length(1 << 20);
  svr.set_tcp_nodelay(true);
  svr.set_keep_alive_max_count(1000);  // a burst from one host reuses its connections
  svr.Post("/v1/report", [&adm, verbose](const httplib::Request& req, httplib::Response& res) {
    Incoming in;
    in.channel = "http";
    in.peer = req.remote_addr + ":" + std::to_string(req.remote_port);
    in.envelope.body = req.body;
    in.envelope.timestamp = req.get_header_value(report::kHeaderTimestamp);
    in.envelope.nonce = req.get_header_value(report::kHeaderNonce);
    in.envelope.signature = req.get_header_value(report::kHeaderSignature);
    const Verdict v = adm.admit(in);
    res.status = v.status;
    res.set_content(v.message + "\n", "text/plain");
    if (v.status == 200 && verbose) log_line("http " + in.peer + ": 200 " + v.message);
    if (!v.warning.empty()) log_line("http " + in.peer + ": WARNING " + v.warning);
  });
  svr.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) { res.set_content("ok\n", "text/plain"); });
  // Every refusal, ours or httplib's (oversized, malformed), gets one log line.
  svr.set_logger([](const httplib::Request& req, const httplib::Response& res) {
    if (res.status < 400) return;
    // Method, path and reason may carry request bytes: escaped, one line each.
    std::string why = res.body;
    while (!why.empty() && why.back() == '\n') why.pop_back();
    log_line("http " + req.remote_addr + ":" + std::to_string(req.remote_port) + " " + printable(req.method, 16) + " " +
             printable(req.path, 128) + ": " + std::to_string(res.status) +
             (why.empty() ? "" : " " + printable(why, 200)));
  });
  svr.set_exception_handler([](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
    res.status = 500;
    res.set_content("internal error\n", "text/plain");
  });
}

}  // namespace

int run_serve(const ServeOptions& o) {
  std::string host;
  int port = 0;
  if (!split_listen(o.listen, host, port)) {
    log_line("--listen " + o.listen + ": expected ADDR:PORT");
    return 2;
  }
  // Signals are taken by a dedicated thread with sigwait, not a handler: stopping
  // the server is not async-signal-safe.
  sigset_t sigs;
  sigemptyset(&sigs);
  sigaddset(&sigs, SIGINT);
  sigaddset(&sigs, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &sigs, nullptr);

  Store store(o.db);
  Admission adm(store, o);
  HttpServer svr;  // each request must arrive within 5 s; 64 workers
  install_routes(svr, adm, o.verbose);
  const int bound = port == 0 ? svr.bind_to_any_port(host) : (svr.bind_to_port(host, port) ? port : -1);
  if (bound <= 0) {
    log_line("cannot listen on " + o.listen);
    return 3;
  }

  int stop_pipe[2];
  if (::pipe2(stop_pipe, O_CLOEXEC) != 0) return 3;
  fs::Fd stop_r(stop_pipe[0]), stop_w(stop_pipe[1]);
  fs::Fd vsock_fd;  // declared before its thread: the thread is joined first
  std::optional<std::jthread> vsock;
  if (o.vsock_port) {
    try {
      vsock_fd = open_vsock(*o.vsock_port);
      vsock.emplace([&] { vsock_loop(vsock_fd.get(), stop_r.get(), adm, o.verbose); });
      log_line("listening on vsock port " + std::to_string(*o.vsock_port));
    } catch (const std::exception& e) {
      log_line(std::string("vsock disabled: ") + e.what());
    }
  }
  std::jthread signals([&] {
    int sig = 0;
    sigwait(&sigs, &sig);
    svr.stop();
    [[maybe_unused]] auto n = ::write(stop_w.get(), "x", 1);
  });
  {
    std::lock_guard<std::mutex> lock(g_log_mutex);
    std::cout << "vc-host: listening on http://" << (host.find(':') != std::string::npos ? "[" + host + "]" : host)
              << ":" << bound << std::endl;
  }
  const bool ok = svr.listen_after_bind();
  // listen_after_bind returned: either the signal thread stopped it, or it failed.
  if (!ok) {
    log_line("the HTTP listener stopped unexpectedly");
    pthread_kill(signals.native_handle(), SIGTERM);
  }
  return ok ? 0 : 3;
}

}  // namespace vc::host
