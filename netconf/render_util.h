#pragma once
// Small pieces every renderer shares: the header comment, interface order,
// which interface carries the global DNS, and the NM connection UUID.
#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "netconf/network_state.h"

namespace vc::netconf::render {

// "# Written by vc-agent from <label>; edits are replaced on the next run\n".
// Newlines in the label are flattened so a label can never end the comment;
// an empty label reads "vc-agent input".
std::string header_comment(std::string_view label);

// Interfaces in natural name order (eth2 before eth10), so output does not
// depend on input order.
std::vector<const Interface*> sorted_interfaces(const NetworkState& state);

// The interface that carries the global nameservers and search domains: the
// first (in name order) with a gateway, else the first that may take the default
// route, else the first. Formats without a global DNS place (ENI, netplan, NM,
// networkd) attach them there, as a default route and its resolver belong together.
const Interface* dns_carrier(const NetworkState& state);

// Per-interface servers plus the global ones when `iface` is the carrier, without duplicates.
std::vector<IpAddress> nameservers_for(const NetworkState& state, const Interface& iface);
std::vector<std::string> search_for(const NetworkState& state, const Interface& iface);

std::vector<Address> addresses_of(const Interface& iface, IpFamily family);
std::string cidr(const Address& a);  // "10.1.1.1/16"
std::string join(const std::vector<std::string>& parts, std::string_view sep);
std::vector<std::string> strs(const std::vector<IpAddress>& ips);

// RFC 4122 name-based UUID (version 5, SHA-1). Deterministic, so re-rendering
// gives identical bytes; reproducible with Python's uuid.uuid5(namespace, name).
std::string uuid5(const std::array<std::uint8_t, 16>& ns, std::string_view name);
std::array<std::uint8_t, 20> sha1(std::string_view data);

}  // namespace vc::netconf::render
