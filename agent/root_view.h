#pragma once
// A read-only view of the target root. Paths are absolute inside the root
// ("/etc/hosts"); symlinks are resolved inside the root, never on the host, so
// an image's absolute link cannot make a --root run read the host's files.
#include <sys/stat.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vc {

class RootView {
 public:
  explicit RootView(std::string root);  // "" or "/" = the running system

  const std::string& root() const { return root_; }
  bool is_live_root() const { return root_.empty(); }

  // Host path of an in-root path, with every symlink resolved inside the root
  // (at most 40 links; a loop yields nullopt).
  std::optional<std::string> resolve(std::string_view path) const;
  // Host path without resolving the last component (for lstat / rename targets).
  std::string host_path(std::string_view path) const;

  std::optional<std::string> read(std::string_view path) const;  // follows links
  bool exists(std::string_view path) const;                       // follows links
  bool is_dir(std::string_view path) const;
  bool is_symlink(std::string_view path) const;
  std::optional<std::string> readlink(std::string_view path) const;  // raw target
  std::optional<struct stat> lstat(std::string_view path) const;
  std::vector<std::string> list(std::string_view dir) const;  // names, sorted

 private:
  std::string root_;  // no trailing slash; empty for "/"
};

}  // namespace vc
