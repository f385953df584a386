#pragma once
// Reads the kernel's NICs (name and MAC) from <root>/sys/class/net.
#include "agent/root_view.h"
#include "netconf/from_vcout.h"

namespace vc {

netconf::LinkTable read_links(const RootView& root);

}  // namespace vc
