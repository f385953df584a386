#pragma once
// Admission of one incoming report, whichever channel brought it: size, envelope,
// signature with the node's key, timestamp window, nonce. Only a report that passes
// every check is stored; every refusal is a 4xx with a reason for the log.
#include <cstdint>
#include <string>

#include "agent/report_sign.h"
#include "host/store.h"

namespace vc::host {

struct Incoming {
  report::Envelope envelope;
  std::string channel;  // "http" / "vsock"
  std::string peer;     // "127.0.0.1:53422" / "cid 5"
};

struct Verdict {
  int status = 0;       // 200 stored; 400, 401, 403, 409, 413
  std::string message;  // one line, for the response and the log
  std::string cluster, node;
  std::string warning{};  // a stored report that needs attention (a changed host key): always logged
};

struct VerifyOptions {
  std::int64_t window_seconds = 300;  // |now - timestamp| allowed
};

Verdict admit_report(Store& store, const Incoming& in, std::int64_t now, const VerifyOptions& opt = {});

}  // namespace vc::host
