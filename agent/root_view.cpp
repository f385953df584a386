#include "agent/root_view.h"

#include <dirent.h>
#include <fcntl.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <deque>
#include <memory>

namespace vc {
namespace {

constexpr int kMaxLinks = 40;

std::deque<std::string> split_components(std::string_view path) {
  std::deque<std::string> out;
  size_t i = 0;
  while (i < path.size()) {
    size_t j = path.find('/', i);
    if (j == std::string_view::npos) j = path.size();
    if (j > i) out.emplace_back(path.substr(i, j - i));
    i = j + 1;
  }
  return out;
}

// readlink(2) into a string; st_size is 0 for some links (procfs), so grow.
std::optional<std::string> read_link(const std::string& p) {
  std::string target(256, '\0');
  for (;;) {
    ssize_t n = ::readlink(p.c_str(), target.data(), target.size());
    if (n < 0) return std::nullopt;
    if (static_cast<size_t>(n) < target.size()) {
      target.resize(static_cast<size_t>(n));
      return target;
    }
    target.resize(target.size() * 2);
  }
}

struct FdCloser {
  int fd;
  ~FdCloser() {
    if (fd >= 0) ::close(fd);
  }
};

struct DirCloser {
  void operator()(DIR* d) const { ::closedir(d); }
};

}  // namespace

RootView::RootView(std::string root) : root_(std::move(root)) {
  while (!root_.empty() && root_.back() == '/') root_.pop_back();
}

std::optional<std::string> RootView::resolve(std::string_view path) const {
  std::deque<std::string> todo = split_components(path);
  std::vector<std::string> done;  // components already resolved, inside the root
  std::string host = root_;       // host path of `done`
  int links = 0;
  bool missing = false;  // once a component is absent, the rest is taken literally

  auto rebuild = [&] {
    host = root_;
    for (const auto& c : done) host += "/" + c;
  };

  while (!todo.empty()) {
    std::string comp = std::move(todo.front());
    todo.pop_front();
    if (comp == ".") continue;
    if (comp == "..") {
      // Never above the root: ".." at the root stays at the root.
      if (!done.empty()) {
        done.pop_back();
        rebuild();
      }
      continue;
    }
    std::string next = host + "/" + comp;
    if (!missing) {
      struct stat st {};
      if (::lstat(next.c_str(), &st) != 0) {
        missing = true;
      } else if (S_ISLNK(st.st_mode)) {
        if (++links > kMaxLinks) return std::nullopt;
        std::optional<std::string> link = read_link(next);
        if (!link) return std::nullopt;
        const std::string& target = *link;
        if (!target.empty() && target.front() == '/') {
          done.clear();
          host = root_;
        }
        auto parts = split_components(target);
        todo.insert(todo.begin(), parts.begin(), parts.end());
        continue;
      }
    }
    done.push_back(std::move(comp));
    host = std::move(next);
  }
  if (host.empty()) return std::string("/");
  return host;
}

std::string RootView::host_path(std::string_view path) const {
  auto comps = split_components(path);
  while (!comps.empty() && comps.back() == ".") comps.pop_back();
  if (comps.empty()) return root_.empty() ? std::string("/") : root_;
  if (comps.back() == "..") return resolve(path).value_or(root_ + std::string(path));
  std::string last = comps.back();
  comps.pop_back();
  std::string parent;
  for (const auto& c : comps) parent += "/" + c;
  std::optional<std::string> dir = resolve(parent);
  std::string base;
  if (dir) {
    base = *dir;
  } else {
    base = root_ + parent;  // a link loop in the parent: the literal path fails later anyway
  }
  if (base == "/") base.clear();
  return base + "/" + last;
}

std::optional<std::string> RootView::read(std::string_view path) const {
  auto p = resolve(path);
  if (!p) return std::nullopt;
  // O_NONBLOCK so that a FIFO planted in an image cannot hang the run.
  int fd = ::open(p->c_str(), O_RDONLY | O_CLOEXEC | O_NONBLOCK | O_NOFOLLOW);
  if (fd < 0) return std::nullopt;
  FdCloser closer{fd};
  struct stat st {};
  if (::fstat(fd, &st) != 0 || !S_ISREG(st.st_mode)) return std::nullopt;
  std::string out;
  out.reserve(static_cast<size_t>(st.st_size));
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0) {
      if (errno == EINTR) continue;
      return std::nullopt;
    }
    if (n == 0) break;
    out.append(buf, static_cast<size_t>(n));
  }
  return out;
}

bool RootView::exists(std::string_view path) const {
  auto p = resolve(path);
  struct stat st {};
  return p && ::lstat(p->c_str(), &st) == 0;
}

bool RootView::is_dir(std::string_view path) const {
  auto p = resolve(path);
  struct stat st {};
  return p && ::lstat(p->c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

bool RootView::is_symlink(std::string_view path) const {
  auto st = lstat(path);
  return st && S_ISLNK(st->st_mode);
}

std::optional<std::string> RootView::readlink(std::string_view path) const {
  return read_link(host_path(path));
}

std::optional<struct stat> RootView::lstat(std::string_view path) const {
  std::string p = host_path(path);
  struct stat st {};
  if (::lstat(p.c_str(), &st) != 0) return std::nullopt;
  return st;
}

std::vector<std::string> RootView::list(std::string_view dir) const {
  std::vector<std::string> names;
  auto p = resolve(dir);
  if (!p) return names;
  std::unique_ptr<DIR, DirCloser> d(::opendir(p->c_str()));
  if (!d) return names;
  while (struct dirent* e = ::readdir(d.get())) {
    std::string_view n = e->d_name;
    if (n == "." || n == "..") continue;
    names.emplace_back(n);
  }
  std::sort(names.begin(), names.end());
  return names;
}

}  // namespace vc
