// SGE rows of issue 4. The old tools reinstalled the cell (dynip: rm -rf
// $SGE_ROOT/default, pkill -9, inst_sge; pragma.md (d) 18-19); here the cell is
// edited in place and the running qmaster is told through qconf argv vectors.
#include "distro/sge.h"

#include <algorithm>
#include <map>
#include <set>
#include <string_view>

#include "distro/identity.h"
#include "distro/sge_internal.h"

namespace vc::distro {
namespace {

using namespace sge_text;

constexpr const char* kStateSge = "/var/lib/vc-agent/sge";
// qconf's answers that mean "already as wanted": adding twice; listing none or
// removing what is gone (prune rows only, so a missing PE never passes as done).
const std::vector<std::string> kAdded = {"already exists"};
const std::vector<std::string> kGone = {"no execution host defined", "no submit host defined", "does not exist",
                                        "is not an"};

// What a step needs, worked out once.
struct Ctx {
  const Model& m;
  const RootView& root;
  SgeLayout sge;
  std::string fe_short, fe_host;     // "vc7", "vc7.local"
  std::string old_qmaster;           // act_qmaster as found
  std::string old_cluster;           // Rocks: the cluster is named after the FE
  std::string old_own;               // this node's recorded hostname
  std::vector<std::string> env;
};

PlannedCommand qconf(const Ctx& c, std::vector<std::string> args, std::string step, std::string reason) {
  PlannedCommand cmd;
  cmd.argv = {c.sge.qconf.empty() ? "qconf" : c.sge.qconf};
  cmd.argv.insert(cmd.argv.end(), args.begin(), args.end());
  cmd.env = c.env;
  cmd.step = std::move(step);
  cmd.reason = std::move(reason);
  cmd.ok_if_output = kAdded;
  return cmd;
}

void step_act_qmaster(const Ctx& c, Plan& plan) {
  plan.files.push_back(file_write(c.sge.common() + "/act_qmaster", c.fe_host + "\n", 0644,
                             "sge: the qmaster is the frontend's private name"));
}

void step_host_aliases(const Ctx& c, Plan& plan) {
  std::vector<SgeAlias> nodes;
  SgeAlias fe{c.fe_host, {}};
  fe.aliases.push_back(c.m.role == Role::Frontend ? c.m.fqdn : c.m.fe_fqdn);
  fe.aliases.push_back(c.fe_short);
  if (!c.old_qmaster.empty()) {
    fe.aliases.push_back(c.old_qmaster);
    fe.aliases.push_back(short_of(c.old_qmaster));
  }
  if (c.m.role == Role::Frontend && !c.old_own.empty()) {
    fe.aliases.push_back(c.old_own);
    fe.aliases.push_back(short_of(c.old_own));
  }
  nodes.push_back(std::move(fe));
  if (c.m.role == Role::Frontend) {
    for (const auto& n : c.m.computes) nodes.push_back({sge_host_name(n.name), {n.name}});
  } else {
    SgeAlias self{sge_host_name(c.m.name), {c.m.name}};
    if (!c.old_own.empty()) {
      self.aliases.push_back(c.old_own);
      self.aliases.push_back(short_of(c.old_own));
    }
    nodes.push_back(std::move(self));
  }
  const std::string path = c.sge.common() + "/host_aliases";
  plan.files.push_back(file_write(path, merge_host_aliases(c.root.read(path), std::move(nodes)), 0644,
                             "sge: every old name of a node resolves to its new one"));
}

// Rocks names the SGE cluster after the frontend (sgemaster.<fe>, sgeexecd.<fe>,
// SGE_CLUSTER_NAME); dynip renamed it with sed and reinstalled. Only then.
void step_cluster_name(const Ctx& c, Plan& plan) {
  if (c.old_cluster.empty() || c.old_cluster == c.fe_short) return;
  const std::string why = "sge: the cluster is named after the frontend: " + c.old_cluster + " → " + c.fe_short;
  const std::string common = c.sge.common();
  for (const auto& p : {common + "/cluster_name", common + "/settings.sh", common + "/settings.csh",
                        common + "/sgeexecd", common + "/sgemaster", c.sge.root + "/util/install_modules/sge_host_config.conf",
                        c.sge.root + "/util/install_modules/sge_configuration.conf"}) {
    auto text = c.root.read(p);
    if (!text) continue;
    auto next = replace_word(*text, c.old_cluster, c.fe_short);
    if (next != *text) plan.files.push_back(file_write(p, next, 0644, why));
  }
  for (const char* daemon : {"sgeexecd", "sgemaster"}) {
    const std::string old_path = std::string("/etc/init.d/") + daemon + "." + c.old_cluster;
    auto text = c.root.read(old_path);
    if (!text) continue;
    plan.files.push_back(file_write(std::string("/etc/init.d/") + daemon + "." + c.fe_short,
                               replace_word(*text, c.old_cluster, c.fe_short), 0755, why));
    FileChange rm;
    rm.op = FileChange::Op::Remove;
    rm.path = old_path;
    rm.reason = why + " (the old init script is in the backup)";
    plan.files.push_back(std::move(rm));
  }
}

// The files qconf -A/-M read: in the agent's state dir, written by the transaction.
// A queue over @allhosts with one slot per cpu (the machinefile's count), as
// `qconf -sq` prints it; used only to create all.q, never to replace one.
std::string all_q(const Model& m) {
  std::string slots = "1";
  for (const auto& n : m.computes) slots += ",[" + sge_host_name(n.name) + "=" + std::to_string(std::max(n.cpus, 1)) + "]";
  std::string q = "qname                 all.q\nhostlist              @allhosts\nseq_no                0\n"
                  "load_thresholds       np_load_avg=1.75\nsuspend_thresholds    NONE\nnsuspend              1\n"
                  "suspend_interval      00:05:00\npriority              0\nmin_cpu_interval      00:05:00\n"
                  "processors            UNDEFINED\nqtype                 BATCH INTERACTIVE\nckpt_list             NONE\n"
                  "pe_list               NONE\nrerun                 FALSE\nslots                 " + slots + "\n"
                  "tmpdir                /tmp\nshell                 /bin/sh\nprolog                NONE\n"
                  "epilog                NONE\nshell_start_mode      posix_compliant\nstarter_method        NONE\n"
                  "suspend_method        NONE\nresume_method         NONE\nterminate_method      NONE\n"
                  "notify                00:00:60\nowner_list            NONE\nuser_lists            NONE\n"
                  "xuser_lists           NONE\nsubordinate_list      NONE\ncomplex_values        NONE\n"
                  "projects              NONE\nxprojects             NONE\ncalendar              NONE\n"
                  "initial_state         default\n";
  for (const char* limit : {"rt", "cpu", "fsize", "data", "stack", "core", "rss", "vmem"})
    for (const char* sh : {"s_", "h_"}) {
      std::string key = std::string(sh) + limit;
      q += key + std::string(22 - key.size(), ' ') + "INFINITY\n";
    }
  return q;
}

void sge_state_files(const Ctx& c, Plan& plan, std::set<std::string>& wanted) {
  auto add = [&](const std::string& name, std::string content, const std::string& why) {
    wanted.insert(name);
    plan.files.push_back(file_write(std::string(kStateSge) + "/" + name, std::move(content), 0644, why));
  };
  std::string hostlist;
  for (const auto& n : c.m.computes) {
    const auto h = sge_host_name(n.name);
    hostlist += (hostlist.empty() ? "" : " ") + h;
    add("exechost-" + h,
        "hostname              " + h +
            "\nload_scaling          NONE\ncomplex_values        NONE\nuser_lists            NONE\n"
            "xuser_lists           NONE\nprojects              NONE\nxprojects             NONE\n"
            "usage_scaling         NONE\nreport_variables      NONE\n",
        "sge: exec host template for qconf -Ae");
  }
  add("allhosts", "group_name @allhosts\nhostlist " + (hostlist.empty() ? std::string("NONE") : hostlist) + "\n",
      "sge: @allhosts for qconf -Ahgrp/-Mhgrp");
  add("all.q", all_q(c.m), "sge: all.q for qconf -Aq, when the image has no queue (Debian's gridengine has none)");
  for (const auto& name : c.root.list(kStateSge)) {
    if (wanted.count(name)) continue;
    FileChange rm;
    rm.op = FileChange::Op::Remove;
    rm.path = std::string(kStateSge) + "/" + name;
    rm.reason = "sge: template of a host that is no longer in the cluster";
    plan.files.push_back(std::move(rm));
  }
}

void step_frontend_hosts(const Ctx& c, Plan& plan) {
  if (c.m.role != Role::Frontend) return;
  std::set<std::string> wanted;
  sge_state_files(c, plan, wanted);
  const std::string st = kStateSge;
  auto first = qconf(c, {"-ah", c.fe_host}, "sge-frontend", "sge: the frontend is an admin host (waits for the qmaster)");
  first.wait_seconds = 300;
  plan.commands.push_back(std::move(first));
  plan.commands.push_back(qconf(c, {"-as", c.fe_host}, "sge-frontend", "sge: the frontend is a submit host"));
  for (const auto& n : c.m.computes) {
    const auto h = sge_host_name(n.name);
    plan.commands.push_back(qconf(c, {"-ah", h}, "sge-exec-hosts", "sge: " + h + " is an admin host (execd registers)"));
    plan.commands.push_back(qconf(c, {"-as", h}, "sge-exec-hosts", "sge: " + h + " is a submit host"));
    plan.commands.push_back(qconf(c, {"-Ae", st + "/exechost-" + h}, "sge-exec-hosts", "sge: " + h + " is an exec host"));
  }
  plan.commands.push_back(qconf(c, {"-Ahgrp", st + "/allhosts"}, "sge-allhosts", "sge: @allhosts exists"));
  plan.commands.push_back(qconf(c, {"-Mhgrp", st + "/allhosts"}, "sge-allhosts", "sge: @allhosts = this cluster's computes"));
  plan.commands.push_back(qconf(c, {"-Aq", st + "/all.q"}, "sge-queue", "sge: a queue exists (an existing all.q is kept)"));
  auto attach = qconf(c, {"-aattr", "queue", "hostlist", "@allhosts", "all.q"}, "sge-queue", "sge: all.q runs on @allhosts");
  attach.ok_if_output = {"already"};
  plan.commands.push_back(std::move(attach));

  std::vector<std::string> keep;
  for (const auto& n : c.m.computes) keep.push_back(sge_host_name(n.name));
  auto exec = qconf(c, {"-sel"}, "sge-prune", "sge: exec hosts that are no longer in the cluster are removed");
  exec.ok_if_output = kGone;
  exec.prune_keep = keep;
  exec.prune_each = {exec.argv[0], "-de"};
  plan.commands.push_back(std::move(exec));
  keep.push_back(c.fe_host);
  for (const auto& n : {c.m.fqdn, c.fe_short})
    if (!n.empty()) keep.push_back(n);
  auto submit = qconf(c, {"-ss"}, "sge-prune", "sge: submit hosts that are no longer in the cluster are removed");
  submit.ok_if_output = kGone;
  submit.prune_keep = keep;
  submit.prune_each = {submit.argv[0], "-ds"};
  plan.commands.push_back(std::move(submit));
}

// The execd's unit: Rocks' init script (renamed above) or Debian's gridengine-exec.
std::string execd_service(const Ctx& c) {
  if (c.root.exists("/etc/init.d/sgeexecd." + c.old_cluster) || c.root.exists("/etc/init.d/sgeexecd." + c.fe_short))
    return "sgeexecd." + c.fe_short;
  for (const char* p : {"/lib/systemd/system/gridengine-exec.service", "/usr/lib/systemd/system/gridengine-exec.service",
                        "/etc/init.d/gridengine-exec"})
    if (c.root.exists(p)) return "gridengine-exec";
  return {};
}

void step_execd_restart(const Ctx& c, Plan& plan) {
  if (c.m.role != Role::Compute) return;
  const auto svc = execd_service(c);
  if (svc.empty()) return;
  PlannedCommand reload;
  reload.argv = {"systemctl", "daemon-reload"};
  reload.step = "sge-execd";
  reload.reason = "sge: systemd must see the renamed init script";
  if (svc != "gridengine-exec") plan.commands.push_back(std::move(reload));
  PlannedCommand restart;
  restart.argv = {"systemctl", "restart", svc};
  restart.step = "sge-execd";
  restart.reason = "sge: execd registers with the qmaster under the node's new name";
  plan.commands.push_back(std::move(restart));
}

struct Step {
  const char* id;
  const char* what;
  void (*plan)(const Ctx&, Plan&);
};

// In order. Early rows write files before gridengine starts; late rows run
// once the qmaster is up (vc-agent-late.service is ordered after it).
const Step kSteps[] = {
    {"sge-act-qmaster", "early: common/act_qmaster = <fe>.local", step_act_qmaster},
    {"sge-host-aliases", "early: common/host_aliases maps old names to new", step_host_aliases},
    {"sge-cluster-name", "early: Rocks cluster named after the FE renamed (files, init scripts)", step_cluster_name},
    {"sge-frontend", "late, FE: admin/submit; computes admin/submit/exec; @allhosts; prune", step_frontend_hosts},
    {"sge-execd", "late, compute: restart execd", step_execd_restart},
};

}  // namespace


void plan_sge(const Model& m, const RootView& root, Plan& plan) {
  auto sge = find_sge(root);
  if (!sge) return;
  Ctx c{m, root, *sge, {}, {}, {}, {}, {}, {}};
  c.fe_short = m.role == Role::Frontend ? m.name : (m.fe_name.empty() ? short_of(m.fe_fqdn) : m.fe_name);
  if (c.fe_short.empty()) {
    plan.warnings.push_back("sge: the input names no frontend; " + sge->common() + " left as it is");
    return;
  }
  c.fe_host = sge_host_name(c.fe_short);
  if (auto q = root.read(sge->common() + "/act_qmaster")) c.old_qmaster = std::string(trim(*q));
  c.old_own = recorded_hostname(root);
  // Rocks: exactly one sgemaster.<x> or sgeexecd.<x> names the old cluster (dynip
  // aborted otherwise); or a cluster_name equal to the old qmaster's short name.
  std::set<std::string> suffixes;
  for (const auto& name : root.list("/etc/init.d"))
    for (std::string_view p : {"sgeexecd.", "sgemaster."})
      if (name.starts_with(p) && name.size() > p.size()) suffixes.insert(name.substr(p.size()));
  if (suffixes.size() == 1) {
    c.old_cluster = *suffixes.begin();
  } else if (auto cn = root.read(sge->common() + "/cluster_name")) {
    if (std::string(trim(*cn)) == short_of(c.old_qmaster)) c.old_cluster = short_of(c.old_qmaster);
  }
  c.env = {"SGE_ROOT=" + sge->root, "SGE_CELL=" + sge->cell};
  for (const auto& s : kSteps) {
    const auto first = plan.commands.size();
    s.plan(c, plan);
    for (auto i = first; i < plan.commands.size(); ++i) plan.commands[i].phase = Phase::Late;
  }
}

}  // namespace vc::distro
