#pragma once
// The three ways a run can fail, each mapped to one exit code (DESIGN.md):
// InputError → 2, EnvError → 3, ApplyError → 1. Anything thrown before the
// transaction starts has changed nothing by construction.
#include <stdexcept>
#include <string>

namespace vc {

enum ExitCode : int { kExitOk = 0, kExitFailed = 1, kExitInvalidInput = 2, kExitEnvironment = 3 };

// Wrong input: names the file, the element or key, and the line (0 = unknown).
class InputError : public std::runtime_error {
 public:
  InputError(std::string file, int line, std::string where, const std::string& what)
      : std::runtime_error(what), file_(std::move(file)), line_(line), where_(std::move(where)) {}
  const std::string& file() const { return file_; }
  int line() const { return line_; }
  const std::string& where() const { return where_; }
  // "vc-out.xml:12: <public> attribute ip: '10.1.1.300' is not an IPv4 or IPv6 address"
  std::string message() const {
    std::string m = file_.empty() ? std::string("input") : file_;
    if (line_ > 0) m += ":" + std::to_string(line_);
    m += ": ";
    if (!where_.empty()) m += where_ + ": ";
    return m + what();
  }

 private:
  std::string file_;
  int line_;
  std::string where_;
};

// The machine cannot be worked on: unreadable root, unknown distro, missing tool.
class EnvError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

// Applying failed. `left` says what the failure left on disk, so that the
// last line of the message (main.cpp) never claims more than is true.
class ApplyError : public std::runtime_error {
 public:
  enum class Left {
    RolledBack,       // files were changed, then all restored
    NothingStarted,   // failed while backing up, before the first change
    RollbackPending,  // the restore failed too; the next run finishes it
    Described,        // what() already says what was kept and what was undone
  };
  explicit ApplyError(const std::string& what, Left left = Left::RolledBack)
      : std::runtime_error(what), left_(left) {}
  Left left() const { return left_; }

 private:
  Left left_;
};

}  // namespace vc
