// State directory, journal, recovery and rollback.
#include <dirent.h>
#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <memory>
#include <vector>

#include "agent/error.h"
#include "agent/tx_state.h"

namespace vc::tx {
namespace {

bool valid_txid(const std::string& id) {
  return !id.empty() && id.size() < 64 && std::all_of(id.begin(), id.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
  });
}

std::optional<std::string> read_small(const std::string& path) {
  if (!fs::lstat_opt(path)) return std::nullopt;
  try {
    return fs::read_all(path);
  } catch (const ApplyError&) {
    return std::nullopt;
  }
}

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
  return s;
}

// Does `host` already hold exactly what the backup of `e` holds?
bool already_restored(const std::string& host, const ManifestEntry& e) {
  auto st = fs::lstat_opt(host);
  if (!st) return false;
  bool link = e.kind == ManifestEntry::Kind::Symlink;
  if (link != S_ISLNK(st->st_mode) || (!link && !S_ISREG(st->st_mode))) return false;
  if (st->st_uid != e.uid || st->st_gid != e.gid) return false;
  if (!link && (st->st_mode & 07777) != e.mode) return false;
  auto h = fs::hash_entry(host);
  return h && h->size == e.size && h->value == e.hash;
}

}  // namespace

void Steps::done(const std::string& what) {
  ++n_;
  if (opts_.crash_after == n_) ::_exit(99);
  if (opts_.fail_after == n_) fs::fail("step " + std::to_string(n_), what, EIO);
}

std::optional<std::string> state_dir(const RootView& root, bool create) {
  auto dir = root.resolve("/var/lib/vc-agent");
  if (!dir)
    throw ApplyError("/var/lib/vc-agent: too many levels of symbolic links", ApplyError::Left::NothingStarted);
  auto st = fs::lstat_opt(*dir);
  if (st && S_ISDIR(st->st_mode)) return dir;
  if (!create) return std::nullopt;
  fs::mkdir_p(*dir, 0700);
  fs::mkdir_p(*dir + "/backup", 0700);
  return dir;
}

