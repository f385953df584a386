// The transaction against scratch roots under /tmp. Runs as root (chown).
#include <catch2/catch.hpp>

#include <fcntl.h>
#include <sys/file.h>

#include <chrono>
#include <thread>

#include "agent/error.h"
#include "agent/journal.h"
#include "agent/transaction.h"
#include "tx_fixture.h"

using namespace vctx;

TEST_CASE("apply writes, replaces and removes with the right bytes, modes and owners", "[tx]") {
  Tree t;
  old_state(t);
  RootView root(t.dir);
  auto r = vc::apply_transaction(five_file_plan(), root);

  // "20261121T113000Z-3fa9c2" (no std::regex: GCC 12 -O2 warns inside it)
  const std::string shape = "dddddddd" "Tdddddd" "Z-xxxxxx";
  REQUIRE(r.txid.size() == shape.size());
  for (size_t i = 0; i < shape.size(); ++i) {
    char c = r.txid[i];
    bool ok = shape[i] == 'd' ? (c >= '0' && c <= '9')
              : shape[i] == 'x' ? ((c >= '0' && c <= '9') || (c >= 'a' && c <= 'f'))
                                : c == shape[i];
    CHECK(ok);
  }
  CHECK(dump(t) == kNewState);
  CHECK(r.changed == std::vector<std::string>{"/etc/newdir", "/etc/hosts", "/etc/owned",
                                              "/etc/new.conf", "/etc/newdir/file",
                                              "/etc/old.conf"});
  // Backups keep the old bytes, mode and owner.
  std::string b = state_dir(t) + "/backup/" + r.txid;
  CHECK(t.read(b.substr(t.dir.size()) + "/files/etc/hosts") == "127.0.0.1 localhost\n");
  CHECK(t.read(b.substr(t.dir.size()) + "/files/etc/old.conf") == "going away\n");
  struct stat s = t.st(b.substr(t.dir.size()) + "/files/etc/owned");
  CHECK((s.st_mode & 07777) == 0640);
  CHECK(s.st_uid == 1234);
  CHECK(s.st_gid == 1234);
  CHECK_FALSE(t.exists(b.substr(t.dir.size()) + "/files/etc/new.conf"));
  CHECK(t.read(b.substr(t.dir.size()) + "/state") == "committed\n");
  CHECK_FALSE(t.exists("/var/lib/vc-agent/journal"));
  CHECK((t.st("/var/lib/vc-agent").st_mode & 07777) == 0700);

  auto m = vc::parse_manifest(t.read(b.substr(t.dir.size()) + "/manifest"));
  REQUIRE(m);
  CHECK(m->txid == r.txid);
  REQUIRE(m->entries.size() == 6);
  CHECK(m->entries[1].path == "/etc/owned");
  CHECK(m->entries[1].existed);
  CHECK(m->entries[1].uid == 1234);
  CHECK(m->entries[1].mode == 0640);
  CHECK(m->entries[2].path == "/etc/new.conf");
  CHECK_FALSE(m->entries[2].existed);
  CHECK(m->entries[5].kind == vc::ManifestEntry::Kind::DirCreated);
  CHECK(m->entries[5].path == "/etc/newdir");

  // Nothing left to do the second time.
  Plan again = vc::effective_changes(five_file_plan(), root);
  CHECK(again.files.empty());
  CHECK(again.dirs.empty());
  CHECK(vc::apply_transaction(again, root).txid.empty());
}

TEST_CASE("effective_changes drops what is already true", "[tx]") {
  Tree t;
  old_state(t);
  t.mkdir("/etc/ssh", 0755);
  RootView root(t.dir);
  Plan p;
  p.dirs.push_back({"/etc/ssh", 0755, false, ""});
  p.dirs.push_back({"/etc/ssh", 0700, true, "mode differs"});
  p.dirs.push_back({"/etc/nodir", 0755, false, "missing"});
  p.files.push_back(write("/etc/hosts", "127.0.0.1 localhost\n"));               // same
  p.files.push_back(write("/etc/hosts", "127.0.0.1 localhost\n", 0644, true));   // same mode
  p.files.push_back(write("/etc/hosts", "127.0.0.1 localhost\n", 0600, true));   // mode differs
  p.files.push_back(write("/etc/hosts", "other\n"));                             // bytes differ
  p.files.push_back(remove_change("/etc/absent"));
  p.files.push_back(remove_change("/etc/keep"));
  p.live.push_back({vc::LiveAction::Kind::SetHostname, {"fe"}, "hostname"});
  p.warnings.push_back("careful");
  Plan e = vc::effective_changes(p, root);
  REQUIRE(e.dirs.size() == 2);
  CHECK(e.dirs[0].reason == "mode differs");
  CHECK(e.dirs[1].reason == "missing");
  REQUIRE(e.files.size() == 3);
  CHECK(e.files[0].mode == 0600);
  CHECK(e.files[1].content == "other\n");
  CHECK(e.files[2].path == "/etc/keep");
  CHECK(e.live.size() == 1);
  CHECK(e.warnings == std::vector<std::string>{"careful"});
}

