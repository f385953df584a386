#include "netconf/render_gaps.h"

#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

std::string lease_metric_gap(const Interface& i, int metric, const char* why) {
  return i.name + ": the IPv6 DHCP/SLAAC route metric " + std::to_string(metric) + " is not written: " + why;
}

}  // namespace

std::vector<std::string> ifcfg_gaps(const NetworkState& state, IfcfgFlavor flavor) {
  std::vector<std::string> out;
  for (const Interface* i : render::sorted_interfaces(state)) {
    if (flavor == IfcfgFlavor::Suse) {
      if (const auto m = render::auto_route_metric(*i, IpFamily::V6))
        out.push_back(lease_metric_gap(*i, *m, "wicked's ifcfg has no key for it (only DHCLIENT_ROUTE_PRIORITY, IPv4)"));
      continue;
    }
    // NM's ifcfg-rh has one IPVn_ROUTE_METRIC per family for the gateway and
    // the lease alike (render_ifcfg.cpp writes the gateway's).
    for (const auto family : {IpFamily::V4, IpFamily::V6}) {
      const auto lease = render::auto_route_metric(*i, family);
      if (!lease) continue;
      for (const auto& s : i->subnets)
        if (s.kind == SubnetKind::Static && s.gateway && s.gateway->family == family && s.metric &&
            *s.metric != *lease) {
          out.push_back(i->name + ": the DHCP route metric " + std::to_string(*lease) +
                        " is not written: ifcfg has one route metric per family, and the gateway's (" +
                        std::to_string(*s.metric) + ") is kept");
          break;
        }
    }
  }
  return out;
}

std::vector<std::string> eni_gaps(const NetworkState& state) {
  std::vector<std::string> out;
  for (const Interface* i : render::sorted_interfaces(state))
    if (const auto m = render::auto_route_metric(*i, IpFamily::V6))
      out.push_back(lease_metric_gap(*i, *m, "ifupdown's inet6 dhcp and auto methods have no metric option"));
  return out;
}

}  // namespace vc::netconf
