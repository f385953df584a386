#pragma once
// Internals of the transaction shared by apply (transaction.cpp) and
// recovery/rollback (tx_restore.cpp): the state directory, its lock, journal,
// per-transaction state files, step counting, and the manifest-driven restore.
#include <optional>
#include <string>
#include <vector>

#include "agent/fs_util.h"
#include "agent/journal.h"
#include "agent/root_view.h"
#include "agent/transaction.h"

namespace vc::tx {

constexpr const char* kTmpSuffix = ".vc-agent-tmp";

// Numbers every durable action; crash/fail injection for the tests.
class Steps {
 public:
  explicit Steps(const TxOptions& o) : opts_(o) {}
  // Call after the step's work is done.
  void done(const std::string& what);
  int count() const { return n_; }

 private:
  TxOptions opts_;
  int n_ = 0;
};

// <root>/var/lib/vc-agent as a host path; created (0700) when `create`,
// otherwise nullopt if it is absent.
std::optional<std::string> state_dir(const RootView& root, bool create);
// Exclusive flock on <state>/lock, held while the Fd lives.
fs::Fd lock_state(const std::string& dir);

std::string backup_dir(const std::string& dir, const std::string& txid);
std::optional<std::string> read_journal(const std::string& dir);
void write_journal(const std::string& dir, const std::string& txid);
void remove_journal(const std::string& dir);
void write_state(const std::string& dir, const std::string& txid, const std::string& state);
std::optional<std::string> read_state(const std::string& dir, const std::string& txid);
std::optional<Manifest> read_manifest(const std::string& dir, const std::string& txid);
// Names under <state>/backup that look like txids, sorted.
std::vector<std::string> list_txids(const std::string& dir);

// Puts back the state from before the transaction `m` describes: old bytes,
// modes and owners via temp + rename, files it created removed, dirs it created
// removed if empty. A file changed since the transaction (bytes that are neither
// what it wrote nor the backup) is first copied under changed_since_dir().
// Idempotent, so a crash inside it is fixed by running it again; a copy, once
// its file is restored, is never touched again. Returns one warning per copy
// kept and per created dir left in place.
std::vector<std::string> restore(const RootView& root, const std::string& dir, const Manifest& m, Steps& steps);
// <state>/changed-since/<txid>: outside backup/, so neither pruning nor the
// removal of an abandoned backup ever deletes what an admin wrote.
std::string changed_since_dir(const std::string& dir, const std::string& txid);
// restore()'s warnings on stderr, where every command's warnings go.
void print_notes(const std::vector<std::string>& notes);

// Rolls back the journal's transaction, if any; the caller holds the lock.
// restore()'s warnings are appended to `warnings`.
std::optional<std::string> recover_locked(const RootView& root, const std::string& dir, const TxOptions& opts,
                                          std::vector<std::string>& warnings);

}  // namespace vc::tx
