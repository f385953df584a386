#pragma once
// SSH host keys as the readiness report carries them: the public key line and its
// SHA256 fingerprint, computed exactly as `ssh-keygen -l` prints it, so an operator
// can compare the report with what ssh shows on first connect.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vc {

class RootView;

struct HostKey {
  std::string type;         // "ssh-ed25519"
  std::string blob;         // base64 key data as in the .pub file
  std::string fingerprint;  // "SHA256:<base64 without padding>"
  std::string line() const { return type + " " + blob; }
};

// "SHA256:" + unpadded base64 of SHA-256 over the decoded key blob; nullopt when
// `blob_base64` is not valid base64.
std::optional<std::string> ssh_fingerprint_sha256(std::string_view blob_base64);

// One line of an ssh_host_*_key.pub file ("type base64 [comment]"); nullopt when
// the line is not a public key (the comment is dropped: it names the image builder).
std::optional<HostKey> parse_host_key_line(std::string_view line);

// <root>/etc/ssh/ssh_host_*_key.pub in file-name order; unreadable or malformed
// files are skipped (a missing key must not stop the report that says so).
std::vector<HostKey> read_host_keys(const RootView& root);

}  // namespace vc
