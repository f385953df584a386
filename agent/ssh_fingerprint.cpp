#include "agent/ssh_fingerprint.h"

#include <sodium.h>

#include "agent/root_view.h"
#include "agent/vcout_internal.h"

namespace vc {

std::optional<std::string> ssh_fingerprint_sha256(std::string_view blob_base64) {
  const auto blob = vcout::base64_decode(blob_base64);
  if (!blob || blob->empty()) return std::nullopt;
  unsigned char digest[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(digest, reinterpret_cast<const unsigned char*>(blob->data()), blob->size());
  char b64[sodium_base64_ENCODED_LEN(crypto_hash_sha256_BYTES, sodium_base64_VARIANT_ORIGINAL_NO_PADDING)];
  sodium_bin2base64(b64, sizeof b64, digest, sizeof digest, sodium_base64_VARIANT_ORIGINAL_NO_PADDING);
  return "SHA256:" + std::string(b64);
}

std::optional<HostKey> parse_host_key_line(std::string_view line) {
  auto next_field = [&line]() {
    const auto start = line.find_first_not_of(" \t\r\n");
    if (start == std::string_view::npos) return std::string_view{};
    line.remove_prefix(start);
    const auto end = line.find_first_of(" \t\r\n");
    const auto field = line.substr(0, end);
    line.remove_prefix(end == std::string_view::npos ? line.size() : end);
    return field;
  };
  HostKey k;
  k.type = next_field();
  k.blob = next_field();
  if (k.type.empty() || k.blob.empty() || k.type.find_first_not_of("abcdefghijklmnopqrstuvwxyz0123456789-@.") !=
                                              std::string::npos)
    return std::nullopt;
  auto fp = ssh_fingerprint_sha256(k.blob);
  if (!fp) return std::nullopt;
  k.fingerprint = std::move(*fp);
  return k;
}

std::vector<HostKey> read_host_keys(const RootView& root) {
  std::vector<HostKey> keys;
  for (const auto& name : root.list("/etc/ssh")) {
    if (!name.starts_with("ssh_host_") || !name.ends_with("_key.pub")) continue;
    auto text = root.read("/etc/ssh/" + name);
    if (!text) continue;
    if (auto k = parse_host_key_line(*text)) keys.push_back(std::move(*k));
  }
  return keys;
}

}  // namespace vc
