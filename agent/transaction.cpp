// Applying a plan: back up → manifest → journal → dirs → temps → syncfs →
// renames → syncfs → committed. Recovery and rollback live in tx_restore.cpp.
#include "agent/transaction.h"

#include <sys/random.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <ctime>
#include <map>
#include <set>

#include "agent/error.h"
#include "agent/tx_prune.h"
#include "agent/tx_state.h"

namespace vc {
namespace {

using K = ManifestEntry::Kind;

std::string new_txid(const std::string& dir) {
  for (;;) {
    std::time_t now = std::time(nullptr);
    std::tm tm{};
    ::gmtime_r(&now, &tm);
    char stamp[32];
    std::strftime(stamp, sizeof stamp, "%Y%m%dT%H%M%SZ", &tm);
    unsigned char rnd[3];
    // Uniqueness, not secrecy: early at boot the pool may not be ready, and
    // blocking the boot for it would be worse than a weaker suffix.
    if (::getrandom(rnd, sizeof rnd, GRND_NONBLOCK) != sizeof rnd) {
      struct timespec ts {};
      ::clock_gettime(CLOCK_MONOTONIC, &ts);
      unsigned long v = static_cast<unsigned long>(ts.tv_nsec) ^ static_cast<unsigned long>(::getpid()) << 8;
      for (auto& c : rnd) {
        c = static_cast<unsigned char>(v);
        v >>= 8;
      }
    }
    static const char* hex = "0123456789abcdef";
    std::string id = std::string(stamp) + "-";
    for (unsigned char c : rnd) {
      id += hex[c >> 4];
      id += hex[c & 15];
    }
    if (!fs::lstat_opt(tx::backup_dir(dir, id))) return id;
  }
}

// In-root path with ".", ".." and repeated slashes folded.
std::string normalize(const std::string& p) { return "/" + backup_relpath(p); }

std::string parent_of(const std::string& p) {
  auto slash = p.find_last_of('/');
  return slash == 0 || slash == std::string::npos ? "/" : p.substr(0, slash);
}

// One file of the plan, resolved to the host, with what it replaces.
struct Target {
  const FileChange* fc;
  std::string host;
  size_t entry;  // index into the manifest
};

class Applier {
 public:
  Applier(const Plan& plan, const RootView& root, const TxOptions& opts, std::string dir, std::uint64_t seq)
      : plan_(plan), root_(root), dir_(std::move(dir)), steps_(opts) {
    m_.txid = new_txid(dir_);
    m_.seq = seq;
  }

  const Manifest& manifest() const { return m_; }

  TxResult run() {
    try {
      backup_all();
      fs::write_file_durable(bdir() + "/manifest", format_manifest(m_));
      steps_.done("manifest");
    } catch (const std::exception& e) {
      fs::remove_tree(bdir());
      throw ApplyError(e.what(), ApplyError::Left::NothingStarted);
    }
    try {
      tx::write_journal(dir_, m_.txid);
      steps_.done("journal");
      change_all();
      tx::remove_journal(dir_);
    } catch (const std::exception& e) {
      undo(e.what());
    }
    return {m_.txid, changed_};
  }

 private:
  std::string bdir() const { return tx::backup_dir(dir_, m_.txid); }

  void add_entry(ManifestEntry e) { m_.entries.push_back(std::move(e)); }

  // Step 1: copy every existing target into the backup, and list what the
  // transaction will create, so the manifest is complete before any change.
  // Throws with nothing changed; run() removes the partial backup.
  void backup_all() {
    fs::mkdir_p(bdir() + "/files", 0700);
    std::set<std::string> seen;
    for (const auto& fc : plan_.files) {
      std::string path = normalize(fc.path);
      if (!seen.insert(path).second) throw ApplyError(fc.path + ": planned twice");
      backup_one(fc, path);
    }
    plan_dirs();
  }

