#pragma once
// EC2 IMDS meta-data/network/interfaces/macs/<mac>/… → network-config v2, as
// cloud-init's convert_ec2_metadata_network_config builds it (full config): every
// NIC the machine has DHCPv4 (DHCPv6 too when it has ipv6s), a route metric of
// 100 × (its place in network-card, device-number, MAC order; a missing number
// sorts last, as on EC2-like clouds without them) when there are several, and its
// secondary addresses static. Netplan-only policy routing is left out: a cluster
// node routes through its primary NIC. Pure: the reader fetches, this converts.
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "netconf/address.h"

namespace vc {

// One macs/<mac>/ directory: the bodies as the service sent them (nullopt: 404).
struct Ec2NicMeta {
  std::string url;  // ".../meta-data/network/interfaces/macs/<mac>/", for messages
  std::string mac;  // as listed
  std::optional<std::string> network_card, device_number, local_ipv4s, ipv4_cidr, ipv6s, ipv6_cidr;
};

struct Ec2Primary {
  std::string ifname, mac;
  netconf::IpAddress ip;
  int prefix = 24;
};

struct Ec2Network {
  std::string yaml;  // network-config v2; empty when no NIC is configured
  // Each configured NIC's kernel name and primary IPv4 address (local-ipv4s' first):
  // what its DHCP lease gives it, so /etc/hosts can name it.
  std::vector<Ec2Primary> primary;
  std::vector<std::string> warnings;
};

// known_macs (normalised MAC → kernel name): the machine's links; a NIC it does not
// hold is skipped with a warning. nullptr (an image prepared offline): NICs are named
// eth0, eth1… in device-number order. A malformed body is an InputError naming its
// URL, the line and the key.
Ec2Network ec2_network_config(const std::vector<Ec2NicMeta>& nics, const std::map<std::string, std::string>* known_macs);

}  // namespace vc
