#pragma once
// plan(Model, DistroFacts, root) → Plan. Pure apart from reads through RootView.
#include <optional>

#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"
#include "distro/distro.h"
#include "netconf/from_vcout.h"

namespace vc {

struct PlanInputs {
  const Model& model;
  const distro::DistroFacts& facts;
  const RootView& root;
  const netconf::LinkTable& links;
  std::optional<distro::NetRenderer> renderer_override;  // --format
};

Plan make_plan(const PlanInputs& in);

}  // namespace vc
