// Host key pair checks shared by <hostkeys> and cloud-config ssh_keys (see host_key_check.h).
#include "agent/host_key_check.h"

#include <cstdint>
#include <vector>

#include "agent/text.h"
#include "agent/vcout_internal.h"

namespace vc {
namespace {

constexpr std::string_view kLineBlanks = " \t\r";

using vcout::base64_decode;
using vcout::wire_string;

// PROTOCOL.key: "openssh-key-v1\0", cipher, kdf, kdf options, count, public
// blobs, private section. Unencrypted (sshd has no passphrase to give) and its
// public half must be the key the other nodes are told about.
std::string check_openssh_body(std::string_view body, const std::string& public_blob, const std::string& pub_where) {
  static constexpr std::string_view kMagic{"openssh-key-v1\0", 15};
  if (!body.starts_with(kMagic)) return "the key data does not start with the openssh-key-v1 header";
  body.remove_prefix(kMagic.size());
  auto cipher = wire_string(body);
  auto kdf = wire_string(body);
  auto kdf_opts = wire_string(body);
  if (!cipher || !kdf || !kdf_opts || body.size() < 4) return "the key data is truncated";
  if (*cipher != "none") return "the private key is encrypted (cipher " + std::string(*cipher) + "); sshd needs it without a passphrase";
  std::uint32_t count = 0;
  for (int i = 0; i < 4; ++i) count = count << 8 | static_cast<unsigned char>(body[i]);
  body.remove_prefix(4);
  if (count != 1) return "the file holds " + std::to_string(count) + " keys; expected exactly one";
  auto pub = wire_string(body);
  if (!pub) return "the key data is truncated";
  if (*pub != public_blob) return "the private key does not belong to the public key in " + pub_where;
  return {};
}

}  // namespace

std::string keygen_type(std::string_view key_type) {
  if (key_type == "ssh-ed25519") return "ed25519";
  if (key_type == "ssh-rsa") return "rsa";
  if (key_type == "ecdsa-sha2-nistp256" || key_type == "ecdsa-sha2-nistp384" || key_type == "ecdsa-sha2-nistp521")
    return "ecdsa";
  return {};
}

PrivateKeyCheck check_host_private_key(std::string_view text, const std::string& type, const SshKey& pub,
                                       const std::string& pub_where) {
  std::vector<std::string_view> lines;
  for (std::string_view t = text; !t.empty();) {
    if (auto l = trim(next_line(t), kLineBlanks); !l.empty()) lines.push_back(l);
  }
  const auto bad = [](std::string why) { return PrivateKeyCheck{{}, std::move(why)}; };
  if (lines.size() < 3 || !lines.front().starts_with("-----BEGIN ") || !lines.front().ends_with(" PRIVATE KEY-----"))
    return bad("expected an unencrypted private key block, '-----BEGIN OPENSSH PRIVATE KEY-----' … '-----END OPENSSH PRIVATE KEY-----'");
  const std::string label(lines.front().substr(11, lines.front().size() - 11 - 5));  // "OPENSSH PRIVATE KEY"
  if (lines.back() != "-----END " + label + "-----")
    return bad("the private key block has no matching '-----END " + label + "-----' line");
  std::string b64;
  for (std::size_t i = 1; i + 1 < lines.size(); ++i) {
    if (lines[i].find(':') != std::string_view::npos)
      return bad("the private key block has PEM headers (" + vcout::quote(lines[i]) +
                 "); an encrypted key cannot be used by sshd");
    b64 += lines[i];
  }
  const auto body = base64_decode(b64);
  if (!body || body->empty()) return bad("the private key data is not valid base64; was the key cut?");
  if (label == "OPENSSH PRIVATE KEY") {
    if (auto err = check_openssh_body(*body, base64_decode(pub.blob).value_or(""), pub_where); !err.empty())
      return bad(err);
  } else if (!(label == "PRIVATE KEY" || (label == "RSA PRIVATE KEY" && type == "rsa") ||
               (label == "EC PRIVATE KEY" && type == "ecdsa"))) {
    return bad("a '" + label + "' block is not a " + type + " private key");
  }
  PrivateKeyCheck ok;
  for (auto l : lines) (ok.key += l) += '\n';
  return ok;
}

}  // namespace vc
