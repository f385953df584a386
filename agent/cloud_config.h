#pragma once
// The #cloud-config subset vc-agent honours (issue 5), and NoCloud meta-data.
// Pure: text in, values out; every error is an InputError naming file, line and key.
// Keys outside the subset are listed in one warning, never dropped silently.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/model.h"

namespace vc {

// vc-host's own keys (host/gen.cpp): cloud-init ignores them, they carry what a
// vc-out.xml has and cloud-config does not — the role, the frontend, the computes.
struct VcCluster {
  Role role = Role::Frontend;
  std::string frontend_fqdn;                      // compute: its frontend
  std::vector<std::pair<std::string, std::string>> networks;  // interface name → "private"/"public"
  std::vector<ComputeNode> computes;              // frontend only
};

struct CloudConfig {
  bool present = false;  // false: no user-data, or not #cloud-config
  std::optional<std::string> hostname, fqdn;
  std::optional<bool> prefer_fqdn_over_hostname;
  std::optional<bool> manage_etc_hosts;  // "localhost"/"template" count as true
  std::vector<SshKey> ssh_authorized_keys;
  std::vector<SshKey> root_user_keys;     // users: [{name: root, ssh_authorized_keys}]
  std::optional<bool> ssh_deletekeys, disable_root;
  std::optional<std::vector<std::string>> ssh_genkeytypes;
  std::vector<GivenHostKey> host_keys;    // ssh_keys: <type>_private + <type>_public pairs
  std::vector<KnownHost> known_hosts;     // write_files: the /etc/ssh/ssh_known_hosts entry
  std::optional<ReportTarget> report;     // vc_report
  std::optional<VcCluster> cluster;       // vc_cluster
  std::vector<std::string> warnings;
};

// user-data text. Not starting with "#cloud-config" (a script, a MIME archive):
// present = false and a warning that it was not applied.
CloudConfig parse_cloud_config(std::string_view text, const std::string& file);

struct SeedMeta {
  std::string instance_id;
  std::optional<std::string> local_hostname;
  std::vector<SshKey> public_keys;  // NoCloud public-keys, meta_data.json public_keys (ConfigDrive)
  std::vector<std::string> warnings;
};

// NoCloud meta-data (YAML): instance-id (required), local-hostname, public-keys
// (a string, a list, or a map of names to a string or list, as cloud-init reads it).
SeedMeta parse_nocloud_meta(std::string_view text, const std::string& file);

}  // namespace vc
