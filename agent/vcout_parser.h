#pragma once
// vc-out.xml (every real generation: G0, G0+, G1, OpenNebula) → Model.
// Pure: bytes in, Model out; throws InputError naming element and line.
#include <optional>
#include <string>
#include <string_view>

#include "agent/model.h"

namespace vc {

inline constexpr std::size_t kMaxVcOutBytes = 32u * 1024 * 1024;

struct VcOutParseOptions {
  std::string file_name = "vc-out.xml";  // used in messages
  std::optional<Role> role_override;     // --role
};

Model parse_vcout(std::string_view bytes, const VcOutParseOptions& opts = {});

// Checks shared with other input formats (cloud-init, issue 5).
bool is_valid_hostname(std::string_view name);  // RFC 1123, ≤ 253, labels ≤ 63
bool is_valid_label(std::string_view label);    // one RFC 1123 label
// Names /etc/hosts gives to loopback (localhost, localhost.localdomain, ip6-*):
// a cluster host by such a name would take them off 127.0.0.1.
bool is_loopback_name(std::string_view name);
// Parses authorized_keys text (one key per line, blank lines and # comments
// skipped). Rejects options (command=, from=…), unknown types, bad base64.
// Throws InputError with `file`, the line of `first_line` + offset, and `where`.
std::vector<SshKey> parse_ssh_keys(std::string_view text, const std::string& file,
                                   int first_line, const std::string& where);

}  // namespace vc
