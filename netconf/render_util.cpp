#include "netconf/render_util.h"

#include <algorithm>
#include <cctype>
#include <cstdio>

namespace vc::netconf::render {

std::string header_comment(std::string_view label) {
  std::string flat;
  if (label.empty()) label = "vc-agent input";
  for (char c : label) flat += (c == '\n' || c == '\r') ? ' ' : c;
  return std::string(kRenderedHeaderPrefix) + flat + "; edits are replaced on the next run\n";
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
    if (default_route_of(*i, IpFamily::V4) || default_route_of(*i, IpFamily::V6)) return i;
  for (const Interface* i : sorted)
    if (i->default_route) return i;
  return sorted.empty() ? nullptr : sorted.front();
}

std::optional<int> nm_stp_timer(const BridgeParams& b, std::optional<int> value, int lo, int hi) {
  const bool stp_off = b.stp && !*b.stp;
  if (value && stp_off && *value != 0 && (*value < lo || *value > hi)) return std::nullopt;
  return value;
}

bool carries_global_dns(const NetworkState& state, const Interface& iface) {
  return state.global_dns == GlobalDns::DefaultRoute && dns_carrier(state) == &iface;
}

std::vector<IpAddress> own_nameservers(const Interface& iface) {
  std::vector<IpAddress> out;
  for (const auto& s : iface.subnets) append_unique(out, s.dns);
  append_unique(out, iface.dns);
  return out;
}

std::vector<std::string> own_search(const Interface& iface) {
  std::vector<std::string> out;
  for (const auto& s : iface.subnets) append_unique(out, s.search);
  append_unique(out, iface.search);
  return out;
}

std::vector<IpAddress> nameservers_for(const NetworkState& state, const Interface& iface) {
  auto out = own_nameservers(iface);
  if (carries_global_dns(state, iface)) append_unique(out, state.dns);
  return out;
}

std::vector<std::string> search_for(const NetworkState& state, const Interface& iface) {
  auto out = own_search(iface);
  if (carries_global_dns(state, iface)) append_unique(out, state.search);
  return out;
}

std::optional<IpFamily> family_of(const Subnet& s) {
  switch (s.kind) {
    case SubnetKind::Static:
      if (s.address) return s.address->ip.family;
      if (s.gateway) return s.gateway->family;
      return IpFamily::V4;
    case SubnetKind::Dhcp4: return IpFamily::V4;
    case SubnetKind::Manual: return std::nullopt;
    default: return IpFamily::V6;
  }
}

bool has_kind(const Interface& iface, SubnetKind kind) {
  return std::any_of(iface.subnets.begin(), iface.subnets.end(), [&](const Subnet& s) { return s.kind == kind; });
}

bool has_family(const Interface& iface, IpFamily family) {
  return std::any_of(iface.subnets.begin(), iface.subnets.end(),
                     [&](const Subnet& s) { return family_of(s) == family; });
}

bool is_default(const Route& r) { return r.prefix == 0; }

bool is_main_default(const Route& r) {
  constexpr int kMainTable = 254;  // RT_TABLE_MAIN
  return is_default(r) && (!r.table || *r.table == kMainTable);
}

Route gateway_route(const Subnet& s) {
  Route r;
  const bool v4 = !s.gateway || s.gateway->family == IpFamily::V4;
  r.to = *parse_ip(v4 ? "0.0.0.0" : "::");
  r.via = s.gateway;
  r.metric = s.metric;
  return r;
}

std::vector<Route> routes_of(const Interface& iface, bool with_gateways) {
  std::vector<Route> out;
  for (const auto& s : iface.subnets) {
    if (with_gateways && s.gateway) out.push_back(gateway_route(s));
    out.insert(out.end(), s.routes.begin(), s.routes.end());
  }
  out.insert(out.end(), iface.routes.begin(), iface.routes.end());
  return out;
}

std::optional<Route> default_route_of(const Interface& iface, IpFamily family) {
  for (const auto& r : routes_of(iface, true))
    if (is_main_default(r) && r.to.family == family) return r;
  return std::nullopt;
}

const Interface* find_interface(const NetworkState& state, std::string_view name) {
  for (const auto& i : state.interfaces)
    if (i.name == name) return &i;
  return nullptr;
}

std::string yes_no(bool v) { return v ? "yes" : "no"; }

std::optional<int> link_mtu(const Interface& iface) {
  for (const auto& s : iface.subnets)
    if (s.mtu && family_of(s) == IpFamily::V4) return s.mtu;
  return iface.mtu;
}

bool auto_configured(const Interface& iface, IpFamily family) {
  return std::any_of(iface.subnets.begin(), iface.subnets.end(), [&](const Subnet& s) {
    return s.kind != SubnetKind::Static && s.kind != SubnetKind::Manual && family_of(s) == family;
  });
}

std::optional<int> auto_route_metric(const Interface& iface, IpFamily family) {
  for (const auto& s : iface.subnets)
    if (s.metric && s.kind != SubnetKind::Static && s.kind != SubnetKind::Manual && family_of(s) == family)
      return s.metric;
  return std::nullopt;
}

std::vector<Route> global_routes_for(const NetworkState& state, const Interface& iface) {
  std::vector<Route> out;
  for (const auto& r : state.routes) {
    if (!r.via) continue;
    for (const auto& a : all_addresses(iface)) {
      if (a.ip.family == r.via->family && in_subnet(*r.via, a.ip, a.prefix)) {
        out.push_back(r);
        break;
      }
    }
  }
  return out;
}

std::string route_words(const Route& r) {
  std::string out;
  if (r.via) out += " via " + r.via->str();
  if (r.metric) out += " metric " + std::to_string(*r.metric);
  if (r.table) out += " table " + std::to_string(*r.table);
  if (r.on_link && r.via) out += " onlink";  // meaningful only for a gateway
  if (r.mtu) out += " mtu " + std::to_string(*r.mtu);
  return out.empty() ? out : out.substr(1);
}

// The files are sourced by shell scripts, so anything but plain address/name
// characters is quoted.
std::string shell_value(const std::string& v, bool always_quote) {
  bool plain = !v.empty();
  bool dq_ok = true;
  for (char c : v) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      std::string_view("._:/@+-,=").find(c) != std::string_view::npos;
    if (!safe) plain = false;
    if (c == '"' || c == '$' || c == '\\' || c == '`' || c == '\'' || c == '\n') dq_ok = false;
  }
  if (plain && !always_quote) return v;
  if (dq_ok && !always_quote) return "\"" + v + "\"";
  std::string out = "'";
  for (char c : v) out += (c == '\'') ? std::string("'\\''") : std::string(1, c);
  return out + "'";
}

