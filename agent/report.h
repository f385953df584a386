#pragma once
// Readiness reporting (DESIGN.md §Readiness): after a run the agent tells the host
// through every channel it has — sd_notify STATUS=, /run/vc-agent/status.json, a
// console line, a signed HTTP POST to <report url>, and AF_VSOCK — and never lets a
// channel decide the run's exit code or hold boot for more than a bounded time.
#include <chrono>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/model.h"
#include "agent/ssh_fingerprint.h"

namespace vc {

class RootView;

// Wall-clock time per step of one run, in order.
class StepClock {
 public:
  StepClock();
  void mark(std::string step);  // the time since the previous mark (or construction)
  const std::vector<std::pair<std::string, double>>& steps() const { return steps_; }  // ms

 private:
  std::chrono::steady_clock::time_point last_;
  std::vector<std::pair<std::string, double>> steps_;
};

struct NicAddresses {
  std::string name;                    // kernel name ("eth0"), or the input's network name with --root
  std::string mac;                     // may be empty
  std::vector<std::string> addresses;  // "10.1.1.1/16"
};

// Everything one report says.
struct ReportFacts {
  std::string cluster, node, role, instance_id, hostname, source, agent_version;
  bool ok = true;
  std::string error;  // why the run failed; empty when ok
  std::vector<NicAddresses> nics;
  std::vector<HostKey> host_keys;
  std::vector<std::pair<std::string, double>> timings_ms;
  std::int64_t time = 0;  // unix seconds
};

// The report JSON (the signed body): pure.
nlohmann::json report_body(const ReportFacts& f);

// "vc-agent: ready compute-0 (vc7) 10.1.255.254 ssh-ed25519 SHA256:… in 812 ms"
std::string console_line(const ReportFacts& f);

// What a run hands to report_outcome.
struct RunReport {
  const Model& model;
  const RootView& root;
  const StepClock& clock;
  bool ok = true;
  std::string error;
  bool network = true;      // false with --no-report: HTTP and vsock off, local channels on
  bool console = false;     // print the console line (the live system, or -v)
  std::string instance_id;  // empty: <root>/etc/machine-id
};

// Facts of this run: host keys and machine-id from the root; NIC addresses from the
// kernel on the live system, from the input with --root.
ReportFacts collect_facts(const RunReport& r);

struct ReportChannels {
  bool network = true;   // HTTP and vsock
  bool console = false;  // the one-line summary on `err`
};

// Runs every channel: status.json, console, HTTP (signed with target's key), vsock,
// sd_notify STATUS=. Bounded by $VC_AGENT_REPORT_TIMEOUT seconds (default 10) in
// total; never throws. Problems are printed to `err` as warnings.
void send_report(const ReportFacts& facts, const std::optional<ReportTarget>& target, const RootView& root,
                 const ReportChannels& ch, std::ostream& err) noexcept;

// collect_facts + send_report: the end of an apply run.
void report_outcome(const RunReport& r, std::ostream& err) noexcept;

// An early phase that leaves a late phase pending does not report yet (the node is
// not ready); it saves what the late run needs to: the target and the input's facts,
// in <root>/var/lib/vc-agent/report-target.json (0600: it holds the key).
void save_report_context(const RunReport& r, std::ostream& err) noexcept;
// An early phase that reports itself (or fails) removes an earlier run's saved
// context: else vc-agent-late.service would report the old input's identity
// and target as this node, ready, at every boot.
void discard_report_context(const RootView& root, std::ostream& err) noexcept;

// The end of `apply --phase late`: reports with the saved context (nothing is sent
// over the network without one), host keys and addresses read now.
void report_late_outcome(const RootView& root, const StepClock& clock, bool ok, const std::string& error,
                         const ReportChannels& ch, std::ostream& err) noexcept;

}  // namespace vc
