#pragma once
// The only code that changes the system (DESIGN.md §Transaction).
//
// Layout under <root>/var/lib/vc-agent/:
//   journal                 present only while a transaction is in flight
//   backup/<txid>/manifest  what the transaction changed and how to undo it
//   backup/<txid>/files/... the old bytes of every replaced file
//   backup/<txid>/state     "committed" or "rolled-back"
//   changed-since/<txid>/... files a rollback of <txid> found changed since it
//                           (an admin's edit), copied before being replaced or
//                           removed; never pruned
//
// Steps: back up old files → write journal → write every temp file → syncfs →
// rename them all → syncfs → mark committed, remove journal. A run that finds a
// journal rolls it back first. A kill -9 anywhere leaves the old state or the new.
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc {

// The part of a plan that would really change something: identical writes,
// removes of absent files and existing dirs with the right mode are dropped.
Plan effective_changes(const Plan& plan, const RootView& root);

struct TxResult {
  std::string txid;                  // empty when nothing changed
  std::vector<std::string> changed;  // in-root paths written, removed or created
};

struct TxOptions {
  // VC_AGENT_CRASH_AFTER=N: _exit(99) after the Nth step (crash-safety tests).
  int crash_after = 0;
  // VC_AGENT_FAIL_AFTER=N: the Nth step fails with EIO after doing its work
  // (rollback tests).
  int fail_after = 0;
};

// Applies an already-effective plan's files and dirs (not live actions).
// On failure: rolls back, then throws ApplyError.
TxResult apply_transaction(const Plan& plan, const RootView& root, const TxOptions& opts = {});

// Rolls back an unfinished transaction if a journal exists. Returns its txid.
std::optional<std::string> recover_unfinished(const RootView& root);
// Same; the restore's own steps honour opts (a crash during recovery).
std::optional<std::string> recover_unfinished(const RootView& root, const TxOptions& opts);

// What rollback_last did: the transaction it undid (nullopt if none) and one
// warning per file kept under changed-since/ or directory left in place.
struct RollbackResult {
  std::optional<std::string> txid;
  std::vector<std::string> warnings;
};

// Restores the newest committed transaction (or finishes an unfinished one).
RollbackResult rollback_last(const RootView& root);
RollbackResult rollback_last(const RootView& root, const TxOptions& opts);

TxOptions tx_options_from_env();

}  // namespace vc
