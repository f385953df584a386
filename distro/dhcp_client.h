#pragma once
// The distro's DHCP client for an ephemeral lease (issue 5): the metadata service
// is reached over a NIC that has no address yet at early boot. Which client the
// image has decides the commands; the agent runs them (argv, no shell) and always
// runs `release` afterwards, so the lease does not outlive the read.
#include <optional>
#include <string>
#include <vector>

#include "agent/root_view.h"

namespace vc::distro {

struct DhcpClientCommands {
  std::string client;                // "dhclient", "dhcpcd", "udhcpc", "networkd"
  std::vector<std::string> acquire;  // blocks until a lease (or the client gives up)
  std::vector<std::string> release;  // drops the lease and the address again
};

// The first client the image has, in the order the distro families ship them:
// dhclient (Debian ≤ 12, EL ≤ 8), dhcpcd (Arch, Alpine, Debian 13), udhcpc
// (busybox), then systemd-networkd's networkctl. nullopt: none installed.
// `state_dir` holds the pid and lease files of the ephemeral lease.
std::optional<DhcpClientCommands> ephemeral_dhcp(const RootView& root, const std::string& ifname,
                                                 const std::string& state_dir);

}  // namespace vc::distro
