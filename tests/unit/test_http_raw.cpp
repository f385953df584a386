// The agent's raw-socket HTTP client (agent/http_raw.h) against scripted loopback
// servers: framing (Content-Length, chunked, read-to-close, 1xx), limits (max body,
// deadline with a hung or stalling server), and refusals (host names, malformed
// status lines, closed ports, header injection).
#include <catch2/catch.hpp>

#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <thread>

#include "agent/http_get.h"
#include "agent/http_raw.h"
#include "loopback.h"

using namespace vc;
using namespace vctest;
using Clock = std::chrono::steady_clock;
using namespace std::chrono_literals;

namespace {

// Blocks until the client closes its end (or 10 s pass): a server that stalls.
void wait_for_client_close(int fd) {
  pollfd p{fd, POLLIN, 0};
  char buf[256];
  while (::poll(&p, 1, 10'000) > 0 && ::recv(fd, buf, sizeof buf, 0) > 0) {
  }
}

http::Target target_of(const ScriptServer& s, const std::string& path = "/") {
  std::string why;
  auto t = http::parse_url(s.url(path), why);
  INFO(why);
  REQUIRE(t);
  return *t;
}

ScriptServer replying(std::string raw) {
  return ScriptServer([raw](int fd) { send_text(fd, raw); });
}

http::Response get(ScriptServer& s, std::size_t max_body = 1 << 20, std::chrono::milliseconds budget = 5s) {
  return http::exchange(target_of(s, "/x"), "GET", {}, {}, Clock::now() + budget, max_body);
}

}  // namespace

TEST_CASE("http_raw: the request on the wire, Content-Length and read-to-close bodies") {
  auto s = replying("HTTP/1.1 200 OK\r\ncontent-length: 5\r\n\r\nhello, and more than promised");
  auto r = http::exchange(target_of(s, "/latest/api/token"), "PUT", {{"X-aws-ec2-metadata-token-ttl-seconds", "300"}},
                          {}, Clock::now() + 5s, 1024);
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK(r.reason == "OK");
  CHECK(r.body == "hello");
  const auto req = s.request();
  CHECK(req.starts_with("PUT /latest/api/token HTTP/1.1\r\n"));
  CHECK(req.find("\r\nHost: 127.0.0.1:") != std::string::npos);
  CHECK(req.find("\r\nConnection: close\r\n") != std::string::npos);
  CHECK(req.find("\r\nX-aws-ec2-metadata-token-ttl-seconds: 300\r\n") != std::string::npos);
  CHECK(req.find("\r\nContent-Length: 0\r\n") != std::string::npos);  // PUT without a body still says so

  auto post = http::exchange(target_of(s, "/r"), "POST", {}, "{\"a\":1}", Clock::now() + 5s, 1024);
  CHECK(post.status == 200);
  CHECK(s.request().ends_with("Content-Length: 7\r\n\r\n{\"a\":1}"));

  auto close = replying("HTTP/1.0 404 Not Found\r\nServer: x\r\n\r\nno such key\n");
  auto c = get(close);
  CHECK(c.status == 404);
  CHECK(c.reason == "Not Found");
  CHECK(c.body == "no such key\n");
  CHECK(close.request().find("Content-Length") == std::string::npos);  // GET: no body, no length

  // A redirect is returned, not followed.
  auto moved = replying("HTTP/1.1 301 Moved Permanently\r\nLocation: http://10.0.0.1/\r\nContent-Length: 0\r\n\r\n");
  CHECK(get(moved).status == 301);

  // 100 Continue before the real answer; 204 has no body even with the connection open.
  auto cont = replying("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
  CHECK(get(cont).body == "ok");
  auto empty = ScriptServer([](int fd) {
    send_text(fd, "HTTP/1.1 204 No Content\r\n\r\n");
    wait_for_client_close(fd);
  });
  const auto t0 = Clock::now();
  CHECK(get(empty).status == 204);
  CHECK(Clock::now() - t0 < 1s);
}

TEST_CASE("http_raw: chunked bodies, split across writes, with extensions and trailers") {
  ScriptServer s([](int fd) {
    send_text(fd, "HTTP/1.1 200 OK\r\nTransfer-Encoding: gzip, chunked\r\n\r\n5\r\nhel");
    std::this_thread::sleep_for(20ms);
    send_text(fd, "lo\r\n1;ext=1\r\n,\r\nA \r\n seed-data\r\n0\r\nX-Trailer: 1\r\n\r\n");
  });
  auto r = get(s);
  CHECK(r.error == "");
  CHECK(r.status == 200);
  CHECK(r.body == "hello, seed-data");

  auto bad_size = replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\nhello\r\n0\r\n\r\n");
  auto b = get(bad_size);
  CHECK(b.status == 0);
  CHECK(b.error == "malformed chunk size 'zz'");
  auto overrun = replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nhello\r\n0\r\n\r\n");
  CHECK(get(overrun).error == "chunk longer than its size line says");
  auto cut = replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\nhello");
  CHECK(get(cut).error == "chunk: connection closed after 5 of 16 bytes");
}

TEST_CASE("http_raw: bodies over the maximum are refused, however they are framed") {
  auto length = replying("HTTP/1.1 200 OK\r\nContent-Length: 11\r\n\r\n0123456789a");
  auto r = get(length, 10);
  CHECK(r.status == 0);
  CHECK(r.body.empty());
  CHECK(r.error == "response larger than 10 bytes");
  CHECK(get(length, 11).body == "0123456789a");

  auto chunked = replying("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n6\r\n012345\r\n5\r\n6789a\r\n0\r\n\r\n");
  CHECK(get(chunked, 10).error == "response larger than 10 bytes");
  CHECK(get(chunked, 11).body == "0123456789a");

  auto to_close = replying("HTTP/1.1 200 OK\r\n\r\n0123456789a");
  CHECK(get(to_close, 10).error == "response larger than 10 bytes");
  CHECK(get(to_close, 11).body == "0123456789a");

  auto huge = replying("HTTP/1.1 200 OK\r\nContent-Length: 99999999999999999999999\r\n\r\n");
  CHECK(get(huge).error.starts_with("malformed Content-Length '99999"));
  auto short_body = replying("HTTP/1.1 200 OK\r\nContent-Length: 10\r\n\r\nabc");
  CHECK(get(short_body).error == "body: connection closed after 3 of 10 bytes");
}

TEST_CASE("http_raw: a hung or stalling server costs the deadline, no more") {
  ScriptServer hung([](int) {}, /*listen_only=*/true);  // connects (backlog), never answers
  auto t0 = Clock::now();
  auto r = get(hung, 1024, 300ms);
  auto took = Clock::now() - t0;
  CHECK(r.status == 0);
  CHECK(r.error == "reading the status line: timed out");
  CHECK(took >= 290ms);
  CHECK(took < 1s);

  ScriptServer stall([](int fd) {  // the head, half the body, then nothing
    send_text(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nhalf");
    wait_for_client_close(fd);
  });
  t0 = Clock::now();
  r = get(stall, 1024, 300ms);
  took = Clock::now() - t0;
  CHECK(r.status == 0);
  CHECK(r.error == "reading the body: timed out");
  CHECK(took < 1s);

  // A deadline already spent: nothing is sent.
  ScriptServer idle([](int) {});
  CHECK(http::exchange(target_of(idle), "GET", {}, {}, Clock::now() - 1ms, 10).error ==
        "the deadline passed before connecting");
  CHECK(http_request({"GET", idle.url(), {}}, Clock::now() - 1ms).error == "the network budget is spent");
}

TEST_CASE("http_raw: malformed status lines and headers") {
  for (const char* bad : {"HTTPS/1.1 200 OK\r\n\r\n", "HTTP/1.1 2x0 OK\r\n\r\n", "HTTP/1.1 200OK\r\n\r\n",
                          "HTTP/2 200 OK\r\n\r\n", "HTTP/1.1 099 Low\r\n\r\n", "\x16\x03\x01 binary\r\n\r\n"}) {
    auto s = replying(bad);
    auto r = get(s);
    INFO(bad);
    CHECK(r.status == 0);
    CHECK(r.error.starts_with("malformed HTTP status line '"));
  }
  auto binary = replying("\x16\x03\x01 binary\r\n\r\n");
  CHECK(get(binary).error == "malformed HTTP status line '??? binary'");
  auto nothing = replying("");
  CHECK(get(nothing).error == "status line: connection closed");
  auto no_colon = replying("HTTP/1.1 200 OK\r\nbroken header\r\n\r\n");
  CHECK(get(no_colon).error == "malformed header line 'broken header'");
  auto two_lengths = replying("HTTP/1.1 200 OK\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\nab");
  CHECK(get(two_lengths).error == "malformed Content-Length '2'");
  auto long_line = replying("HTTP/1.1 200 OK\r\nX: " + std::string(9000, 'a') + "\r\n\r\n");
  CHECK(get(long_line).error == "headers: line longer than 8192 bytes");
}

TEST_CASE("http_raw: numeric hosts only, refused connections, no header injection") {
  std::string why;
  CHECK_FALSE(http::parse_url("http://metadata.google.internal/computeMetadata/v1/", why));
  CHECK(why == "'metadata.google.internal' is not a numeric IP address: only numeric IPv4 or [IPv6] hosts are "
               "supported (the agent does not resolve names during boot)");
  CHECK_FALSE(http::parse_url("http://localhost:8080/", why));
  CHECK(why.starts_with("'localhost' is not a numeric IP address"));
  CHECK_FALSE(http::parse_url("https://169.254.169.254/", why));
  CHECK(why == "https:// is not supported (vc-agent has no TLS); use http://");
  CHECK_FALSE(http::parse_url("ftp://10.0.0.1/", why));
  CHECK_FALSE(http::parse_url("http://10.0.0.1/a b", why));
  CHECK(why == "the URL path '/a b' holds a space or a control character");
  CHECK_FALSE(http::parse_url("http://[fd00::1/", why));
  CHECK_FALSE(http::parse_url("http://10.0.0.1:0/", why));
  auto v6 = http::parse_url("http://[fd00::1]:8080", why);
  REQUIRE(v6);
  CHECK(v6->addr.ss_family == AF_INET6);
  CHECK(v6->host_header == "[fd00::1]:8080");
  CHECK(v6->path == "/");

  // http_request (the sources' entry point) says the same, and sends nothing.
  auto named = http_request({"GET", "http://seed.example.org/meta-data", {}}, Clock::now() + 1s);
  CHECK(named.status == 0);
  CHECK(named.error.find("only numeric IPv4 or [IPv6] hosts are supported") != std::string::npos);

  auto refused = http_request({"GET", "http://127.0.0.1:" + std::to_string(closed_port()) + "/", {}},
                              Clock::now() + 1s);
  CHECK(refused.status == 0);
  CHECK(refused.error == "connect: Connection refused");

  auto s = replying("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n");
  auto inj = http::exchange(target_of(s), "GET", {{"X-Token", "a\r\nHost: evil"}}, {}, Clock::now() + 1s, 10);
  CHECK(inj.error == "refusing to send the malformed header 'X-Token'");
  auto ok = http_request({"GET", s.url("/meta-data"), {{"X-Token", "t"}}}, Clock::now() + 5s);
  CHECK(ok.error == "");
  CHECK(ok.status == 200);
  CHECK(s.request().find("\r\nX-Token: t\r\n") != std::string::npos);
}
