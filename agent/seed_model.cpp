#include "agent/seed_model.h"

#include <yaml-cpp/yaml.h>

#include <algorithm>

namespace vc {
namespace {

std::string first_label(const std::string& s) { return s.substr(0, s.find('.')); }

bool is_default(const netconf::Route& r) { return r.prefix == 0 && r.via && r.to.family == netconf::IpFamily::V4; }

// The IPv4 default gateway and the interface that carries it ("" for a global route).
std::optional<std::pair<netconf::IpAddress, std::string>> default_gateway(const netconf::NetworkState& s) {
  for (const auto& i : s.interfaces) {
    for (const auto& sn : i.subnets) {
      if (sn.gateway && sn.gateway->family == netconf::IpFamily::V4) return std::pair{*sn.gateway, i.name};
      for (const auto& r : sn.routes)
        if (is_default(r)) return std::pair{*r.via, i.name};
    }
    for (const auto& r : i.routes)
      if (is_default(r)) return std::pair{*r.via, i.name};
  }
  for (const auto& r : s.routes)
    if (is_default(r)) return std::pair{*r.via, std::string()};
  return std::nullopt;
}

void add_dns(std::vector<netconf::IpAddress>& out, const std::vector<netconf::IpAddress>& more) {
  for (const auto& ip : more)
    if (std::find(out.begin(), out.end(), ip) == out.end()) out.push_back(ip);
}

std::string network_name(const VcCluster* c, const std::string& ifname, const std::string& gw_if) {
  if (c)
    for (const auto& [n, net] : c->networks)
      if (n == ifname) return net;
  return ifname == gw_if ? "public" : "private";
}

void nics_from_network(Model& m, const netconf::NetworkState& s, const VcCluster* c, const SeedInput& in) {
  auto gw = default_gateway(s);
  if (gw) m.gateway = gw->first;
  std::string gw_if = gw ? gw->second : "";
  if (!gw)
    for (const auto& i : s.interfaces)
      if (gw_if.empty() && in.dhcp_addresses.count(i.name)) gw_if = i.name;  // its lease brings the route
  for (const auto& i : s.interfaces) {
    const auto add_nic = [&](const netconf::IpAddress& ip, int prefix) {
      Nic n;
      n.network = network_name(c, i.name, gw_if);
      n.ip = ip;
      n.prefix = prefix;
      n.mac = i.mac;
      n.mtu = i.mtu.value_or(1500);
      m.nics.push_back(std::move(n));
    };
    if (auto d = in.dhcp_addresses.find(i.name); d != in.dhcp_addresses.end()) {
      add_nic(d->second.first, d->second.second);
    } else {
      for (const auto& sn : i.subnets) {
        if (sn.kind == netconf::SubnetKind::Static && sn.address && sn.address->ip.family == netconf::IpFamily::V4) {
          add_nic(sn.address->ip, sn.address->prefix);
          break;
        }
      }
    }
    add_dns(m.dns, i.dns);
    for (const auto& sn : i.subnets) add_dns(m.dns, sn.dns);
  }
  add_dns(m.dns, s.dns);
}

void keys(Model& m, const SeedInput& in) {
  const CloudConfig& cc = in.config;
  // cloud-init's default disable_root is true: the listed keys are for a default
  // user, which vc-agent does not manage. Say so instead of dropping them quietly.
  const bool root_ok = cc.disable_root.has_value() && !*cc.disable_root;
  std::vector<SshKey> listed = cc.ssh_authorized_keys;
  listed.insert(listed.end(), in.meta.public_keys.begin(), in.meta.public_keys.end());
  if (root_ok) m.ssh_keys = listed;
  else if (!listed.empty())
    m.warnings.push_back(in.where + ": " + std::to_string(listed.size()) +
                         " SSH key(s) not given to root: disable_root is not false (cloud-init's default is "
                         "true); vc-agent manages root's keys only");
  m.ssh_keys.insert(m.ssh_keys.end(), cc.root_user_keys.begin(), cc.root_user_keys.end());
}

// ssh_keys: installed as <hostkeys> are. cloud-init then generates nothing, so
// the given types are the node's only host keys and ssh_genkeytypes is unused.
void host_keys(Model& m, const CloudConfig& cc, const std::string& where) {
  if (cc.host_keys.empty()) return;
  m.host_keys = cc.host_keys;
  if (cc.ssh_deletekeys && !*cc.ssh_deletekeys) {
    m.warnings.push_back(where + ": ssh_deletekeys is false: the image's host keys are kept and ssh_keys is not installed");
    return;
  }
  if (cc.ssh_genkeytypes)
    m.warnings.push_back(where + ": ssh_genkeytypes is not used when ssh_keys gives the host keys (as in cloud-init)");
  m.ssh_genkeytypes.emplace();
  for (const auto& k : cc.host_keys) m.ssh_genkeytypes->push_back(k.type);
}

}  // namespace

Model model_from_seed(SeedInput in) {
  Model m;
  const CloudConfig& cc = in.config;
  const VcCluster* cluster = cc.cluster ? &*cc.cluster : nullptr;
  m.source = in.kind + ":" + in.where;
  m.generation = VcOutGeneration::G1;
  m.role = cluster ? cluster->role : in.role_override.value_or(Role::Frontend);
  if (in.role_override) m.role = *in.role_override;
  m.instance_id = in.meta.instance_id;
  m.warnings = in.meta.warnings;
  m.warnings.insert(m.warnings.end(), cc.warnings.begin(), cc.warnings.end());

  const std::string host = cc.hostname.value_or(in.meta.local_hostname.value_or(""));
  m.name = first_label(host);
  if (cc.fqdn) m.fqdn = *cc.fqdn;
  else if (host.find('.') != std::string::npos) m.fqdn = host;
  if (m.role == Role::Compute) {
    // A compute is <name>.local (vc-out rule); the frontend is named in vc_cluster.
    if (cluster) {
      m.fe_fqdn = cluster->frontend_fqdn;
      m.fe_name = first_label(m.fe_fqdn);
    }
    m.fqdn.clear();
  } else if (cluster) {
    m.computes = cluster->computes;
  }
  // On a plain seed cloud-init's own switch decides the static hostname; a vc-host
  // seed follows the vc-out rules (frontend: fqdn, compute: <name>.local).
  if (!cluster && cc.prefer_fqdn_over_hostname && !m.name.empty())
    m.static_hostname = *cc.prefer_fqdn_over_hostname && !m.fqdn.empty() ? m.fqdn : m.name;

  if (in.network) {
    nics_from_network(m, *in.network, cluster, in);
    m.network = std::move(in.network);
  } else {
    m.manage_network = false;
    m.warnings.push_back(in.where + ": no network configuration: the image's network files are left as they are");
  }
  keys(m, in);
  m.report = cc.report;
  if (m.report && m.report->node.empty()) m.report->node = m.name;
  if (cc.manage_etc_hosts) m.manage_etc_hosts = *cc.manage_etc_hosts;
  m.ssh_deletekeys = cc.ssh_deletekeys;
  m.ssh_genkeytypes = cc.ssh_genkeytypes;
  host_keys(m, cc, in.where);
  return m;
}

bool network_config_disabled(std::string_view text) {
  try {
    YAML::Node n = YAML::Load(std::string(text));
    if (n.IsMap() && n["network"] && n["network"].IsMap()) n = n["network"];
    return n.IsMap() && n["config"] && n["config"].IsScalar() && n["config"].Scalar() == "disabled";
  } catch (const YAML::Exception&) {
    return false;
  }
}

std::string seed_bytes(std::initializer_list<const std::optional<std::string>*> files) {
  std::string out;
  for (const auto* f : files) {
    const std::string text = f->value_or("");
    out += std::to_string(f->has_value() ? text.size() : 0) + (f->has_value() ? ":" : "-") + text;
  }
  return out;
}

}  // namespace vc
