// The Rocks compute table: dynip's fixCompute (pragma.md §B.2, compute phase 1;
// phase 2, SGE, is distro/sge.cpp). Every row is a file edit in the early phase.
#include <string>

#include "distro/rocks_internal.h"
#include "distro/sge.h"

namespace vc::distro::rocks {
namespace {

// The frontend runs the cluster's DNS (named knows every compute), so it comes
// first; the input's servers follow as a fallback (dynip listed only the FE).
void resolver(const Ctx& c, Plan& plan) {
  if (!c.m.gateway) return;
  for (auto& f : plan.files) {
    if (f.path != "/etc/resolv.conf" || f.op != FileChange::Op::Write) continue;
    std::string text = "search local\nnameserver " + c.m.gateway->str() + "\n";
    for (const auto& d : c.m.dns)
      if (d != *c.m.gateway) text += "nameserver " + d.str() + "\n";
    f.content = std::move(text);
    f.reason = "resolver: a Rocks compute asks the frontend first (dynip)";
  }
}

// dynip hard-coded eth0 (pragma.md (d) 15).
void static_routes(const Ctx& c, Plan& plan) {
  const auto* priv = c.nic("private");
  if (!priv || priv->iface.empty() || !c.root.is_dir("/etc/sysconfig")) return;
  plan.files.push_back(file_write("/etc/sysconfig/static-routes",
                                  "any net 224.0.0.0 netmask 255.255.255.0 dev " + priv->iface +
                                      "\nany host 255.255.255.255 dev " + priv->iface + "\n",
                                  0644, "rocks: multicast and broadcast on the private interface"));
}

void yum(const Ctx& c, Plan& plan) {
  const std::string path = "/etc/yum.repos.d/rocks-local.repo";
  auto text = c.root.read(path);
  if (!text || !c.m.gateway) return;
  auto next = replace_lines(*text, "baseurl=", "baseurl=http://" + c.m.gateway->str() + "/install/rocks-dist/x86_64");
  if (next && *next != *text) plan.files.push_back(file_write(path, *next, 0644, "rocks: the frontend's repository"));
}

void database_host(const Ctx& c, Plan& plan) {
  const std::string fe = c.m.fe_name.empty() ? c.m.fe_fqdn.substr(0, c.m.fe_fqdn.find('.')) : c.m.fe_name;
  if (fe.empty()) return;
  for (const char* py : {"python2.7", "python2.6"}) {
    const std::string path = std::string("/opt/rocks/lib/") + py + "/site-packages/rocks/__init__.py";
    auto text = c.root.read(path);
    if (!text) continue;
    // Only the assignment changes (dynip cut the file at DatabaseHost).
    if (auto next = replace_lines(*text, "DatabaseHost", "DatabaseHost = \"" + fe + "\""); next && *next != *text)
      plan.files.push_back(file_write(path, *next, 0644, "rocks: the database is on the frontend"));
  }
}

const Step kCompute[] = {
    {"ssh-key", "authorized_keys: core", nullptr},
    {"ifcfg", "ifcfg per NIC: core renderer (MTU from the input; a NIC not found is skipped, never ifcfg-None)", nullptr},
    {"rocks-resolver", "resolv.conf: the frontend first", resolver},
    {"hosts", "/etc/hosts, sysconfig/network: core", nullptr},
    {"rocks-static-routes", "static-routes on the private interface", static_routes},
    {"shosts", "/etc/ssh/shosts.equiv: distro/ssh_hostkeys.cpp", nullptr},
    {"rocks-yum", "rocks-local.repo baseurl from the frontend", yum},
    {"rocks-database-host", "DatabaseHost in rocks/__init__.py", database_host},
    {"sge", "phase 2, SGE execd: distro/sge.cpp", nullptr},
};

}  // namespace

void plan_compute(const Ctx& c, Plan& plan) {
  for (const auto& s : kCompute)
    if (s.plan) s.plan(c, plan);
}

}  // namespace vc::distro::rocks
