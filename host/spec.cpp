#include "host/spec.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>
#include <charconv>
#include <set>

#include "agent/error.h"

namespace vc::host {
namespace {

// A YAML node with its key path, so every message can say where the problem is.
struct At {
  const SpecSource& src;
  YAML::Node node;
  std::string path;
  int parent_line = 0;  // where a missing key's parent is

  int line() const {
    if (!node.IsDefined()) return parent_line;
    const int l = node.Mark().line;
    return l >= 0 ? l + 1 : parent_line;
  }
  [[noreturn]] void fail(const std::string& what) const { throw InputError(src.file, line(), path, what); }

  At operator[](const std::string& key) const {
    return At{src, node.IsMap() ? node[key] : YAML::Node(), path.empty() ? key : path + "." + key, line()};
  }
  bool has(const std::string& key) const { return node.IsMap() && node[key] && !node[key].IsNull(); }

  void only_keys(std::initializer_list<const char*> allowed) const {
    if (!node.IsMap()) fail("expected a mapping");
    const std::set<std::string> ok(allowed.begin(), allowed.end());
    for (const auto& kv : node) {
      const auto k = kv.first.as<std::string>();
      if (!ok.count(k)) At{src, kv.first, path.empty() ? k : path + "." + k, line()}.fail("unknown key");
    }
  }
  std::string str() const {
    if (!node || node.IsNull()) fail("missing");
    if (!node.IsScalar()) fail("expected a scalar");
    return node.Scalar();
  }
  int integer(int lo, int hi) const {
    const std::string s = str();
    int v = 0;
    auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc{} || p != s.data() + s.size() || v < lo || v > hi)
      fail("'" + s + "' is not an integer in " + std::to_string(lo) + ".." + std::to_string(hi));
    return v;
  }
  netconf::IpAddress ip() const {
    auto v = netconf::parse_ip(str());
    if (!v || v->family != netconf::IpFamily::V4) fail("'" + str() + "' is not an IPv4 address");
    return *v;
  }
};

NicSpec parse_nic(const At& a, const std::string& network, bool with_gw) {
  if (with_gw) a.only_keys({"ip", "netmask", "gw", "mac", "mtu"});
  else a.only_keys({"ip", "netmask", "mac", "mtu"});
  NicSpec n;
  n.network = network;
  n.ip = a["ip"].ip();
  auto prefix = netconf::parse_netmask(a["netmask"].str());
  if (!prefix || *prefix < 8 || *prefix > 30) a["netmask"].fail("'" + a["netmask"].str() + "' is not a usable netmask");
  n.prefix = *prefix;
  auto mac = netconf::normalize_mac(a["mac"].str());
  if (!mac) a["mac"].fail("'" + a["mac"].str() + "' is not a MAC address");
  n.mac = *mac;
  if (a.has("mtu")) n.mtu = a["mtu"].integer(576, 65535);
  return n;
}

bool valid_label(std::string_view s) {
  if (s.empty() || s.size() > 63 || s.front() == '-' || s.back() == '-') return false;
  for (char c : s)
    if (!(std::isalnum(static_cast<unsigned char>(c)) || c == '-')) return false;
  return true;
}

// MAC of compute i: the prefix's octets, then i big-endian in the rest (compute-0 → …:00).
std::string compute_mac(const At& at, const std::string& prefix, int i) {
  std::vector<std::string> octets;
  for (std::size_t p = 0; p <= prefix.size();) {
    const auto colon = std::min(prefix.find(':', p), prefix.size());
    octets.push_back(prefix.substr(p, colon - p));
    p = colon + 1;
  }
  if (octets.size() < 3 || octets.size() > 5) at.fail("expected 3 to 5 octets, e.g. \"52:54:00:aa:01\"");
  unsigned v = static_cast<unsigned>(i);
  std::vector<std::string> tail;
  for (std::size_t k = octets.size(); k < 6; ++k) {
    char b[3];
    std::snprintf(b, sizeof b, "%02x", v & 0xff);
    tail.insert(tail.begin(), b);
    v >>= 8;
  }
  if (v != 0) at.fail("too many computes for this prefix");
  std::string mac = prefix;
  for (const auto& t : tail) mac += ":" + t;
  auto norm = netconf::normalize_mac(mac);
  if (!norm) at.fail("'" + prefix + "' is not a MAC prefix");
  return *norm;
}

netconf::IpAddress minus(netconf::IpAddress ip, unsigned n) {
  std::uint32_t v = (std::uint32_t{ip.bytes[0]} << 24) | (std::uint32_t{ip.bytes[1]} << 16) |
                    (std::uint32_t{ip.bytes[2]} << 8) | ip.bytes[3];
  v -= n;
  for (int k = 0; k < 4; ++k) ip.bytes[k] = static_cast<std::uint8_t>(v >> (24 - 8 * k));
  return ip;
}

}  // namespace

