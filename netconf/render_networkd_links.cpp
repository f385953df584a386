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

std::string seconds(int v) { return std::to_string(v) + "s"; }

struct BondKey {
  const char* kernel;
  const char* networkd;
  bool millis;  // kernel value in ms, networkd takes a time span
};

// systemd.netdev(5) [Bond]; options without a networkd key are left out.
constexpr BondKey kBond[] = {
    {"mode", "Mode", false},
    {"xmit_hash_policy", "TransmitHashPolicy", false},
    {"lacp_rate", "LACPTransmitRate", false},
    {"miimon", "MIIMonitorSec", true},
    {"updelay", "UpDelaySec", true},
    {"downdelay", "DownDelaySec", true},
    {"arp_interval", "ARPIntervalSec", true},
    {"arp_validate", "ARPValidate", false},
    {"arp_all_targets", "ARPAllTargets", false},
    {"primary_reselect", "PrimaryReselectPolicy", false},
    {"resend_igmp", "ResendIGMP", false},
    {"packets_per_slave", "PacketsPerSlave", false},
    {"num_grat_arp", "GratuitousARP", false},
    {"all_slaves_active", "AllSlavesActive", false},
    {"min_links", "MinLinks", false},
    {"ad_select", "AdSelect", false},
    {"fail_over_mac", "FailOverMACPolicy", false},
};

std::string bond_section(const BondParams& b) {
  std::string out = "\n[Bond]\n";
  for (const auto& [k, v] : bond_options(b)) {
    if (k == "arp_ip_target") {
      out += "ARPIPTargets=" + join(b.arp_ip_targets, " ") + "\n";
      continue;
    }
    for (const auto& key : kBond)
      if (k == key.kernel) out += std::string(key.networkd) + "=" + v + (key.millis ? "ms" : "") + "\n";
  }
  return out;
}

std::string bridge_section(const BridgeParams& b) {
  std::string out = "\n[Bridge]\n";
  if (b.stp) out += std::string("STP=") + yes_no(*b.stp) + "\n";
  if (b.priority) out += "Priority=" + std::to_string(*b.priority) + "\n";
  if (b.forward_delay) out += "ForwardDelaySec=" + seconds(*b.forward_delay) + "\n";
  if (b.hello_time) out += "HelloTimeSec=" + seconds(*b.hello_time) + "\n";
  if (b.max_age) out += "MaxAgeSec=" + seconds(*b.max_age) + "\n";
  if (b.ageing_time) out += "AgeingTimeSec=" + seconds(*b.ageing_time) + "\n";
  return out;
}

std::string netdev_file(const Interface& i) {
  static const char* const kKinds[] = {"", "bond", "bridge", "vlan", ""};
  std::string out = header_comment(i.label) + "[NetDev]\nName=" + i.name + "\n";
  out += std::string("Kind=") + kKinds[static_cast<int>(i.kind)] + "\n";
  if (!i.mac.empty()) out += "MACAddress=" + i.mac + "\n";
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
