#pragma once
// An ephemeral DHCP lease for the network sources at early boot: when no NIC has
// an IPv4 address yet, the distro's client (distro/dhcp_client.h) gets one on the
// first NIC, bounded by the network budget; the destructor releases it again, so
// the configured network starts from a clean link. The clients' scripts also
// rewrite /etc/resolv.conf (udhcpc's empties it when the lease names no DNS);
// that goes back too: the lease was only for reading the metadata.
#include <memory>
#include <optional>
#include <string>

#include "agent/root_view.h"
#include "distro/dhcp_client.h"
#include "netconf/from_vcout.h"

namespace vc {

class NetBudget;

class EphemeralDhcp {
 public:
  // nullptr when not needed or not possible; `note` says which and why.
  static std::unique_ptr<EphemeralDhcp> acquire(const RootView& root, const netconf::LinkTable& links,
                                                const NetBudget& budget, std::string& note);
  // resolv_conf: /etc/resolv.conf's bytes before the lease (nullopt: not a regular
  // file), put back on release when the client's script rewrote them.
  EphemeralDhcp(distro::DhcpClientCommands c, std::optional<std::string> resolv_conf)
      : cmds_(std::move(c)), resolv_conf_(std::move(resolv_conf)) {}
  EphemeralDhcp(const EphemeralDhcp&) = delete;
  EphemeralDhcp& operator=(const EphemeralDhcp&) = delete;
  ~EphemeralDhcp();

 private:
  distro::DhcpClientCommands cmds_;
  std::optional<std::string> resolv_conf_;
};

}  // namespace vc
