#pragma once
// v1 subnets and routes (also the shape OpenStack's network_data becomes in
// cloud-init), normalised as network_state.py's _normalize_subnet/_route do.
#include <string>

#include "netconf/inputs_util.h"
#include "netconf/network_state.h"
#include "netconf/yaml_util.h"

namespace vc::netconf {

Subnet parse_v1_subnet(const YNode& s, const std::string& iface, InputChecker& check);
// `iface` is "" for a global `type: route` command.
Route parse_v1_route(const YNode& r, const std::string& iface, InputChecker& check);

}  // namespace vc::netconf
