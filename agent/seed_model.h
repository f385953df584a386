#pragma once
// A cloud-init seed (meta-data + #cloud-config + network config) → the same Model
// a vc-out.xml gives, so every planner step treats both alike. Pure.
//
// Rules (docs/vc-agent.8.scd, SOURCES):
// - role: vc_cluster.role (vc-host seeds), else --role, else frontend (a standalone node);
// - name: cloud-config hostname, else meta-data local-hostname, first label; fqdn: cloud-config
//   fqdn, else a dotted local-hostname;
// - own NICs: each interface's known DHCP address (EC2), else its first static IPv4
//   address; vc_cluster.networks names them private/public, else the one with the
//   default route (without a static one: the first with a DHCP address) is public,
//   the others private;
// - gateway: the IPv4 default route; DNS: the network config's nameservers;
// - root's keys: ssh_authorized_keys (and meta-data public keys) when disable_root is false,
//   users[name=root] keys always.
#include <initializer_list>
#include <map>
#include <optional>
#include <string>
#include <string_view>

#include "agent/cloud_config.h"
#include "agent/model.h"
#include "netconf/network_state.h"

namespace vc {

struct SeedInput {
  std::string kind;  // "nocloud", "configdrive", …: the Model's source prefix
  std::string where;  // the directory or URL it came from
  SeedMeta meta;
  CloudConfig config;
  std::optional<netconf::NetworkState> network;
  std::optional<Role> role_override;
  // interface → the IPv4 address its DHCP lease gives it, when the source knows
  // (EC2 local-ipv4s): that NIC's address in the Model, before any static one.
  std::map<std::string, std::pair<netconf::IpAddress, int>> dhcp_addresses;
};

Model model_from_seed(SeedInput in);

// network-config "network: {config: disabled}" (or a bare "config: disabled"): the
// seed asks that the network be left alone. False for anything else, invalid YAML too
// (the converter reports that with its line).
bool network_config_disabled(std::string_view yaml_text);

// The seed's files as one string for the input hash: each file's length before
// its bytes, so a byte moved from one file to the next changes the hash.
std::string seed_bytes(std::initializer_list<const std::optional<std::string>*> files);

}  // namespace vc
