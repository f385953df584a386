#pragma once
// An ephemeral DHCP lease for the network sources at early boot: when no NIC has
// an IPv4 address yet, the distro's client (distro/dhcp_client.h) gets one on the
// first NIC, bounded by the network budget; the destructor releases it again, so
// the configured network starts from a clean link.
#include <memory>
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
  explicit EphemeralDhcp(distro::DhcpClientCommands c) : cmds_(std::move(c)) {}
  EphemeralDhcp(const EphemeralDhcp&) = delete;
  EphemeralDhcp& operator=(const EphemeralDhcp&) = delete;
  ~EphemeralDhcp();

 private:
  distro::DhcpClientCommands cmds_;
};

}  // namespace vc
