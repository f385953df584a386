// Old transaction backups are what `rollback` steps back through, but a node
// that gets a new input every week must not fill its disk with them. Kept: the
// newest kKeepNewestBackups finished transactions (the rollback depth) and every
// transaction holding the first backup of some path — the image's own files as
// they were before vc-agent ever touched them, which nothing else can give back.
#include "agent/tx_prune.h"

#include <algorithm>
#include <unordered_set>

#include "agent/fs_util.h"
#include "agent/tx_state.h"

namespace vc::tx {

std::vector<std::string> prunable_txids(std::vector<Manifest> finished, std::size_t keep_newest) {
  std::sort(finished.begin(), finished.end(),
            [](const Manifest& a, const Manifest& b) { return a.seq < b.seq; });
  std::unordered_set<std::string> backed_up;
  std::vector<std::string> out;
  const std::size_t n = finished.size();
  for (std::size_t i = 0; i < n; ++i) {
    bool first_copy_of_something = false;
    for (const auto& e : finished[i].entries)
      if (e.existed && backed_up.insert(e.path).second) first_copy_of_something = true;
    const bool among_newest = n - i <= keep_newest;
    if (!among_newest && !first_copy_of_something) out.push_back(finished[i].txid);
  }
  return out;
}

std::vector<BackupRecord> read_backups(const std::string& dir) {
  std::vector<BackupRecord> out;
  for (auto& id : list_txids(dir)) {
    auto state = read_state(dir, id);
    auto manifest = read_manifest(dir, id);
    out.push_back({std::move(id), std::move(state), std::move(manifest)});
  }
  return out;
}

std::uint64_t next_seq(const std::vector<BackupRecord>& records) {
  std::uint64_t seq = 0;
  for (const auto& r : records)
    if (r.manifest) seq = std::max(seq, r.manifest->seq);
  return seq + 1;
}

std::vector<std::string> prune_backups(const std::string& dir, std::size_t keep_newest) {
  return prune_backups(dir, read_backups(dir), keep_newest);
}

std::vector<std::string> prune_backups(const std::string& dir, const std::vector<BackupRecord>& records,
                                       std::size_t keep_newest) {
  std::vector<Manifest> finished;
  for (const auto& r : records)
    // A transaction in flight or abandoned is recovery's business, not ours.
    if ((r.state == "committed" || r.state == "rolled-back") && r.manifest) finished.push_back(*r.manifest);
  auto drop = prunable_txids(std::move(finished), keep_newest);
  for (const auto& id : drop) {
    // The state file first: a crash mid-removal then leaves a record without a
    // state, which recovery drops as abandoned, never a half backup that
    // rollback would trust.
    fs::remove_tree(backup_dir(dir, id) + "/state");
    fs::remove_tree(backup_dir(dir, id));
  }
  return drop;
}

}  // namespace vc::tx