TEST_CASE("enforce_mode sets the mode but keeps the owner, dir modes too", "[tx]") {
  Tree t;
  t.file("/root/.ssh/authorized_keys", "old\n", 0644, 1234, 1234);
  REQUIRE(::chmod(t.p("/root/.ssh").c_str(), 0755) == 0);
  RootView root(t.dir);
  Plan p;
  p.dirs.push_back({"/root/.ssh", 0700, true, ""});
  p.files.push_back(write("/root/.ssh/authorized_keys", "ssh-ed25519 AAAA k\n", 0600, true));
  vc::apply_transaction(p, root);
  auto s = t.st("/root/.ssh/authorized_keys");
  CHECK((s.st_mode & 07777) == 0600);
  CHECK(s.st_uid == 1234);
  CHECK((t.st("/root/.ssh").st_mode & 07777) == 0700);
  CHECK(vc::effective_changes(p, root).dirs.empty());
  CHECK(vc::effective_changes(p, root).files.empty());
  REQUIRE(vc::rollback_last(root).txid);
  CHECK((t.st("/root/.ssh").st_mode & 07777) == 0755);
  CHECK((t.st("/root/.ssh/authorized_keys").st_mode & 07777) == 0644);
  CHECK(t.read("/root/.ssh/authorized_keys") == "old\n");
}

TEST_CASE("rollback_last restores the exact old state, newest first", "[tx]") {
  Tree t;
  old_state(t);
  const std::string before = dump(t);
  RootView root(t.dir);
  auto first = vc::apply_transaction(five_file_plan(), root);
  Plan second;
  second.files.push_back(write("/etc/hosts", "second\n"));
  auto r2 = vc::apply_transaction(second, root);
  const std::string after_first = std::string(kNewState);
  CHECK(dump(t) != after_first);

  CHECK(vc::rollback_last(root).txid == r2.txid);
  CHECK(dump(t) == after_first);
  CHECK(vc::rollback_last(root).txid == first.txid);
  CHECK(dump(t) == before);
  CHECK_FALSE(t.exists("/etc/newdir"));
  CHECK(t.read("/var/lib/vc-agent/backup/" + first.txid + "/state") == "rolled-back\n");
  CHECK(vc::rollback_last(root).txid == std::nullopt);
  CHECK_FALSE(t.exists("/var/lib/vc-agent/journal"));
}

TEST_CASE("rollback keeps a created dir that someone filled since", "[tx]") {
  Tree t;
  t.mkdir("/etc");
  RootView root(t.dir);
  Plan p;
  p.files.push_back(write("/etc/a/b/new", "x\n"));
  vc::apply_transaction(p, root);
  CHECK((t.st("/etc/a").st_mode & 07777) == 0755);
  t.file("/etc/a/foreign", "not ours\n");
  REQUIRE(vc::rollback_last(root).txid);
  CHECK_FALSE(t.exists("/etc/a/b"));
  CHECK(t.read("/etc/a/foreign") == "not ours\n");
}

TEST_CASE("nothing to recover and no state dir: nothing created", "[tx]") {
  Tree t;
  old_state(t);
  RootView root(t.dir);
  CHECK(vc::recover_unfinished(root) == std::nullopt);
  CHECK(vc::rollback_last(root).txid == std::nullopt);
  CHECK(vc::apply_transaction(Plan{}, root).txid.empty());
  CHECK_FALSE(t.exists("/var"));
}

TEST_CASE("a symlink target is replaced, never written through", "[tx]") {
  Tree t;
  t.file("/run/resolvconf/resolv.conf", "nameserver 127.0.0.53\n");
  t.mkdir("/etc");
  t.link("/etc/resolv.conf", "../run/resolvconf/resolv.conf");
  t.link("/etc/abs", "/etc/passwd-host-lookalike");  // absolute: must not reach the host
  RootView root(t.dir);
  const std::string before = dump(t);
  Plan p;
  p.files.push_back(write("/etc/resolv.conf", "nameserver 10.1.1.1\n"));
  p.files.push_back(write("/etc/abs", "replaced\n", 0640));
  auto r = vc::apply_transaction(p, root);
  CHECK(t.read("/run/resolvconf/resolv.conf") == "nameserver 127.0.0.53\n");
  CHECK(S_ISREG(t.st("/etc/resolv.conf").st_mode));
  CHECK(t.read("/etc/resolv.conf") == "nameserver 10.1.1.1\n");
  CHECK((t.st("/etc/abs").st_mode & 07777) == 0640);
  CHECK_FALSE(t.exists("/etc/passwd-host-lookalike"));
  auto backup = "/var/lib/vc-agent/backup/" + r.txid + "/files/etc/resolv.conf";
  CHECK(S_ISLNK(t.st(backup).st_mode));
  REQUIRE(vc::rollback_last(root).txid == r.txid);
  CHECK(dump(t) == before);
}