  void backup_one(const FileChange& fc, const std::string& path) {
    ManifestEntry e;
    e.path = path;
    std::string host = root_.host_path(path);
    auto st = fs::lstat_opt(host);
    if (!st) {
      e.kind = K::File;
      e.mode = fc.mode & 07777;
      e.uid = ::geteuid();
      e.gid = ::getegid();
    } else if (S_ISDIR(st->st_mode)) {
      // Never replaced: rename/unlink onto a directory fails, and that
      // failure rolls the rest back.
      e.kind = K::Dir;
      e.existed = true;
      e.mode = st->st_mode & 07777;
    } else if (S_ISREG(st->st_mode) || S_ISLNK(st->st_mode)) {
      e.kind = S_ISLNK(st->st_mode) ? K::Symlink : K::File;
      e.existed = true;
      e.mode = st->st_mode & 07777;
      e.uid = st->st_uid;
      e.gid = st->st_gid;
      std::string dst = bdir() + "/files/" + backup_relpath(path);
      fs::mkdir_p(fs::dirname_of(dst), 0700);
      fs::Hash h = fs::copy_entry(host, dst, *st);
      e.size = h.size;
      e.hash = h.value;
      steps_.done(path);
    } else {
      throw ApplyError(fc.path + ": not a regular file or symlink, refusing to replace it");
    }
    // What this run leaves here, so a rollback can tell a later edit from it.
    if (fc.op == FileChange::Op::Write && e.kind != K::Dir) {
      fs::Hash after;
      after.update(fc.content);
      e.after = ManifestEntry::After::File;
      e.after_size = after.size;
      e.after_hash = after.value;
    }
    targets_.push_back({&fc, host, m_.entries.size()});
    add_entry(std::move(e));
  }

  // Missing dirs (DirEnsure paths and parents of written files), top-down, and
  // existing DirEnsure dirs whose mode must be enforced.
  void plan_dirs() {
    std::map<std::string, const DirEnsure*> wanted;
    for (const auto& d : plan_.dirs) wanted[normalize(d.path)] = &d;
    std::vector<std::string> leaves;
    for (const auto& d : plan_.dirs) leaves.push_back(normalize(d.path));
    for (const auto& t : targets_)
      if (t.fc->op == FileChange::Op::Write) leaves.push_back(parent_of(normalize(t.fc->path)));
    std::set<std::string> planned;
    for (const auto& leaf : leaves) {
      std::vector<std::string> chain;
      for (std::string p = leaf; p != "/"; p = parent_of(p)) chain.push_back(p);
      for (auto it = chain.rbegin(); it != chain.rend(); ++it) {
        if (!planned.insert(*it).second) continue;
        auto w = wanted.find(*it);
        auto host = root_.resolve(*it);
        if (!host) throw ApplyError(*it + ": too many levels of symbolic links");
        auto st = fs::lstat_opt(*host);
        ManifestEntry e;
        e.path = *it;
        if (!st) {
          e.kind = K::DirCreated;
          e.mode = w != wanted.end() ? w->second->mode & 07777 : 0755;
          e.uid = ::geteuid();
          e.gid = ::getegid();
          add_entry(std::move(e));
        } else if (!S_ISDIR(st->st_mode)) {
          fs::fail("mkdir", *it, ENOTDIR);
        } else if (w != wanted.end() && w->second->enforce_mode &&
                   (st->st_mode & 07777) != (w->second->mode & 07777)) {
          e.kind = K::DirMode;
          e.existed = true;
          e.mode = st->st_mode & 07777;
          e.uid = st->st_uid;
          e.gid = st->st_gid;
          new_modes_[m_.entries.size()] = w->second->mode & 07777;
          add_entry(std::move(e));
        }
      }
    }
  }

  // Steps 3–8. Throws ApplyError; the caller rolls back.
  void change_all() {
    fs::SyncSet sync;
    sync.add(root_.host_path("/"));
    sync.add(dir_);
    for (size_t i = 0; i < m_.entries.size(); ++i) {
      const ManifestEntry& e = m_.entries[i];
      if (e.kind != K::DirCreated && e.kind != K::DirMode) continue;
      std::string host = *root_.resolve(e.path);
      if (e.kind == K::DirCreated && ::mkdir(host.c_str(), 0700) != 0) fs::fail("mkdir", e.path, errno);
      // The manifest keeps a DirMode's old mode (for the undo); the new one is here.
      unsigned mode = e.kind == K::DirMode ? new_modes_.at(i) : e.mode;
      if (::chmod(host.c_str(), static_cast<mode_t>(mode)) != 0) fs::fail("chmod", e.path, errno);
      changed_.push_back(e.path);
      steps_.done(e.path);
    }
    for (const auto& t : targets_) {
      if (t.fc->op != FileChange::Op::Write) continue;
      const ManifestEntry& e = m_.entries[t.entry];
      // A replaced file keeps its mode and owner; a new file (or one replacing
      // a symlink) gets the planned mode and our ownership.
      bool keep = e.existed && e.kind == K::File;
      unsigned mode = keep && !t.fc->enforce_mode ? e.mode : t.fc->mode;
      try {
        fs::write_new_file(t.host + tx::kTmpSuffix, t.fc->content, mode,
                           keep ? std::optional<uid_t>(e.uid) : std::nullopt,
                           keep ? std::optional<gid_t>(e.gid) : std::nullopt);
      } catch (const fs::SysError& err) {
        fs::fail(err.op(), e.path, err.err());  // name the file, not its temp
      }
      sync.add(fs::dirname_of(t.host));
      steps_.done(e.path);
    }
    sync.sync();
    steps_.done("syncfs");
    for (const auto& t : targets_) {
      const ManifestEntry& e = m_.entries[t.entry];
      if (t.fc->op == FileChange::Op::Write) {
        std::string tmp = t.host + tx::kTmpSuffix;
        if (::rename(tmp.c_str(), t.host.c_str()) != 0) fs::fail("rename", e.path, errno);
      } else if (e.existed) {
        if (::unlink(t.host.c_str()) != 0) fs::fail("unlink", e.path, errno);
      } else {
        continue;
      }
      changed_.push_back(e.path);
      steps_.done(e.path);
    }
    sync.sync();
    steps_.done("syncfs");
    tx::write_state(dir_, m_.txid, "committed");
    steps_.done("state");
  }

