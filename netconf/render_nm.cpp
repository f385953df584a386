// NetworkManager keyfiles, one connection per interface, in the layout NM
// and cloud-init write them (sections separated by blank lines, lists
// ending in ';'). The [ipv4]/[ipv6] sections are in render_nm_ip.cpp.
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

// Fixed namespace for connection UUIDs: uuid5(NAMESPACE_DNS, "nm.vc-agent").
// The UUID of interface X is uuid5(this, X): python3 -c 'import uuid;
// print(uuid.uuid5(uuid.UUID("90be8511-6721-50b9-97dc-2722cf9448de"), "eth0"))'
// reproduces it. Stable across runs, so an unchanged network rewrites nothing
// and NM keeps treating it as the same connection; ports name their
// controller and VLANs their parent by it.
constexpr std::array<std::uint8_t, 16> kUuidNamespace = {0x90, 0xbe, 0x85, 0x11, 0x67, 0x21, 0x50, 0xb9,
                                                         0x97, 0xdc, 0x27, 0x22, 0xcf, 0x94, 0x48, 0xde};

std::string uuid_of(const std::string& name) { return render::uuid5(kUuidNamespace, name); }

std::string upper(std::string s) {
  for (char& c : s)
    if (c >= 'a' && c <= 'f') c = static_cast<char>(c - 'a' + 'A');
  return s;
}

const char* type_of(const Interface& i) {
  switch (i.kind) {
    case LinkKind::Ethernet: return "ethernet";
    case LinkKind::Bond: return "bond";
    case LinkKind::Bridge: return "bridge";
    case LinkKind::Vlan: return "vlan";
    case LinkKind::Infiniband: return "infiniband";
  }
  return "ethernet";
}

std::string connection_section(const NetworkState& state, const Interface& i) {
  std::string out = "[connection]\n";
  out += "id=vc-agent " + i.name + "\n";
  out += "uuid=" + uuid_of(i.name) + "\n";
  out += std::string("type=") + type_of(i) + "\n";
  // A NIC with a MAC binds by MAC alone: NM does not rename devices, so a
  // positional name from an offline root must not stop it matching "ens3".
  // Virtual links have no MAC to match; NM creates them under this name.
  const bool physical = i.kind == LinkKind::Ethernet || (i.kind == LinkKind::Infiniband && !i.ib_pkey);
  if (!physical || i.mac.empty()) out += "interface-name=" + i.name + "\n";
  // Above the profiles NM generates itself ("Wired connection 1"), as cloud-init's.
  out += "autoconnect-priority=120\n";
  for (const auto& s : i.subnets)
    if (s.control == "manual") {
      out += "autoconnect=false\n";  // ifupdown's "no auto": up only when asked
      break;
    }
  if (const Interface* m = i.master.empty() ? nullptr : render::find_interface(state, i.master)) {
    out += std::string("slave-type=") + (m->kind == LinkKind::Bridge ? "bridge" : "bond") + "\n";
    out += "master=" + uuid_of(m->name) + "\n";
  }
  return out;
}

std::string ethernet_section(const Interface& i) {
  std::string body;
  const auto mtu = render::link_mtu(i);
  const bool physical = i.kind == LinkKind::Ethernet;
  if (!i.mac.empty() && i.kind != LinkKind::Infiniband && i.kind != LinkKind::Bridge)
    body += std::string(physical ? "mac-address=" : "cloned-mac-address=") + upper(i.mac) + "\n";
  if (mtu && i.kind != LinkKind::Infiniband) body += "mtu=" + std::to_string(*mtu) + "\n";
  if (i.wakeonlan) body += "wake-on-lan=64\n";  // NM_SETTING_WIRED_WAKE_ON_LAN_MAGIC
  if (body.empty() && !physical) return "";
  return "[ethernet]\n" + body;
}