TEST_CASE("odd file names survive the manifest", "[tx]") {
  vc::Manifest m;
  m.txid = "20261121T113000Z-abcdef";
  m.seq = 3;
  vc::ManifestEntry e;
  e.path = "/etc/we\tird\nname\\x\x01";
  e.existed = true;
  e.mode = 04755;
  e.uid = 1234;
  e.gid = 5;
  e.size = 9;
  e.hash = 0xdeadbeefcafef00dull;
  e.after = vc::ManifestEntry::After::File;
  e.after_size = 12;
  e.after_hash = 0xabc;
  m.entries.push_back(e);
  vc::ManifestEntry removed;
  removed.path = "/etc/gone";
  removed.existed = true;
  m.entries.push_back(removed);
  std::string text = vc::format_manifest(m);
  CHECK(text ==
        "vc-agent-manifest 2\ntxid 20261121T113000Z-abcdef\nseq 3\n"
        "file\t1\t04755\t1234\t5\t9\tdeadbeefcafef00d\t12:abc\t/etc/we\\tird\\nname\\\\x\\x01\n"
        "file\t1\t00\t0\t0\t0\t0\t-\t/etc/gone\nend\n");
  auto back = vc::parse_manifest(text);
  REQUIRE(back);
  REQUIRE(back->entries.size() == 2);
  CHECK(back->entries[0].path == e.path);
  CHECK(back->entries[0].mode == 04755);
  CHECK(back->entries[0].hash == e.hash);
  CHECK(back->entries[0].after == vc::ManifestEntry::After::File);
  CHECK(back->entries[0].after_size == 12);
  CHECK(back->entries[0].after_hash == 0xabc);
  CHECK(back->entries[1].after == vc::ManifestEntry::After::Absent);
  CHECK_FALSE(vc::parse_manifest(text.substr(0, text.size() - 4)));  // no "end": cut short
  CHECK_FALSE(vc::parse_manifest("vc-agent-manifest 1\ntxid x\nseq 1\nfile\t1\nend\n"));
  // A version 1 line (no <after>) is still read, as "unknown"; mixed shapes are not.
  auto v1 = vc::parse_manifest("vc-agent-manifest 1\ntxid x\nseq 1\nfile\t1\t0644\t0\t0\t3\tff\t/etc/a\nend\n");
  REQUIRE(v1);
  REQUIRE(v1->entries.size() == 1);
  CHECK(v1->entries[0].after == vc::ManifestEntry::After::Unknown);
  CHECK(v1->entries[0].path == "/etc/a");
  CHECK_FALSE(vc::parse_manifest("vc-agent-manifest 2\ntxid x\nseq 1\nfile\t1\t0644\t0\t0\t3\tff\t/etc/a\nend\n"));
  CHECK_FALSE(
      vc::parse_manifest("vc-agent-manifest 1\ntxid x\nseq 1\nfile\t1\t0644\t0\t0\t3\tff\t-\t/etc/a\nend\n"));
  CHECK_FALSE(
      vc::parse_manifest("vc-agent-manifest 2\ntxid x\nseq 1\nfile\t1\t0644\t0\t0\t3\tff\t3\t/etc/a\nend\n"));
  CHECK_FALSE(
      vc::parse_manifest("vc-agent-manifest 2\ntxid x\nseq 1\nfile\t1\t0644\t0\t0\t3\tff\t3:zz\t/etc/a\nend\n"));

  Tree t;
  t.file("/etc/a\nb", "old\n");
  RootView root(t.dir);
  const std::string before = dump(t);
  Plan p;
  p.files.push_back(write("/etc/a\nb", "new\n"));
  p.files.push_back(write("/etc/c\td", "new\n"));
  vc::apply_transaction(p, root);
  CHECK(t.read("/etc/a\nb") == "new\n");
  REQUIRE(vc::rollback_last(root).txid);
  CHECK(dump(t) == before);
}

TEST_CASE("tx_options_from_env reads the crash and fail steps", "[tx]") {
  ::setenv("VC_AGENT_CRASH_AFTER", "7", 1);
  ::setenv("VC_AGENT_FAIL_AFTER", "3", 1);
  auto o = vc::tx_options_from_env();
  CHECK(o.crash_after == 7);
  CHECK(o.fail_after == 3);
  ::unsetenv("VC_AGENT_CRASH_AFTER");
  ::unsetenv("VC_AGENT_FAIL_AFTER");
  CHECK(vc::tx_options_from_env().crash_after == 0);
}

TEST_CASE("a second run waits for the lock", "[tx]") {
  Tree t;
  old_state(t);
  RootView root(t.dir);
  vc::apply_transaction(five_file_plan(), root);
  int fd = ::open(t.p("/var/lib/vc-agent/lock").c_str(), O_RDWR | O_CLOEXEC);
  REQUIRE(fd >= 0);
  REQUIRE(::flock(fd, LOCK_EX) == 0);
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    ::close(fd);  // the inherited copy would hold the lock for us
    ::_exit(vc::rollback_last(RootView(t.dir)).txid ? 0 : 1);
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));
  int status = 0;
  CHECK(::waitpid(pid, &status, WNOHANG) == 0);  // still blocked
  CHECK(t.read("/etc/keep") == "untouched\n");
  CHECK(t.exists("/etc/newdir"));                  // not rolled back yet
  ::close(fd);
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  CHECK(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
  CHECK_FALSE(t.exists("/etc/newdir"));
}
