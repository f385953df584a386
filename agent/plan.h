#pragma once
// The Plan: a pure value listing every change a run would make, each with its
// reason. Only the transaction turns it into system changes.
#include <optional>
#include <string>
#include <vector>

namespace vc {

struct FileChange {
  enum class Op { Write, Remove };
  Op op = Op::Write;
  std::string path;     // absolute inside the target root: "/etc/hosts"
  std::string content;  // for Write
  unsigned mode = 0644;       // for a new file; an existing file keeps its own...
  bool enforce_mode = false;  // ...unless this is set (authorized_keys must be 0600)
  std::string reason;
};

// A directory that must exist (created with `mode`, parents 0755) before writes.
struct DirEnsure {
  std::string path;
  unsigned mode = 0755;
  bool enforce_mode = false;
  std::string reason;
};

// Something done to the running system rather than to files; only carried out
// without --root, or with --live.
struct LiveAction {
  enum class Kind { SetHostname };
  Kind kind = Kind::SetHostname;
  std::vector<std::string> args;
  std::string reason;
};

struct Plan {
  std::vector<DirEnsure> dirs;
  std::vector<FileChange> files;
  std::vector<LiveAction> live;
  std::vector<std::string> warnings;
};

}  // namespace vc
