#pragma once
// cloud-init inputs → NetworkState: network-config v1 and v2 (YAML) and
// OpenStack network_data.json. Pure functions: the caller reads the file.
//
// Conversion follows cloud-init's network_state.py (subnet order, gateway4/6
// placement, defaults such as /24 or /64 for an address without a prefix), with
// one deliberate difference everywhere: what cloud-init silently patches up is
// rejected here with an InputError naming the file, line and key path —
// a bond member, bridge port or VLAN link that names no interface, a bad
// address or prefix, two NICs with one MAC. Unknown keys are only warnings
// ("network.ethernets.eth0.foo (line 7): unknown key, ignored").
//
// Key paths are the path in the document: "config[2].subnets[0].address" for a
// bare v1 document, "network.ethernets.eth0.addresses[1]" under a `network:`
// wrapper, "networks[0].routes[1].netmask" in network_data.json.
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "netconf/network_state.h"

namespace YAML {
class Node;
}

namespace vc::netconf {

// `root` is the mapping that holds `version:` and `config:` (v1) or
// `ethernets:`… (v2); `path` is its own key path ("" or "network").
NetworkState from_v1(const YAML::Node& root, const std::string& file, std::vector<std::string>* warnings,
                     const std::string& path = "");
// known_macs (normalised MAC → kernel name, e.g. LinkTable::by_mac of the
// machine the config is for): a v2 `match: macaddress` device without
// `set-name` is named after the kernel link with that MAC, as cloud-init does
// by looking the MAC up in sysfs. Without a table, or for a MAC the table does
// not hold, the device keeps its netplan id as name.
NetworkState from_v2(const YAML::Node& root, const std::string& file, std::vector<std::string>* warnings,
                     const std::string& path = "", const std::map<std::string, std::string>* known_macs = nullptr);

// Parses YAML text, unwraps a top-level `network:` key as cloud-init does, and
// dispatches on `version:`. expected_version 1 or 2 makes any other version an
// error (`--input-format v1` given a v2 file); 0 accepts both. known_macs is
// handed to from_v2 (v1 names every physical interface itself).
NetworkState from_network_config(std::string_view yaml_text, const std::string& file,
                                 std::vector<std::string>* warnings = nullptr, int expected_version = 0,
                                 const std::map<std::string, std::string>* known_macs = nullptr);

// OpenStack network_data.json, converted as cloud-init's convert_net_json.
// Links without a "name" are named by their MAC through known_macs
// (normalised MAC → kernel name); a MAC missing from the table is an error, as
// in cloud-init. known_macs == nullptr (no table: rendering for an image)
// names them eth0, eth1… in link order instead, with a warning.
NetworkState from_network_data(std::string_view json_text, const std::string& file,
                               const std::map<std::string, std::string>* known_macs = nullptr,
                               std::vector<std::string>* warnings = nullptr);

}  // namespace vc::netconf
