// Checks on the spec as a whole. Each one is something vc-agent would refuse at
// boot (a MAC or address on two NICs, a frontend named like a compute, a gateway
// no NIC reaches) or a node that cannot work (a broadcast address, a multicast
// MAC): gen refuses them with the spec's key and line, before writing anything.
#include <cctype>
#include <cstdio>
#include <map>

#include "agent/vcout_parser.h"
#include "host/spec_yaml.h"

namespace vc::host {
namespace {

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i]))) return false;
  return true;
}

// A NIC's address must be a host address of its subnet (parse_nic keeps prefixes ≤ 30).
void check_host_address(const At& at, const NicSpec& n) {
  const auto net = netconf::network_of(n.ip, n.prefix);
  const char* kind = n.ip == net ? "network" : n.ip == netconf::broadcast_of(n.ip, n.prefix) ? "broadcast" : nullptr;
  if (kind)
    at.fail(n.ip.str() + " is the " + kind + " address of " + net.str() + "/" + std::to_string(n.prefix) +
            ", not a host address");
}

// A multicast or all-zero MAC cannot be a NIC's own address (the kernel refuses it).
void check_unicast(const At& at, const std::string& mac) {
  const unsigned first = static_cast<unsigned>(std::stoul(mac.substr(0, 2), nullptr, 16));
  if (first & 1u) at.fail(mac + " is a multicast MAC (the first octet is odd); a NIC needs a unicast one");
  if (mac == "00:00:00:00:00:00") at.fail("00:00:00:00:00:00 is not a NIC's address");
}

}  // namespace

std::string printable(std::string_view s) {
  std::string out;
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '\n') out += "\\n";
    else if (ch == '\t') out += "\\t";
    else if (u < 0x20 || u == 0x7f) {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", u);
      out += b;
    } else out += ch;
  }
  return out;
}

void refuse_repeated_keys(const SpecSource& src, const YAML::Node& node, const std::string& path) {
  if (node.IsSequence()) {
    std::size_t i = 0;
    for (const auto& item : node) refuse_repeated_keys(src, item, path + "[" + std::to_string(i++) + "]");
    return;
  }
  if (!node.IsMap()) return;
  std::map<std::string, int> seen;
  for (const auto& kv : node) {
    const std::string key = kv.first.IsScalar() ? kv.first.Scalar() : "?";
    const std::string sub = path.empty() ? key : path + "." + key;
    const int line = kv.first.Mark().line + 1;
    if (auto [it, fresh] = seen.emplace(key, line); !fresh)
      throw InputError(src.file, line, sub,
                       "key given twice (first on line " + std::to_string(it->second) +
                           "); YAML readers keep only one of them, so say which you mean");
    refuse_repeated_keys(src, kv.second, sub);
  }
}

void check_cluster(const ClusterSpec& c, const At& top) {
  const At fe = top["frontend"];
  const At pub = fe["public"], priv = fe["private"], cs = top["computes"];
  const At gw = fe.has("gw") ? fe["gw"] : pub["gw"];
  const At fe_name_at = fe.has("name") ? fe["name"] : fe["fqdn"];

  check_host_address(pub["ip"], c.fe_public);
  check_host_address(priv["ip"], c.fe_private);
  check_unicast(pub["mac"], c.fe_public.mac);
  check_unicast(priv["mac"], c.fe_private.mac);
  if (!c.computes.empty()) check_unicast(cs["mac_prefix"], c.computes.front().private_nic.mac);
  if (c.fe_public.mac == c.fe_private.mac)
    pub["mac"].fail(c.fe_public.mac + " is also " + priv["mac"].ref() + "; every NIC needs its own MAC");
  if (c.fe_public.ip == c.fe_private.ip)
    pub["ip"].fail(c.fe_public.ip.str() + " is also " + priv["ip"].ref() + "; every NIC needs its own address");

  const auto& p = c.fe_public;
  if (!netconf::in_subnet(c.fe_gw, p.ip, p.prefix))
    gw.fail(c.fe_gw.str() + " is not in the public subnet " + p.subnet() + "/" + std::to_string(p.prefix) +
            ", so no route can reach it");
  if (c.fe_gw == p.ip) gw.fail(c.fe_gw.str() + " is the frontend's own public address, not a gateway");
  if (c.fe_gw == netconf::network_of(p.ip, p.prefix) || c.fe_gw == netconf::broadcast_of(p.ip, p.prefix))
    gw.fail(c.fe_gw.str() + " is the network or broadcast address of the public subnet, not a gateway");

  for (const auto& n : c.computes) {
    const auto& nic = n.private_nic;
    if (iequal(n.name, c.fe_name))
      fe_name_at.fail("the frontend's name " + c.fe_name + " is also a compute's: " + n.name + " (" +
                      cs["name_prefix"].path + "-<n>); every host needs its own name (names are not case-sensitive)");
    for (const auto* fe_nic : {&c.fe_public, &c.fe_private}) {
      const At other = fe_nic == &c.fe_public ? pub : priv;
      if (nic.mac == fe_nic->mac)
        cs["mac_prefix"].fail(n.name + "'s MAC " + nic.mac + " is also " + other["mac"].ref() +
                              "; every NIC needs its own MAC");
      if (nic.ip == fe_nic->ip)
        cs["count"].fail(n.name + "'s address " + nic.ip.str() + " (counted down from the top of the private "
                         "subnet) is also " + other["ip"].ref() + "; every NIC needs its own address");
    }
  }
}

}  // namespace vc::host
