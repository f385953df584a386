// The HTTP client's untrusted halves (agent/http_raw.h): the URL, which comes
// from a seed, `ds=` on the kernel command line or vc_report, and the response a
// metadata service or seed server sends back. The first byte picks the half and
// the limits; the response goes through a socketpair, as from a real peer.
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <string>

#include "agent/http_raw.h"
#include "fuzz_common.h"

namespace {

void abort_with(const char* what) {
  std::fprintf(stderr, "fuzz_http: %s\n", what);
  std::abort();
}

void url(std::string_view text) {
  std::string why;
  const auto t = vc::http::parse_url(text, why);
  if (!t && why.empty()) abort_with("a refused URL without a reason");
  if (t && (t->path.empty() || t->path[0] != '/' || t->addr_len == 0)) abort_with("an accepted URL without path or address");
}

void response(std::string_view bytes, std::uint8_t mode) {
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0) abort_with("socketpair");
  // Inputs are capped below the socket buffer, so one write never blocks.
  if (::write(sv[1], bytes.data(), bytes.size()) != static_cast<ssize_t>(bytes.size())) abort_with("short write");
  ::shutdown(sv[1], SHUT_WR);
  const std::size_t max_body = std::size_t{1} << ((mode >> 1) & 15);
  const std::string_view method = (mode & 0x80) ? "HEAD" : "GET";
  const auto r = vc::http::read_response(sv[0], method, std::chrono::steady_clock::now() + std::chrono::seconds(5),
                                         max_body);
  ::close(sv[0]);
  ::close(sv[1]);
  if (r.error.empty()) {
    if (r.status < 200 || r.status > 999) abort_with("a complete response with an impossible status");
    if (r.body.size() > max_body) abort_with("a body over the limit");
  } else if (r.status != 0) {
    abort_with("an error with a status");
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0 || size > 65536) return 0;
  const std::uint8_t mode = data[0];
  const std::string_view rest = vcfuzz::as_text(data + 1, size - 1);
  return vcfuzz::expect_only_input_errors("fuzz_http", [&] {
    if (mode & 1) response(rest, mode);
    else url(rest);
  });
}
