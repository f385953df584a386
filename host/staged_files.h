#pragma once
// gen's output written in two steps, so a failure part-way leaves the output
// directory as it was: every file goes to a temporary name beside its target
// (stage), and only when all are written are they renamed into place (commit).
// A failure while staging (disk full, a permission) throws; the destructor of an
// uncommitted set removes the temporaries and the directories it created.
#include <filesystem>
#include <string>
#include <utility>
#include <vector>

namespace vc::host {

class StagedFiles {
 public:
  StagedFiles() = default;
  ~StagedFiles();
  StagedFiles(const StagedFiles&) = delete;
  StagedFiles& operator=(const StagedFiles&) = delete;

  // Writes `text` (mode 0600: gen's files hold report keys) under a temporary
  // name; missing parent directories are created 0700.
  void stage(const std::filesystem::path& target, const std::string& text);
  // Renames every staged file onto its target.
  void commit();

 private:
  std::vector<std::pair<std::filesystem::path, std::filesystem::path>> files_;  // temporary, target
  std::vector<std::filesystem::path> made_dirs_;                                // outermost first
  bool committed_ = false;
};

}  // namespace vc::host
