#pragma once
// Pruning of finished transaction backups under <state>/backup (see tx_prune.cpp).
#include <cstddef>
#include <string>
#include <vector>

#include "agent/journal.h"

namespace vc::tx {

// How many finished transactions `rollback` can step back through.
inline constexpr std::size_t kKeepNewestBackups = 10;

// Of these finished transactions (any order), the txids to drop: all but the
// `keep_newest` highest seq, except those holding the earliest backup of a path.
std::vector<std::string> prunable_txids(std::vector<Manifest> finished, std::size_t keep_newest);

// Drops those backups (committed or rolled back; never one in flight); returns
// their txids. The caller holds the state lock.
std::vector<std::string> prune_backups(const std::string& dir, std::size_t keep_newest = kKeepNewestBackups);

}  // namespace vc::tx
