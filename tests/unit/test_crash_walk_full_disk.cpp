// A full disk (issue 9): the root lives on a small tmpfs mounted in a private
// mount namespace, filled so that only K KiB are left, for K from 0 up to
// where a frontend apply fits. Every run either fails with exit 1 and leaves
// the root as it was (all but the agent's own record of the rolled-back
// transaction under /var/lib/vc-agent), or succeeds with exactly the state of
// a roomy run.
// Needs root (unshare, mount); skipped with a message where that is refused.
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sched.h>
#include <sys/mount.h>
#include <sys/wait.h>
#include <unistd.h>

#include "test_crash_walk_util.h"
#include "test_support.h"

using namespace vctest;

namespace {

using Snap = std::map<std::string, std::string>;
const std::string kState = "/var/lib/vc-agent";
constexpr int kMountRefused = 97;

// Fills the file system holding `path` until ENOSPC, then gives back `keep`.
void fill_leaving(const fs::path& path, off_t keep) {
  const int fd = ::open(path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) throw std::runtime_error("open filler");
  const std::string block(4096, 'f');
  off_t size = 0;
  for (;;) {
    const ssize_t n = ::write(fd, block.data(), block.size());
    if (n <= 0) break;
    size += n;
  }
  if (::ftruncate(fd, size > keep ? size - keep : 0) != 0) throw std::runtime_error("ftruncate filler");
  ::close(fd);
}


struct Outcome {
  int kib = 0, exit_code = -1;
  std::string err, changed_vs_old, changed_vs_new, state_dir_changes;
  int retry_exit_code = -1;      // the next run once there is room again
  std::string retry_vs_new;
};

// Runs in the child, inside the private mount namespace.
std::vector<Outcome> fill_and_apply(const fs::path& mnt, const std::string& root_name) {
  const std::string input = (source_dir() / "examples/frontend-vc-out.xml").string();
  const fs::path root = mnt / "root", filler = mnt / "filler";
  const auto fresh = [&] {
    fs::remove_all(root);
    fs::remove(filler);
    copy_tree(source_dir() / "tests/roots" / root_name, root);
  };
  fresh();
  if (run({agent_bin(), "apply", "--input", input, "--root", root.string()}).exit_code != 0)
    throw std::runtime_error("the roomy apply failed");
  const Snap new_state = snapshot(root, kState);

  std::vector<Outcome> out;
  for (int kib = 0; kib <= 256; kib += 8) {
    fresh();
    fill_leaving(filler, off_t{kib} * 1024);
    const Snap before = snapshot(root);
    auto r = run({agent_bin(), "apply", "--input", input, "--root", root.string()});
    const Snap after = snapshot(root);
    Outcome o;
    o.kib = kib;
    o.exit_code = r.exit_code;
    o.err = r.err;
    o.changed_vs_old = diff_keys(snapshot_without(before, kState), snapshot_without(after, kState));
    o.changed_vs_new = diff_keys(new_state, snapshot_without(after, kState));
    o.state_dir_changes = diff_keys(before, after);
    if (r.exit_code != 0) {
      fs::remove(filler);
      o.retry_exit_code = run({agent_bin(), "apply", "--input", input, "--root", root.string()}).exit_code;
      o.retry_vs_new = diff_keys(new_state, snapshot(root, kState));
    }
    out.push_back(o);
    if (r.exit_code == 0) break;  // from here on it fits
  }
  return out;
}

}  // namespace

TEST_CASE("a full disk: apply fails with exit 1 and changes nothing, at every amount of space left") {
  for (const char* root_name : {"el7", "debian12"}) {
    TempDir tmp;
    const fs::path mnt = tmp.path / "mnt", report = tmp.path / "report";
    fs::create_directories(mnt);
    const pid_t pid = ::fork();
    REQUIRE(pid >= 0);
    if (pid == 0) {
      if (::unshare(CLONE_NEWNS) != 0 || ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0 ||
          ::mount("tmpfs", mnt.c_str(), "tmpfs", 0, "size=1m") != 0)
        ::_exit(kMountRefused);
      try {
        std::ostringstream s;
        for (const auto& o : fill_and_apply(mnt, root_name))
          s << o.kib << '\x1f' << o.exit_code << '\x1f' << o.changed_vs_old << '\x1f' << o.changed_vs_new << '\x1f'
            << o.state_dir_changes << '\x1f' << o.err << '\x1f' << o.retry_exit_code << '\x1f'
            << o.retry_vs_new << '\x1e';
        spit(report, s.str());
      } catch (const std::exception& e) {
        spit(report, std::string("error: ") + e.what());
        ::_exit(1);
      }
      ::_exit(0);
    }
    int status = 0;
    REQUIRE(::waitpid(pid, &status, 0) == pid);
    if (WIFEXITED(status) && WEXITSTATUS(status) == kMountRefused) {
      WARN("cannot mount a tmpfs in a private mount namespace here (not root?); full-disk case skipped");
      return;
    }
    const std::string text = slurp(report);
    INFO(text);
    REQUIRE(WIFEXITED(status));
    REQUIRE(WEXITSTATUS(status) == 0);

    int failed = 0, fit = 0, before_first_change = 0, rolled_back = 0;
    std::istringstream in(text);
    for (std::string rec; std::getline(in, rec, '\x1e');) {
      std::vector<std::string> f;
      std::istringstream fields(rec);
      for (std::string x; std::getline(fields, x, '\x1f');) f.push_back(x);
      f.resize(8);
      INFO(root_name << ", " << f[0] << " KiB left: exit " << f[1] << "\n" << f[5]);
      if (f[1] == "0") {
        ++fit;
        CHECK(f[3] == "");  // exactly the state a roomy run gives
        continue;
      }
      ++failed;
      CHECK(f[1] == "1");
      CHECK(f[2] == "");  // nothing outside the agent's own state changed
      // Inside it the rolled-back transaction's record stays (its backup dir
      // with state "rolled-back"), but no journal: nothing is left to recover.
      CHECK((" " + f[4] + " ").find(" +" + kState + "/journal ") == std::string::npos);
      CHECK(f[5].find("No space left on device") != std::string::npos);
      // The closing line says what is true: nothing changed, by either route,
      // and never that a rollback is still to come.
      CHECK(f[5].find("nothing was changed") != std::string::npos);
      CHECK(f[5].find("finishes the rollback") == std::string::npos);
      CHECK(f[5].find("rollback incomplete") == std::string::npos);
      if (f[5].find("before the first change") != std::string::npos) ++before_first_change;
      if (f[5].find("the transaction was rolled back") != std::string::npos) ++rolled_back;
      // With room again, the next run completes the new state.
      CHECK(f[6] == "0");
      CHECK(f[7] == "");
    }
    CHECK(failed >= 3);  // several different steps hit ENOSPC
    CHECK(fit == 1);     // and the walk ended with a run that fit
    CHECK(before_first_change >= 1);  // ENOSPC while saving the backups
    CHECK(rolled_back >= 1);          // ENOSPC while writing the new files
  }
}
