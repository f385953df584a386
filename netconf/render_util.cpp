#include "netconf/render_util.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace vc::netconf::render {

std::string header_comment(std::string_view label) {
  std::string flat;
  if (label.empty()) label = "vc-agent input";
  for (char c : label) flat += (c == '\n' || c == '\r') ? ' ' : c;
  return "# Written by vc-agent from " + flat + "; edits are replaced on the next run\n";
}

namespace {

// Compares runs of digits by value, the rest bytewise: eth2 < eth10.
bool natural_less(std::string_view a, std::string_view b) {
  std::size_t i = 0, j = 0;
  while (i < a.size() && j < b.size()) {
    const bool da = std::isdigit(static_cast<unsigned char>(a[i])) != 0;
    const bool db = std::isdigit(static_cast<unsigned char>(b[j])) != 0;
    if (da && db) {
      std::size_t ei = i, ej = j;
      while (ei < a.size() && std::isdigit(static_cast<unsigned char>(a[ei]))) ++ei;
      while (ej < b.size() && std::isdigit(static_cast<unsigned char>(b[ej]))) ++ej;
      std::string_view na = a.substr(i, ei - i), nb = b.substr(j, ej - j);
      while (na.size() > 1 && na.front() == '0') na.remove_prefix(1);
      while (nb.size() > 1 && nb.front() == '0') nb.remove_prefix(1);
      if (na.size() != nb.size()) return na.size() < nb.size();
      if (na != nb) return na < nb;
      i = ei;
      j = ej;
      continue;
    }
    if (a[i] != b[j]) return static_cast<unsigned char>(a[i]) < static_cast<unsigned char>(b[j]);
    ++i;
    ++j;
  }
  if (a.size() - i != b.size() - j) return a.size() - i < b.size() - j;
  return a < b;  // "eth01" vs "eth1": any fixed tie-break keeps the order total
}

template <typename T>
void append_unique(std::vector<T>& out, const std::vector<T>& add) {
  for (const auto& v : add)
    if (std::find(out.begin(), out.end(), v) == out.end()) out.push_back(v);
}

}  // namespace

std::vector<const Interface*> sorted_interfaces(const NetworkState& state) {
  std::vector<const Interface*> out;
  for (const auto& i : state.interfaces) out.push_back(&i);
  std::stable_sort(out.begin(), out.end(),
                   [](const Interface* a, const Interface* b) { return natural_less(a->name, b->name); });
  return out;
}

const Interface* dns_carrier(const NetworkState& state) {
  const auto sorted = sorted_interfaces(state);
  for (const Interface* i : sorted)
    if (i->gateway4 || i->gateway6) return i;
  for (const Interface* i : sorted)
    if (i->default_route) return i;
  return sorted.empty() ? nullptr : sorted.front();
}

std::vector<IpAddress> nameservers_for(const NetworkState& state, const Interface& iface) {
  std::vector<IpAddress> out;
  append_unique(out, iface.dns);
  if (dns_carrier(state) == &iface) append_unique(out, state.dns);
  return out;
}

std::vector<std::string> search_for(const NetworkState& state, const Interface& iface) {
  std::vector<std::string> out;
  append_unique(out, iface.search);
  if (dns_carrier(state) == &iface) append_unique(out, state.search);
  return out;
}

std::vector<Address> addresses_of(const Interface& iface, IpFamily family) {
  std::vector<Address> out;
  for (const auto& a : iface.addresses)
    if (a.ip.family == family) out.push_back(a);
  return out;
}

std::string cidr(const Address& a) { return a.ip.str() + "/" + std::to_string(a.prefix); }

std::string join(const std::vector<std::string>& parts, std::string_view sep) {
  std::string out;
  for (std::size_t k = 0; k < parts.size(); ++k) {
    if (k) out += sep;
    out += parts[k];
  }
  return out;
}

std::vector<std::string> strs(const std::vector<IpAddress>& ips) {
  std::vector<std::string> out;
  for (const auto& ip : ips) out.push_back(ip.str());
  return out;
}

// FIPS 180-4 SHA-1. Used only to name things (UUID v5), never for security;
// none of the project's libraries offers SHA-1.
std::array<std::uint8_t, 20> sha1(std::string_view data) {
  std::uint32_t h[5] = {0x67452301, 0xEFCDAB89, 0x98BADCFE, 0x10325476, 0xC3D2E1F0};
  std::string msg(data);
  const std::uint64_t bit_len = static_cast<std::uint64_t>(data.size()) * 8;
  msg += static_cast<char>(0x80);
  while (msg.size() % 64 != 56) msg += '\0';
  for (int s = 56; s >= 0; s -= 8) msg += static_cast<char>((bit_len >> s) & 0xff);
  auto rotl = [](std::uint32_t x, int n) { return (x << n) | (x >> (32 - n)); };
  for (std::size_t off = 0; off < msg.size(); off += 64) {
    std::uint32_t w[80];
    for (int t = 0; t < 16; ++t) {
      const auto* p = reinterpret_cast<const unsigned char*>(msg.data() + off + 4 * t);
      w[t] = (std::uint32_t{p[0]} << 24) | (std::uint32_t{p[1]} << 16) | (std::uint32_t{p[2]} << 8) | p[3];
    }
    for (int t = 16; t < 80; ++t) w[t] = rotl(w[t - 3] ^ w[t - 8] ^ w[t - 14] ^ w[t - 16], 1);
    std::uint32_t a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
    for (int t = 0; t < 80; ++t) {
      std::uint32_t f, k;
      if (t < 20) {
        f = (b & c) | (~b & d);
        k = 0x5A827999;
      } else if (t < 40) {
        f = b ^ c ^ d;
        k = 0x6ED9EBA1;
      } else if (t < 60) {
        f = (b & c) | (b & d) | (c & d);
        k = 0x8F1BBCDC;
      } else {
        f = b ^ c ^ d;
        k = 0xCA62C1D6;
      }
      const std::uint32_t tmp = rotl(a, 5) + f + e + k + w[t];
      e = d;
      d = c;
      c = rotl(b, 30);
      b = a;
      a = tmp;
    }
    h[0] += a;
    h[1] += b;
    h[2] += c;
    h[3] += d;
    h[4] += e;
  }
  std::array<std::uint8_t, 20> out{};
  for (int i = 0; i < 20; ++i) out[i] = static_cast<std::uint8_t>(h[i / 4] >> (24 - 8 * (i % 4)));
  return out;
}

std::string uuid5(const std::array<std::uint8_t, 16>& ns, std::string_view name) {
  std::string input(reinterpret_cast<const char*>(ns.data()), ns.size());
  input.append(name);
  auto d = sha1(input);
  d[6] = static_cast<std::uint8_t>((d[6] & 0x0f) | 0x50);  // version 5
  d[8] = static_cast<std::uint8_t>((d[8] & 0x3f) | 0x80);  // RFC 4122 variant
  std::string out;
  char buf[3];
  for (int i = 0; i < 16; ++i) {
    if (i == 4 || i == 6 || i == 8 || i == 10) out += '-';
    std::snprintf(buf, sizeof buf, "%02x", d[i]);
    out += buf;
  }
  return out;
}

}  // namespace vc::netconf::render
