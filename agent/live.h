#pragma once
// Live actions: changes to the running system that are not files.
#include <iosfwd>
#include <string>
#include <vector>

#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc {

// Drops actions that would change nothing (hostname already set) and expands
// ConfigureNetwork, against the kernel's links, into one NetworkStep action per
// live step (none when the kernel already matches). What live apply leaves out
// (DHCP, bonds, missing NICs) is added to *warnings. Throws EnvError when the
// kernel cannot be read.
std::vector<LiveAction> pending_live_actions(const std::vector<LiveAction>& actions,
                                             std::vector<std::string>* warnings = nullptr);
// Throws ApplyError on failure.
void run_live_actions(const std::vector<LiveAction>& actions);
std::string describe(const LiveAction& a);

// Every boot after the first: rename the NICs recorded in <root>/var/lib/vc-agent/nic-names
// back to their names (nothing else). Returns the steps carried out; throws
// InputError for a damaged file, ApplyError when a rename fails.
std::vector<std::string> reassert_nic_names(const RootView& root);

}  // namespace vc
