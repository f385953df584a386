#pragma once
// The signed envelope of a readiness report, shared by vc-agent (signs) and vc-host
// (verifies). HMAC-SHA256 with the node's key from the input, over a domain tag, the
// timestamp, the nonce and the body, so a forged body fails the MAC and a captured
// report replayed later fails the timestamp window or the nonce check on the host.
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vc::report {

// Larger bodies are refused by the host (413) and never built by the agent: a node
// with a few NICs and keys is ~2 KiB.
constexpr std::size_t kMaxReportBytes = 64 * 1024;

// HTTP header names and vsock notify fields carrying the envelope.
inline constexpr const char* kHeaderTimestamp = "X-VC-Timestamp";
inline constexpr const char* kHeaderNonce = "X-VC-Nonce";
inline constexpr const char* kHeaderSignature = "X-VC-Signature";

struct Envelope {
  std::string body;       // the report JSON
  std::string timestamp;  // unix seconds, decimal
  std::string nonce;      // 32 hex digits (16 random bytes)
  std::string signature;  // 64 hex digits, HMAC-SHA256
};

// "vc-report-v1\n<timestamp>\n<nonce>\n<body>": timestamp and nonce cannot hold a
// newline, so the split is unambiguous.
std::string signing_input(std::string_view body, std::string_view timestamp, std::string_view nonce);

std::string hmac_sha256_hex(std::string_view key, std::string_view message);

// Signs `body` at `unix_time` with a fresh random nonce. `key` is the raw key bytes.
Envelope sign(std::string body, std::string_view key, std::int64_t unix_time);

// Constant-time check of e.signature against the body, timestamp and nonce.
bool verify(const Envelope& e, std::string_view key);

// Standard base64 with padding (as <report key="…"> carries it); nullopt if invalid.
std::optional<std::string> decode_key(std::string_view base64);
// 32 random bytes, base64: a fresh per-node key for vc-host gen.
std::string new_key_base64();

// systemd's notify protocol (the text sent to vmm.notify_socket over AF_VSOCK):
// newline-separated KEY=VALUE. The envelope travels in X_VC_REPORT* fields next to
// READY=1/STATUS=, which a plain systemd-aware host simply ignores.
std::string to_notify_message(const Envelope& e, std::string_view status);
// nullopt when the message carries no report (e.g. systemd's own READY=1).
std::optional<Envelope> from_notify_message(std::string_view message);

}  // namespace vc::report
