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

// Key types the input carries (<hostkeys>) are installed from it instead, per
// instance too, also where the image had no key file of that type.
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

// /etc/ssh/ssh_known_hosts from the input's <known_hosts> (known_hosts.cpp):
// a managed block, admin lines outside it kept. Nothing when the input has none.
void plan_known_hosts(const Model& m, const RootView& root, Plan& plan);
// The block's lines, "names type base64", in input order.
std::string known_hosts_block(const std::vector<KnownHost>& hosts);
// `current` (the file, if any) with its managed block replaced by `block`.
std::string merge_known_hosts(const std::optional<std::string>& current, const std::string& block);
// The same for any file vc-agent shares with the admin: `current` with its old
// vc-agent block (a "# BEGIN vc-agent managed block…" … "# END vc-agent managed
// block" pair) replaced by `begin_line` + `block` + the END line at the end.
std::string merge_managed_block(const std::optional<std::string>& current, std::string_view begin_line,
                                const std::string& block);

}  // namespace vc::distro
