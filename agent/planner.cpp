#include "agent/planner.h"

#include "distro/identity.h"
#include "netconf/render.h"

namespace vc {
namespace {

std::vector<netconf::RenderedFile> render_network(distro::NetRenderer r, const netconf::NetworkState& s) {
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

}  // namespace

Plan make_plan(const PlanInputs& in) {
  Plan plan;
  plan.warnings = in.model.warnings;

  auto state = netconf::from_vcout(in.model, in.links, &plan.warnings);
  auto renderer = in.renderer_override.value_or(in.facts.renderer);
  for (auto& f : render_network(renderer, state)) {
    FileChange c;
    c.path = std::move(f.path);
    c.content = std::move(f.content);
    c.mode = f.mode;
    c.reason = std::string("network configuration (") + distro::renderer_name(renderer) + ")";
    plan.files.push_back(std::move(c));
  }

  distro::plan_hostname(in.model, in.facts, in.root, plan);
  distro::plan_hosts(in.model, in.root, plan);
  distro::plan_resolver(in.model, in.facts, in.root, plan);
  distro::plan_authorized_keys(in.model, in.root, plan);
  distro::plan_machinefile(in.model, plan);
  return plan;
}

}  // namespace vc
