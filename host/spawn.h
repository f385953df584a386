#pragma once
// Running a helper program from vc-host (xorriso, ssh-keygen): an argv vector
// through posix_spawnp, never a shell string.
#include <string>
#include <vector>

namespace vc::host {

// Starts argv (argv[0] looked up in PATH) with stdin and stdout on /dev/null;
// its pid, or -1 when it could not be started.
int spawn_quiet(const std::vector<std::string>& argv);
// Waits for a child spawn_quiet started: its exit status, or -1 when it was
// killed (or `pid` is -1).
int wait_exit(int pid);
// spawn_quiet, then wait_exit.
int run_quiet(const std::vector<std::string>& argv);

}  // namespace vc::host
