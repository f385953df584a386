#pragma once
// IP addresses, netmasks and MACs, parsed with inet_pton and arithmetic rather
// than regexes, so that "10.1.1.300" or "255.0.255.0" can never slip through.
#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

namespace vc::netconf {

enum class IpFamily { V4, V6 };

struct IpAddress {
  IpFamily family = IpFamily::V4;
  std::array<std::uint8_t, 16> bytes{};  // V4 uses the first 4

  int bits() const { return family == IpFamily::V4 ? 32 : 128; }
  std::string str() const;  // canonical text (inet_ntop)
  bool operator==(const IpAddress&) const = default;
  auto operator<=>(const IpAddress&) const = default;
};

// Accepts dotted-quad IPv4 and RFC 4291 IPv6 text. Rejects zone ids ("fe80::1%eth0"),
// leading/trailing blanks and anything inet_pton rejects.
std::optional<IpAddress> parse_ip(std::string_view text);

// A dotted IPv4 netmask with contiguous ones ("255.255.0.0") or a bare prefix
// length ("16", "/16"). max_bits is 32 or 128. Returns the prefix length.
std::optional<int> parse_netmask(std::string_view text, int max_bits = 32);
std::string prefix_to_netmask(int prefix);  // IPv4 only: 16 → "255.255.0.0"

IpAddress network_of(const IpAddress& ip, int prefix);
IpAddress broadcast_of(const IpAddress& ip, int prefix);  // IPv4 meaning; V6: last address
bool in_subnet(const IpAddress& ip, const IpAddress& net_member, int prefix);

// "7A-77-6E-40-00-0A" → "7a:77:6e:40:00:0a". 6 octets (Ethernet) or 20 (IPoIB).
std::optional<std::string> normalize_mac(std::string_view text);

}  // namespace vc::netconf
