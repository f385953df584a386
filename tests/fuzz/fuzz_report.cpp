// vc-host's report handler: admit_report (size, envelope, signature, window,
// nonce, body) on a fresh in-memory store holding one cluster. The first byte
// picks how the rest arrives:
//   0  a raw HTTP envelope: "<timestamp>\n<nonce>\n<signature>\n<body>"
//   1  a body correctly signed with the node's key (so the fuzzer reaches the
//      checks behind the signature), then sent a second time (must be 409)
//   2  a vsock notify message (systemd's KEY=VALUE lines)
// Every verdict must be one of the documented statuses, with a message; a
// report is never thrown at.
#include <limits>
#include <memory>
#include <set>

#include "agent/report_sign.h"
#include "fuzz_common.h"
#include "host/store.h"
#include "host/verify.h"

namespace {

constexpr std::int64_t kNow = 1'700'000'000;
const char* const kKey = "c2VjcmV0LWtleS0xMjM0NTY3ODkwMTIzNDU2Nzg5MDE=";  // 32 bytes

void check(const vc::host::Verdict& v) {
  static const std::set<int> kStatuses = {200, 400, 401, 403, 409, 413};
  if (!kStatuses.count(v.status) || v.message.empty()) {
    std::fprintf(stderr, "fuzz_report: verdict %d '%s'\n", v.status, v.message.c_str());
    std::abort();
  }
}

std::string_view next_line(std::string_view& rest) {
  const auto nl = rest.find('\n');
  const auto line = rest.substr(0, nl);
  rest.remove_prefix(nl == std::string_view::npos ? rest.size() : nl + 1);
  return line;
}

// Opening a fresh SQLite store (schema and all) per input cost more than the
// input itself (~700 exec/s). One store serves 4096 inputs in a row: before
// each, its nonces are forgotten and the cluster is put again (which resets
// its nodes), so every input starts from the same state and the replay check
// below still holds; the periodic fresh store bounds what accumulates.
vc::host::Store& store_for_input() {
  static std::unique_ptr<vc::host::Store> store;
  static unsigned inputs = 0;
  if (!store || ++inputs % 4096 == 0) store = std::make_unique<vc::host::Store>(":memory:");
  store->prune_nonces(std::numeric_limits<std::int64_t>::max());
  store->put_cluster("vc7", "http://10.1.1.1:8775/v1/report",
                     {{"vc7", "frontend", kKey}, {"compute-0", "compute", kKey}});
  return *store;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  if (size == 0) return 0;
  return vcfuzz::expect_only_input_errors("fuzz_report", [&] {
    vc::host::Store& store = store_for_input();
    std::string_view rest = vcfuzz::as_text(data + 1, size - 1);
    vc::host::Incoming in;
    in.channel = "http";
    in.peer = "10.1.255.254:40000";
    switch (data[0] % 3) {
      case 0:
        in.envelope.timestamp = next_line(rest);
        in.envelope.nonce = next_line(rest);
        in.envelope.signature = next_line(rest);
        in.envelope.body = rest;
        check(vc::host::admit_report(store, in, kNow));
        break;
      case 1: {
        auto& e = in.envelope;
        e.body = rest;
        e.timestamp = std::to_string(kNow);
        e.nonce = "0123456789abcdef0123456789abcdef";
        e.signature = vc::report::hmac_sha256_hex(*vc::report::decode_key(kKey),
                                                  vc::report::signing_input(e.body, e.timestamp, e.nonce));
        const auto first = vc::host::admit_report(store, in, kNow);
        check(first);
        const auto again = vc::host::admit_report(store, in, kNow);
        check(again);
        if (first.status == 200 && again.status != 409) {
          std::fprintf(stderr, "fuzz_report: a replayed report got %d, not 409\n", again.status);
          std::abort();
        }
        break;
      }
      default:
        in.channel = "vsock";
        in.peer = "cid 5";
        if (auto e = vc::report::from_notify_message(rest)) {
          in.envelope = *e;
          check(vc::host::admit_report(store, in, kNow));
        }
    }
  });
}
