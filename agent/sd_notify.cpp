#include "agent/sd_notify.h"

#include <systemd/sd-daemon.h>

namespace vc {

void notify_systemd(const std::string& state) {
  // unset_environment=0: the agent runs no children that should notify in its place,
  // and keeping NOTIFY_SOCKET lets several calls (STATUS=…, then READY=1) reach systemd.
  (void)sd_notify(0, state.c_str());
}

}  // namespace vc
