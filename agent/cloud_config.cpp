// #cloud-config subset and NoCloud meta-data → values (see cloud_config.h).
#include "agent/cloud_config.h"

#include <algorithm>
#include <map>

#include "agent/cloud_known_hosts.h"
#include "agent/error.h"
#include "agent/host_key_check.h"
#include "agent/report_http.h"
#include "agent/vcout_parser.h"
#include "netconf/inputs_util.h"
#include "netconf/yaml_util.h"

namespace vc {
namespace {

using netconf::YNode;

bool starts_with_header(std::string_view text, std::string_view header) {
  if (text.starts_with("\xEF\xBB\xBF")) text.remove_prefix(3);  // a BOM some editors write
  return text.starts_with(header);
}

// Keys listed for one warning: "runcmd (line 4), packages (line 9)".
void add_ignored(std::string& list, const std::string& key, const YNode& n) {
  if (!list.empty()) list += ", ";
  list += key + " (line " + std::to_string(n.line()) + ")";
}

// The loopback check is vc-out.xml's: a node named localhost would take the
// name off 127.0.0.1 in /etc/hosts, and every local "localhost" lookup with it.
void not_loopback(const YNode& n, const std::string& s) {
  if (is_loopback_name(s)) n.fail("'" + s + "' is a loopback name (/etc/hosts keeps it for 127.0.0.1)");
}

std::string host_name(const YNode& n) {
  std::string s = n.str();
  if (!is_valid_hostname(s)) n.fail("'" + s + "' is not a valid host name (RFC 1123)");
  not_loopback(n, s);
  return s;
}

std::vector<SshKey> key_list(const YNode& n) {
  std::vector<SshKey> out;
  for (const auto& [text, item] : n.str_list()) {
    auto keys = parse_ssh_keys(text, item.doc().file, item.line(), item.path());
    out.insert(out.end(), keys.begin(), keys.end());
  }
  return out;
}

// One scalar of key lines. An empty one gives none: cloud-init skips those.
void add_key_text(const YNode& n, std::vector<SshKey>& out) {
  if (!n.defined() || (n.is_scalar() && n.raw().Scalar().empty())) return;
  auto keys = parse_ssh_keys(n.str(), n.doc().file, n.line(), n.path());
  out.insert(out.end(), keys.begin(), keys.end());
}

// A string of key lines or a list of them.
void add_key_texts(const YNode& n, std::vector<SshKey>& out) {
  if (!n.is_seq()) return add_key_text(n, out);
  for (const auto& item : n.items()) add_key_text(item, out);
}

// meta-data public-keys in each shape cloud-init's normalize_pubkey_data
// (cloudinit/sources/__init__.py) takes: a string (a key a line), a list, or a
// map of key names to a string or a list. Keys are checked as everywhere else.
// cloud-init drops a map value that is itself a map, the EC2 metadata tree
// {name: {openssh-key: …}}; its intent is plain, so its openssh-key is read,
// with a warning that cloud-init would install nothing from it.
std::vector<SshKey> meta_public_keys(const YNode& n) {
  std::vector<SshKey> out;
  if (!n.is_map()) {
    add_key_texts(n, out);
    return out;
  }
  for (const auto& [name, v] : n.entries()) {
    if (!v.is_map()) {
      add_key_texts(v, out);
      continue;
    }
    v.check_keys({"openssh-key"});
    if (!v.has("openssh-key")) v.fail("expected the key as a string, a list of strings, or {openssh-key: ...}");
    v.warn("the EC2 form {name: {openssh-key: ...}} is read; cloud-init installs no key from it, write '" + name +
           ": <key>' for both");
    add_key_texts(v["openssh-key"], out);
  }
  return out;
}

std::optional<bool> manage_hosts(const YNode& n) {
  if (!n.defined()) return std::nullopt;
  const std::string s = n.str();
  // cloud-init: true/"template" renders the template, "localhost" only the localhost line.
  // Either way the node's names are managed; ours are the vc-out rules.
  if (s == "template" || s == "localhost") return true;
  return n.boolean();
}

void parse_users(const YNode& n, CloudConfig& cc) {
  for (const auto& u : n.items()) {
    if (u.is_scalar()) {
      if (u.str() != "default") u.warn("user '" + u.str() + "' is not created by vc-agent, ignored");
      continue;
    }
    const std::string name = u["name"].str();
    for (const auto& [key, v] : u.entries()) {
      if (key != "name" && key != "ssh_authorized_keys") v.warn("not applied by vc-agent, ignored");
    }
    auto keys = key_list(u["ssh_authorized_keys"]);
    if (name == "root") cc.root_user_keys.insert(cc.root_user_keys.end(), keys.begin(), keys.end());
    else if (!keys.empty()) u.warn("vc-agent manages root's keys only; user '" + name + "' ignored");
  }
}

std::vector<std::string> key_types(const YNode& n) {
  std::vector<std::string> out;
  for (const auto& [t, item] : n.str_list()) {
    if (t == "dsa") {
      item.warn("dsa host keys are not generated (OpenSSH dropped DSA), ignored");
      continue;
    }
    if (t != "rsa" && t != "ecdsa" && t != "ed25519") item.fail("'" + t + "' is not rsa, ecdsa or ed25519");
    if (std::find(out.begin(), out.end(), t) == out.end()) out.push_back(t);
  }
  return out;
}

// cloud-init's ssh_keys (cc_ssh): pre-generated host key pairs, checked as
// <hostkeys> are. cloud-init writes a lone half as given; here each private key
// needs its public line, which the fingerprints and known hosts are made from.
std::vector<GivenHostKey> parse_ssh_host_keys(const YNode& n) {
  std::map<std::string, std::pair<std::optional<YNode>, std::optional<YNode>>> halves;  // type → private, public
  std::vector<std::string> order;
  for (const auto& [key, v] : n.entries()) {
    const auto us = key.rfind('_');
    const std::string type = key.substr(0, us == std::string::npos ? 0 : us);
    const std::string part = us == std::string::npos ? key : key.substr(us + 1);
    if (type == "dsa") v.fail("dsa host keys are not installed (OpenSSH dropped DSA)");
    if ((type != "rsa" && type != "ecdsa" && type != "ed25519") ||
        (part != "private" && part != "public" && part != "certificate"))
      v.fail("not an ssh_keys entry; expected <type>_private, <type>_public or <type>_certificate, type rsa, "
             "ecdsa or ed25519");
    if (part == "certificate") {
      v.warn("host certificates are not installed by vc-agent, ignored; sshd presents the plain host key");
      continue;
    }
    auto& h = halves[type];
    if (!h.first && !h.second) order.push_back(type);
    (part == "private" ? h.first : h.second) = v;
  }
  std::vector<GivenHostKey> out;
  for (const auto& type : order) {
    const auto& [priv, pub] = halves[type];
    if (!priv) pub->fail("no " + type + "_private beside it; a public key alone cannot be installed");
    if (!pub) priv->fail("no " + type + "_public beside it; vc-agent needs the public line for fingerprints and known hosts");
    GivenHostKey k;
    k.type = type;
    k.line = priv->line();
    std::string pub_text = pub->str();
    while (pub_text.ends_with('\n')) pub_text.pop_back();  // a "|" block ends in a newline
    auto keys = parse_ssh_keys(pub_text, pub->doc().file, pub->line(), pub->path());
    if (keys.size() != 1 || pub_text.find('\n') != std::string::npos)
      pub->fail("expected one public key line, 'type base64 [comment]'");
    k.public_key = keys.front();
    if (keygen_type(k.public_key.type) != type) pub->fail("a " + k.public_key.type + " key is not a " + type + " key");
    auto checked = check_host_private_key(priv->str(), type, k.public_key, pub->path());
    if (!checked.error.empty()) priv->fail(checked.error);
    k.private_key = std::move(checked.key);
    out.push_back(std::move(k));
  }
  return out;
}

ReportTarget parse_report(const YNode& n) {
  n.check_keys({"url", "cluster", "node", "key"});
  const std::string url = n["url"].str();
  // The same rule as vc-out.xml's <report url>: what the report client can send to.
  std::string why;
  if (!report::parse_http_target(url, why)) n["url"].fail("not a usable report URL: " + why);
  return ReportTarget{url, n["cluster"].opt_str().value_or(""), n["node"].opt_str().value_or(""),
                      n["key"].opt_str().value_or("")};
}

Nic parse_nic(const YNode& n, const std::string& network) {
  Nic nic;
  nic.network = n["network"].opt_str().value_or(network);
  auto addr = netconf::parse_address_at(n["ip"].str(), n["ip"].where());
  if (addr.ip.family != netconf::IpFamily::V4) n["ip"].fail("a cluster NIC address must be IPv4");
  nic.ip = addr.ip;
  nic.prefix = addr.prefix;
  if (n.has("mac")) nic.mac = netconf::parse_mac_at(n["mac"].str(), n["mac"].where());
  nic.mtu = n["mtu"].opt_int(68, 65535).value_or(1500);
  nic.line = n.line();
  return nic;
}

VcCluster parse_cluster(const YNode& n) {
  n.check_keys({"role", "frontend_fqdn", "networks", "computes"});
  VcCluster c;
  const std::string role = n["role"].str();
  if (role != "frontend" && role != "compute") n["role"].fail("'" + role + "' is not frontend or compute");
  c.role = role == "compute" ? Role::Compute : Role::Frontend;
  if (n.has("frontend_fqdn")) c.frontend_fqdn = host_name(n["frontend_fqdn"]);
  for (const auto& [ifname, net] : n["networks"].entries()) c.networks.emplace_back(ifname, net.str());
  for (const auto& item : n["computes"].items()) {
    item.check_keys({"name", "cpus", "ip", "mac", "mtu", "network"});
    ComputeNode cn;
    cn.name = item["name"].str();
    if (!is_valid_label(cn.name)) item["name"].fail("'" + cn.name + "' is not a host name label");
    not_loopback(item["name"], cn.name);
    cn.cpus = item["cpus"].opt_int(1, 4096).value_or(1);
    cn.nics.push_back(parse_nic(item, "private"));
    cn.line = item.line();
    c.computes.push_back(std::move(cn));
  }
  if (c.role == Role::Compute && !c.computes.empty()) n["computes"].fail("only a frontend lists computes");
  return c;
}

}  // namespace

CloudConfig parse_cloud_config(std::string_view text, const std::string& file) {
  CloudConfig cc;
  if (text.find_first_not_of(" \t\r\n") == std::string_view::npos) return cc;
  if (!starts_with_header(text, "#cloud-config")) {
    const auto first = text.substr(0, std::min(text.find('\n'), std::size_t{40}));
    cc.warnings.push_back(file + ":1: user-data is not #cloud-config ('" + std::string(first) +
                          "'), not applied: vc-agent runs no scripts");
    return cc;
  }
  cc.present = true;
  const YAML::Node doc = netconf::load_yaml(text, file);
  if (!doc.IsDefined() || doc.IsNull()) return cc;
  if (!doc.IsMap()) throw InputError(file, 1, "", "#cloud-config must be a mapping of keys");
  netconf::YamlDoc ydoc{file, &cc.warnings};
  const YNode top = YNode::top(doc, "", &ydoc);
  std::string ignored;
  for (const auto& [key, v] : top.entries()) {
    if (key == "hostname") cc.hostname = host_name(v);
    else if (key == "fqdn") cc.fqdn = host_name(v);
    else if (key == "prefer_fqdn_over_hostname") cc.prefer_fqdn_over_hostname = v.opt_bool();
    else if (key == "manage_etc_hosts") cc.manage_etc_hosts = manage_hosts(v);
    else if (key == "ssh_authorized_keys") cc.ssh_authorized_keys = key_list(v);
    else if (key == "users") parse_users(v, cc);
    else if (key == "ssh_deletekeys") cc.ssh_deletekeys = v.opt_bool();
    else if (key == "ssh_genkeytypes") cc.ssh_genkeytypes = key_types(v);
    else if (key == "ssh_keys") cc.host_keys = parse_ssh_host_keys(v);
    else if (key == "disable_root") cc.disable_root = v.opt_bool();
    else if (key == "vc_report") cc.report = parse_report(v);
    else if (key == "vc_cluster") cc.cluster = parse_cluster(v);
    else if (key == "write_files") {
      std::vector<std::string> paths;
      cc.known_hosts = parse_write_files(v, paths);
      for (const auto& p : paths) add_ignored(ignored, "write_files " + p, v);
    } else add_ignored(ignored, key, v);
  }
  if (!ignored.empty())
    cc.warnings.push_back(file + ": cloud-config keys vc-agent does not apply, ignored: " + ignored);
  return cc;
}

SeedMeta parse_nocloud_meta(std::string_view text, const std::string& file) {
  SeedMeta m;
  const YAML::Node doc = netconf::load_yaml(text, file);
  if (!doc.IsMap()) throw InputError(file, 1, "instance-id", "meta-data must be a mapping with instance-id");
  netconf::YamlDoc ydoc{file, &m.warnings};
  const YNode top = YNode::top(doc, "", &ydoc);
  // cloud-init's NoCloud needs an instance-id: it is what tells a new instance from a reboot.
  m.instance_id = top["instance-id"].str();
  if (top.has("local-hostname")) m.local_hostname = host_name(top["local-hostname"]);
  for (const auto& [key, v] : top.entries()) {
    if (key == "public-keys") m.public_keys = meta_public_keys(v);
    else if (key != "instance-id" && key != "local-hostname" && key != "dsmode" && key != "network-interfaces")
      v.warn("meta-data key not used by vc-agent, ignored");
  }
  if (top.has("network-interfaces")) top["network-interfaces"].warn("legacy ENI network config is not read; use network-config");
  return m;
}

}  // namespace vc
