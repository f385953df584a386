#pragma once
// Running a helper program from vc-host (xorriso, ssh-keygen): an argv vector
// through posix_spawnp, never a shell string.
#include <string>
#include <vector>

namespace vc::host {

// Runs argv (argv[0] looked up in PATH) with stdin and stdout on /dev/null and
// waits. Its exit status, or -1 when it could not be started or was killed.
int run_quiet(const std::vector<std::string>& argv);

}  // namespace vc::host
