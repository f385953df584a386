#pragma once
// The distro's DHCP client for an ephemeral lease (issue 5): the metadata service
// is reached over a NIC that has no address yet at early boot. Which client the
// image has decides the commands; the agent runs them (argv, no shell) and always
// runs `release` afterwards, so the lease does not outlive the read.
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/root_view.h"

namespace vc::distro {

struct DhcpClientCommands {
  std::string client;                // "dhclient", "dhcpcd", "udhcpc", "networkd"
  std::vector<std::string> acquire;  // blocks until a lease (or the client gives up)
  std::vector<std::string> release;  // drops the lease and the address again
  // udhcpc keeps no lease file: the agent writes what its output says here, in a
  // form lease_dhcp_server reads, so that CloudStack finds its router. Empty: the
  // client writes its own lease file in state_dir.
  std::string lease_record;
};

// udhcpc -q's "lease of <ip> obtained from <server>" → "serverid=…\nip=…\n";
// nullopt when its output names no lease.
std::optional<std::string> udhcpc_lease_record(std::string_view output);

// The first client the image has, in the order the distro families ship them:
// dhclient (Debian ≤ 12, EL ≤ 8), dhcpcd (Arch, Alpine, Debian 13), udhcpc
// (busybox), then systemd-networkd's networkctl. nullopt: none installed.
// `state_dir` holds the pid and lease files of the ephemeral lease.
std::optional<DhcpClientCommands> ephemeral_dhcp(const RootView& root, const std::string& ifname,
                                                 const std::string& state_dir);

}  // namespace vc::distro
