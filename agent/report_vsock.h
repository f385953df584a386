#pragma once
// AF_VSOCK delivery to the hypervisor host, addressed the way systemd's
// vmm.notify_socket credential names it, so a VM started by systemd-vmspawn, or by a
// host that passes the same credential, hears from the agent without any network.
#include <optional>
#include <string>
#include <string_view>

#include "agent/report_http.h"

namespace vc {
class RootView;
}

namespace vc::report {

struct VsockTarget {
  unsigned cid = 2;  // VMADDR_CID_HOST
  unsigned port = 0;
  int type = 0;      // SOCK_STREAM, SOCK_SEQPACKET or SOCK_DGRAM
};

// "vsock:CID:PORT" (stream), "vsock-stream:…", "vsock-seqpacket:…", "vsock-dgram:…".
// nullopt for anything else (an AF_UNIX path is not a host channel).
std::optional<VsockTarget> parse_vmm_notify_socket(std::string_view value);

// The vmm.notify_socket value: $VC_AGENT_VSOCK, else $CREDENTIALS_DIRECTORY/vmm.notify_socket,
// else <root>/run/credentials/@system/vmm.notify_socket. Trailing newline dropped.
std::optional<std::string> find_vmm_notify_socket(const RootView& root);

// Sends `message` in one connection; "" on success, else why not.
std::string send_vsock(const VsockTarget& t, std::string_view message, Clock::time_point deadline);

}  // namespace vc::report
