// The raw-socket HTTP/1.1 client (see http_raw.h for what it does and does not do),
// and http_get.h's http_request on top of it.
#include "agent/http_raw.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <cstring>

#include "agent/fs_util.h"
#include "agent/http_get.h"
#include "agent/text.h"

namespace vc::http {
namespace {

constexpr std::string_view kOws = " \t";  // RFC 9110 §5.6.3 optional whitespace

constexpr std::size_t kMaxLine = 8192;    // one status, header or chunk-size line
constexpr int kMaxHeaderLines = 200;

// A failed exchange: the message becomes Response::error.
struct Failure {
  std::string message;
};

int ms_left(Clock::time_point deadline) {
  // Rounded up: 0.3 ms left still waits (1 ms), it does not report a timeout at once.
  // At most a minute per poll(); wait_for polls again until the deadline.
  const auto left = std::chrono::ceil<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, 60'000));
}

// Waits for `events` on fd until the deadline; throws "<what>: timed out".
void wait_for(int fd, short events, Clock::time_point deadline, const std::string& what) {
  for (;;) {
    pollfd p{fd, events, 0};
    const int n = ::poll(&p, 1, ms_left(deadline));
    if (n > 0) return;
    if (n == 0 && Clock::now() >= deadline) throw Failure{what + ": timed out"};
    if (n < 0 && errno != EINTR) throw Failure{what + ": poll: " + std::strerror(errno)};
  }
}

std::string printable(std::string_view s) {
  std::string out(s.substr(0, 80));
  for (char& c : out) {
    if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
  }
  return out;
}

bool iequals(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return (x | 0x20) == (y | 0x20);
         });
}

// The connection's receive side: a buffer filled by recv() under the deadline.
class Reader {
 public:
  Reader(int fd, Clock::time_point deadline) : fd_(fd), deadline_(deadline) {}

  // One line without its CRLF (or bare LF); EOF before the newline is an error.
  std::string line(const char* what) {
    for (;;) {
      const auto nl = buf_.find('\n', pos_);
      if (std::min(nl, buf_.size()) - pos_ > kMaxLine) {
        throw Failure{std::string(what) + ": line longer than 8192 bytes"};
      }
      if (nl != std::string::npos) {
        std::string l = buf_.substr(pos_, nl - pos_);
        pos_ = nl + 1;
        if (!l.empty() && l.back() == '\r') l.pop_back();
        return l;
      }
      if (!fill(what)) throw Failure{std::string(what) + ": connection closed"};
    }
  }

  // Exactly n bytes appended to `out`.
  void take(std::size_t n, std::string& out, const char* what) {
    while (buf_.size() - pos_ < n) {
      if (!fill(what)) {
        throw Failure{std::string(what) + ": connection closed after " + std::to_string(buf_.size() - pos_) +
                      " of " + std::to_string(n) + " bytes"};
      }
    }
    out.append(buf_, pos_, n);
    pos_ += n;
  }

  // Everything up to EOF, at most `max` bytes in `out`.
  void rest(std::string& out, std::size_t max) {
    do {
      if (out.size() + (buf_.size() - pos_) > max) throw Failure{"response larger than " + std::to_string(max) + " bytes"};
      out.append(buf_, pos_);
      pos_ = buf_.size();
    } while (fill("body"));
  }

 private:
  // Appends what recv() returns; false on EOF.
  bool fill(const char* what) {
    if (pos_ == buf_.size()) {  // all consumed: start over instead of growing
      buf_.clear();
      pos_ = 0;
    }
    char chunk[16384];
    for (;;) {
      const ssize_t n = ::recv(fd_, chunk, sizeof chunk, 0);
      if (n > 0) {
        buf_.append(chunk, static_cast<std::size_t>(n));
        return true;
      }
      if (n == 0) return false;
      if (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR) {
        wait_for(fd_, POLLIN, deadline_, std::string("reading the ") + what);
        continue;
      }
      throw Failure{std::string("reading the ") + what + ": " + std::strerror(errno)};
    }
  }

  int fd_;
  Clock::time_point deadline_;
  std::string buf_;
  std::size_t pos_ = 0;
};