std::string link_section(const NetworkState& state, const Interface& i) {
  std::string out;
  if (i.kind == LinkKind::Bond) {
    out += "[bond]\n";
    if (i.bond)
      for (const auto& [k, v] : render::bond_options(*i.bond)) out += k + "=" + v + "\n";
  }
  if (i.kind == LinkKind::Bridge) {
    out += "[bridge]\n";
    if (!i.mac.empty()) out += "mac-address=" + upper(i.mac) + "\n";  // as cloud-init means to
    if (i.bridge) {
      const BridgeParams& b = *i.bridge;
      if (b.stp) out += std::string("stp=") + (*b.stp ? "true" : "false") + "\n";
      if (b.priority) out += "priority=" + std::to_string(*b.priority) + "\n";
      if (const auto v = render::nm_stp_timer(b, b.forward_delay, 2, 30)) out += "forward-delay=" + std::to_string(*v) + "\n";
      if (const auto v = render::nm_stp_timer(b, b.hello_time, 1, 10)) out += "hello-time=" + std::to_string(*v) + "\n";
      if (const auto v = render::nm_stp_timer(b, b.max_age, 6, 40)) out += "max-age=" + std::to_string(*v) + "\n";
      if (b.ageing_time) out += "ageing-time=" + std::to_string(*b.ageing_time) + "\n";
    }
  }
  if (i.kind == LinkKind::Vlan) {
    out += "[vlan]\nid=" + std::to_string(i.vlan_id) + "\n";
    const Interface* parent = render::find_interface(state, i.vlan_link);
    out += "parent=" + (parent ? uuid_of(parent->name) : i.vlan_link) + "\n";
  }
  if (i.kind == LinkKind::Infiniband) {
    out += "[infiniband]\n";
    if (!i.mac.empty() && !i.ib_pkey) out += "mac-address=" + upper(i.mac) + "\n";
    if (const auto mtu = render::link_mtu(i)) out += "mtu=" + std::to_string(*mtu) + "\n";
    // NM's verify() rejects an infiniband setting without a transport mode
    // ("property is invalid"); datagram is what the kernel's IPoIB uses when
    // nothing is set, and what cloud-init writes.
    out += "transport-mode=" + (i.ib_mode.empty() ? std::string("datagram") : i.ib_mode) + "\n";
    if (i.ib_pkey) out += "p-key=" + std::to_string(*i.ib_pkey) + "\nparent=" + i.vlan_link + "\n";
  }
  // A bridge port's own settings live on the port's profile.
  if (const Interface* m = i.master.empty() ? nullptr : render::find_interface(state, i.master);
      m && m->kind == LinkKind::Bridge && m->bridge) {
    std::string port;
    if (auto it = m->bridge->port_priority.find(i.name); it != m->bridge->port_priority.end())
      port += "priority=" + std::to_string(it->second) + "\n";
    if (auto it = m->bridge->path_cost.find(i.name); it != m->bridge->path_cost.end())
      port += "path-cost=" + std::to_string(it->second) + "\n";
    if (!port.empty()) out += (out.empty() ? "" : "\n") + std::string("[bridge-port]\n") + port;
  }
  return out;
}

std::string keyfile(const NetworkState& state, const Interface& i) {
  std::string out = render::header_comment(i.label);
  out += "\n" + connection_section(state, i);
  if (auto link = link_section(state, i); !link.empty()) out += "\n" + link;
  if (auto eth = ethernet_section(i); !eth.empty()) out += "\n" + eth;
  for (const auto family : {IpFamily::V4, IpFamily::V6})
    if (auto ip = render::nm_ip_section(state, i, family); !ip.empty()) out += "\n" + ip;
  return out;
}

}  // namespace

std::vector<RenderedFile> render_nm(const NetworkState& state) {
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state))
    files.push_back({"/etc/NetworkManager/system-connections/vc-agent-" + i->name + ".nmconnection",
                     keyfile(state, *i), 0600});
  return files;
}

}  // namespace vc::netconf