std::string ssh_key_path(const SpecSource& src) {
  YAML::Node root;
  try {
    root = YAML::Load(src.text);
  } catch (const YAML::Exception&) {
    return "";  // parse_spec reports it with its line
  }
  if (!root.IsMap() || !root["ssh_key"] || !root["ssh_key"].IsScalar()) return "";
  return root["ssh_key"].Scalar();
}

ClusterSpec parse_spec(const SpecSource& src, const std::string& ssh_key_text) {
  YAML::Node doc;
  try {
    doc = YAML::Load(src.text);
  } catch (const YAML::Exception& e) {
    throw InputError(src.file, e.mark.line + 1, "", e.msg);
  }
  const At top{src, doc, "", 1};
  top.only_keys({"cluster", "frontend", "computes", "dns", "ssh_key", "report_url", "host_keys"});
  ClusterSpec c;
  c.cluster = top["cluster"].str();
  if (!valid_label(c.cluster)) top["cluster"].fail("'" + c.cluster + "' is not a DNS label");

  const At fe = top["frontend"];
  fe.only_keys({"fqdn", "name", "gw", "public", "private"});
  c.fqdn = fe["fqdn"].str();
  c.fe_name = fe.has("name") ? fe["name"].str() : c.fqdn.substr(0, c.fqdn.find('.'));
  if (!valid_label(c.fe_name)) fe["fqdn"].fail("'" + c.fe_name + "' is not a usable host name");
  c.fe_public = parse_nic(fe["public"], "public", true);
  c.fe_private = parse_nic(fe["private"], "private", false);
  if (fe.has("gw")) c.fe_gw = fe["gw"].ip();
  else if (fe["public"].has("gw")) c.fe_gw = fe["public"]["gw"].ip();
  else fe["public"].fail("no gateway: set frontend.public.gw or frontend.gw");

  const At cs = top["computes"];
  cs.only_keys({"count", "cpus", "mac_prefix", "name_prefix"});
  const int count = cs["count"].integer(0, 4096);
  const int cpus = cs.has("cpus") ? cs["cpus"].integer(1, 4096) : 1;
  const std::string name_prefix = cs.has("name_prefix") ? cs["name_prefix"].str() : "compute";
  const auto& priv = c.fe_private;
  const auto top_host = minus(netconf::broadcast_of(priv.ip, priv.prefix), 1);
  unsigned offset = 0;
  for (int i = 0; i < count; ++i) {
    ComputeSpec n;
    n.name = name_prefix + "-" + std::to_string(i);
    if (!valid_label(n.name)) cs["name_prefix"].fail("'" + n.name + "' is not a usable host name");
    n.cpus = cpus;
    n.private_nic = priv;
    n.private_nic.mac = compute_mac(cs["mac_prefix"], cs["mac_prefix"].str(), i);
    // pragma_boot's get_free_ip(): count down from .255.254, skipping the frontend.
    do n.private_nic.ip = minus(top_host, offset++);
    while (n.private_nic.ip == priv.ip);
    if (!netconf::in_subnet(n.private_nic.ip, priv.ip, priv.prefix) ||
        n.private_nic.ip == netconf::network_of(priv.ip, priv.prefix))
      cs["count"].fail(std::to_string(count) + " computes do not fit in the private subnet");
    c.computes.push_back(std::move(n));
  }

  if (top.has("dns")) {
    const At d = top["dns"];
    if (d.node.IsSequence())
      for (std::size_t i = 0; i < d.node.size(); ++i)
        c.dns.push_back(At{src, d.node[i], "dns[" + std::to_string(i) + "]", d.line()}.ip());
    else c.dns.push_back(d.ip());
  }
  if (top.has("ssh_key")) {
    std::string key = ssh_key_text;
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r')) key.pop_back();
    if (key.empty() || key.find('\n') != std::string::npos)
      top["ssh_key"].fail("the key file must hold exactly one public key line");
    c.ssh_key = key;
  }
  if (top.has("host_keys")) {
    const At h = top["host_keys"];
    if (!h.node.IsSequence()) h.fail("expected a list of key types, e.g. [ed25519, rsa], or [] for none");
    c.host_key_types.clear();
    for (std::size_t i = 0; i < h.node.size(); ++i) {
      const At t{src, h.node[i], "host_keys[" + std::to_string(i) + "]", h.line()};
      const std::string type = t.str();
      if (type != "ed25519" && type != "ecdsa" && type != "rsa") t.fail("'" + type + "' is not ed25519, ecdsa or rsa");
      if (std::find(c.host_key_types.begin(), c.host_key_types.end(), type) != c.host_key_types.end())
        t.fail("'" + type + "' is listed twice");
      c.host_key_types.push_back(type);
    }
  }
  c.report_url = top.has("report_url") ? top["report_url"].str() : "";
  if (!c.report_url.empty() && !c.report_url.starts_with("http://") && !c.report_url.starts_with("https://"))
    top["report_url"].fail("'" + c.report_url + "' is not an http:// URL");
  return c;
}

}  // namespace vc::host
