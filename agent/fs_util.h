#pragma once
// Low-level file helpers for the transaction: every failure throws ApplyError
// naming the operation, the path and strerror.
#include <sys/stat.h>
#include <sys/types.h>

#include <cstdint>
#include <optional>
#include <set>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "agent/error.h"

namespace vc::fs {

class Fd {
 public:
  Fd() = default;
  explicit Fd(int fd) : fd_(fd) {}
  Fd(Fd&& o) noexcept : fd_(o.fd_) { o.fd_ = -1; }
  Fd& operator=(Fd&& o) noexcept;
  Fd(const Fd&) = delete;
  Fd& operator=(const Fd&) = delete;
  ~Fd();
  int get() const { return fd_; }
  explicit operator bool() const { return fd_ >= 0; }

 private:
  int fd_ = -1;
};

// An ApplyError that remembers the failed call, so a caller can re-word it
// with an in-root path.
class SysError : public ApplyError {
 public:
  SysError(std::string op, int err, const std::string& what)
      : ApplyError(what), op_(std::move(op)), err_(err) {}
  const std::string& op() const { return op_; }
  int err() const { return err_; }

 private:
  std::string op_;
  int err_;
};

// Throws SysError("<op> <path>: <strerror(err)>").
[[noreturn]] void fail(std::string_view op, std::string_view path, int err);

// 64-bit FNV-1a, incremental: lets recovery tell a complete backup from one a
// power cut left half-written.
struct Hash {
  std::uint64_t value = 1469598103934665603ull;
  std::uint64_t size = 0;
  void update(std::string_view data);
};

std::optional<struct stat> lstat_opt(const std::string& path);
std::string dirname_of(const std::string& path);

void write_all(int fd, std::string_view data, const std::string& path_for_error);
std::string read_all(const std::string& path);  // throws on error

// Creates `path` fresh (a leftover is unlinked first) with `data`, then sets
// owner (when uid != -1) and mode; never follows a link at `path`. No fsync.
void write_new_file(const std::string& path, std::string_view data, unsigned mode,
                    std::optional<uid_t> uid, std::optional<gid_t> gid);

// Copies the regular file or symlink `src` to a fresh `dst` keeping mode and
// owner; returns the hash of the bytes (or of the link target).
Hash copy_entry(const std::string& src, const std::string& dst, const struct stat& src_st);

// Hash of what `path` holds now (bytes or link target); nullopt if unreadable.
std::optional<Hash> hash_entry(const std::string& path);

// temp + fsync + rename + fsync(dir): the file is either old or new, durably.
void write_file_durable(const std::string& path, std::string_view data);
void fsync_dir(const std::string& dir);
void mkdir_p(const std::string& path, unsigned mode);
void unlink_if_exists(const std::string& path);
// rm -rf without following links; errors ignored (used only to drop our own scratch).
void remove_tree(const std::string& path) noexcept;

// One syncfs per filesystem: remembers a directory fd per st_dev.
class SyncSet {
 public:
  void add(const std::string& dir);
  void sync() const;

 private:
  std::set<dev_t> devs_;
  std::vector<std::pair<Fd, std::string>> fds_;
};

}  // namespace vc::fs
