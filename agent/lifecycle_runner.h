#pragma once
// Runs planned Commands: posix_spawn with an argv vector (never a shell), a
// fixed environment, captured output and a timeout. The only code that starts
// programs on the agent's behalf.
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc {

struct ProgramResult {
  int exit_code = -1;  // 128+signal when killed
  bool timed_out = false;
  std::string out, err;
  std::string spawn_error;  // not started: "no such program"
};

// argv[0] without a '/' is looked up in $PATH, then the sbin/bin directories.
// The child gets PATH, LC_ALL=C and `env`, its own process group, stdin = input.
ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& input, std::chrono::milliseconds timeout);

// "qconf -ah compute-0.local", "rocks report host dhcpd localhost | rocks report script | /bin/bash",
// "qconf -sel | for each name not in {a b}: qconf -de NAME"; '' for an empty argument.
std::string describe(const PlannedCommand& c);

struct CommandOutcome {
  bool ok = false;
  std::string detail;  // "exit 1: <first line of stderr>" or what was pruned
  double seconds = 0;
  // False when trying again cannot help: the program is missing or cannot be
  // started (waiting for a daemon does not install qconf).
  bool retryable = true;
};
// Pipes, stdout_to (written under `root`), ok_if_output and prune as plan.h says.
CommandOutcome run_command(const PlannedCommand& c, const RootView& root, std::chrono::milliseconds timeout);

// VC_AGENT_COMMAND_TIMEOUT (seconds), default 300.
std::chrono::milliseconds command_timeout();

// Runs the commands that produce files (ssh-keygen) into a private scratch
// directory (<root>/var/lib/vc-agent/scratch-*, removed after), adds what they wrote as FileChanges and drops them from
// plan.commands. They change nothing outside the scratch directory, so this
// also runs for --root without --live. Throws EnvError when one fails (nothing
// has been changed yet). Returns the descriptions of what ran.
std::vector<std::string> materialize_outputs(Plan& plan, const RootView& root);

struct LateRun {
  int pending = 0;  // commands found pending
  int done = 0;
  bool failed = false;
  std::string error;
};
// Runs <root>/var/lib/vc-agent/late-pending in order. Success removes it; a
// failure keeps the failed command and the rest (attempts+1, last_error) for
// the next boot. Each command is reported on `out`.
LateRun run_late_pending(const RootView& root, std::ostream& out);

}  // namespace vc
