#pragma once
#include <iosfwd>

#include "agent/cli.h"

namespace vc {

// Each returns the process exit code; errors are thrown (main maps them).
int run_apply(const Options& o, std::ostream& out, std::ostream& err);
int run_render(const Options& o, std::ostream& out, std::ostream& err);
int run_rollback(const Options& o, std::ostream& out, std::ostream& err);
// vc-agent status: agent/lifecycle_status.cpp.
int run_status(const Options& o, std::ostream& out, std::ostream& err);

}  // namespace vc
