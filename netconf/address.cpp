#include "netconf/address.h"

#include <arpa/inet.h>

#include <algorithm>
#include <cstring>

namespace vc::netconf {

std::string IpAddress::str() const {
  if (family == IpFamily::V4) {
    // glibc's inet_ntop formats IPv4 through sprintf (~1 200 instructions);
    // a frontend's apply formats every node's address several times.
    std::string out;
    out.reserve(15);
    for (std::size_t i = 0; i < 4; ++i) {
      const unsigned v = bytes[i];
      if (i) out += '.';
      if (v >= 100) out += static_cast<char>('0' + v / 100);
      if (v >= 10) out += static_cast<char>('0' + v / 10 % 10);
      out += static_cast<char>('0' + v % 10);
    }
    return out;
  }
  char buf[INET6_ADDRSTRLEN] = {};
  const int af = family == IpFamily::V4 ? AF_INET : AF_INET6;
  if (inet_ntop(af, bytes.data(), buf, sizeof buf) == nullptr) return {};
  return buf;
}

std::optional<IpAddress> parse_ip(std::string_view text) {
  // inet_pton wants a NUL-terminated string; anything longer than the longest
  // IPv6 text cannot be an address, which also bounds the copy.
  if (text.empty() || text.size() >= INET6_ADDRSTRLEN) return std::nullopt;
  char buf[INET6_ADDRSTRLEN] = {};
  std::memcpy(buf, text.data(), text.size());
  // An embedded NUL would make inet_pton see a shorter, possibly valid, prefix.
  if (std::strlen(buf) != text.size()) return std::nullopt;
  IpAddress ip;
  if (text.find(':') == std::string_view::npos) {
    ip.family = IpFamily::V4;
    if (inet_pton(AF_INET, buf, ip.bytes.data()) != 1) return std::nullopt;
  } else {
    // inet_pton already rejects "%zone", but say so explicitly: a zone id names
    // a link on the host that wrote the file and means nothing in the guest.
    if (text.find('%') != std::string_view::npos) return std::nullopt;
    ip.family = IpFamily::V6;
    if (inet_pton(AF_INET6, buf, ip.bytes.data()) != 1) return std::nullopt;
  }
  return ip;
}

namespace {

// Number of leading one bits when the ones are contiguous, else -1.
int contiguous_prefix(const std::uint8_t* bytes, int nbytes) {
  int prefix = 0;
  bool seen_zero = false;
  for (int i = 0; i < nbytes; ++i) {
    for (int bit = 7; bit >= 0; --bit) {
      const bool one = (bytes[i] >> bit) & 1;
      if (one && seen_zero) return -1;
      if (one) ++prefix;
      else seen_zero = true;
    }
  }
  return prefix;
}

}  // namespace

std::optional<int> parse_netmask(std::string_view text, int max_bits) {
  if (max_bits != 32 && max_bits != 128) return std::nullopt;
  if (!text.empty() && text.front() == '/') text.remove_prefix(1);
  if (text.empty()) return std::nullopt;
  bool all_digits = true;
  for (char c : text) all_digits = all_digits && c >= '0' && c <= '9';
  if (all_digits) {
    if (text.size() > 3) return std::nullopt;
    int v = 0;
    for (char c : text) v = v * 10 + (c - '0');
    if (v > max_bits) return std::nullopt;
    return v;
  }
  auto mask = parse_ip(text);
  if (!mask) return std::nullopt;
  const bool v4 = mask->family == IpFamily::V4;
  if (v4 != (max_bits == 32)) return std::nullopt;
  const int p = contiguous_prefix(mask->bytes.data(), v4 ? 4 : 16);
  if (p < 0) return std::nullopt;
  return p;
}

std::string prefix_to_netmask(int prefix) {
  IpAddress m;
  m.family = IpFamily::V4;
  for (int i = 0; i < 4; ++i) {
    const int ones = prefix - i * 8;
    m.bytes[i] = ones >= 8 ? 0xff : ones <= 0 ? 0 : static_cast<std::uint8_t>(0xff << (8 - ones));
  }
  return m.str();
}

namespace {

IpAddress with_host_bits(const IpAddress& ip, int prefix, bool ones) {
  IpAddress out = ip;
  const int nbytes = ip.bits() / 8;
  for (int i = 0; i < nbytes; ++i) {
    const int net_bits = prefix - i * 8;
    if (net_bits >= 8) continue;
    const std::uint8_t host_mask = net_bits <= 0 ? 0xff : static_cast<std::uint8_t>(0xff >> net_bits);
    out.bytes[i] = ones ? (out.bytes[i] | host_mask) : (out.bytes[i] & ~host_mask);
  }
  return out;
}

}  // namespace

IpAddress network_of(const IpAddress& ip, int prefix) { return with_host_bits(ip, prefix, false); }

IpAddress broadcast_of(const IpAddress& ip, int prefix) { return with_host_bits(ip, prefix, true); }

bool in_subnet(const IpAddress& ip, const IpAddress& net_member, int prefix) {
  if (ip.family != net_member.family) return false;
  return network_of(ip, prefix) == network_of(net_member, prefix);
}

namespace {

int hex_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

// IPoIB link-layer addresses are the longest we accept.
constexpr std::size_t kMaxOctets = 20;

struct Octets {
  std::array<int, kMaxOctets> v{};
  std::size_t n = 0;
  bool push(int octet) {
    if (n == kMaxOctets) return false;
    v[n++] = octet;
    return true;
  }
};

std::string format_octets(const Octets& o) {
  static const char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(o.n * 3);
  for (std::size_t i = 0; i < o.n; ++i) {
    if (i) out += ':';
    out += kHex[o.v[i] >> 4];
    out += kHex[o.v[i] & 15];
  }
  return out;
}

bool plausible_length(std::size_t n) { return n == 6 || n == 20; }

}  // namespace

// Accepted spellings: "aa:bb:..", "aa-bb-.." (1 or 2 digits per group, one
// separator throughout), Cisco "aabb.ccdd.eeff" and bare "aabbccddeeff".
std::optional<std::string> normalize_mac(std::string_view text) {
  if (text.empty() || text.size() > 64) return std::nullopt;
  Octets octets;
  const char sep = text.find(':') != std::string_view::npos   ? ':'
                   : text.find('-') != std::string_view::npos ? '-'
                   : text.find('.') != std::string_view::npos ? '.'
                                                              : '\0';
  if (sep == ':' || sep == '-') {
    std::size_t pos = 0;
    while (true) {
      const std::size_t end = std::min(text.find(sep, pos), text.size());
      const std::string_view group = text.substr(pos, end - pos);
      if (group.empty() || group.size() > 2) return std::nullopt;
      int v = 0;
      for (char c : group) {
        const int h = hex_value(c);
        if (h < 0) return std::nullopt;
        v = v * 16 + h;
      }
      if (!octets.push(v)) return std::nullopt;
      if (end == text.size()) break;
      pos = end + 1;
    }
  } else {
    // Dotted groups of exactly four digits, or no separator at all.
    std::size_t group = 0, digits = 0;
    int high = 0;
    for (char c : text) {
      if (c == '.') {
        if (group != 4) return std::nullopt;
        group = 0;
        continue;
      }
      const int h = hex_value(c);
      if (h < 0) return std::nullopt;
      ++group;
      if (++digits % 2) high = h;
      else if (!octets.push(high * 16 + h)) return std::nullopt;
    }
    if (sep == '.' && group != 4) return std::nullopt;
    if (digits % 2) return std::nullopt;
  }
  if (!plausible_length(octets.n)) return std::nullopt;
  return format_octets(octets);
}

}  // namespace vc::netconf
