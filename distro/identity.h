#pragma once
// Identity writers: hostname, /etc/hosts, resolver, root's SSH keys, machinefile.
// Pure: Model + facts + the current contents read through RootView → changes.
#include <optional>
#include <string>
#include <vector>

#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"
#include "distro/distro.h"

namespace vc::distro {

// Frontend: its fqdn. Compute: "<name>.local" (vc-out-parser rule).
std::string node_hostname(const Model& m);

// The cluster table (checklist 18), one "ip<TAB>names" line each, no localhost.
std::string hosts_table(const Model& m);

// /etc/hosts = admin lines kept + managed block. Outside the block, lines for
// a managed address and 127.0.1.1 are dropped, and other lines lose the managed
// names they map (dropped when none is left); the old file is in the backup. A
// 127.0.0.1 localhost line is ensured. `table` is hosts_table's
// output (canonical addresses). Merging the result again changes nothing.
// `dropped` (when given) receives each admin line that went although it named
// something the table does not: a line for an address the cluster now uses.
std::string merge_hosts(const std::optional<std::string>& current, const std::string& table,
                        std::vector<std::string>* dropped = nullptr);

// /etc/hostname (when the distro reads it or it exists), /etc/sysconfig/network
// (when it exists: HOSTNAME, GATEWAY on the frontend, other keys kept) and the
// live sethostname action.
void plan_hostname(const Model& m, const DistroFacts& f, const RootView& root, Plan& plan);

void plan_hosts(const Model& m, const RootView& root, Plan& plan);

// resolv.conf ("search local" + nameservers), or resolved.conf.d / resolvconf base.
void plan_resolver(const Model& m, const DistroFacts& f, const RootView& root, Plan& plan);

// /root/.ssh 0700, authorized_keys 0600: existing lines kept, new keys appended,
// no key twice (compared by type and blob).
void plan_authorized_keys(const Model& m, const RootView& root, Plan& plan);

// Frontend: /tmp/machinefile, each compute name repeated cpus times.
void plan_machinefile(const Model& m, Plan& plan);

}  // namespace vc::distro

namespace vc::distro {

// When cloud-init is installed in the image (/etc/cloud/cloud.cfg), tell it to
// leave the network, hostname and /etc/hosts to vc-agent: otherwise its next
// boot regenerates them from its own datasource (peers.md §4: two tools
// fighting over /etc/hosts and the NIC files).
void plan_cloud_init_handoff(const RootView& root, Plan& plan);

}  // namespace vc::distro
