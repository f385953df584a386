#pragma once
// The MAC → name map the agent re-asserts at every boot. udev applies our .link
// files only when it runs (not in containers) and cannot swap two kernel names
// (eth0 ⇄ eth1: checklist 21), so the early unit renames the NICs itself, before
// the network service reads files that name them.
#include <stdexcept>
#include <string>
#include <vector>

#include "netconf/live_apply.h"
#include "netconf/network_state.h"

namespace vc::netconf {

inline constexpr const char* kNicNamesPath = "/var/lib/vc-agent/nic-names";

// "52:54:00:aa:00:01 eth0\n" per Ethernet NIC with a MAC; empty when there is none.
std::string render_nic_names(const NetworkState& state);

struct NicNamesError : std::invalid_argument {
  NicNamesError(int line_no, const std::string& what) : std::invalid_argument(what), line(line_no) {}
  int line;
};

// The file back as a state of bare NICs (name and MAC, nothing to configure).
// Throws NicNamesError for a malformed entry.
NetworkState parse_nic_names(const std::string& text);

// Only the renames of `plan` (and the link-downs they need, with a link-up
// after for each link that was taken down): nothing else of the kernel changes.
LivePlan renames_only(const LivePlan& plan);

}  // namespace vc::netconf