  [[noreturn]] void undo(const std::string& why) {
    try {
      tx::Steps quiet{TxOptions{}};
      tx::print_notes(tx::restore(root_, dir_, m_, quiet));
    } catch (const std::exception& e) {
      // The journal stays: the next run retries the rollback before anything else.
      throw ApplyError(why + "; restoring the old files failed too (" + e.what() + ")",
                       ApplyError::Left::RollbackPending);
    }
    // The old files are back and durable. What follows is bookkeeping that a
    // full disk may refuse; either way the next run finds nothing to redo: a
    // record without a state is dropped as abandoned, and a journal left
    // behind only repeats a restore that is already complete.
    try {
      tx::write_state(dir_, m_.txid, "rolled-back");
    } catch (const std::exception&) {
      fs::remove_tree(bdir());
    }
    try {
      tx::remove_journal(dir_);
    } catch (const std::exception&) {
    }
    throw ApplyError(why);
  }

  const Plan& plan_;
  const RootView& root_;
  std::string dir_;
  tx::Steps steps_;
  Manifest m_;
  std::vector<Target> targets_;
  std::map<size_t, unsigned> new_modes_;  // DirMode entry index → mode to set
  std::vector<std::string> changed_;
};

bool file_matches(const FileChange& fc, const RootView& root) {
  auto content = root.read(fc.path);
  if (!content || *content != fc.content) return false;
  if (!fc.enforce_mode) return true;
  auto host = root.resolve(fc.path);
  struct stat st {};
  return host && ::stat(host->c_str(), &st) == 0 && (st.st_mode & 07777) == (fc.mode & 07777);
}

bool dir_matches(const DirEnsure& d, const RootView& root) {
  auto host = root.resolve(d.path);
  struct stat st {};
  if (!host || ::stat(host->c_str(), &st) != 0 || !S_ISDIR(st.st_mode)) return false;
  return !d.enforce_mode || (st.st_mode & 07777) == (d.mode & 07777);
}

}  // namespace

Plan effective_changes(const Plan& plan, const RootView& root) {
  Plan out;
  out.live = plan.live;
  out.warnings = plan.warnings;
  for (const auto& d : plan.dirs)
    if (!dir_matches(d, root)) out.dirs.push_back(d);
  for (const auto& fc : plan.files) {
    bool noop = fc.op == FileChange::Op::Write ? file_matches(fc, root) : !root.lstat(fc.path);
    if (!noop) out.files.push_back(fc);
  }
  return out;
}

TxResult apply_transaction(const Plan& plan, const RootView& root, const TxOptions& opts) {
  if (plan.files.empty() && plan.dirs.empty()) {
    recover_unfinished(root);
    return {};
  }
  std::string dir = *tx::state_dir(root, true);
  fs::Fd lock = tx::lock_state(dir);
  std::vector<std::string> recovery_warnings;
  tx::recover_locked(root, dir, TxOptions{}, recovery_warnings);
  tx::print_notes(recovery_warnings);
  // One listing serves the new seq and, once committed, the pruning.
  auto records = tx::read_backups(dir);
  Applier applier(plan, root, opts, dir, tx::next_seq(records));
  TxResult result = applier.run();
  records.push_back({result.txid, "committed", applier.manifest()});
  try {
    tx::prune_backups(dir, records);
  } catch (const std::exception&) {
    // The new state is committed; an old backup left behind is only disk space,
    // and the next run tries again.
  }
  return result;
}

TxOptions tx_options_from_env() {
  TxOptions o;
  auto num = [](const char* name) {
    const char* v = std::getenv(name);
    return v ? std::atoi(v) : 0;
  };
  o.crash_after = num("VC_AGENT_CRASH_AFTER");
  o.fail_after = num("VC_AGENT_FAIL_AFTER");
  return o;
}

}  // namespace vc
