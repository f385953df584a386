#pragma once
// cloud-config write_files → the cluster's known hosts (see cloud_known_hosts.cpp).
#include <string>
#include <vector>

#include "agent/model.h"
#include "netconf/yaml_util.h"

namespace vc {

// The /etc/ssh/ssh_known_hosts entry's lines as known hosts (bad line: InputError
// with the file, line and key path); every other entry's path goes to
// `ignored_paths` for the caller's warning.
std::vector<KnownHost> parse_write_files(const netconf::YNode& n, std::vector<std::string>& ignored_paths);

}  // namespace vc
