#include "host/staged_files.h"

#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cerrno>

#include "agent/fs_util.h"

namespace vc::host {

namespace stdfs = std::filesystem;

StagedFiles::~StagedFiles() {
  if (committed_) return;
  for (const auto& f : files_) ::unlink(f.first.c_str());
  for (auto d = made_dirs_.rbegin(); d != made_dirs_.rend(); ++d) ::rmdir(d->c_str());
}

void StagedFiles::stage(const stdfs::path& target, const std::string& text) {
  // The directories this creates, outermost first, so an unwind removes them innermost first.
  std::vector<stdfs::path> missing;
  for (auto p = target.parent_path(); !p.empty() && !stdfs::exists(p); p = p.parent_path()) {
    missing.insert(missing.begin(), p);
    if (p == p.parent_path()) break;
  }
  for (const auto& d : missing) {
    if (::mkdir(d.c_str(), 0700) != 0 && errno != EEXIST) fs::fail("mkdir", d.string(), errno);
    made_dirs_.push_back(d);
  }
  const auto tmp = target.parent_path() / ("." + target.filename().string() + ".vc-host-new");
  fs::Fd fd(::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC | O_NOFOLLOW, 0600));
  if (!fd) fs::fail("open", tmp.string(), errno);
  files_.emplace_back(tmp, target);
  ::fchmod(fd.get(), 0600);
  fs::write_all(fd.get(), text, tmp.string());
}

void StagedFiles::commit() {
  for (const auto& [tmp, target] : files_)
    if (::rename(tmp.c_str(), target.c_str()) != 0) fs::fail("rename", target.string(), errno);
  committed_ = true;
}

}  // namespace vc::host
