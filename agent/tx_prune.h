#pragma once
// Pruning of finished transaction backups under <state>/backup (see tx_prune.cpp).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "agent/journal.h"

namespace vc::tx {

// How many finished transactions `rollback` can step back through.
inline constexpr std::size_t kKeepNewestBackups = 10;

// One transaction's record under <state>/backup, as read at the start of the
// next one: the listing gives both its seq and, after it commits, what to prune.
struct BackupRecord {
  std::string txid;
  std::optional<std::string> state;  // none: abandoned (recovery drops it)
  std::optional<Manifest> manifest;
};
std::vector<BackupRecord> read_backups(const std::string& dir);
// One above the highest seq any record's manifest holds.
std::uint64_t next_seq(const std::vector<BackupRecord>& records);

// Of these finished transactions (any order), the txids to drop: all but the
// `keep_newest` highest seq, except those holding the earliest backup of a path.
std::vector<std::string> prunable_txids(std::vector<Manifest> finished, std::size_t keep_newest);

// Drops the prunable backups among `records` (committed or rolled back; never
// one in flight); returns their txids. The caller holds the state lock.
std::vector<std::string> prune_backups(const std::string& dir, const std::vector<BackupRecord>& records,
                                       std::size_t keep_newest = kKeepNewestBackups);
// The same over a fresh listing of `dir`.
std::vector<std::string> prune_backups(const std::string& dir, std::size_t keep_newest = kKeepNewestBackups);

}  // namespace vc::tx
