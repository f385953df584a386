#include "netconf/inputs_util.h"

#include <algorithm>
#include <cctype>

#include "agent/error.h"
#include "agent/vcout_internal.h"

namespace vc::netconf {
namespace {

const char* family_name(IpFamily f) { return f == IpFamily::V4 ? "IPv4" : "IPv6"; }

// A bond option with named values, given by name or by the kernel's number for
// it (its index here, as /sys/class/net/<bond>/bonding/* accepts). The name is
// stored: systemd's string tables (bond_mode_table, bond_xmit_hash_policy_table
// …) know names only, so networkd would silently drop "1".
std::string bond_choice(const std::string& name, const std::string& value,
                        std::initializer_list<std::string_view> names, const Where& w) {
  std::string list;
  std::size_t i = 0;
  for (auto n : names) {
    if (value == n || value == std::to_string(i)) return std::string(n);
    list += (list.empty() ? "" : ", ") + std::string(n);
    ++i;
  }
  fail_at(w, "bond " + name + " '" + value + "' is not one of " + list + " (or 0.." + std::to_string(i - 1) + ")");
}

std::optional<int> bond_int(const std::string& name, const std::string& value, const Where& w) {
  int v = 0;
  std::size_t used = 0;
  try {
    v = std::stoi(value, &used);
  } catch (const std::exception&) {
    used = 0;
  }
  if (used == 0 || used != value.size() || v < 0) fail_at(w, "bond " + name + " '" + value + "' is not a number >= 0");
  return v;
}

bool ascii_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'); }

// Blank-separated tokens of [A-Za-z0-9._:+-]; one token unless `words`.
bool option_tokens(std::string_view v, bool words) {
  std::size_t token = 0;
  for (char c : v) {
    if (c == ' ' && words && token > 0) {
      token = 0;
    } else if (ascii_alnum(c) || c == '.' || c == '_' || c == ':' || c == '+' || c == '-') {
      ++token;
    } else {
      return false;
    }
  }
  return token > 0;
}

}  // namespace

using vcout::quote;

void fail_at(const Where& w, const std::string& message) { throw InputError(w.file, w.line, w.path, message); }

void warn_at(std::vector<std::string>* warnings, const Where& w, const std::string& message) {
  if (!warnings) return;
  std::string s = w.file.empty() ? std::string("input") : w.file;
  if (w.line > 0) s += ":" + std::to_string(w.line);
  s += ": ";
  if (!w.path.empty()) s += w.path + ": ";
  warnings->push_back(s + message);
}

IpAddress parse_ip_at(std::string_view text, const Where& w) {
  auto ip = parse_ip(text);
  if (!ip) fail_at(w, "'" + std::string(text) + "' is not an IPv4 or IPv6 address");
  return *ip;
}

int parse_prefix_at(std::string_view text, IpFamily family, const Where& w) {
  auto p = parse_netmask(text, family == IpFamily::V4 ? 32 : 128);
  if (!p) fail_at(w, "'" + std::string(text) + "' is not a valid " + family_name(family) + " netmask or prefix length");
  return *p;
}

Address parse_address_at(std::string_view address, const Where& address_at, std::optional<std::string_view> netmask,
                         const Where& netmask_at) {
  const auto slash = address.find('/');
  Address a;
  a.ip = parse_ip_at(address.substr(0, slash), address_at);
  if (slash != std::string_view::npos) {
    a.prefix = parse_prefix_at(address.substr(slash + 1), a.ip.family, address_at);
  } else if (netmask && !netmask->empty()) {
    a.prefix = parse_prefix_at(*netmask, a.ip.family, netmask_at);
  } else {
    a.prefix = a.ip.family == IpFamily::V4 ? 24 : 64;  // cloud-init's default
  }
  return a;
}

Route parse_route_at(std::string_view to, const Where& to_at, std::optional<std::string_view> netmask,
                     const Where& netmask_at, std::optional<std::string_view> via, const Where& via_at) {
  Route r;
  if (via) r.via = parse_ip_at(*via, via_at);
  if (to == "default") {
    r.to.family = r.via ? r.via->family : IpFamily::V4;
    r.prefix = 0;
  } else {
    const Address a = parse_address_at(to, to_at, netmask, netmask_at);
    r.to = a.ip;
    r.prefix = a.prefix;
    // An IPv4 kernel refuses it ("Invalid prefix for given prefix length"), and
    // the files' `|| true` / ifup would hide that until the route is missed.
    // IPv6 route adds clear the host bits themselves (ip6_route_info_create).
    if (const IpAddress net = network_of(r.to, r.prefix); r.to.family == IpFamily::V4 && net != r.to) {
      const std::string len = "/" + std::to_string(r.prefix);
      fail_at(to_at, "route destination " + r.to.str() + len + " has host bits set; the network is " + net.str() +
                         len);
    }
  }
  if (r.via && r.via->family != r.to.family) {
    fail_at(via_at, "gateway " + r.via->str() + " is " + family_name(r.via->family) + " but the destination " +
                        r.to.str() + "/" + std::to_string(r.prefix) + " is " + family_name(r.to.family));
  }
  return r;
}

void check_subnet_gateway(const Subnet& s, const Where& gw_at) {
  if (!s.gateway || s.kind == SubnetKind::Manual) return;
  // A static subnet always has its address (the converters require one).
  const IpFamily family =
      s.address ? s.address->ip.family : (s.kind == SubnetKind::Dhcp4 ? IpFamily::V4 : IpFamily::V6);
  if (s.gateway->family == family) return;
  const std::string other = s.address ? "address " + s.address->ip.str() : std::string("this ") + family_name(family) +
                                                                             " subnet";
  fail_at(gw_at, "gateway " + s.gateway->str() + " and " + other + " are not of one family");
}

std::string parse_mac_at(std::string_view text, const Where& w) {
  auto mac = normalize_mac(text);
  if (!mac) fail_at(w, "'" + std::string(text) + "' is not a MAC address");
  return *mac;
}

std::string check_ifname_at(std::string_view name, const Where& w) {
  const std::string n(name);
  if (n.empty()) fail_at(w, "an interface name is required");
  if (n.size() > 15) fail_at(w, "interface name '" + n + "' is longer than 15 characters");
  if (n == "." || n == "..") fail_at(w, "'" + n + "' is not a valid interface name");
  for (unsigned char c : n) {
    if (c == '/' || c == ':' || std::isspace(c) || c < 0x20) {
      fail_at(w, "interface name '" + n + "' contains '/', ':' or a blank");
    }
  }
  return n;
}

std::string check_search_domain_at(std::string_view name, const Where& w) {
  std::string_view n = name;
  if (!n.empty() && n.back() == '.') n.remove_suffix(1);
  bool ok = !n.empty() && n.size() <= 253;
  std::size_t label = 0;
  for (char c : n) {
    if (c == '.') {
      ok = ok && label > 0;
      label = 0;
    } else {
      ok = ok && (ascii_alnum(c) || c == '-' || c == '_') && ++label <= 63;
    }
  }
  if (!ok || label == 0) fail_at(w, quote(name) + " is not a DNS domain name");
  return std::string(name);
}

void check_extra_option_at(std::string_view owner, std::string_view name, std::string_view value, const Where& w,
                           bool words) {
  const bool name_ok = !name.empty() && std::all_of(name.begin(), name.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  if (!name_ok) fail_at(w, std::string(owner) + " option name " + quote(name) + " is not made of a-z, 0-9 and '_'");
  if (!option_tokens(value, words)) {
    fail_at(w, std::string(owner) + " option " + std::string(name) + ": " + quote(value) + " is not " +
                   (words ? "blank-separated words" : "one word") + " of A-Z, a-z, 0-9 and ._:+-");
  }
}

std::string bond_kernel_name(std::string_view key) {
  std::string k(key);
  if (k.rfind("bond-", 0) == 0 || k.rfind("bond_", 0) == 0) k.erase(0, 5);
  std::replace(k.begin(), k.end(), '-', '_');
  return k;
}

void check_vlan_name_at(const std::string& name, int id, const Where& w) {
  const auto digits = [](std::string_view s) {
    return !s.empty() && s.size() <= 4 && std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  std::string_view n = name;
  std::string_view tail;
  if (const auto dot = n.rfind('.'); dot != std::string_view::npos && digits(n.substr(dot + 1))) tail = n.substr(dot + 1);
  else if (n.starts_with("vlan") && digits(n.substr(4))) tail = n.substr(4);
  if (tail.empty() || std::stoi(std::string(tail)) == id) return;
  fail_at(w, "VLAN '" + name + "' has id " + std::to_string(id) + ", but its name says " + std::string(tail) +
                 " (NetworkManager and initscripts take the id from such a name); rename it or fix the id");
}

void check_bridge_timers(const BridgeParams& b, const Where& fd_at) {
  if (b.stp && *b.stp && b.forward_delay && *b.forward_delay < 2)
    fail_at(fd_at, "a forward delay of " + std::to_string(*b.forward_delay) +
                       " s is below 2 s, which the kernel refuses with STP on");
}

void set_bond_option(BondParams& b, const std::string& name, const std::string& value, const Where& w) {
  if (name == "mode") {
    b.mode = bond_choice(
        name, value,
        {"balance-rr", "active-backup", "balance-xor", "broadcast", "802.3ad", "balance-tlb", "balance-alb"}, w);
  } else if (name == "miimon") {
    b.miimon = bond_int(name, value, w);
  } else if (name == "updelay") {
    b.updelay = bond_int(name, value, w);
  } else if (name == "downdelay") {
    b.downdelay = bond_int(name, value, w);
  } else if (name == "arp_interval") {
    b.arp_interval = bond_int(name, value, w);
  } else if (name == "primary") {
    b.primary = value;
  } else if (name == "xmit_hash_policy") {
    b.xmit_hash_policy =
        bond_choice(name, value, {"layer2", "layer3+4", "layer2+3", "encap2+3", "encap3+4", "vlan+srcmac"}, w);
  } else if (name == "lacp_rate") {
    b.lacp_rate = bond_choice(name, value, {"slow", "fast"}, w);
  } else if (name == "fail_over_mac") {
    b.fail_over_mac = bond_choice(name, value, {"none", "active", "follow"}, w);
  } else if (name == "ad_select") {
    b.ad_select = bond_choice(name, value, {"stable", "bandwidth", "count"}, w);
  } else if (name == "primary_reselect") {
    b.primary_reselect = bond_choice(name, value, {"always", "better", "failure"}, w);
  } else if (name == "arp_ip_target") {
    std::size_t i = 0;
    while (i < value.size()) {
      const std::size_t s = value.find_first_not_of(" ,", i);
      if (s == std::string::npos) break;
      const std::size_t e = std::min(value.find_first_of(" ,", s), value.size());
      b.arp_ip_targets.push_back(parse_ip_at(std::string_view(value).substr(s, e - s), w).str());
      i = e;
    }
  } else if (name == "slaves") {
    // cloud-init writes "bond-slaves none" itself; the members list is the truth.
  } else {
    check_extra_option_at("bond", name, value, w);
    b.extra[name] = value;
  }
}

void InputChecker::add_name(const std::string& name, const Where& w) {
  auto [it, fresh] = names_.emplace(name, w);
  if (!fresh) fail_at(w, "interface '" + name + "' is already defined at line " + std::to_string(it->second.line));
}

void InputChecker::add_nic_mac(const std::string& mac, const Where& w) {
  auto [it, fresh] = macs_.emplace(mac, w);
  if (!fresh) {
    fail_at(w, "MAC " + mac + " is already used by " + it->second.path + " (line " + std::to_string(it->second.line) +
                   "): two interfaces cannot match one NIC");
  }
}

void InputChecker::add_default_gateway(const std::string& iface, const IpAddress& via, std::optional<int> table,
                                       std::optional<int> metric, const Where& w) {
  const std::string key = iface + "|" + family_name(via.family) + "|" + (table ? std::to_string(*table) : "-") + "|" +
                          (metric ? std::to_string(*metric) : "-");
  auto [it, fresh] = gateways_.emplace(key, std::make_pair(via, w));
  if (!fresh && it->second.first != via) {
    fail_at(w, std::string("a second default ") + family_name(via.family) + " gateway " + via.str() + " for " + iface +
                   " (the first is " + it->second.first.str() + " at line " + std::to_string(it->second.second.line) +
                   "); give them different metrics or keep one");
  }
}

Interface* find_interface(NetworkState& state, std::string_view name) {
  for (auto& i : state.interfaces) {
    if (i.name == name) return &i;
  }
  return nullptr;
}

void resolve_links(NetworkState& state, const std::vector<LinkRef>& refs,
                   const std::map<std::string, Where>& primaries) {
  for (const auto& ref : refs) {
    Interface* target = find_interface(state, ref.target);
    if (!target) fail_at(ref.at, "'" + ref.target + "' names no interface defined in this file");
    if (ref.target == ref.owner) fail_at(ref.at, "'" + ref.owner + "' cannot be its own member or link");
    Interface* owner = find_interface(state, ref.owner);
    if (ref.vlan_link) {
      owner->vlan_link = ref.target;
      continue;
    }
    if (!target->master.empty() && target->master != ref.owner) {
      fail_at(ref.at, "'" + ref.target + "' is already a member of '" + target->master + "'");
    }
    if (std::find(owner->members.begin(), owner->members.end(), ref.target) != owner->members.end()) {
      fail_at(ref.at, "'" + ref.target + "' is listed twice");
    }
    target->master = ref.owner;
    owner->members.push_back(ref.target);
  }
  for (const auto& [bond_name, at] : primaries) {
    Interface* bond = find_interface(state, bond_name);
    if (!bond || !bond->bond || bond->bond->primary.empty()) continue;
    const auto& m = bond->members;
    if (std::find(m.begin(), m.end(), bond->bond->primary) == m.end()) {
      fail_at(at, "bond primary '" + bond->bond->primary + "' is not a member of " + bond_name);
    }
  }
}

}  // namespace vc::netconf
