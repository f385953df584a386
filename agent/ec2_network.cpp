// EC2 NIC metadata → network-config v2 (see ec2_network.h).
#include "agent/ec2_network.h"

#include <algorithm>
#include <tuple>

#include "agent/error.h"
#include "agent/text.h"

namespace vc {
namespace {

// The service answers a list as one value a line.
std::vector<std::pair<std::string, int>> lines_of(const std::optional<std::string>& body) {
  std::vector<std::pair<std::string, int>> out;
  if (!body) return out;
  int line = 0;
  for (std::string_view t = *body; !t.empty();) {
    ++line;
    if (auto v = trim(next_line(t)); !v.empty()) out.emplace_back(std::string(v), line);
  }
  return out;
}

struct Nic {
  const Ec2NicMeta* meta = nullptr;
  std::string mac;  // normalised
  long card = 0, device = 0;  // kNone when the service has none
  std::vector<netconf::IpAddress> v4, v6;
  int v4_prefix = 24, v6_prefix = 128;
};

constexpr long kNone = 1L << 40;

[[noreturn]] void bad(const Ec2NicMeta& m, const char* key, int line, const std::string& what) {
  throw InputError(m.url + key, line, key, what);
}

std::vector<netconf::IpAddress> ips(const Ec2NicMeta& m, const char* key, const std::optional<std::string>& body,
                                    netconf::IpFamily family) {
  std::vector<netconf::IpAddress> out;
  for (const auto& [text, line] : lines_of(body)) {
    auto ip = netconf::parse_ip(text);
    if (!ip || ip->family != family)
      bad(m, key, line, "'" + text + "' is not an " + (family == netconf::IpFamily::V4 ? "IPv4" : "IPv6") + " address");
    out.push_back(*ip);
  }
  return out;
}

// subnet-ipv4-cidr-block / subnet-ipv6-cidr-blocks: the prefix of the subnet the
// secondary addresses are in. cloud-init falls back to /24 and /128 with a warning.
int prefix_of(const Ec2NicMeta& m, const char* key, const std::optional<std::string>& body, int max_bits,
              int fallback, std::vector<std::string>& warnings) {
  const auto l = lines_of(body);
  if (l.empty()) {
    warnings.push_back(m.url + key + ": none given; secondary addresses get /" + std::to_string(fallback));
    return fallback;
  }
  const auto slash = l[0].first.find('/');
  const auto net = netconf::parse_ip(l[0].first.substr(0, slash));
  const auto prefix = slash == std::string::npos ? std::nullopt : netconf::parse_netmask(l[0].first.substr(slash + 1), max_bits);
  if (!net || net->bits() != max_bits || !prefix || l[0].first.substr(slash + 1).find('.') != std::string::npos)
    bad(m, key, l[0].second, "'" + l[0].first + "' is not a CIDR block (address/prefix)");
  return *prefix;
}

// network-card / device-number: a small whole number, or none (kNone).
long index_of(const Ec2NicMeta& m, const char* key, const std::optional<std::string>& body) {
  if (!body) return kNone;
  const auto l = lines_of(body);
  if (l.size() != 1 || l[0].first.find_first_not_of("0123456789") != std::string::npos || l[0].first.size() > 4)
    bad(m, key, l.empty() ? 1 : l[0].second, "expected one whole number");
  return std::stol(l[0].first);
}

Nic read_nic(const Ec2NicMeta& m, std::vector<std::string>& warnings) {
  Nic n;
  n.meta = &m;
  auto mac = netconf::normalize_mac(trim(m.mac));
  if (!mac) throw InputError(m.url, 1, "macs", "'" + m.mac + "' is not a MAC address");
  n.mac = *mac;
  n.card = index_of(m, "network-card", m.network_card);
  n.device = index_of(m, "device-number", m.device_number);
  n.v4 = ips(m, "local-ipv4s", m.local_ipv4s, netconf::IpFamily::V4);
  n.v6 = ips(m, "ipv6s", m.ipv6s, netconf::IpFamily::V6);
  if (!n.v4.empty()) n.v4_prefix = prefix_of(m, "subnet-ipv4-cidr-block", m.ipv4_cidr, 32, 24, warnings);
  if (n.v6.size() > 1) n.v6_prefix = prefix_of(m, "subnet-ipv6-cidr-blocks", m.ipv6_cidr, 128, 128, warnings);
  return n;
}

}  // namespace

Ec2Network ec2_network_config(const std::vector<Ec2NicMeta>& metas, const std::map<std::string, std::string>* known_macs) {
  Ec2Network out;
  std::vector<Nic> nics;
  for (const auto& m : metas) {
    Nic n = read_nic(m, out.warnings);
    if (known_macs && !known_macs->count(n.mac)) {
      // cloud-init configures the machine's NICs only; this one is not (yet) attached.
      out.warnings.push_back(m.url + ": no NIC with MAC " + n.mac + " on this machine; not configured");
      continue;
    }
    nics.push_back(std::move(n));
  }
  // cloud-init's _build_nic_order: network-card, device-number, then MAC.
  std::sort(nics.begin(), nics.end(), [](const Nic& a, const Nic& b) {
    return std::tie(a.card, a.device, a.mac) < std::tie(b.card, b.device, b.mac);
  });
  if (nics.empty()) return out;
  if (!known_macs)
    out.warnings.push_back(nics.front().meta->url + ": no link table (offline image): NICs named eth0, eth1… in "
                           "device-number order");
  std::string y = "version: 2\nethernets:\n";
  for (std::size_t i = 0; i < nics.size(); ++i) {
    const Nic& n = nics[i];
    const std::string name = known_macs ? known_macs->at(n.mac) : "eth" + std::to_string(i);
    const std::string metric = "{route-metric: " + std::to_string((i + 1) * 100) + "}";
    y += "  " + name + ":\n    match: {macaddress: \"" + n.mac + "\"}\n    set-name: " + name + "\n    dhcp4: true\n";
    // One NIC: no metric, as cloud-init drops the overrides then.
    if (nics.size() > 1) y += "    dhcp4-overrides: " + metric + "\n";
    if (!n.v6.empty()) y += std::string("    dhcp6: true\n") + (nics.size() > 1 ? "    dhcp6-overrides: " + metric + "\n" : "");
    std::vector<std::string> secondary;
    for (std::size_t k = 1; k < n.v4.size(); ++k) secondary.push_back(n.v4[k].str() + "/" + std::to_string(n.v4_prefix));
    for (std::size_t k = 1; k < n.v6.size(); ++k) secondary.push_back(n.v6[k].str() + "/" + std::to_string(n.v6_prefix));
    std::sort(secondary.begin(), secondary.end());  // cloud-init sorts them as text
    if (!secondary.empty()) {
      y += "    addresses:\n";
      for (const auto& a : secondary) y += "      - \"" + a + "\"\n";
    }
    if (!n.v4.empty()) out.primary.push_back({name, n.mac, n.v4.front(), n.v4_prefix});
  }
  out.yaml = std::move(y);
  return out;
}

}  // namespace vc