void connect_to(int fd, const Target& t, Clock::time_point deadline) {
  if (::connect(fd, reinterpret_cast<const sockaddr*>(&t.addr), t.addr_len) == 0) return;
  if (errno != EINPROGRESS && errno != EINTR) throw Failure{std::string("connect: ") + std::strerror(errno)};
  wait_for(fd, POLLOUT, deadline, "connect");
  int err = 0;
  socklen_t len = sizeof err;
  ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
  if (err != 0) throw Failure{std::string("connect: ") + std::strerror(err)};
}

void send_all(int fd, std::string_view data, Clock::time_point deadline) {
  while (!data.empty()) {
    const ssize_t n = ::send(fd, data.data(), data.size(), MSG_NOSIGNAL);
    if (n > 0) {
      data.remove_prefix(static_cast<std::size_t>(n));
    } else if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK || errno == EINTR)) {
      wait_for(fd, POLLOUT, deadline, "send");
    } else {
      throw Failure{std::string("send: ") + std::strerror(errno)};
    }
  }
}

std::string request_text(const Target& t, std::string_view method, const Headers& headers, std::string_view body) {
  std::string r = std::string(method) + " " + t.path + " HTTP/1.1\r\nHost: " + t.host_header +
                  "\r\nUser-Agent: vc-agent\r\nConnection: close\r\n";
  for (const auto& [k, v] : headers) {
    if (k.empty() || (k + v).find_first_of("\r\n") != std::string::npos || k.find(':') != std::string::npos) {
      throw Failure{"refusing to send the malformed header '" + printable(k) + "'"};
    }
    r += k + ": " + v + "\r\n";
  }
  if (!body.empty() || method == "POST" || method == "PUT") r += "Content-Length: " + std::to_string(body.size()) + "\r\n";
  r += "\r\n";
  r += body;
  return r;
}

// "HTTP/1.x SSS[ reason]"
bool parse_status_line(const std::string& line, Response& r) {
  if (line.size() < 12 || !line.starts_with("HTTP/1.") || line[8] != ' ' || (line.size() > 12 && line[12] != ' ')) {
    return false;
  }
  auto [p, ec] = std::from_chars(line.data() + 9, line.data() + 12, r.status);
  if (ec != std::errc{} || p != line.data() + 12 || r.status < 100) return false;
  r.reason = line.size() > 13 ? line.substr(13) : "";
  return true;
}

struct Framing {
  bool chunked = false;
  std::optional<std::size_t> length;
};

Framing read_headers(Reader& in) {
  Framing f;
  for (int i = 0;; ++i) {
    const std::string l = in.line("headers");
    if (l.empty()) return f;
    if (i == kMaxHeaderLines) throw Failure{"more than 200 header lines"};
    const auto colon = l.find(':');
    if (colon == std::string::npos) throw Failure{"malformed header line '" + printable(l) + "'"};
    const std::string_view name = trim(std::string_view(l).substr(0, colon), kOws);
    const std::string_view value = trim(std::string_view(l).substr(colon + 1), kOws);
    if (iequals(name, "Transfer-Encoding")) {
      const auto comma = value.rfind(',');
      f.chunked = iequals(trim(comma == std::string_view::npos ? value : value.substr(comma + 1), kOws), "chunked");
    } else if (iequals(name, "Content-Length")) {
      std::size_t n = 0;
      auto [p, ec] = std::from_chars(value.data(), value.data() + value.size(), n);
      if (value.empty() || ec != std::errc{} || p != value.data() + value.size() || (f.length && *f.length != n)) {
        throw Failure{"malformed Content-Length '" + printable(value) + "'"};
      }
      f.length = n;
    }
  }
}

void read_chunked(Reader& in, std::string& body, std::size_t max_body) {
  for (;;) {
    const std::string l = in.line("chunk size");
    const std::string_view hex = trim(std::string_view(l).substr(0, l.find(';')), kOws);
    std::size_t n = 0;
    auto [p, ec] = std::from_chars(hex.data(), hex.data() + hex.size(), n, 16);
    if (hex.empty() || ec != std::errc{} || p != hex.data() + hex.size()) {
      throw Failure{"malformed chunk size '" + printable(l) + "'"};
    }
    if (n == 0) break;
    if (n > max_body - body.size()) throw Failure{"response larger than " + std::to_string(max_body) + " bytes"};
    in.take(n, body, "chunk");
    if (!in.line("chunk end").empty()) throw Failure{"chunk longer than its size line says"};
  }
  for (int i = 0; !in.line("trailer").empty(); ++i) {
    if (i == kMaxHeaderLines) throw Failure{"more than 200 trailer lines"};
  }
}

