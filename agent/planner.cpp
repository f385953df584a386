#include "agent/planner.h"

#include <memory>

#include "distro/identity.h"
#include "distro/rocks.h"
#include "distro/sge.h"
#include "distro/ssh_hostkeys.h"
#include "netconf/conflicts.h"
#include "netconf/nic_names.h"
#include "netconf/render.h"
#include "netconf/render_gaps.h"

namespace vc {
namespace {

std::vector<netconf::RenderedFile> render_stack(distro::NetRenderer r, const netconf::NetworkState& s) {
  using distro::NetRenderer;
  switch (r) {
    case NetRenderer::IfcfgRhel: return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Rhel);
    case NetRenderer::IfcfgSuse: return netconf::render_ifcfg(s, netconf::IfcfgFlavor::Suse);
    case NetRenderer::NetworkManager: return netconf::render_nm(s);
    case NetRenderer::Netplan: return netconf::render_netplan(s);
    case NetRenderer::Eni: return netconf::render_eni(s);
    case NetRenderer::Networkd: return netconf::render_networkd(s);
  }
  return {};
}

std::vector<std::string> render_gaps(distro::NetRenderer r, const netconf::NetworkState& s) {
  using distro::NetRenderer;
  switch (r) {
    case NetRenderer::IfcfgRhel: return netconf::ifcfg_gaps(s, netconf::IfcfgFlavor::Rhel);
    case NetRenderer::IfcfgSuse: return netconf::ifcfg_gaps(s, netconf::IfcfgFlavor::Suse);
    case NetRenderer::Eni: return netconf::eni_gaps(s);
    case NetRenderer::NetworkManager:
    case NetRenderer::Netplan:
    case NetRenderer::Networkd: return {};
  }
  return {};
}

// netplan (set-name) and networkd (.link) name NICs themselves; the others
// get udev .link files so the names the files use exist after a reboot.
bool names_nics_itself(distro::NetRenderer r) {
  return r == distro::NetRenderer::Netplan || r == distro::NetRenderer::Networkd;
}

std::vector<netconf::RenderedFile> render_network(distro::NetRenderer r, const netconf::NetworkState& s) {
  auto files = render_stack(r, s);
  if (!names_nics_itself(r))
    for (auto& f : netconf::render_link_names(s)) files.push_back(std::move(f));
  return files;
}

// Where each network stack reads its configuration (for find_conflicts).
std::vector<netconf::StackDir> stack_dirs(distro::NetRenderer r) {
  using distro::NetRenderer;
  const netconf::StackDir ifcfg_rhel{"/etc/sysconfig/network-scripts", "ifcfg-", {}, {"ifcfg-lo"},
                                     {"ifcfg-", "route-", "route6-", "rule-", "rule6-"}};
  // Another .link naming one of our MACs would fight our rename.
  const netconf::StackDir udev_links{"/etc/systemd/network", "", {".link"}, {}, {"10-vc-agent-"}};
  switch (r) {
    case NetRenderer::IfcfgRhel: return {ifcfg_rhel, udev_links};
    case NetRenderer::IfcfgSuse:
      return {{"/etc/sysconfig/network", "ifcfg-", {}, {"ifcfg-lo"}, {"ifcfg-", "ifroute-", "ifrule-", "ifsysctl-"}},
              udev_links};
    // NM's ifcfg-rh plugin still reads network-scripts on EL8/EL9.
    case NetRenderer::NetworkManager:
      return {{"/etc/NetworkManager/system-connections", "", {}, {}, {"vc-agent-"}}, ifcfg_rhel, udev_links};
    case NetRenderer::Netplan: return {{"/etc/netplan", "", {".yaml", ".yml"}, {}, {"50-vc-agent"}}};
    case NetRenderer::Eni: return {{"/etc/network/interfaces.d", "", {}, {}, {}}, udev_links};
    case NetRenderer::Networkd:
      return {{"/etc/systemd/network", "", {".network", ".link", ".netdev"}, {}, {"10-vc-agent-"}}};
  }
  return {};
}

}  // namespace

Plan make_plan(const PlanInputs& in) {
  Plan plan;
  plan.warnings = in.model.warnings;

  // A cloud-init source brings its own network state; a vc-out.xml its NICs.
  auto state = in.model.network ? *in.model.network : netconf::from_vcout(in.model, in.links, &plan.warnings);
  auto renderer = in.renderer_override.value_or(in.facts.renderer);
  auto rendered = in.model.manage_network ? render_network(renderer, state) : std::vector<netconf::RenderedFile>{};
  if (in.model.manage_network)
    for (auto& w : render_gaps(renderer, state)) plan.warnings.push_back(std::move(w));
  if (in.model.manage_network) {
    // Live: the same state, applied to the kernel's links by agent/live.cpp.
    LiveAction net;
    net.kind = LiveAction::Kind::ConfigureNetwork;
    net.network = std::make_shared<const netconf::NetworkState>(state);
    net.reason = "NIC names, MTU, addresses and routes without a reboot";
    plan.live.push_back(std::move(net));
  }
  const auto conflicts = in.model.manage_network ? netconf::find_conflicts(stack_dirs(renderer), state, rendered, in.root)
                                                 : std::vector<netconf::Conflict>{};
  for (const auto& c : conflicts) {
    FileChange rm;
    rm.op = FileChange::Op::Remove;
    rm.path = c.path;
    rm.reason = c.reason + " (kept in the transaction backup)";
    plan.files.push_back(std::move(rm));
  }
  for (auto& f : rendered) {
    FileChange c;
    c.path = std::move(f.path);
    c.content = std::move(f.content);
    c.mode = f.mode;
    c.reason = std::string("network configuration (") + distro::renderer_name(renderer) + ")";
    plan.files.push_back(std::move(c));
  }

  if (auto names = netconf::render_nic_names(state); !names.empty()) {
    FileChange c;
    c.path = netconf::kNicNamesPath;
    c.content = std::move(names);
    c.mode = 0644;
    c.reason = "state: NIC names by MAC, re-asserted at every boot (udev cannot swap kernel names)";
    plan.files.push_back(std::move(c));
  }

  distro::plan_hostname(in.model, in.facts, in.root, plan);
  if (in.model.manage_etc_hosts) distro::plan_hosts(in.model, in.root, plan);
  distro::plan_resolver(in.model, in.facts, in.root, plan);
  distro::plan_authorized_keys(in.model, in.root, plan);
  distro::plan_machinefile(in.model, plan);
  distro::plan_cloud_init_handoff(in.root, plan);
  // Issue 4: host keys (per instance), host-based trust, Rocks, SGE. Rocks comes
  // after the resolver (a Rocks compute asks its frontend first) and before SGE
  // (the database and `rocks sync config` first, then qconf).
  distro::plan_host_keys(in.model, in.root, plan);
  distro::plan_shosts_equiv(in.model, in.root, plan);
  distro::plan_known_hosts(in.model, in.root, plan);
  distro::plan_rocks(in.model, in.facts, state, in.root, plan);
  distro::plan_sge(in.model, in.root, plan);
  return plan;
}

}  // namespace vc
