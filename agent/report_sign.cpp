#include "agent/report_sign.h"

#include <sodium.h>

namespace vc::report {
namespace {

// No sodium_init() (issue 7, docs/static-size.md): it picks the fastest implementation
// of primitives the agent never uses (argon2, blake2b, poly1305, curve25519, chacha20,
// salsa20), which links all of them into the static binary (~180 KB). What is used here
// and in sha256.cpp/ssh_fingerprint.cpp (SHA-256, HMAC-SHA256, hex, base64,
// sodium_memcmp) is portable code with nothing to pick. randombytes sets itself up on
// first use (getrandom(), else /dev/urandom); that setup is not locked, so it is done
// once here under a thread-safe static before the first random bytes.
void init_randombytes() {
  static const bool ready = (randombytes_stir(), true);
  (void)ready;
}

std::string to_hex(const unsigned char* data, std::size_t n) {
  std::string hex(n * 2 + 1, '\0');
  sodium_bin2hex(hex.data(), hex.size(), data, n);
  hex.pop_back();
  return hex;
}

}  // namespace

std::string signing_input(std::string_view body, std::string_view timestamp, std::string_view nonce) {
  std::string m = "vc-report-v1\n";
  m.reserve(m.size() + timestamp.size() + nonce.size() + body.size() + 2);
  m.append(timestamp).append("\n").append(nonce).append("\n").append(body);
  return m;
}

std::string hmac_sha256_hex(std::string_view key, std::string_view message) {
  crypto_auth_hmacsha256_state st;
  crypto_auth_hmacsha256_init(&st, reinterpret_cast<const unsigned char*>(key.data()), key.size());
  crypto_auth_hmacsha256_update(&st, reinterpret_cast<const unsigned char*>(message.data()), message.size());
  unsigned char mac[crypto_auth_hmacsha256_BYTES];
  crypto_auth_hmacsha256_final(&st, mac);
  return to_hex(mac, sizeof mac);
}

Envelope sign(std::string body, std::string_view key, std::int64_t unix_time) {
  init_randombytes();
  unsigned char raw[16];
  randombytes_buf(raw, sizeof raw);
  Envelope e;
  e.body = std::move(body);
  e.timestamp = std::to_string(unix_time);
  e.nonce = to_hex(raw, sizeof raw);
  e.signature = hmac_sha256_hex(key, signing_input(e.body, e.timestamp, e.nonce));
  return e;
}

bool verify(const Envelope& e, std::string_view key) {
  const std::string want = hmac_sha256_hex(key, signing_input(e.body, e.timestamp, e.nonce));
  return e.signature.size() == want.size() && sodium_memcmp(e.signature.data(), want.data(), want.size()) == 0;
}

std::optional<std::string> decode_key(std::string_view base64) {
  std::string bin(base64.size(), '\0');
  std::size_t len = 0;
  const char* end = nullptr;
  if (sodium_base642bin(reinterpret_cast<unsigned char*>(bin.data()), bin.size(), base64.data(), base64.size(),
                        nullptr, &len, &end, sodium_base64_VARIANT_ORIGINAL) != 0 ||
      end != base64.data() + base64.size() || len == 0)
    return std::nullopt;
  bin.resize(len);
  return bin;
}

std::string new_key_base64() {
  init_randombytes();
  unsigned char key[32];
  randombytes_buf(key, sizeof key);
  char b64[sodium_base64_ENCODED_LEN(sizeof key, sodium_base64_VARIANT_ORIGINAL)];
  sodium_bin2base64(b64, sizeof b64, key, sizeof key, sodium_base64_VARIANT_ORIGINAL);
  return b64;
}

std::string to_notify_message(const Envelope& e, std::string_view status) {
  std::string m = "READY=1\n";
  if (!status.empty() && status.find('\n') == std::string_view::npos) m.append("STATUS=").append(status).append("\n");
  m.append("X_VC_REPORT_TIMESTAMP=").append(e.timestamp).append("\n");
  m.append("X_VC_REPORT_NONCE=").append(e.nonce).append("\n");
  m.append("X_VC_REPORT_SIGNATURE=").append(e.signature).append("\n");
  // The body is compact JSON: any newline inside a string is escaped as \n.
  m.append("X_VC_REPORT=").append(e.body).append("\n");
  return m;
}

std::optional<Envelope> from_notify_message(std::string_view message) {
  Envelope e;
  bool have_body = false;
  while (!message.empty()) {
    const auto nl = message.find('\n');
    const auto line = message.substr(0, nl);
    message.remove_prefix(nl == std::string_view::npos ? message.size() : nl + 1);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos) continue;
    const auto key = line.substr(0, eq), value = line.substr(eq + 1);
    if (key == "X_VC_REPORT_TIMESTAMP") e.timestamp = value;
    else if (key == "X_VC_REPORT_NONCE") e.nonce = value;
    else if (key == "X_VC_REPORT_SIGNATURE") e.signature = value;
    else if (key == "X_VC_REPORT") {
      e.body = value;
      have_body = true;
    }
  }
  if (!have_body) return std::nullopt;
  return e;
}

}  // namespace vc::report
