#pragma once
// TCP on 127.0.0.1 for the tests' scripted servers: a listening socket on a free port,
// and a port with nothing listening (bound, then closed).
#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <atomic>
#include <functional>
#include <mutex>
#include <string>
#include <thread>

#include <catch2/catch.hpp>

namespace vctest {

// A socket listening on 127.0.0.1:<free port>; the port is stored in `port`.
inline int listen_loopback(int& port, int backlog = 8) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  sockaddr_in sa{};
  sa.sin_family = AF_INET;
  sa.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  REQUIRE(::bind(fd, reinterpret_cast<sockaddr*>(&sa), sizeof sa) == 0);
  socklen_t len = sizeof sa;
  ::getsockname(fd, reinterpret_cast<sockaddr*>(&sa), &len);
  port = ntohs(sa.sin_port);
  REQUIRE(::listen(fd, backlog) == 0);
  return fd;
}

inline int closed_port() {
  int port = 0;
  ::close(listen_loopback(port));
  return port;
}

inline void send_text(int fd, const std::string& s) { ::send(fd, s.data(), s.size(), MSG_NOSIGNAL); }

// A loopback HTTP server that reads each request (head and Content-Length body) and
// hands the connection to `answer`, one connection at a time. `listen_only`: it never
// accepts, so connections sit in the backlog unanswered (a hung service).
class ScriptServer {
 public:
  using Answer = std::function<void(int fd)>;
  explicit ScriptServer(Answer answer, bool listen_only = false)
      : answer_(std::move(answer)), fd_(listen_loopback(port_)) {
    if (listen_only) return;
    thread_ = std::jthread([this](std::stop_token st) {
      while (!st.stop_requested()) {
        const int c = ::accept(fd_, nullptr, nullptr);
        if (c < 0) return;
        std::string req;
        char buf[4096];
        ssize_t n;
        while (req.find("\r\n\r\n") == std::string::npos && (n = ::recv(c, buf, sizeof buf, 0)) > 0) req.append(buf, n);
        const auto cl = req.find("Content-Length: ");
        if (cl != std::string::npos) {
          const std::size_t want = std::stoul(req.substr(cl + 16)) + req.find("\r\n\r\n") + 4;
          while (req.size() < want && (n = ::recv(c, buf, sizeof buf, 0)) > 0) req.append(buf, n);
        }
        {
          std::lock_guard lock(mu_);
          request_ = req;
        }
        ++requests_;
        answer_(c);
        ::close(c);
      }
    });
  }
  ~ScriptServer() {
    thread_.request_stop();
    ::shutdown(fd_, SHUT_RDWR);
    ::close(fd_);
  }
  ScriptServer(const ScriptServer&) = delete;
  ScriptServer& operator=(const ScriptServer&) = delete;

  int port() const { return port_; }
  std::string url(const std::string& path = "/") const { return "http://127.0.0.1:" + std::to_string(port_) + path; }
  int requests() const { return requests_; }
  std::string request() {  // the last one
    std::lock_guard lock(mu_);
    return request_;
  }

 private:
  Answer answer_;
  int port_ = 0, fd_ = -1;
  std::atomic<int> requests_{0};
  std::mutex mu_;
  std::string request_;
  std::jthread thread_;  // last: joined before the members it uses go
};

}  // namespace vctest
