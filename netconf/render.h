#pragma once
// One renderer per file, each a pure function NetworkState → files (paths are
// absolute inside the target root).
#include <vector>

#include "netconf/network_state.h"

namespace vc::netconf {

enum class IfcfgFlavor { Rhel, Suse };

// /etc/sysconfig/network-scripts/ifcfg-<name> (RHEL) or /etc/sysconfig/network/ifcfg-<name> (SUSE)
std::vector<RenderedFile> render_ifcfg(const NetworkState& state, IfcfgFlavor flavor);
// /etc/network/interfaces (Debian ifupdown)
std::vector<RenderedFile> render_eni(const NetworkState& state);
// /etc/netplan/50-vc-agent.yaml (mode 0600: netplan warns on world-readable files)
std::vector<RenderedFile> render_netplan(const NetworkState& state);
// /etc/NetworkManager/system-connections/vc-agent-<name>.nmconnection (mode 0600)
std::vector<RenderedFile> render_nm(const NetworkState& state);
// /etc/systemd/network/10-vc-agent-<name>.{network,link}
std::vector<RenderedFile> render_networkd(const NetworkState& state);
// /etc/systemd/network/10-vc-agent-<name>.link for each Ethernet NIC with a MAC:
// the boot-time rename for stacks that have none of their own (ENI, NM, ifcfg)
std::vector<RenderedFile> render_link_names(const NetworkState& state);

}  // namespace vc::netconf
