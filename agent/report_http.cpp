#include "agent/report_http.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>
#include <thread>

#include "agent/fs_util.h"

namespace vc::report {
namespace {

int ms_left(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 60'000));
}

// Waits for `events` on fd until the deadline; false on timeout or poll error.
bool wait_for(int fd, short events, Clock::time_point deadline) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, ms_left(deadline));
    if (n > 0) return true;
    if (n == 0 || errno != EINTR) return false;
  }
}

std::string request_text(const HttpTarget& t, const Envelope& e) {
  std::string r = "POST " + t.path + " HTTP/1.1\r\nHost: " + t.host_header +
                  "\r\nUser-Agent: vc-agent\r\nContent-Type: application/json\r\nConnection: close\r\n";
  r += std::string(kHeaderTimestamp) + ": " + e.timestamp + "\r\n";
  r += std::string(kHeaderNonce) + ": " + e.nonce + "\r\n";
  r += std::string(kHeaderSignature) + ": " + e.signature + "\r\n";
  r += "Content-Length: " + std::to_string(e.body.size()) + "\r\n\r\n";
  return r + e.body;
}

}  // namespace

std::optional<HttpTarget> parse_http_target(std::string_view url, std::string& why) {
  if (url.starts_with("https://")) {
    why = "https is not supported by the agent's report client; use http:// (the report is signed)";
    return std::nullopt;
  }
  if (!url.starts_with("http://")) {
    why = "the report URL must start with http://";
    return std::nullopt;
  }
  url.remove_prefix(7);
  const auto slash = url.find('/');
  std::string_view authority = url.substr(0, slash);
  HttpTarget t;
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  std::string_view host = authority, port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "unterminated [IPv6] address in the report URL";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') {
        why = "unexpected text after the [IPv6] address in the report URL";
        return std::nullopt;
      }
      port_text = rest.substr(1);
    }
  } else if (const auto colon = authority.rfind(':'); colon != std::string_view::npos) {
    host = authority.substr(0, colon);
    port_text = authority.substr(colon + 1);
  }
  unsigned port = 80;
  if (!port_text.empty()) {
    auto [p, ec] = std::from_chars(port_text.data(), port_text.data() + port_text.size(), port);
    if (ec != std::errc{} || p != port_text.data() + port_text.size() || port == 0 || port > 65535) {
      why = "'" + std::string(port_text) + "' is not a TCP port";
      return std::nullopt;
    }
  }
  const std::string host_s(host);
  if (in_addr a4{}; ::inet_pton(AF_INET, host_s.c_str(), &a4) == 1) {
    auto* sa = reinterpret_cast<sockaddr_in*>(&t.addr);
    sa->sin_family = AF_INET;
    sa->sin_port = htons(static_cast<std::uint16_t>(port));
    sa->sin_addr = a4;
    t.addr_len = sizeof(sockaddr_in);
  } else if (in6_addr a6{}; ::inet_pton(AF_INET6, host_s.c_str(), &a6) == 1) {
    auto* sa = reinterpret_cast<sockaddr_in6*>(&t.addr);
    sa->sin6_family = AF_INET6;
    sa->sin6_port = htons(static_cast<std::uint16_t>(port));
    sa->sin6_addr = a6;
    t.addr_len = sizeof(sockaddr_in6);
  } else {
    why = "'" + host_s + "' is not a numeric IP address (the agent does not resolve names during boot)";
    return std::nullopt;
  }
  t.host_header = std::string(authority);
  return t;
}

PostResult post_once(const HttpTarget& t, const Envelope& e, Clock::time_point deadline) {
  PostResult r;
  r.attempts = 1;
  fs::Fd fd(::socket(t.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) {
    r.error = std::string("socket: ") + std::strerror(errno);
    return r;
  }
  if (::connect(fd.get(), reinterpret_cast<const sockaddr*>(&t.addr), t.addr_len) != 0) {
    if (errno != EINPROGRESS) {
      r.error = std::string("connect: ") + std::strerror(errno);
      return r;
    }
    if (!wait_for(fd.get(), POLLOUT, deadline)) {
      r.error = "connect: timed out";
      return r;
    }
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd.get(), SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0) {
      r.error = std::string("connect: ") + std::strerror(err);
      return r;
    }
  }
  const std::string req = request_text(t, e);
  for (std::size_t sent = 0; sent < req.size();) {
    const ssize_t n = ::send(fd.get(), req.data() + sent, req.size() - sent, MSG_NOSIGNAL);
    if (n > 0) {
      sent += static_cast<std::size_t>(n);
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd.get(), POLLOUT, deadline)) {
        r.error = "send: timed out";
        return r;
      }
    } else {
      r.error = std::string("send: ") + std::strerror(errno);
      return r;
    }
  }
  // Only the status line matters; the body of the answer is for humans.
  std::string head;
  while (head.find("\r\n") == std::string::npos && head.size() < 512) {
    char buf[512];
    const ssize_t n = ::recv(fd.get(), buf, sizeof buf, 0);
    if (n > 0) {
      head.append(buf, static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EINTR)) {
      if (!wait_for(fd.get(), POLLIN, deadline)) {
        r.error = "no response: timed out";
        return r;
      }
    } else {
      break;
    }
  }
  int status = 0;
  if (head.starts_with("HTTP/1.") && head.size() >= 12) {
    auto [p, ec] = std::from_chars(head.data() + 9, head.data() + 12, status);
    if (ec != std::errc{} || p != head.data() + 12) status = 0;
  }
  r.status = status;
  if (status == 0) r.error = "malformed HTTP response";
  else if ((status >= 200 && status < 300) || status == 409) r.delivered = true;
  else r.error = "HTTP " + head.substr(9, head.find("\r\n") - 9);
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
