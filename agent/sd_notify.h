#pragma once
// Readiness to systemd for the Type=notify unit (units/vc-agent.service).
#include <string>

namespace vc {

// Sends a state string such as "READY=1" or "STATUS=writing 5 files" to the service
// manager. A no-op when NOTIFY_SOCKET is unset (a shell, --root test runs, SysV boot),
// and never fails the run: a lost notification only delays boot until the unit's
// TimeoutStartSec, while throwing here would turn a finished apply into a failure.
void notify_systemd(const std::string& state);

}  // namespace vc
