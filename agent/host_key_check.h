#pragma once
// The checks a provisioner-generated host key pair must pass before sshd is
// given it, whichever input carried it (vc-out.xml <hostkeys>, cloud-config
// ssh_keys). Pure: text in, normalised key or a reason out.
#include <string>
#include <string_view>

#include "agent/model.h"

namespace vc {

// The ssh-keygen -t name ("rsa", "ecdsa", "ed25519") a public key type belongs
// to; empty for any other type (ssh-dss, sk-*).
std::string keygen_type(std::string_view key_type);

struct PrivateKeyCheck {
  std::string key;    // the block, lines trimmed, blank lines dropped, ending in "\n"
  std::string error;  // empty when the key is usable
};

// `text` must be one unencrypted private key block of `type` whose public half is
// `pub` (OpenSSH format; a PEM block is checked by its label only). `pub_where`
// names where the public key came from, for the mismatch message.
PrivateKeyCheck check_host_private_key(std::string_view text, const std::string& type, const SshKey& pub,
                                       const std::string& pub_where);

}  // namespace vc