fs::Fd lock_state(const std::string& dir) {
  std::string path = dir + "/lock";
  fs::Fd fd(::open(path.c_str(), O_RDWR | O_CREAT | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) fs::fail("open", path, errno);
  while (::flock(fd.get(), LOCK_EX) != 0)
    if (errno != EINTR) fs::fail("flock", path, errno);
  return fd;
}

std::string backup_dir(const std::string& dir, const std::string& txid) {
  return dir + "/backup/" + txid;
}

std::optional<std::string> read_journal(const std::string& dir) {
  auto text = read_small(dir + "/journal");
  if (!text) return std::nullopt;
  return trim(*text);
}

void write_journal(const std::string& dir, const std::string& txid) {
  fs::write_file_durable(dir + "/journal", txid + "\n");
}

void remove_journal(const std::string& dir) {
  fs::unlink_if_exists(dir + "/journal");
  fs::fsync_dir(dir);
}

void write_state(const std::string& dir, const std::string& txid, const std::string& state) {
  fs::write_file_durable(backup_dir(dir, txid) + "/state", state + "\n");
}

std::optional<std::string> read_state(const std::string& dir, const std::string& txid) {
  auto text = read_small(backup_dir(dir, txid) + "/state");
  if (!text) return std::nullopt;
  return trim(*text);
}

std::optional<Manifest> read_manifest(const std::string& dir, const std::string& txid) {
  auto text = read_small(backup_dir(dir, txid) + "/manifest");
  if (!text) return std::nullopt;
  auto m = parse_manifest(*text);
  if (!m || m->txid != txid) return std::nullopt;
  return m;
}

namespace {

// Would putting the old state back at `host` lose something written there
// after the transaction: bytes that are neither what it wrote nor the backup?
bool edited_since(const std::string& host, const struct stat& st, const ManifestEntry& e) {
  using K = ManifestEntry::Kind;
  // A directory is never replaced or removed; a fifo or socket holds no bytes.
  if (!S_ISREG(st.st_mode) && !S_ISLNK(st.st_mode)) return false;
  auto h = fs::hash_entry(host);
  if (!h) return true;  // unreadable: the copy then fails loudly instead
  const bool link = S_ISLNK(st.st_mode);
  if (!link && e.after == ManifestEntry::After::File && h->size == e.after_size && h->value == e.after_hash)
    return false;
  return !(e.existed && link == (e.kind == K::Symlink) && h->size == e.size && h->value == e.hash);
}

// Copies what `host` holds now (bytes or link, mode, owner) to
// <state>/changed-since/<txid>/<path> before the restore replaces or removes
// it. The copy is made again on a re-run until the restore of `host` is done,
// and is made durable by the syncfs that precedes every rename and unlink.
void keep_edited(const std::string& dir, const Manifest& m, const ManifestEntry& e, const std::string& host,
                 const struct stat& st, fs::SyncSet& sync, std::vector<std::string>& notes) {
  const std::string dst = changed_since_dir(dir, m.txid) + "/" + backup_relpath(e.path);
  fs::mkdir_p(fs::dirname_of(dst), 0700);
  fs::copy_entry(host, dst, st);
  sync.add(fs::dirname_of(dst));
  notes.push_back(e.path + " changed after transaction " + m.txid + (e.existed ? " and was restored" : " and was removed") +
                  "; the changed file is kept as " + dst);
}

bool inside(const std::string& path, const std::string& dir) {
  return path.size() > dir.size() && path.compare(0, dir.size(), dir) == 0 && path[dir.size()] == '/';
}

}  // namespace

std::string changed_since_dir(const std::string& dir, const std::string& txid) {
  return dir + "/changed-since/" + txid;
}

std::vector<std::string> restore(const RootView& root, const std::string& dir, const Manifest& m, Steps& steps) {
  using K = ManifestEntry::Kind;
  const std::string files = backup_dir(dir, m.txid) + "/files/";
  std::vector<std::string> notes;
  fs::SyncSet sync;
  sync.add(root.host_path("/"));
  std::vector<std::pair<std::string, std::string>> renames;  // temp, target
  std::vector<std::string> unlinks;                            // files the tx created

  // Our temps go first: after ENOSPC they hold the space the restore needs.
  for (const auto& e : m.entries)
    if (e.kind == K::File || e.kind == K::Symlink || e.kind == K::Dir)
      fs::unlink_if_exists(root.host_path(e.path) + kTmpSuffix);

  for (const auto& e : m.entries) {
    std::string host = root.host_path(e.path);
    if (e.kind == K::DirMode) {
      if (::chmod(host.c_str(), static_cast<mode_t>(e.mode)) != 0 && errno != ENOENT)
        fs::fail("chmod", e.path, errno);
      steps.done(e.path);
      continue;
    }
    if (e.kind != K::File && e.kind != K::Symlink) continue;
    auto st = fs::lstat_opt(host);
    // Only once the file is known to be ours to replace or remove.
    auto keep_if_edited = [&] {
      if (!st || !edited_since(host, *st, e)) return;
      keep_edited(dir, m, e, host, *st, sync, notes);
      steps.done("keep " + e.path);
    };
    if (!e.existed) {
      if (!st || S_ISDIR(st->st_mode)) continue;
      keep_if_edited();
      unlinks.push_back(e.path);
      continue;
    }
    std::string backup = files + backup_relpath(e.path);
    auto h = fs::hash_entry(backup);
    // A backup that does not match its manifest line was cut short by a power
    // loss before the first syncfs, hence before any rename: the target is intact.
    if (!h || h->size != e.size || h->value != e.hash) continue;
    if (already_restored(host, e)) continue;
    auto bst = fs::lstat_opt(backup);
    if (!bst) continue;
    keep_if_edited();
    bst->st_mode = (bst->st_mode & ~07777u) | (e.mode & 07777);
    bst->st_uid = e.uid;
    bst->st_gid = e.gid;
    std::string tmp = host + kTmpSuffix;
    fs::copy_entry(backup, tmp, *bst);
    sync.add(fs::dirname_of(host));
    renames.emplace_back(tmp, host);
    steps.done(e.path);
  }
  sync.sync();
  steps.done("syncfs");
  for (const auto& [tmp, host] : renames) {
    if (::rename(tmp.c_str(), host.c_str()) != 0) fs::fail("rename", host, errno);
    steps.done(host);
  }
  for (const auto& path : unlinks) {
    fs::unlink_if_exists(root.host_path(path));
    steps.done(path);
  }
  std::vector<std::string> kept;
  for (auto it = m.entries.rbegin(); it != m.entries.rend(); ++it) {
    if (it->kind != K::DirCreated) continue;
    auto host = root.resolve(it->path);
    if (!host) continue;
    if (::rmdir(host->c_str()) == 0) {
      steps.done(it->path);
      continue;
    }
    // Not empty means someone else put files there since: keep it, and say so
    // once (not again for each parent it keeps).
    const int err = errno;
    if (err == ENOENT) continue;
    const bool parent_of_kept =
        std::any_of(kept.begin(), kept.end(), [&](const std::string& k) { return inside(k, it->path); });
    kept.push_back(it->path);
    if (!parent_of_kept)
      notes.push_back("kept " + it->path + ", created by transaction " + m.txid + ": " +
                      (err == ENOTEMPTY || err == EEXIST ? std::string("it holds files added since")
                                                          : std::string(std::strerror(err))));
  }
  sync.sync();
  steps.done("syncfs");
  return notes;
}

void print_notes(const std::vector<std::string>& notes) {
  for (const auto& n : notes) std::cerr << "vc-agent: warning: " << n << "\n";
}

std::vector<std::string> list_txids(const std::string& dir) {
  std::vector<std::string> ids;
  std::unique_ptr<DIR, int (*)(DIR*)> d(::opendir((dir + "/backup").c_str()), ::closedir);
  if (!d) return ids;
  while (struct dirent* ent = ::readdir(d.get()))
    if (valid_txid(ent->d_name)) ids.emplace_back(ent->d_name);
  std::sort(ids.begin(), ids.end());
  return ids;
}

std::optional<std::string> recover_locked(const RootView& root, const std::string& dir, const TxOptions& opts,
                                          std::vector<std::string>& warnings) {
  std::optional<std::string> recovered;
  if (auto txid = read_journal(dir)) {
    // No readable manifest means the journal was never meant to exist yet (the
    // manifest is durable before the journal is written): nothing was changed.
    std::optional<Manifest> m;
    if (valid_txid(*txid)) m = read_manifest(dir, *txid);
    if (m) {
      Steps steps(opts);
      auto notes = restore(root, dir, *m, steps);
      warnings.insert(warnings.end(), notes.begin(), notes.end());
      write_state(dir, *txid, "rolled-back");
      recovered = txid;
    }
    remove_journal(dir);
  }
  // A backup without a state file was abandoned before its journal existed, so
  // before any change: drop it.
  for (const auto& id : list_txids(dir))
    if (!read_state(dir, id)) fs::remove_tree(backup_dir(dir, id));
  return recovered;
}

}  // namespace vc::tx

