#pragma once
// Live actions: changes to the running system that are not files.
#include <iosfwd>
#include <vector>

#include "agent/plan.h"

namespace vc {

// Drops actions that would change nothing (hostname already set).
std::vector<LiveAction> pending_live_actions(const std::vector<LiveAction>& actions);
// Throws ApplyError on failure.
void run_live_actions(const std::vector<LiveAction>& actions);
std::string describe(const LiveAction& a);

}  // namespace vc