Response read_response_or_throw(int fd, std::string_view method, Clock::time_point deadline, std::size_t max_body) {
  Reader in(fd, deadline);
  Response r;
  Framing f;
  do {  // 1xx interim responses (100 Continue) precede the real one
    const std::string status = in.line("status line");
    if (!parse_status_line(status, r)) throw Failure{"malformed HTTP status line '" + printable(status) + "'"};
    f = read_headers(in);
  } while (r.status < 200);
  if (method == "HEAD" || r.status == 204 || r.status == 304) return r;
  if (f.chunked) {
    read_chunked(in, r.body, max_body);
  } else if (f.length) {
    if (*f.length > max_body) throw Failure{"response larger than " + std::to_string(max_body) + " bytes"};
    in.take(*f.length, r.body, "body");
  } else {
    in.rest(r.body, max_body);
  }
  return r;
}

Response exchange_or_throw(const Target& t, std::string_view method, const Headers& headers, std::string_view body,
                           Clock::time_point deadline, std::size_t max_body) {
  const std::string req = request_text(t, method, headers, body);
  if (Clock::now() >= deadline) throw Failure{"the deadline passed before connecting"};
  fs::Fd fd(::socket(t.addr.ss_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0));
  if (!fd) throw Failure{std::string("socket: ") + std::strerror(errno)};
  connect_to(fd.get(), t, deadline);
  send_all(fd.get(), req, deadline);
  return read_response_or_throw(fd.get(), method, deadline, max_body);
}

// A Failure becomes the response's error: callers get a value, never a throw.
template <class Fn>
Response failure_as_error(Fn&& fn) {
  try {
    return fn();
  } catch (const Failure& f) {
    Response r;
    r.error = f.message;
    return r;
  }
}

}  // namespace

std::optional<Target> parse_url(std::string_view url, std::string& why) {
  if (url.starts_with("https://")) {
    why = "https:// is not supported (vc-agent has no TLS); use http://";
    return std::nullopt;
  }
  if (!url.starts_with("http://")) {
    why = "'" + printable(url) + "' is not an http:// URL";
    return std::nullopt;
  }
  url.remove_prefix(7);
  const auto slash = url.find('/');
  const std::string_view authority = url.substr(0, slash);
  Target t;
  t.path = slash == std::string_view::npos ? "/" : std::string(url.substr(slash));
  if (t.path.find_first_of(" \t\r\n") != std::string::npos) {
    why = "the URL path '" + printable(t.path) + "' holds a space or a control character";
    return std::nullopt;
  }
  std::string_view host = authority, port_text;
  if (authority.starts_with("[")) {
    const auto close = authority.find(']');
    if (close == std::string_view::npos) {
      why = "unterminated [IPv6] address in the URL";
      return std::nullopt;
    }
    host = authority.substr(1, close - 1);
    const auto rest = authority.substr(close + 1);
    if (!rest.empty()) {
      if (rest[0] != ':') {
        why = "unexpected text after the [IPv6] address in the URL";
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
      why = "'" + printable(port_text) + "' is not a TCP port";
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
    why = "'" + printable(host_s) +
          "' is not a numeric IP address: only numeric IPv4 or [IPv6] hosts are supported (the agent does not "
          "resolve names during boot)";
    return std::nullopt;
  }
  t.host_header = std::string(authority);
  return t;
}

Response exchange(const Target& t, std::string_view method, const Headers& headers, std::string_view body,
                  Clock::time_point deadline, std::size_t max_body) {
  return failure_as_error([&] { return exchange_or_throw(t, method, headers, body, deadline, max_body); });
}

Response read_response(int fd, std::string_view method, Clock::time_point deadline, std::size_t max_body) {
  return failure_as_error([&] { return read_response_or_throw(fd, method, deadline, max_body); });
}

}  // namespace vc::http

namespace vc {

HttpResponse http_request(const HttpRequest& req, std::chrono::steady_clock::time_point deadline,
                          std::size_t max_body) {
  HttpResponse r;
  if (std::chrono::steady_clock::now() >= deadline) {
    r.error = "the network budget is spent";
    return r;
  }
  auto t = http::parse_url(req.url, r.error);
  if (!t) return r;
  auto x = http::exchange(*t, req.method, req.headers, {}, deadline, max_body);
  r.status = x.status;
  r.body = std::move(x.body);
  r.error = std::move(x.error);
  return r;
}

}  // namespace vc
