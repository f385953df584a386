#pragma once
// Network files left by other tools (cloud-init, the image's installer) that
// would configure the same NICs as ours and fight them at the next boot: a
// netplan file giving eth0 DHCP merges with ours, an ENI drop-in re-declares
// the interface, a second NM profile for the MAC competes for the device.
// Planning only: reads through RootView, returns what to remove and why.
#include <string>
#include <vector>

#include "agent/root_view.h"
#include "netconf/network_state.h"

namespace vc::netconf {

// One directory a network stack reads, and which names in it are its files.
struct StackDir {
  std::string dir;
  std::string prefix;                 // "ifcfg-"; empty = any
  std::vector<std::string> suffixes;  // ".yaml"; empty = any
  std::vector<std::string> keep;      // never touched: "ifcfg-lo"
  std::vector<std::string> ours;      // prefixes of the names vc-agent writes here: "route-"
};

struct Conflict {
  std::string path;
  std::string reason;
};

// Every file in `stack` that is not one of `ours` and names one of the state's
// interfaces or MACs as a whole token (outside comments); and every file an
// earlier run wrote there that this one no longer does (a NIC the input has
// dropped would otherwise come back with its old address at every boot).
std::vector<Conflict> find_conflicts(const std::vector<StackDir>& stack, const NetworkState& state,
                                     const std::vector<RenderedFile>& ours, const RootView& root);

}  // namespace vc::netconf
