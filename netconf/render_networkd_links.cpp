// networkd files that make or name links: a .link gives a NIC with a known
// MAC its name at boot (udev applies .link files before networkd matches),
// a .netdev creates a bond, bridge or VLAN.
#include "netconf/render_util.h"

namespace vc::netconf::render {

namespace {

bool physical(const Interface& i) { return i.kind == LinkKind::Ethernet || i.kind == LinkKind::Infiniband; }

// udev's .link and networkd's [Match] take 6-byte MACs; IPoIB's 20-byte
// addresses are matched by the (stable, kernel-given) name instead.
bool matchable_mac(const Interface& i) { return i.kind == LinkKind::Ethernet && !i.mac.empty(); }

enum class Unit { None, Millis, Seconds, Bool };

struct BondKey {
  const char* kernel;
  const char* networkd;
  Unit unit;  // Millis: kernel value in ms, networkd takes a time span (bare = s)
};

// systemd.netdev(5) [Bond]; options without a networkd key are left out.
constexpr BondKey kBond[] = {
    {"mode", "Mode", Unit::None},
    {"xmit_hash_policy", "TransmitHashPolicy", Unit::None},
    {"lacp_rate", "LACPTransmitRate", Unit::None},
    {"miimon", "MIIMonitorSec", Unit::Millis},
    {"updelay", "UpDelaySec", Unit::Millis},
    {"downdelay", "DownDelaySec", Unit::Millis},
    {"arp_interval", "ARPIntervalSec", Unit::Millis},
    {"arp_validate", "ARPValidate", Unit::None},
    {"arp_all_targets", "ARPAllTargets", Unit::None},
    {"primary_reselect", "PrimaryReselectPolicy", Unit::None},
    {"resend_igmp", "ResendIGMP", Unit::None},
    {"packets_per_slave", "PacketsPerSlave", Unit::None},
    {"num_grat_arp", "GratuitousARP", Unit::None},
    {"all_slaves_active", "AllSlavesActive", Unit::Bool},
    {"min_links", "MinLinks", Unit::None},
    {"ad_select", "AdSelect", Unit::None},
    {"fail_over_mac", "FailOverMACPolicy", Unit::None},
    {"lp_interval", "LearnPacketIntervalSec", Unit::Seconds},  // kernel value in seconds
};

std::string value_in(Unit unit, const std::string& v) {
  if (unit == Unit::Millis) return v + "ms";
  // The kernel's 0/1; systemd's boolean words, as cloud-init writes them.
  if (unit == Unit::Bool) return v == "1" ? "true" : v == "0" ? "false" : v;
  return v;  // a bare time span is seconds
}

std::string bond_section(const BondParams& b) {
  std::string out = "\n[Bond]\n";
  for (const auto& [k, v] : bond_options(b)) {
    if (k == "arp_ip_target") {
      out += "ARPIPTargets=" + join(b.arp_ip_targets, " ") + "\n";
      continue;
    }
    for (const auto& key : kBond)
      if (k == key.kernel) out += std::string(key.networkd) + "=" + value_in(key.unit, v) + "\n";
  }
  return out;
}

std::string bridge_section(const BridgeParams& b) {
  std::string out = "\n[Bridge]\n";
  if (b.stp) out += std::string("STP=") + yes_no(*b.stp) + "\n";
  if (b.priority) out += "Priority=" + std::to_string(*b.priority) + "\n";
  // Bare numbers are seconds to systemd, as cloud-init writes them.
  if (b.forward_delay) out += "ForwardDelaySec=" + std::to_string(*b.forward_delay) + "\n";
  if (b.hello_time) out += "HelloTimeSec=" + std::to_string(*b.hello_time) + "\n";
  if (b.max_age) out += "MaxAgeSec=" + std::to_string(*b.max_age) + "\n";
  if (b.ageing_time) out += "AgeingTimeSec=" + std::to_string(*b.ageing_time) + "\n";
  return out;
}

std::string netdev_file(const Interface& i) {
  static const char* const kKinds[] = {"", "bond", "bridge", "vlan", ""};
  std::string out = header_comment(i.label) + "[NetDev]\nName=" + i.name + "\n";
  out += std::string("Kind=") + kKinds[static_cast<int>(i.kind)] + "\n";
  if (!i.mac.empty()) out += "MACAddress=" + i.mac + "\n";
  // Created with its MTU, so ports and VLANs on it never see a smaller one.
  if (const auto mtu = i.mtu ? i.mtu : link_mtu(i)) out += "MTUBytes=" + std::to_string(*mtu) + "\n";
  if (i.kind == LinkKind::Bond && i.bond) out += bond_section(*i.bond);
  if (i.kind == LinkKind::Bridge && i.bridge) out += bridge_section(*i.bridge);
  if (i.kind == LinkKind::Vlan) out += "\n[VLAN]\nId=" + std::to_string(i.vlan_id) + "\n";
  return out;
}

}  // namespace

// "10-" sorts ahead of distro defaults (99-default.link, 80-*.network).
std::string networkd_base_path(const Interface& i) { return "/etc/systemd/network/10-vc-agent-" + i.name; }

std::string networkd_match(const Interface& i) {
  if (!matchable_mac(i)) return "[Match]\nName=" + i.name + "\n";
  // A guessed name may never be applied (the rename can fail when the
  // kernel gave it to another NIC), so such a NIC is matched by MAC alone.
  if (i.name_is_guess) return "[Match]\nMACAddress=" + i.mac + "\n";
  return "[Match]\nName=" + i.name + "\nMACAddress=" + i.mac + "\n";
}

std::vector<RenderedFile> networkd_link_files(const Interface& i) {
  if (!physical(i)) return {{networkd_base_path(i) + ".netdev", netdev_file(i)}};
  if (!matchable_mac(i)) return {};
  std::string link = header_comment(i.label) + "[Match]\nMACAddress=" + i.mac + "\n\n[Link]\nName=" + i.name + "\n";
  if (i.wakeonlan) link += "WakeOnLan=magic\n";
  return {{networkd_base_path(i) + ".link", link}};
}

}  // namespace vc::netconf::render
