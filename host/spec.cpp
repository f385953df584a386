#include "host/spec.h"

#include <algorithm>

#include "agent/error.h"
#include "agent/report_http.h"
#include "agent/vcout_parser.h"
#include "host/spec_yaml.h"

namespace vc::host {
namespace {

NicSpec parse_nic(const At& a, const std::string& network, bool with_gw) {
  if (with_gw) a.only_keys({"ip", "netmask", "gw", "mac", "mtu"});
  else a.only_keys({"ip", "netmask", "mac", "mtu"});
  NicSpec n;
  n.network = network;
  n.ip = a["ip"].ip();
  auto prefix = netconf::parse_netmask(a["netmask"].str());
  if (!prefix || *prefix < 8 || *prefix > 30)
    a["netmask"].fail("'" + printable(a["netmask"].str()) + "' is not a usable netmask");
  n.prefix = *prefix;
  auto mac = netconf::normalize_mac(a["mac"].str());
  if (!mac) a["mac"].fail("'" + printable(a["mac"].str()) + "' is not a MAC address");
  n.mac = *mac;
  if (a.has("mtu")) n.mtu = a["mtu"].integer(576, 65535);
  return n;
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
  if (!norm) at.fail("'" + printable(prefix) + "' is not a MAC prefix");
  return *norm;
}

// Every name gen writes becomes a node's /etc/hostname, a hosts line and a YAML
// scalar in its seed: it must be a host name the agent accepts (RFC 1123) and not
// one /etc/hosts gives to loopback.
void check_host_name(const At& at, const std::string& name) {
  if (!is_valid_hostname(name))
    at.fail("'" + printable(name) +
            "' is not a valid host name (RFC 1123: dot-separated labels of letters, digits and '-', "
            "at most 63 characters each, 253 in all)");
  if (is_loopback_name(name))
    at.fail("'" + printable(name) +
            "' is a loopback name (/etc/hosts gives it to 127.0.0.1); every host needs its own");
}

// The agent posts reports with its own client (numeric http:// only, agent/http_raw.h)
// and serve listens on plain http: a URL either cannot reach is refused now, not
// discovered when `wait` never returns.
void check_report_url(const At& at, const std::string& url) {
  if (url.starts_with("https://"))
    at.fail("'" + printable(url) +
            "': https is not supported: vc-host serve listens on plain http and vc-agent reports over http "
            "(the reports are signed); use http://");
  std::string why;
  if (!report::parse_http_target(url, why)) at.fail("vc-agent could not post reports to it: " + why);
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
  refuse_repeated_keys(src, doc, "");
  const At top{src, doc, "", 1};
  top.only_keys({"cluster", "frontend", "computes", "dns", "ssh_key", "report_url", "host_keys"});
  ClusterSpec c;
  c.cluster = top["cluster"].str();
  if (!is_valid_label(c.cluster)) top["cluster"].fail("'" + printable(c.cluster) + "' is not a DNS label");

  const At fe = top["frontend"];
  fe.only_keys({"fqdn", "name", "gw", "public", "private"});
  c.fqdn = fe["fqdn"].str();
  check_host_name(fe["fqdn"], c.fqdn);
  c.fe_name = c.fqdn.substr(0, c.fqdn.find('.'));
  if (fe.has("name")) {
    c.fe_name = fe["name"].str();
    if (!is_valid_label(c.fe_name))
      fe["name"].fail("'" + printable(c.fe_name) + "' is not a host name without dots (RFC 1123 label)");
    check_host_name(fe["name"], c.fe_name);
  }
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
    if (!is_valid_label(n.name))
      cs["name_prefix"].fail("'" + printable(n.name) + "' is not a host name without dots (RFC 1123 label)");
    check_host_name(cs["name_prefix"], n.name);
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
    // The agent parses this line at boot (vc-out <key>, cloud-config
    // ssh_authorized_keys); what it would refuse is refused here, before any node has it.
    try {
      parse_ssh_keys(key, top["ssh_key"].str(), 1, "public key");
    } catch (const InputError& e) {
      top["ssh_key"].fail("the key file " + e.message());
    }
    c.ssh_key = key;
  }
  if (top.has("host_keys")) {
    const At h = top["host_keys"];
    if (!h.node.IsSequence()) h.fail("expected a list of key types, e.g. [ed25519, rsa], or [] for none");
    c.host_key_types.clear();
    for (std::size_t i = 0; i < h.node.size(); ++i) {
      const At t{src, h.node[i], "host_keys[" + std::to_string(i) + "]", h.line()};
      const std::string type = t.str();
      if (type != "ed25519" && type != "ecdsa" && type != "rsa")
        t.fail("'" + printable(type) + "' is not ed25519, ecdsa or rsa");
      if (std::find(c.host_key_types.begin(), c.host_key_types.end(), type) != c.host_key_types.end())
        t.fail("'" + type + "' is listed twice");
      c.host_key_types.push_back(type);
    }
  }
  c.report_url = top.has("report_url") ? top["report_url"].str() : "";
  if (!c.report_url.empty()) check_report_url(top["report_url"], c.report_url);
  check_cluster(c, top);
  return c;
}

}  // namespace vc::host
