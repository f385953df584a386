#pragma once
// What a renderer's backend has no key for, one warning per setting and
// interface. The renderers write their files without it; these name the loss,
// so it is never silent. Pure, like the renderers.
#include <string>
#include <vector>

#include "netconf/network_state.h"
#include "netconf/render.h"

namespace vc::netconf {

std::vector<std::string> ifcfg_gaps(const NetworkState& state, IfcfgFlavor flavor);
std::vector<std::string> eni_gaps(const NetworkState& state);

}  // namespace vc::netconf
