// ifcfg files: RHEL's network-scripts (read by initscripts and NetworkManager's
// ifcfg-rh plugin) and SUSE's wicked sysconfig.
#include <utility>

#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

using KeyValues = std::vector<std::pair<std::string, std::string>>;

// The files are sourced by shell scripts, so anything but plain address/name
// characters is quoted; SUSE quotes every value the way YaST writes them.
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

std::string serialize(const std::string& label, const KeyValues& kv, bool always_quote) {
  std::string out = render::header_comment(label);
  for (const auto& [k, v] : kv) out += k + "=" + shell_value(v, always_quote) + "\n";
  return out;
}

// vc-out-parser's keys come first and in its order (pragma.md §B.1 row 5), so
// a diff against an image it configured shows only what is new.
KeyValues rhel_keys(const Interface& i) {
  const auto v4 = render::addresses_of(i, IpFamily::V4);
  const auto v6 = render::addresses_of(i, IpFamily::V6);
  KeyValues kv;
  kv.emplace_back("DEVICE", i.name);
  if (!v4.empty()) {
    kv.emplace_back("IPADDR", v4[0].ip.str());
    kv.emplace_back("NETMASK", prefix_to_netmask(v4[0].prefix));
  }
  kv.emplace_back("BOOTPROTO", "none");
  kv.emplace_back("ONBOOT", "yes");
  if (i.mtu) kv.emplace_back("MTU", std::to_string(*i.mtu));
  if (!i.mac.empty()) kv.emplace_back("HWADDR", i.mac);
  if (i.gateway4)
    kv.emplace_back("GATEWAY", i.gateway4->str());
  else if (!i.default_route)
    kv.emplace_back("DEFROUTE", "no");

  kv.emplace_back("TYPE", "Ethernet");
  // Nameservers live in resolv.conf, written from the global list; without
  // this, initscripts/NM would rewrite it on every ifup.
  kv.emplace_back("PEERDNS", "no");
  // Numbered from 1: IPADDR (unnumbered) already holds the first address,
  // and both initscripts and NM's ifcfg-rh read IPADDR next to IPADDR1….
  for (std::size_t n = 1; n < v4.size(); ++n) {
    kv.emplace_back("IPADDR" + std::to_string(n), v4[n].ip.str());
    kv.emplace_back("PREFIX" + std::to_string(n), std::to_string(v4[n].prefix));
  }
  if (!v6.empty()) {
    kv.emplace_back("IPV6INIT", "yes");
    kv.emplace_back("IPV6_AUTOCONF", "no");  // static: no SLAAC address next to ours
    kv.emplace_back("IPV6ADDR", render::cidr(v6[0]));
    std::vector<std::string> rest;
    for (std::size_t n = 1; n < v6.size(); ++n) rest.push_back(render::cidr(v6[n]));
    if (!rest.empty()) kv.emplace_back("IPV6ADDR_SECONDARIES", render::join(rest, " "));
    if (i.gateway6)
      kv.emplace_back("IPV6_DEFAULTGW", i.gateway6->str());
    else if (!i.default_route)
      kv.emplace_back("IPV6_DEFROUTE", "no");
  }
  return kv;
}

// wicked takes prefix notation and numbers extra addresses with a suffix.
KeyValues suse_keys(const Interface& i) {
  KeyValues kv;
  kv.emplace_back("BOOTPROTO", "static");
  kv.emplace_back("STARTMODE", "auto");
  for (std::size_t n = 0; n < i.addresses.size(); ++n)
    kv.emplace_back(n == 0 ? std::string("IPADDR") : "IPADDR_" + std::to_string(n), render::cidr(i.addresses[n]));
  if (i.mtu) kv.emplace_back("MTU", std::to_string(*i.mtu));
  if (!i.mac.empty()) kv.emplace_back("LLADDR", i.mac);
  return kv;
}

// SUSE keeps the default route out of ifcfg: ifroute-<name>, "dest gw mask dev".
std::string suse_routes(const Interface& i) {
  std::string out;
  for (const auto& gw : {i.gateway4, i.gateway6})
    if (gw) out += "default " + gw->str() + " - " + i.name + "\n";
  return out;
}

}  // namespace

std::vector<RenderedFile> render_ifcfg(const NetworkState& state, IfcfgFlavor flavor) {
  std::vector<RenderedFile> files;
  for (const Interface* i : render::sorted_interfaces(state)) {
    if (flavor == IfcfgFlavor::Rhel) {
      files.push_back({"/etc/sysconfig/network-scripts/ifcfg-" + i->name, serialize(i->label, rhel_keys(*i), false)});
      continue;
    }
    files.push_back({"/etc/sysconfig/network/ifcfg-" + i->name, serialize(i->label, suse_keys(*i), true)});
    if (const auto routes = suse_routes(*i); !routes.empty())
      files.push_back({"/etc/sysconfig/network/ifroute-" + i->name, render::header_comment(i->label) + routes});
  }
  return files;
}

}  // namespace vc::netconf
