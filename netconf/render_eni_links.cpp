// ENI options that make links: ifenslave's bond-*, bridge-utils' bridge_*
// (written bridge-*, which ifupdown accepts), the vlan package's vlan-*.
#include "netconf/render_util.h"

namespace vc::netconf::render {

namespace {

// ifenslave spells every option with dashes: bond-xmit-hash-policy.
std::string dashed(std::string s) {
  for (char& c : s)
    if (c == '_') c = '-';
  return s;
}

void bond_lines(const BondParams& b, std::vector<std::string>& out) {
  for (const auto& [k, v] : bond_options(b)) out.push_back("bond-" + dashed(k) + " " + v);
}

void bridge_lines(const Interface& i, std::vector<std::string>& out) {
  out.push_back("bridge-ports " + (i.members.empty() ? std::string("none") : join(i.members, " ")));
  if (!i.bridge) return;
  const BridgeParams& b = *i.bridge;
  auto num = [&](const char* key, const std::optional<int>& v) {
    if (v) out.push_back(std::string("bridge-") + key + " " + std::to_string(*v));
  };
  num("ageing", b.ageing_time);
  num("bridgeprio", b.priority);
  num("fd", b.forward_delay);
  num("hello", b.hello_time);
  num("maxage", b.max_age);
  for (const auto& [port, v] : b.path_cost) out.push_back("bridge-pathcost " + port + " " + std::to_string(v));
  for (const auto& [port, v] : b.port_priority) out.push_back("bridge-portprio " + port + " " + std::to_string(v));
  if (b.stp) out.push_back(std::string("bridge-stp ") + (*b.stp ? "on" : "off"));
  // Options the model keeps verbatim (gcint, waitport, maxwait): a list
  // (comma- or newline-separated) is written one line per item.
  for (const auto& [k, v] : b.extra) {
    std::string part;
    for (std::size_t pos = 0; pos <= v.size(); ++pos) {
      if (pos == v.size() || v[pos] == ',' || v[pos] == '\n') {
        if (!part.empty()) out.push_back("bridge-" + dashed(k) + " " + part);
        part.clear();
      } else {
        part += v[pos];
      }
    }
  }
}

}  // namespace

void eni_link_options(const NetworkState& state, const Interface& i, std::vector<std::string>& out) {
  // An Ethernet NIC's MAC identifies it; every other link gets it set.
  if (!i.mac.empty() && i.kind != LinkKind::Ethernet) out.push_back("hwaddress " + i.mac);
  if (i.wakeonlan) out.push_back("ethernet-wol g");
  if (i.kind == LinkKind::Bond) {
    if (i.bond) bond_lines(*i.bond, out);
    out.push_back("bond-slaves none");  // the members name their master
  }
  if (const Interface* m = i.master.empty() ? nullptr : find_interface(state, i.master);
      m && m->kind == LinkKind::Bond) {
    out.push_back("bond-master " + m->name);
    if (m->bond) bond_lines(*m->bond, out);
  }
  if (i.kind == LinkKind::Bridge) bridge_lines(i, out);
  if (i.kind == LinkKind::Vlan) {
    out.push_back("vlan-id " + std::to_string(i.vlan_id));
    out.push_back("vlan-raw-device " + i.vlan_link);
  }
}

}  // namespace vc::netconf::render
