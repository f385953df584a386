// The Rocks frontend table: dynip's fixFrontend (pragma.md §B.2, rows 3-15)
// in order, as Rocks commands and file edits. Differences are in each row's text.
#include <string>

#include "distro/rocks_internal.h"
#include "distro/sge.h"

namespace vc::distro::rocks {
namespace {

std::string join(const std::vector<netconf::IpAddress>& ips, const char* sep) {
  std::string out;
  for (const auto& ip : ips) out += (out.empty() ? "" : sep) + ip.str();
  return out;
}

void attrs(const Ctx& c, Plan& plan) {
  const auto* pub = c.nic("public");
  const auto* priv = c.nic("private");
  std::vector<std::pair<std::string, std::string>> a;
  a.push_back({"Kickstart_PublicHostname", c.m.fqdn});
  if (pub) {
    a.push_back({"Kickstart_PublicAddress", pub->ip});
    a.push_back({"Kickstart_PublicBroadcast", pub->broadcast});
    a.push_back({"Kickstart_PublicNetwork", pub->subnet});
    a.push_back({"Kickstart_PublicNetmask", pub->netmask});
    a.push_back({"Kickstart_PublicInterface", pub->iface});
  }
  if (c.m.gateway) a.push_back({"Kickstart_PublicGateway", c.m.gateway->str()});
  a.push_back({"Kickstart_PublicDNSDomain", c.domain});
  if (!c.m.dns.empty()) a.push_back({"Kickstart_PublicDNSServers", join(c.m.dns, ",")});
  a.push_back({"Kickstart_PrivateHostname", c.m.name});
  a.push_back({"Info_ClusterName", c.m.name});
  if (priv) {  // dynip never updated these (pragma.md (d) 14)
    a.push_back({"Kickstart_PrivateAddress", priv->ip});
    a.push_back({"Kickstart_PrivateBroadcast", priv->broadcast});
    a.push_back({"Kickstart_PrivateNetwork", priv->subnet});
    a.push_back({"Kickstart_PrivateNetmask", priv->netmask});
    a.push_back({"Kickstart_PrivateInterface", priv->iface});
  }
  for (auto& [k, v] : a)
    if (!v.empty()) plan.commands.push_back(rocks_cmd({"set", "attr", k, v}, "rocks-attrs", "rocks: attribute " + k));
}

void host_name(const Ctx& c, Plan& plan) {
  if (c.old_name.empty() || c.old_name == c.m.name) return;
  plan.commands.push_back(rocks_cmd({"set", "host", "name", c.old_name, c.m.name}, "rocks-host-name",
                                    "rocks: the frontend's host record is renamed " + c.old_name + " → " + c.m.name));
}

void networks(const Ctx& c, Plan& plan) {
  const std::string step = "rocks-networks";
  for (const auto& n : c.nics) {
    plan.commands.push_back(rocks_cmd({"add", "network", n.network, "subnet=" + n.subnet, "netmask=" + n.netmask}, step,
                                      "rocks: network " + n.network + " exists"));
    plan.commands.push_back(rocks_cmd({"set", "network", "subnet", n.network, n.subnet}, step, "rocks: " + n.network + " subnet"));
    plan.commands.push_back(rocks_cmd({"set", "network", "netmask", n.network, n.netmask}, step, "rocks: " + n.network + " netmask"));
    // dynip ignored the input's MTU (pragma.md (d) 15).
    plan.commands.push_back(rocks_cmd({"set", "network", "mtu", n.network, std::to_string(n.mtu)}, step,
                                      "rocks: " + n.network + " MTU from the input"));
  }
  const auto* pub = c.nic("public");
  const auto* priv = c.nic("private");
  if (!pub || !c.m.gateway) return;
  const std::string gw = c.m.gateway->str();
  if (!c.domain.empty() && c.domain != c.old_domain)
    plan.commands.push_back(rocks_cmd({"set", "network", "zone", "public", c.domain}, step, "rocks: public DNS zone"));
  // The host is renamed above, so its old default route is found under the new name
  // (dynip asked for the old name after renaming it).
  plan.commands.push_back(rocks_cmd({"remove", "host", "route", c.m.name, "address=0.0.0.0"}, step, "rocks: old default route"));
  plan.commands.push_back(rocks_cmd({"add", "host", "route", c.m.name, "0.0.0.0", gw, "netmask=0.0.0.0"}, step,
                                    "rocks: the frontend's default route"));
  plan.commands.push_back(rocks_cmd({"remove", "route", "0.0.0.0"}, step, "rocks: old global default route"));
  plan.commands.push_back(rocks_cmd({"add", "route", "0.0.0.0", gw, "netmask=0.0.0.0"}, step, "rocks: global default route"));
  if (!c.old_public_ip.empty() && c.old_public_ip != pub->ip)
    plan.commands.push_back(rocks_cmd({"remove", "route", c.old_public_ip}, step, "rocks: route to the old public address"));
  if (priv)
    plan.commands.push_back(rocks_cmd({"add", "route", pub->ip, priv->ip, "netmask=255.255.255.255"}, step,
                                      "rocks: computes reach the public address through the private one"));
}

void interfaces(const Ctx& c, Plan& plan) {
  const std::string step = "rocks-interfaces";
  const std::string& h = c.m.name;
  for (const auto& n : c.nics) {
    if (n.iface.empty()) continue;  // dynip wrote records for iface "None" (pragma.md (d) 15)
    plan.commands.push_back(rocks_cmd({"add", "host", "interface", h, n.iface}, step, "rocks: " + n.iface + " exists"));
    plan.commands.push_back(rocks_cmd({"set", "host", "interface", "subnet", h, n.iface, n.network}, step, "rocks: " + n.iface + " network"));
    plan.commands.push_back(rocks_cmd({"set", "host", "interface", "ip", h, n.iface, n.ip}, step, "rocks: " + n.iface + " address"));
    plan.commands.push_back(rocks_cmd({"set", "host", "interface", "name", h, n.iface, h}, step, "rocks: " + n.iface + " host name"));
    if (!n.mac.empty())
      plan.commands.push_back(rocks_cmd({"set", "host", "interface", "mac", h, n.iface, n.mac}, step, "rocks: " + n.iface + " MAC"));
  }
}

void dns(const Ctx&, Plan& plan) {
  plan.commands.push_back(rocks_cmd({"sync", "dns"}, "rocks-dns", "rocks: named zones from the database"));
}

// dhcpd.conf and the firewall come from the database. ifcfg-*, sysconfig/network,
// routes, /etc/hosts and resolv.conf are vc-agent's own early-phase files (with
// the MTU and no ifcfg-None), so those `rocks report` pipelines are not run.
void regenerate(const Ctx&, Plan& plan) {
  for (const char* what : {"dhcpd", "firewall"}) {
    auto cmd = rocks_cmd({"report", "host", what, "localhost"}, "rocks-regenerate",
                         std::string("rocks: ") + what + " configuration from the database");
    cmd.ok_if_output.clear();
    cmd.pipe_to = {{kRocks, "report", "script"}, {"/bin/bash"}};
    plan.commands.push_back(std::move(cmd));
  }
}

void yum(const Ctx& c, Plan& plan) {
  const auto* pub = c.nic("public");
  const std::string path = "/etc/yum.repos.d/rocks-local.repo";
  auto text = c.root.read(path);
  if (!text || !pub || c.old_public_ip.empty()) return;
  auto next = replace_word(*text, c.old_public_ip, pub->ip);
  if (next != *text) plan.files.push_back(file_write(path, next, 0644, "rocks: local repository at the new public address"));
}

void postfix(const Ctx& c, Plan& plan) {
  auto main_cf = c.root.read("/etc/postfix/main.cf");
  if (!main_cf) return;
  const std::string why = "rocks: mail for the new domain";
  if (!c.old_domain.empty() && !c.domain.empty()) {
    // The fqdn first (myhostname), then the domain, as dynip's sed did.
    auto next = replace_word(replace_word(*main_cf, c.old_fqdn, c.m.fqdn), c.old_domain, c.domain);
    if (next != *main_cf) plan.files.push_back(file_write("/etc/postfix/main.cf", next, 0644, why));
  }
  plan.files.push_back(file_write("/etc/postfix/sender-canonical", "@local @" + c.m.fqdn + "\n", 0644, why));
  plan.files.push_back(file_write("/etc/postfix/recipient-canonical", "root@" + c.domain + " root\n", 0644, why));
  for (const char* map : {"/etc/postfix/sender-canonical", "/etc/postfix/recipient-canonical"}) {
    PlannedCommand pm;
    pm.argv = {"postmap", map};
    pm.step = "rocks-postfix";
    pm.reason = why;
    plan.commands.push_back(std::move(pm));
  }
  plan.commands.push_back(systemctl("restart", "postfix", "rocks-postfix", why));
}

void nfs(const Ctx& c, Plan& plan) {
  const auto* priv = c.nic("private");
  if (!priv || !c.root.exists("/etc/exports")) return;
  // The private network, as before 2017 (HEAD passed the public one: pragma.md (d) 13).
  plan.files.push_back(file_write("/etc/exports",
                                  "/export " + priv->ip + "(rw,async,no_root_squash) " + priv->subnet + "/" +
                                      priv->netmask + "(rw,async)\n",
                                  0644, "rocks: /export shared with the private network"));
  PlannedCommand ex;
  ex.argv = {"exportfs", "-a"};
  ex.step = "rocks-nfs";
  ex.reason = "rocks: the NFS server exports the new table";
  plan.commands.push_back(std::move(ex));
}

void autofs(const Ctx& c, Plan& plan) {
  if (c.old_name.empty() || c.old_name == c.m.name) return;
  for (const char* p : {"/etc/auto.share", "/etc/auto.home"}) {
    auto text = c.root.read(p);
    if (!text) continue;
    auto next = replace_word(*text, c.old_name + ".local", c.m.name + ".local");
    if (next != *text) plan.files.push_back(file_write(p, next, 0644, "rocks: automounts from the renamed frontend"));
  }
}

void four11(const Ctx& c, Plan& plan) {
  const auto* priv = c.nic("private");
  if (!priv || !c.root.exists("/etc/httpd/conf.d/411.conf")) return;
  const std::string& ip = priv->ip;
  plan.files.push_back(file_write(
      "/etc/httpd/conf.d/411.conf",
      "#\n# 411 Specific Apache configuration.\n# Written by vc-agent (Rocks 411.xml layout).\n#\n\nListen 372\n"
      "NameVirtualHost " + ip + ":372\n\n<VirtualHost " + ip + ":372>\nAlias /411.d/ \"/etc/411.d/\"\n"
      "Alias /411.d \"/etc/411.d\"\n\n<Directory /etc/411.d>\n\tOptions Indexes MultiViews\n\tIndexOptions FancyIndexing\n\n"
      "\tAllowOverride None\n\tOrder deny,allow\n\tAllow from " + priv->subnet + "/" + priv->netmask +
          "\n\tAllow from 127.0.0.1\n\tDeny from all\n</Directory>\n</VirtualHost>\n",
      0644, "rocks: 411 served on the new private address"));
}

void httpd(const Ctx& c, Plan& plan) {
  const std::string path = "/etc/httpd/conf.d/rocks.conf";
  auto text = c.root.read(path);
  if (!text) return;
  if (auto next = replace_lines(*text, "ServerName ", "ServerName " + c.m.fqdn); next && *next != *text)
    plan.files.push_back(file_write(path, *next, 0644, "rocks: httpd ServerName"));
  plan.commands.push_back(systemctl("restart", "httpd", "rocks-httpd", "rocks: httpd reads the new names"));
}

void ganglia(const Ctx& c, Plan& plan) {
  const std::string path = "/etc/ganglia/gmetad.conf";
  auto text = c.root.read(path);
  if (!text) return;
  if (auto next = replace_lines(*text, "data_source ", "data_source \"" + c.m.name + "\" localhost:8649"); next && *next != *text)
    plan.files.push_back(file_write(path, *next, 0644, "rocks: ganglia cluster name"));
  auto gmond = rocks_cmd({"report", "host", "ganglia", "gmond", "localhost"}, "rocks-ganglia", "rocks: gmond.conf from the database");
  gmond.ok_if_output.clear();
  gmond.stdout_to = "/etc/ganglia/gmond.conf";
  plan.commands.push_back(std::move(gmond));
  plan.commands.push_back(systemctl("restart", "gmond", "rocks-ganglia", "rocks: ganglia reads the new names"));
  plan.commands.push_back(systemctl("restart", "gmetad", "rocks-ganglia", "rocks: ganglia reads the new names"));
}

// Only computes that left are removed (dynip removed and re-added them all,
// and gave G0 nodes no interfaces: pragma.md (d) 16).
void computes(const Ctx& c, Plan& plan) {
  const std::string step = "rocks-computes";
  std::vector<std::string> keep;
  for (const auto& n : c.m.computes) keep.push_back(n.name);
  auto prune = rocks_cmd({"list", "host", "compute"}, step, "rocks: compute records no longer in the cluster are removed");
  prune.prune_keep = keep;
  prune.prune_each = {kRocks, "remove", "host"};
  // The runner applies these to each `rocks remove host NAME` as well: a host
  // a partial earlier run removed already is done.
  prune.ok_if_output = rocks_cmd({"remove", "host"}, step, "").ok_if_output;
  plan.commands.push_back(std::move(prune));
  int rank = 0;
  for (const auto& n : c.m.computes) {
    const std::string cpus = std::to_string(std::max(n.cpus, 1));
    plan.commands.push_back(rocks_cmd({"add", "host", n.name, "cpus=" + cpus, "membership=compute", "os=linux", "rack=0",
                                       "rank=" + std::to_string(rank++)},
                                      step, "rocks: compute " + n.name));
    plan.commands.push_back(rocks_cmd({"set", "host", "cpus", n.name, "cpus=" + cpus}, step, "rocks: " + n.name + " cpus"));
    int other = 1;
    for (const auto& nic : n.nics) {
      const std::string iface = nic.network == "private" ? "eth0" : "eth" + std::to_string(other++);
      plan.commands.push_back(rocks_cmd({"add", "host", "interface", n.name, iface, "ip=" + nic.ip.str(), "subnet=" + nic.network},
                                        step, "rocks: " + n.name + " " + iface));
      plan.commands.push_back(rocks_cmd({"set", "host", "interface", "ip", n.name, iface, nic.ip.str()}, step,
                                        "rocks: " + n.name + " " + iface + " address"));
      if (!nic.mac.empty())
        plan.commands.push_back(rocks_cmd({"set", "host", "interface", "mac", n.name, iface, nic.mac}, step,
                                          "rocks: " + n.name + " " + iface + " MAC"));
    }
    plan.commands.push_back(rocks_cmd({"set", "host", "boot", n.name, "action=os"}, step, "rocks: boot " + n.name + " from disk"));
  }
}

void sync_config(const Ctx&, Plan& plan) {
  plan.commands.push_back(rocks_cmd({"sync", "config"}, "rocks-sync", "rocks: every generated file from the database"));
}

// dynip fixFrontend, in its order. Rows with nullptr are done elsewhere.
const Step kFrontend[] = {
    {"ssh-key", "0: root's key: core (appended once, .ssh created)", nullptr},
    {"rocks-attrs", "3: Kickstart_Public* and Kickstart_Private* (dynip left Private* stale)", attrs},
    {"rocks-host-name", "4: rocks set host name <old> <new>", host_name},
    {"rocks-networks", "4: networks (with MTU), public zone, routes", networks},
    {"rocks-interfaces", "4: the frontend's interface records (never 'None')", interfaces},
    {"resolv", "5: /etc/resolv.conf: core writes it in /etc (dynip wrote ./resolve.conf)", nullptr},
    {"rocks-dns", "5: rocks sync dns", dns},
    {"rocks-regenerate", "5: dhcpd and firewall from the database; NIC files are vc-agent's", regenerate},
    {"rocks-yum", "6: rocks-local.repo to the new public address", yum},
    {"rocks-postfix", "7: postfix domain and canonical maps", postfix},
    {"rocks-nfs", "8: /etc/exports on the private network (dynip: public)", nfs},
    {"rocks-autofs", "9: auto.share / auto.home", autofs},
    {"rocks-411", "10: 411.conf on the private address", four11},
    {"rocks-httpd", "11: httpd ServerName", httpd},
    {"rocks-ganglia", "12: gmetad data_source, gmond.conf", ganglia},
    {"sge", "13: SGE: distro/sge.cpp edits the cell in place (no rm -rf, no pkill -9)", nullptr},
    {"rocks-computes", "14: compute host records", computes},
    {"rocks-sync", "15: rocks sync config", sync_config},
};

}  // namespace

void plan_frontend(const Ctx& c, Plan& plan) {
  for (const auto& s : kFrontend) {
    if (!s.plan) continue;
    const auto first = plan.commands.size();
    s.plan(c, plan);
    for (auto i = first; i < plan.commands.size(); ++i) plan.commands[i].phase = Phase::Late;
  }
}

}  // namespace vc::distro::rocks
