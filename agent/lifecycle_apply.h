#pragma once
// The lifecycle steps of `vc-agent apply` (issue 4), called from commands.cpp:
// classify the run, keep the commands it needs, generate host keys into the
// plan, add the state files; after the commit, run or leave the late phase.
#include <chrono>
#include <iosfwd>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/cli.h"
#include "agent/lifecycle.h"
#include "agent/transaction.h"

namespace vc {

struct LifecycleRun {
  LifecycleInfo info;
  std::string source;                  // Model::source ("vcout:/root/vc-out.xml")
  nlohmann::json sources = nlohmann::json::array();  // each source tried: name, result, why
  std::vector<std::string> generated;  // early commands that ran (ssh-keygen)
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

// On the full plan, before effective_changes. A dry run generates nothing.
LifecycleRun prepare_lifecycle(Plan& full, const Model& m, const std::string& input_bytes, const RootView& root,
                               bool dry_run);

// "# run: <argv> (<phase>[, per instance]): <reason>" lines for the dry run.
void print_commands(const Plan& plan, std::ostream& out);
nlohmann::json commands_json(const Plan& plan);

bool has_late_pending(const RootView& root);

// After the transaction (and the live actions): with --phase all on the running
// system (or --live) runs the pending late phase; writes last-run.json when the
// run changed or ran something. Returns the exit code.
int finish_lifecycle(const Options& o, const RootView& root, const LifecycleRun& lc, const TxResult& tx,
                     std::ostream& out, std::ostream& err);

// vc-agent apply --phase late (or --phase all with no input left).
int run_late_phase(const Options& o, const RootView& root, std::ostream& out, std::ostream& err);

}  // namespace vc
