#pragma once
// SSH host keys made by vc-host gen (issue 4): one pair per node and type, so
// every node's input can list every other node's key (<known_hosts>) and the
// user's known_hosts can be written before any node has booted.
#include <string>
#include <vector>

#include "host/spec.h"

namespace vc::host {

// For each node (one comment each, "root@compute-0.local"), one key pair per
// type, by `ssh-keygen -q -N "" -t TYPE -C COMMENT -f …` into a private (0700)
// temp dir that is removed afterwards. As many ssh-keygen run at once as there
// are CPUs (an RSA key takes most of a second). Throws EnvError when ssh-keygen
// is missing or fails.
std::vector<std::vector<NodeHostKey>> generate_host_keys(const std::vector<std::string>& types,
                                                         const std::vector<std::string>& comments);

// The names ssh may be given for a node: short name, .local name, (frontend:
// fqdn,) addresses. Comma-joined, as known_hosts wants them.
std::string frontend_names(const ClusterSpec& c);
std::string compute_names(const ComputeSpec& n);

// One known_hosts line's parts for every key of every node, frontend first.
struct KnownHostEntry {
  std::string node, names, key;  // key: "ssh-ed25519 AAAA…" without the comment
};
std::vector<KnownHostEntry> cluster_known_hosts(const ClusterSpec& c);

// "type base64" of a public key line (the comment dropped).
std::string key_without_comment(const std::string& public_line);

}  // namespace vc::host
