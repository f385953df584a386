// netplan's "parameters:" for bonds and bridges. Bond options are kept by
// their kernel names in the model; netplan has its own spelling for each.
#include "netconf/render_util.h"

namespace vc::netconf::render {

namespace {

struct Spelling {
  const char* kernel;
  const char* netplan;
  bool numeric;
};

// netplan(5) "Properties for device type bonds"; an option netplan cannot
// express is left out rather than written under a key netplan would reject.
constexpr Spelling kBond[] = {
    {"mode", "mode", false},
    {"lacp_rate", "lacp-rate", false},
    {"miimon", "mii-monitor-interval", true},
    {"min_links", "min-links", true},
    {"xmit_hash_policy", "transmit-hash-policy", false},
    {"ad_select", "ad-select", false},
    {"all_slaves_active", "all-members-active", false},
    {"arp_interval", "arp-interval", true},
    {"arp_validate", "arp-validate", false},
    {"arp_all_targets", "arp-all-targets", false},
    {"updelay", "up-delay", true},
    {"downdelay", "down-delay", true},
    {"fail_over_mac", "fail-over-mac-policy", false},
    {"num_grat_arp", "gratuitous-arp", true},
    {"packets_per_slave", "packets-per-member", true},
    {"primary_reselect", "primary-reselect-policy", false},
    {"resend_igmp", "resend-igmp", true},
    {"lp_interval", "learn-packet-interval", true},
    {"primary", "primary", false},
};

const Spelling* bond_spelling(const std::string& kernel) {
  for (const auto& s : kBond)
    if (kernel == s.kernel) return &s;
  return nullptr;
}

std::string bond_block(const BondParams& b) {
  std::string out;
  for (const auto& [k, v] : bond_options(b)) {
    if (k == "arp_ip_target") continue;
    const Spelling* s = bond_spelling(k);
    if (!s) continue;
    out += std::string("        ") + s->netplan + ": " + (s->numeric ? v : yaml_scalar(v)) + "\n";
  }
  if (!b.arp_ip_targets.empty()) {
    std::vector<std::string> q;
    for (const auto& t : b.arp_ip_targets) q.push_back(yaml_scalar(t, true));
    out += "        arp-ip-targets: [" + join(q, ", ") + "]\n";
  }
  return out;
}

std::string per_port(const char* key, const std::map<std::string, int>& m) {
  if (m.empty()) return "";
  std::string out = std::string("        ") + key + ":\n";
  for (const auto& [port, v] : m) out += "          " + yaml_scalar(port) + ": " + std::to_string(v) + "\n";
  return out;
}

std::string bridge_block(const BridgeParams& b) {
  std::string out;
  auto num = [&](const char* key, const std::optional<int>& v) {
    if (v) out += std::string("        ") + key + ": " + std::to_string(*v) + "\n";
  };
  num("ageing-time", b.ageing_time);
  num("forward-delay", b.forward_delay);
  num("hello-time", b.hello_time);
  num("max-age", b.max_age);
  out += per_port("path-cost", b.path_cost);
  out += per_port("port-priority", b.port_priority);
  num("priority", b.priority);
  if (b.stp) out += std::string("        stp: ") + (*b.stp ? "true" : "false") + "\n";
  return out;
}

}  // namespace

std::string netplan_parameters(const Interface& i) {
  std::string body;
  if (i.bond) body = bond_block(*i.bond);
  if (i.bridge) body = bridge_block(*i.bridge);
  return body.empty() ? body : "      parameters:\n" + body;
}

}  // namespace vc::netconf::render