std::string shell_file(const std::string& label, const KeyValues& kv, bool always_quote) {
  std::string out = header_comment(label);
  for (const auto& [k, v] : kv) out += k + "=" + shell_value(v, always_quote) + "\n";
  return out;
}

KeyValues bond_options(const BondParams& b) {
  KeyValues kv;
  auto str = [&](const char* key, const std::string& v) {
    if (!v.empty()) kv.emplace_back(key, v);
  };
  auto num = [&](const char* key, const std::optional<int>& v) {
    if (v) kv.emplace_back(key, std::to_string(*v));
  };
  auto extra = [&](const char* key) {
    if (auto it = b.extra.find(key); it != b.extra.end()) kv.emplace_back(key, it->second);
  };
  str("mode", b.mode);
  str("xmit_hash_policy", b.xmit_hash_policy);
  num("miimon", b.miimon);
  extra("min_links");
  extra("max_bonds");
  str("ad_select", b.ad_select);
  extra("num_grat_arp");
  num("downdelay", b.downdelay);
  num("updelay", b.updelay);
  str("lacp_rate", b.lacp_rate);
  str("fail_over_mac", b.fail_over_mac);
  str("primary", b.primary);
  str("primary_reselect", b.primary_reselect);
  num("arp_interval", b.arp_interval);
  if (!b.arp_ip_targets.empty()) kv.emplace_back("arp_ip_target", join(b.arp_ip_targets, ","));
  for (const auto& [k, v] : b.extra)
    if (k != "min_links" && k != "max_bonds" && k != "num_grat_arp") kv.emplace_back(k, v);
  return kv;
}

std::vector<Address> addresses_of(const Interface& iface, IpFamily family) {
  std::vector<Address> out;
  for (const auto& s : iface.subnets)
    if (s.address && s.address->ip.family == family) out.push_back(*s.address);
  return out;
}

std::vector<Address> all_addresses(const Interface& iface) {
  std::vector<Address> out;
  for (const auto& s : iface.subnets)
    if (s.address) out.push_back(*s.address);
  return out;
}

std::optional<IpAddress> gateway_of(const Interface& iface, IpFamily family) {
  for (const auto& s : iface.subnets)
    if (s.gateway && s.gateway->family == family) return s.gateway;
  return std::nullopt;
}

std::string cidr(const Address& a) { return a.ip.str() + "/" + std::to_string(a.prefix); }
std::string cidr(const Route& r) { return r.to.str() + "/" + std::to_string(r.prefix); }

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
