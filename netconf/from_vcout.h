#pragma once
// vc-out NICs → NetworkState. Pure: the kernel's MAC → name table comes in as
// a value (read from <root>/sys/class/net by agent/links.cpp).
#include <map>
#include <string>

#include "agent/model.h"
#include "netconf/network_state.h"

namespace vc::netconf {

struct LinkTable {
  bool available = false;                    // false: no /sys/class/net (offline image)
  std::map<std::string, std::string> by_mac;  // normalised MAC → kernel name
};

// Names: every NIC gets its positional name (private → eth0, public → eth1,
// others eth2… in document order), as vc-out-parser v1 and dynip R6 did; a
// NIC found by MAC is renamed to it (live and at boot). A NIC whose MAC the
// kernel does not have (or that has none) gets a warning.
// The gateway goes on the NIC whose subnet holds it; every other NIC gets
// default_route = false. DNS: model.dns, search "local".
NetworkState from_vcout(const Model& model, const LinkTable& links, std::vector<std::string>* warnings);

}  // namespace vc::netconf
