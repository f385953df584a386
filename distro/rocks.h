#pragma once
// Rocks (dynip parity, pragma.md §B.2): the frontend and compute tables of
// ordered steps, with dynip's known bugs (pragma.md (d) 12-19) fixed. Files
// are early-phase FileChanges; `rocks` commands and service restarts are
// late-phase Commands. Offline the Rocks database cannot be asked for the old
// values, so they are read from the files the early phase is about to replace.
#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"
#include "distro/distro.h"
#include "netconf/network_state.h"

namespace vc::distro {

// No-op unless the root is a Rocks image (/etc/rocks-release and /opt/rocks/bin/rocks).
// `net` gives each input NIC its interface name.
void plan_rocks(const Model& m, const DistroFacts& f, const netconf::NetworkState& net, const RootView& root,
                Plan& plan);

}  // namespace vc::distro
