// Failures, ENOSPC and kill -9 at every step. Runs as root (chown, mount).
#include <catch2/catch.hpp>

#include <sched.h>
#include <sys/mount.h>

#include "agent/error.h"
#include "agent/journal.h"
#include "agent/transaction.h"
#include "tx_fixture.h"

using namespace vctx;

TEST_CASE("a failure mid-way rolls back and names the path", "[tx]") {
  Tree t;
  old_state(t);
  t.file("/etc/isdir/inside", "a directory where a file is planned\n");
  const std::string before = dump(t);
  RootView root(t.dir);
  Plan p = five_file_plan();
  p.files.push_back(write("/etc/isdir", "cannot land\n"));  // last: renames before it succeed
  try {
    vc::apply_transaction(p, root);
    FAIL("no ApplyError");
  } catch (const vc::ApplyError& e) {
    CHECK(std::string(e.what()) == "rename /etc/isdir: Is a directory");
  }
  CHECK(dump(t) == before);
  CHECK_FALSE(t.exists("/var/lib/vc-agent/journal"));
  CHECK(vc::rollback_last(root).txid == std::nullopt);  // the failed tx is not "committed"
}

TEST_CASE("an injected failure at every step leaves the old state", "[tx]") {
  for (int n = 1; n <= 18; ++n) {
    Tree t;
    old_state(t);
    const std::string before = dump(t);
    RootView root(t.dir);
    vc::TxOptions o;
    o.fail_after = n;
    INFO("fail after step " << n);
    CHECK_THROWS_AS(vc::apply_transaction(five_file_plan(), root, o), vc::ApplyError);
    CHECK(dump(t) == before);
    CHECK_FALSE(t.exists("/var/lib/vc-agent/journal"));
  }
}

TEST_CASE("ENOSPC on a full filesystem rolls back", "[tx]") {
  Tree t;
  // A private mount namespace in a child, so the small tmpfs never leaks.
  int rc = in_child([&] {
    if (::unshare(CLONE_NEWNS) != 0) ::_exit(97);
    if (::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) != 0) ::_exit(97);
    if (::mount("tmpfs", t.dir.c_str(), "tmpfs", 0, "size=256k") != 0) ::_exit(97);
    ::mkdir(t.p("/etc").c_str(), 0755);
    std::ofstream(t.p("/etc/hosts")) << "old\n";
    std::ofstream(t.p("/etc/b")) << "old b\n";
    Plan p;
    p.files.push_back(write("/etc/b", "new b\n"));
    p.files.push_back(write("/etc/hosts", std::string(512 * 1024, 'x')));
    try {
      vc::apply_transaction(p, RootView(t.dir));
      ::_exit(1);
    } catch (const vc::ApplyError& e) {
      if (std::string(e.what()) != "write /etc/hosts: No space left on device") ::_exit(2);
    }
    std::ifstream a(t.p("/etc/hosts")), b(t.p("/etc/b"));
    std::string sa, sb;
    std::getline(a, sa);
    std::getline(b, sb);
    if (sa != "old" || sb != "old b") ::_exit(3);
    if (sfs::exists(t.p("/etc/hosts.vc-agent-tmp"))) ::_exit(4);
    ::_exit(0);
  });
  if (rc == 97) WARN("cannot mount tmpfs here; ENOSPC case skipped");
  else CHECK(rc == 0);
}

TEST_CASE("kill -9 after any step: recovery gives the old state, a new run the new one", "[tx]") {
  int steps = 0;
  for (int n = 1;; ++n) {
    INFO("crash after step " << n);
    Tree t;
    old_state(t);
    const std::string before = dump(t);
    vc::TxOptions o;
    o.crash_after = n;
    int rc = in_child([&] { vc::apply_transaction(five_file_plan(), RootView(t.dir), o); });
    if (rc == 0) break;  // n is past the last step: the run completed
    REQUIRE(rc == 99);
    steps = n;

    Tree t2;  // the same crash, then a fresh apply instead of a recovery
    old_state(t2);
    REQUIRE(in_child([&] { vc::apply_transaction(five_file_plan(), RootView(t2.dir), o); }) == 99);

    recover_through_crashes(t);
    // The loop above ends with a complete recovery; one more finds nothing.
    CHECK(vc::recover_unfinished(RootView(t.dir)) == std::nullopt);
    CHECK(dump(t) == before);
    CHECK_FALSE(t.exists("/var/lib/vc-agent/journal"));
    // A crash before the journal leaves no half-made backup behind either.
    for (const auto& b : sfs::directory_iterator(t.p("/var/lib/vc-agent/backup")))
      CHECK(t.read(b.path().string().substr(t.dir.size()) + "/state") == "rolled-back\n");

    vc::apply_transaction(five_file_plan(), RootView(t2.dir));
    CHECK(dump(t2) == kNewState);
  }
  CHECK(steps == 18);
}

TEST_CASE("crash during rollback_last is finished by the next run", "[tx]") {
  for (int n = 1;; ++n) {
    INFO("crash after rollback step " << n);
    Tree t;
    old_state(t);
    const std::string before = dump(t);
    RootView root(t.dir);
    vc::apply_transaction(five_file_plan(), root);
    vc::TxOptions o;
    o.crash_after = n;
    int rc = in_child([&] { vc::rollback_last(RootView(t.dir), o); });
    if (rc == 0) {
      CHECK(dump(t) == before);
      break;
    }
    REQUIRE(rc == 99);
    CHECK(vc::recover_unfinished(root));
    CHECK(dump(t) == before);
    CHECK(vc::rollback_last(root).txid == std::nullopt);
  }
}
