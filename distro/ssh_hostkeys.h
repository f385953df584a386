#pragma once
// SSH host identity: fresh host keys for a new instance (a cloned image must
// not share keys, a reboot or a move must keep them: peers.md §4, cloud-init
// #3209/#3910), their fingerprints, and host-based trust between the nodes.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc::distro {

// The private host key files the image's sshd uses: its HostKey lines when
// sshd_config has any, else every /etc/ssh/ssh_host_*_key present. Sorted.
std::vector<std::string> host_key_paths(const RootView& root);

// One per-instance `ssh-keygen -q -N "" -t <type> -f <key> -C root@<host>`
// for each key; the key (0600) and key.pub (0644) are its outputs, so the old
// pair goes into the transaction backup. Certificates (-cert.pub) are kept.
// DSA keys are removed, not regenerated (OpenSSH dropped DSA). No keys at all:
// nothing, the distro's sshd-keygen creates them at boot.
void plan_host_keys(const Model& m, const RootView& root, Plan& plan);

// "256 SHA256:<base64> root@host (ED25519)", as `ssh-keygen -lf` prints it;
// nullopt when the line is not a public key.
std::optional<std::string> fingerprint_line(std::string_view pub_line);

// /etc/ssh/shosts.equiv (when sshd is installed): the cluster's private names
// and addresses, one per line, for Rocks' host-based SSH between nodes. A
// compute knows only the frontend and itself (dynip parity).
void plan_shosts_equiv(const Model& m, const RootView& root, Plan& plan);

}  // namespace vc::distro
