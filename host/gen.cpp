#include "host/gen.h"

#include <algorithm>
#include <cstdio>
#include <utility>
#include <vector>

#include "agent/text.h"
#include "host/hostkeys.h"

namespace vc::host {
namespace {

std::string xml_escape(std::string_view s) {
  std::string out;
  for (char ch : s) {
    switch (ch) {
      case '&': out += "&amp;"; break;
      case '<': out += "&lt;"; break;
      case '>': out += "&gt;"; break;
      case '"': out += "&quot;"; break;
      default: out += ch;
    }
  }
  return out;
}

// One element with its attributes in alphabetical order, as ElementTree wrote them.
std::string element(std::string_view tag, std::vector<std::pair<std::string, std::string>> attrs, bool close) {
  std::sort(attrs.begin(), attrs.end());
  std::string e = "<" + std::string(tag);
  for (const auto& [k, v] : attrs) e += " " + k + "=\"" + xml_escape(v) + "\"";
  return e + (close ? "/>" : ">");
}

std::string nic_element(const NicSpec& n) {
  return element(n.network, {{"ip", n.ip.str()}, {"mac", n.mac}, {"mtu", std::to_string(n.mtu)},
                             {"netmask", n.netmask()}, {"subnet", n.subnet()}}, true);
}

std::string dns_list(const ClusterSpec& c) {
  std::string s;
  for (const auto& d : c.dns) s += (s.empty() ? "" : ",") + d.str();
  return s;
}

// <hostkeys> (this node's pairs) and <known_hosts> (every node's public keys);
// nothing when gen made no keys, so such a document is exactly pragma_boot's.
std::string ssh_elements(const ClusterSpec& c, const std::vector<NodeHostKey>& own) {
  if (own.empty()) return {};
  std::string x = "  <hostkeys>\n";
  for (const auto& k : own)
    x += "    " + element("hostkey", {{"public", k.public_line}, {"type", k.type}}, false) + "\n" +
         xml_escape(k.private_key) + "    </hostkey>\n";
  x += "  </hostkeys>\n  <known_hosts>\n";
  for (const auto& h : cluster_known_hosts(c)) x += "    " + element("host", {{"key", h.key}, {"names", h.names}}, true) + "\n";
  return x + "  </known_hosts>\n";
}

// The tail every G1 document shares: DNS, the root key, host keys and our <report>.
std::string tail(const ClusterSpec& c, const std::string& node, const std::string& key,
                 const std::vector<NodeHostKey>& own) {
  std::string x = "  <network>\n    " +
                  element("dns", {{"domain", ""}, {"ip", dns_list(c)}, {"search", "local"}}, true) + "\n  </network>\n";
  if (!c.ssh_key.empty()) x += "  <key>" + xml_escape(c.ssh_key) + "</key>\n";
  x += ssh_elements(c, own);
  if (!c.report_url.empty())
    x += "  " + element("report", {{"cluster", c.cluster}, {"key", key}, {"node", node}, {"url", c.report_url}}, true) +
         "\n";
  return x + "</vc>\n";
}

// A YAML double-quoted scalar: every value gen writes from the spec goes through
// this, so no byte of it (a newline above all) can end the scalar and start a key.
std::string yaml_quote(std::string_view s) {
  std::string out = "\"";
  for (char ch : s) {
    const auto u = static_cast<unsigned char>(ch);
    if (ch == '"' || ch == '\\') {
      out += '\\';
      out += ch;
    } else if (ch == '\n') {
      out += "\\n";
    } else if (u < 0x20 || u == 0x7f) {
      char b[5];
      std::snprintf(b, sizeof b, "\\x%02x", u);
      out += b;
    } else {
      out += ch;
    }
  }
  return out + "\"";
}

std::string meta_data(const ClusterSpec& c, const std::string& name) {
  return "instance-id: " + yaml_quote(c.cluster + "-" + name) + "\nlocal-hostname: " + yaml_quote(name) + "\n";
}

// A YAML literal block, each line indented by `indent`.
std::string yaml_block(std::string_view text, std::string_view indent) {
  std::string out = "|\n";
  while (!text.empty()) {
    out += std::string(indent) + std::string(next_line(text)) + "\n";
  }
  return out;
}

// cloud-init's own ssh_keys (cc_ssh installs them instead of generating) and the
// cluster's known hosts in vc-agent's managed-block form, via write_files.
std::string cloud_ssh(const ClusterSpec& c, const std::vector<NodeHostKey>& own) {
  if (own.empty()) return {};
  std::string u = "ssh_keys:\n";
  for (const auto& k : own)
    u += "  " + k.type + "_private: " + yaml_block(k.private_key, "    ") + "  " + k.type + "_public: " +
         yaml_quote(k.public_line) + "\n";
  std::string block = "# BEGIN vc-agent managed block: this cluster's host keys, replaced on every run\n";
  for (const auto& h : cluster_known_hosts(c)) block += h.names + " " + h.key + "\n";
  block += "# END vc-agent managed block\n";
  return u + "write_files:\n  - path: /etc/ssh/ssh_known_hosts\n    owner: root:root\n    permissions: \"0644\"\n"
             "    content: " + yaml_block(block, "      ");
}

// vc_cluster: what a vc-out.xml says and cloud-config cannot — the role, the
// frontend, the computes and which NIC is private or public (agent/cloud_config.h).
std::string cluster_yaml(const ClusterSpec& c, const ComputeSpec* self) {
  std::string y = "vc_cluster:\n  role: " + std::string(self ? "compute" : "frontend") + "\n";
  if (self) return y + "  frontend_fqdn: " + yaml_quote(c.fqdn) + "\n  networks: {eth0: private}\n";
  y += "  networks: {eth0: private, eth1: public}\n";
  if (!c.computes.empty()) y += "  computes:\n";
  for (const auto& n : c.computes)
    y += "    - {name: " + yaml_quote(n.name) + ", cpus: " + std::to_string(n.cpus) + ", ip: \"" +
         n.private_nic.ip.str() + "/" + std::to_string(n.private_nic.prefix) + "\", mac: \"" + n.private_nic.mac +
         "\", mtu: " + std::to_string(n.private_nic.mtu) + "}\n";
  return y;
}

// #cloud-config for one node: the name, root's key, its host keys (`own`), the
// cluster (vc_cluster) and the report target under a vc_report key that
// cloud-init itself ignores and vc-agent's nocloud source reads.
std::string user_data(const ClusterSpec& c, const std::string& hostname, const std::string& fqdn,
                      const std::string& node, const std::string& key, const ComputeSpec* self,
                      const std::vector<NodeHostKey>& own) {
  std::string u = "#cloud-config\nhostname: " + yaml_quote(hostname) + "\nfqdn: " + yaml_quote(fqdn) +
                  "\nprefer_fqdn_over_hostname: false\n";
  if (!c.ssh_key.empty()) u += "disable_root: false\nssh_authorized_keys:\n  - " + yaml_quote(c.ssh_key) + "\n";
  u += cloud_ssh(c, own);
  if (!c.report_url.empty())
    u += "vc_report:\n  url: " + yaml_quote(c.report_url) + "\n  cluster: " + yaml_quote(c.cluster) +
         "\n  node: " + yaml_quote(node) + "\n  key: " + yaml_quote(key) + "\n";
  return u + cluster_yaml(c, self);
}

std::string v2_ethernet(const NicSpec& n, const std::string& id, const std::string& gw, const ClusterSpec& c) {
  std::string e = "    " + id + ":\n      match:\n        macaddress: \"" + n.mac + "\"\n      set-name: " + id +
                  "\n      addresses: [" + n.ip.str() + "/" + std::to_string(n.prefix) + "]\n";
  if (n.mtu != 1500) e += "      mtu: " + std::to_string(n.mtu) + "\n";
  // "to: default" is netplan ≥ 0.103 syntax; cloud-init 22.4 rejects it, the CIDR form works everywhere.
  if (!gw.empty()) e += "      routes:\n        - to: 0.0.0.0/0\n          via: " + gw + "\n";
  if (!gw.empty() && !c.dns.empty()) {
    e += "      nameservers:\n        search: [local]\n        addresses: [";
    for (std::size_t i = 0; i < c.dns.size(); ++i) e += (i ? ", " : "") + c.dns[i].str();
    e += "]\n";
  }
  return e;
}

}  // namespace

std::string render_frontend_vcout(const ClusterSpec& c) {
  std::string x = "<?xml version=\"1.0\" ?>\n<vc>\n";
  x += "  " + element("frontend", {{"fqdn", c.fqdn}, {"gw", c.fe_gw.str()}, {"name", c.fe_name}}, false) + "\n";
  x += "    " + nic_element(c.fe_private) + "\n    " + nic_element(c.fe_public) + "\n  </frontend>\n";
  x += "  " + element("compute", {{"count", std::to_string(c.computes.size())}}, false) + "\n";
  for (const auto& n : c.computes) {
    x += "    " +
         element("node", {{"cpus", std::to_string(n.cpus)}, {"gw", c.fe_private.ip.str()}, {"name", n.name}}, false) +
         "\n";
    x += "      " + nic_element(n.private_nic) + "\n    </node>\n";
  }
  x += "  </compute>\n";
  return x + tail(c, c.fe_name, c.fe_key_base64, c.fe_host_keys);
}

std::string render_compute_vcout(const ClusterSpec& c, const ComputeSpec& n) {
  std::string x = "<?xml version=\"1.0\" ?>\n<vc>\n";
  x += "  " + element("frontend", {{"fqdn", c.fqdn}}, true) + "\n";
  x += "  " + element("compute", {{"gw", c.fe_private.ip.str()}, {"name", n.name}}, false) + "\n";
  x += "    " + nic_element(n.private_nic) + "\n  </compute>\n";
  return x + tail(c, n.name, n.key_base64, n.host_keys);
}

SeedFiles render_frontend_nocloud(const ClusterSpec& c) {
  std::string net = "network:\n  version: 2\n  ethernets:\n";
  net += v2_ethernet(c.fe_private, "eth0", "", c);
  net += v2_ethernet(c.fe_public, "eth1", c.fe_gw.str(), c);
  return {{"meta-data", meta_data(c, c.fe_name)},
          {"user-data", user_data(c, c.fe_name, c.fqdn, c.fe_name, c.fe_key_base64, nullptr, c.fe_host_keys)},
          {"network-config", net}};
}

SeedFiles render_compute_nocloud(const ClusterSpec& c, const ComputeSpec& n) {
  std::string net = "network:\n  version: 2\n  ethernets:\n";
  net += v2_ethernet(n.private_nic, "eth0", c.fe_private.ip.str(), c);
  return {{"meta-data", meta_data(c, n.name)},
          {"user-data", user_data(c, n.name, n.name + ".local", n.name, n.key_base64, &n, n.host_keys)},
          {"network-config", net}};
}

}  // namespace vc::host
