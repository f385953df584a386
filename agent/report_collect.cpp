// The facts a readiness report carries, read from the machine (or the root) at the
// end of the run.
#include <ifaddrs.h>
#include <linux/if_packet.h>
#include <net/if.h>
#include <netinet/in.h>
#include <sys/utsname.h>

#include <cstdio>
#include <ctime>
#include <map>
#include <memory>

#include "agent/model.h"
#include "agent/report.h"
#include "agent/root_view.h"
#include "version.h"

namespace vc {
namespace {

struct IfaddrsFree {
  void operator()(ifaddrs* p) const { ::freeifaddrs(p); }
};

int prefix_of(const sockaddr* mask) {
  if (!mask) return 0;
  const unsigned char* b = nullptr;
  std::size_t n = 0;
  if (mask->sa_family == AF_INET) {
    b = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(mask)->sin_addr);
    n = 4;
  } else if (mask->sa_family == AF_INET6) {
    b = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(mask)->sin6_addr);
    n = 16;
  }
  int bits = 0;
  for (std::size_t i = 0; i < n; ++i) bits += __builtin_popcount(b[i]);
  return bits;
}

std::optional<netconf::IpAddress> ip_of(const sockaddr* sa) {
  netconf::IpAddress ip;
  if (sa->sa_family == AF_INET) {
    const auto* a = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in*>(sa)->sin_addr);
    std::copy(a, a + 4, ip.bytes.begin());
    return ip;
  }
  if (sa->sa_family == AF_INET6) {
    const auto* a = reinterpret_cast<const unsigned char*>(&reinterpret_cast<const sockaddr_in6*>(sa)->sin6_addr);
    if (a[0] == 0xfe && (a[1] & 0xc0) == 0x80) return std::nullopt;  // link-local: useless to the host
    ip.family = netconf::IpFamily::V6;
    std::copy(a, a + 16, ip.bytes.begin());
    return ip;
  }
  return std::nullopt;
}

// The kernel's view: every non-loopback interface with its MAC and addresses.
std::vector<NicAddresses> kernel_nics() {
  ifaddrs* raw = nullptr;
  if (::getifaddrs(&raw) != 0) return {};
  std::unique_ptr<ifaddrs, IfaddrsFree> list(raw);
  std::map<std::string, NicAddresses> by_name;
  for (const ifaddrs* i = list.get(); i; i = i->ifa_next) {
    if (!i->ifa_addr || (i->ifa_flags & IFF_LOOPBACK)) continue;
    NicAddresses& n = by_name[i->ifa_name];
    n.name = i->ifa_name;
    if (i->ifa_addr->sa_family == AF_PACKET) {
      const auto* ll = reinterpret_cast<const sockaddr_ll*>(i->ifa_addr);
      n.mac.clear();
      for (int b = 0; b < ll->sll_halen && b < 8; ++b) {
        char octet[4];
        std::snprintf(octet, sizeof octet, "%02x", ll->sll_addr[b]);
        n.mac += (b ? ":" : "") + std::string(octet);
      }
    } else if (auto ip = ip_of(i->ifa_addr)) {
      n.addresses.push_back(ip->str() + "/" + std::to_string(prefix_of(i->ifa_netmask)));
    }
  }
  std::vector<NicAddresses> out;
  for (auto& [name, n] : by_name)
    if (!n.addresses.empty()) out.push_back(std::move(n));
  return out;
}

std::vector<NicAddresses> model_nics(const Model& m) {
  std::vector<NicAddresses> out;
  for (const auto& nic : m.nics)
    out.push_back({nic.network, nic.mac, {nic.ip.str() + "/" + std::to_string(nic.prefix)}});
  return out;
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

}  // namespace

ReportFacts collect_facts(const RunReport& r) {
  const Model& m = r.model;
  ReportFacts f;
  f.cluster = m.report && !m.report->cluster.empty() ? m.report->cluster : m.fe_name;
  f.node = m.report && !m.report->node.empty() ? m.report->node : m.name;
  f.role = role_name(m.role);
  f.instance_id = !r.instance_id.empty() ? r.instance_id : trim(r.root.read("/etc/machine-id").value_or(""));
  f.source = m.source;
  f.agent_version = VC_AGENT_VERSION;
  f.ok = r.ok;
  f.error = r.error;
  f.host_keys = read_host_keys(r.root);
  f.timings_ms = r.clock.steps();
  f.time = static_cast<std::int64_t>(std::time(nullptr));
  if (r.root.is_live_root()) {
    utsname u{};
    if (::uname(&u) == 0) f.hostname = u.nodename;
    f.nics = kernel_nics();
  } else {
    f.hostname = m.fqdn.empty() ? m.name : m.fqdn;
    f.nics = model_nics(m);
  }
  return f;
}

}  // namespace vc
