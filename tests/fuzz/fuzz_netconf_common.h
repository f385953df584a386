#pragma once
// The stage after every network input converter: a NetworkState a converter
// accepted goes through all five renderers, which must not fail on it.
#include "netconf/network_state.h"
#include "netconf/render.h"

namespace vcfuzz {

inline void render_all(const vc::netconf::NetworkState& state) {
  using namespace vc::netconf;
  (void)render_ifcfg(state, IfcfgFlavor::Rhel);
  (void)render_ifcfg(state, IfcfgFlavor::Suse);
  (void)render_eni(state);
  (void)render_netplan(state);
  (void)render_nm(state);
  (void)render_networkd(state);
}

}  // namespace vcfuzz
