#include "agent/fs_util.h"

#include <fcntl.h>
#include <ftw.h>
#include <unistd.h>

#include <cerrno>
#include <cstdio>
#include <cstring>


namespace vc::fs {

Fd& Fd::operator=(Fd&& o) noexcept {
  if (this != &o) {
    if (fd_ >= 0) ::close(fd_);
    fd_ = o.fd_;
    o.fd_ = -1;
  }
  return *this;
}

Fd::~Fd() {
  if (fd_ >= 0) ::close(fd_);
}

void fail(std::string_view op, std::string_view path, int err) {
  std::string m(op);
  m += " ";
  m += path;
  m += ": ";
  m += std::strerror(err);
  throw SysError(std::string(op), err, m);
}

void Hash::update(std::string_view data) {
  for (unsigned char c : data) {
    value ^= c;
    value *= 1099511628211ull;
  }
  size += data.size();
}

std::optional<struct stat> lstat_opt(const std::string& path) {
  struct stat st {};
  if (::lstat(path.c_str(), &st) != 0) return std::nullopt;
  return st;
}

std::string dirname_of(const std::string& path) {
  size_t slash = path.find_last_of('/');
  if (slash == std::string::npos) return ".";
  if (slash == 0) return "/";
  return path.substr(0, slash);
}

void write_all(int fd, std::string_view data, const std::string& path_for_error) {
  while (!data.empty()) {
    ssize_t n = ::write(fd, data.data(), data.size());
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("write", path_for_error, errno);
    }
    data.remove_prefix(static_cast<size_t>(n));
  }
}

std::string read_all(const std::string& path) {
  Fd fd(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW));
  if (!fd) fail("open", path, errno);
  std::string out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read", path, errno);
    }
    if (n == 0) return out;
    out.append(buf, static_cast<size_t>(n));
  }
}

void unlink_if_exists(const std::string& path) {
  if (::unlink(path.c_str()) != 0 && errno != ENOENT) fail("unlink", path, errno);
}

void remove_tree(const std::string& path) noexcept {
  ::nftw(
      path.c_str(),
      [](const char* p, const struct stat*, int, struct FTW*) {
        ::remove(p);
        return 0;
      },
      16, FTW_DEPTH | FTW_PHYS);
}

namespace {

Fd create_fresh(const std::string& path) {
  unlink_if_exists(path);
  Fd fd(::open(path.c_str(), O_WRONLY | O_CREAT | O_EXCL | O_NOFOLLOW | O_CLOEXEC, 0600));
  if (!fd) fail("create", path, errno);
  return fd;
}

void set_owner_mode(int fd, const std::string& path, unsigned mode, std::optional<uid_t> uid,
                    std::optional<gid_t> gid) {
  // chown first: it clears setuid/setgid bits that fchmod then puts back.
  if ((uid || gid) &&
      ::fchown(fd, uid ? *uid : static_cast<uid_t>(-1), gid ? *gid : static_cast<gid_t>(-1)) != 0)
    fail("chown", path, errno);
  if (::fchmod(fd, static_cast<mode_t>(mode & 07777)) != 0) fail("chmod", path, errno);
}

std::optional<std::string> link_target(const std::string& path) {
  std::string t(256, '\0');
  for (;;) {
    ssize_t n = ::readlink(path.c_str(), t.data(), t.size());
    if (n < 0) return std::nullopt;
    if (static_cast<size_t>(n) < t.size()) {
      t.resize(static_cast<size_t>(n));
      return t;
    }
    t.resize(t.size() * 2);
  }
}

}  // namespace

void write_new_file(const std::string& path, std::string_view data, unsigned mode,
                    std::optional<uid_t> uid, std::optional<gid_t> gid) {
  Fd fd = create_fresh(path);
  write_all(fd.get(), data, path);
  set_owner_mode(fd.get(), path, mode, uid, gid);
}

Hash copy_entry(const std::string& src, const std::string& dst, const struct stat& src_st) {
  Hash h;
  if (S_ISLNK(src_st.st_mode)) {
    auto target = link_target(src);
    if (!target) fail("readlink", src, errno);
    unlink_if_exists(dst);
    if (::symlink(target->c_str(), dst.c_str()) != 0) fail("symlink", dst, errno);
    if (::lchown(dst.c_str(), src_st.st_uid, src_st.st_gid) != 0) fail("chown", dst, errno);
    h.update(*target);
    return h;
  }
  Fd in(::open(src.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!in) fail("open", src, errno);
  Fd out = create_fresh(dst);
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(in.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      fail("read", src, errno);
    }
    if (n == 0) break;
    std::string_view chunk(buf, static_cast<size_t>(n));
    h.update(chunk);
    write_all(out.get(), chunk, dst);
  }
  set_owner_mode(out.get(), dst, src_st.st_mode, src_st.st_uid, src_st.st_gid);
  return h;
}

std::optional<Hash> hash_entry(const std::string& path) {
  auto st = lstat_opt(path);
  if (!st) return std::nullopt;
  Hash h;
  if (S_ISLNK(st->st_mode)) {
    auto t = link_target(path);
    if (!t) return std::nullopt;
    h.update(*t);
    return h;
  }
  Fd in(::open(path.c_str(), O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_NONBLOCK));
  if (!in) return std::nullopt;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(in.get(), buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (n == 0) return h;
    h.update(std::string_view(buf, static_cast<size_t>(n)));
  }
}

void fsync_dir(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) fail("open", dir, errno);
  if (::fsync(fd.get()) != 0) fail("fsync", dir, errno);
}

void write_file_durable(const std::string& path, std::string_view data) {
  std::string tmp = path + ".tmp";
  {
    Fd fd = create_fresh(tmp);
    write_all(fd.get(), data, tmp);
    if (::fchmod(fd.get(), 0600) != 0) fail("chmod", tmp, errno);
    if (::fsync(fd.get()) != 0) fail("fsync", tmp, errno);
  }
  if (::rename(tmp.c_str(), path.c_str()) != 0) fail("rename", path, errno);
  fsync_dir(dirname_of(path));
}

void mkdir_p(const std::string& path, unsigned mode) {
  if (path.empty() || path == "/") return;
  auto st = lstat_opt(path);
  if (st) {
    if (!S_ISDIR(st->st_mode)) fail("mkdir", path, ENOTDIR);
    return;
  }
  mkdir_p(dirname_of(path), 0755);
  if (::mkdir(path.c_str(), static_cast<mode_t>(mode)) != 0 && errno != EEXIST)
    fail("mkdir", path, errno);
  if (::chmod(path.c_str(), static_cast<mode_t>(mode)) != 0) fail("chmod", path, errno);
}

void SyncSet::add(const std::string& dir) {
  Fd fd(::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC));
  if (!fd) fail("open", dir, errno);
  struct stat st {};
  if (::fstat(fd.get(), &st) != 0) fail("stat", dir, errno);
  if (devs_.insert(st.st_dev).second) fds_.emplace_back(std::move(fd), dir);
}

void SyncSet::sync() const {
  for (const auto& [fd, dir] : fds_)
    if (::syncfs(fd.get()) != 0) fail("syncfs", dir, errno);
}

}  // namespace vc::fs
