// Crash safety of the real binary (issue 9): VC_AGENT_CRASH_AFTER=N makes
// `vc-agent apply` _exit(99) after its Nth transaction step. For every N of a
// full frontend apply: the next apply gives exactly the state an uncrashed run
// gives, and `vc-agent rollback` on a run crashed at N gives back exactly the
// state from before that run (bytes, modes, owners, links). Runs as root.
#include <catch2/catch.hpp>

#include <unistd.h>

#include <functional>

#include "test_crash_walk_util.h"
#include "test_support.h"

using namespace vctest;

namespace {

const std::string kState = "/var/lib/vc-agent";  // the agent's own bookkeeping
const char* const kFrontend = "examples/frontend-vc-out.xml";
const char* const kCompute = "examples/compute-vc-out.xml";

using Snap = std::map<std::string, std::string>;

// A root whose old files have modes and owners worth restoring.
struct Root {
  TempDir tmp;
  fs::path dir = tmp.path / "root";
  explicit Root(const std::string& name) {
    copy_tree(source_dir() / "tests/roots" / name, dir);
    REQUIRE(::chmod((dir / "etc/hosts").c_str(), 0604) == 0);
    REQUIRE(::chown((dir / "etc/hosts").c_str(), 0, 10) == 0);
  }
  RunResult agent(const std::vector<std::string>& args, int crash_after = 0) const {
    std::vector<std::string> argv{agent_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    argv.push_back("--root");
    argv.push_back(dir.string());
    std::vector<std::string> env;
    if (crash_after > 0) env.push_back("VC_AGENT_CRASH_AFTER=" + std::to_string(crash_after));
    return run(argv, env);
  }
  RunResult apply(const char* input, int crash_after = 0) const {
    return agent({"apply", "--input", (source_dir() / input).string()}, crash_after);
  }
  Snap snap() const { return snapshot(dir, kState); }
};

enum class After { Apply, Rollback };

// Applies `input` crashed after each step in turn, on roots prepared by
// `prepare`, then runs `apply` again or `rollback`; returns how many steps
// the transaction has.
int walk(const std::string& root_name, const char* input, After after,
         const std::function<void(const Root&)>& prepare) {
  Root ref(root_name);
  prepare(ref);
  const Snap old_state = ref.snap();
  auto done = ref.apply(input);
  if (done.exit_code != 0) FAIL("the uncrashed apply: exit " << done.exit_code << ": " << done.err);
  const Snap new_state = ref.snap();
  REQUIRE(new_state != old_state);

  int n = 1;
  for (;; ++n) {
    INFO(root_name << ": crash after step " << n);
    Root r(root_name);
    prepare(r);
    auto crashed = r.apply(input, n);
    if (crashed.exit_code == 0) {  // n is past the last step: an uncrashed run
      CHECK(r.snap() == new_state);
      break;
    }
    if (crashed.exit_code != 99) FAIL("exit " << crashed.exit_code << ", not the crash: " << crashed.err);
    REQUIRE(n < 200);
    if (after == After::Apply) {
      auto next = r.apply(input);
      if (next.exit_code != 0) FAIL_CHECK("the apply after the crash: exit " << next.exit_code << ": " << next.err);
      const Snap got = r.snap();
      CHECK(diff_keys(new_state, got) == "");
      CHECK(got == new_state);
      auto idle = r.apply(input);  // and the state is final: nothing left to do
      CHECK(idle.exit_code == 0);
      CHECK(idle.out.find("nothing to change") != std::string::npos);
    } else {
      auto rb = r.agent({"rollback"});
      if (rb.exit_code != 0) FAIL_CHECK("rollback: exit " << rb.exit_code << ": " << rb.err);
      const Snap got = r.snap();
      CHECK(diff_keys(old_state, got) == "");
      CHECK(got == old_state);
      CHECK(!fs::exists(r.dir / "var/lib/vc-agent/journal"));
    }
  }
  return n - 1;
}

void nothing(const Root&) {}

// Every apply ends in syncfs: on the shared build disk that costs more than
// the test itself. Work on tmpfs where there is one (the semantics are the same).
[[maybe_unused]] const bool kOnTmpfs = [] {
  if (fs::is_directory("/dev/shm") && ::access("/dev/shm", W_OK) == 0) ::setenv("TMPDIR", "/dev/shm", 1);
  return true;
}();

void compute_first(const Root& r) {
  auto c = r.apply(kCompute);
  if (c.exit_code != 0) FAIL("the earlier compute apply: exit " << c.exit_code << ": " << c.err);
}

}  // namespace

TEST_CASE("crash walk el7 frontend: after every crash the next apply completes the new state") {
  CHECK(walk("el7", kFrontend, After::Apply, nothing) > 10);
}

TEST_CASE("crash walk el7 frontend: after every crash rollback restores the old state") {
  CHECK(walk("el7", kFrontend, After::Rollback, nothing) > 10);
}

// el9 removes a file (eth1.nmconnection): the recovery must put it back
// before the plan reads the root, or the re-run leaves it in place.
TEST_CASE("crash walk el9 frontend: after every crash the next apply completes the new state") {
  CHECK(walk("el9", kFrontend, After::Apply, nothing) > 10);
}

TEST_CASE("crash walk el9 frontend: after every crash rollback restores the old state") {
  CHECK(walk("el9", kFrontend, After::Rollback, nothing) > 10);
}

TEST_CASE("crash walk over an earlier transaction: the next apply completes the new state") {
  CHECK(walk("el7", kFrontend, After::Apply, compute_first) > 10);
}

// After a crash the journal is unfinished, and `rollback` first undoes that
// transaction. The old state is the one from just before the crashed run (here
// the result of an earlier, committed compute apply), so rollback must stop
// there and not also undo the earlier transaction.
// Known to fail: rollback_last() (agent/tx_restore.cpp) recovers the unfinished
// transaction and then also restores the newest committed one, two steps back.
TEST_CASE("crash walk over an earlier transaction: rollback restores the pre-crash state") {
  CHECK(walk("el7", kFrontend, After::Rollback, compute_first) > 10);
}