namespace vc {

std::optional<std::string> recover_unfinished(const RootView& root, const TxOptions& opts) {
  auto dir = tx::state_dir(root, false);
  if (!dir) return std::nullopt;
  fs::Fd lock = tx::lock_state(*dir);
  std::vector<std::string> warnings;
  auto recovered = tx::recover_locked(root, *dir, opts, warnings);
  tx::print_notes(warnings);
  return recovered;
}

std::optional<std::string> recover_unfinished(const RootView& root) {
  return recover_unfinished(root, TxOptions{});
}

RollbackResult rollback_last(const RootView& root, const TxOptions& opts) {
  RollbackResult result;
  auto dir = tx::state_dir(root, false);
  if (!dir) return result;
  fs::Fd lock = tx::lock_state(*dir);
  // Undoing a crashed run is the rollback: the state before it is the old one.
  // A run that crashed before its journal left only a backup without a state.
  std::optional<std::string> abandoned;
  for (const auto& id : tx::list_txids(*dir))
    if (!tx::read_state(*dir, id)) abandoned = id;
  result.txid = tx::recover_locked(root, *dir, TxOptions{}, result.warnings);
  if (result.txid) return result;
  if (abandoned) {
    result.txid = abandoned;
    return result;
  }

  std::optional<Manifest> newest;
  for (const auto& id : tx::list_txids(*dir)) {
    if (tx::read_state(*dir, id) != "committed") continue;
    auto m = tx::read_manifest(*dir, id);
    if (m && (!newest || m->seq > newest->seq)) newest = std::move(m);
  }
  if (!newest) return result;
  // The journal makes an interrupted rollback finish on the next run.
  tx::write_journal(*dir, newest->txid);
  tx::Steps steps(opts);
  result.warnings = tx::restore(root, *dir, *newest, steps);
  tx::write_state(*dir, newest->txid, "rolled-back");
  tx::remove_journal(*dir);
  result.txid = newest->txid;
  return result;
}

RollbackResult rollback_last(const RootView& root) {
  return rollback_last(root, TxOptions{});
}

}  // namespace vc
