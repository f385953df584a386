// Rollback never destroys what was written after the transaction: a file whose
// bytes are neither what the transaction wrote nor its backup is copied under
// <state>/changed-since/<txid>/ (bytes, mode, owner) before it is replaced or
// removed, and a warning names it and its copy. Runs as root (chown).
#include <catch2/catch.hpp>

#include <iostream>

#include "agent/journal.h"
#include "agent/transaction.h"
#include "agent/tx_prune.h"
#include "tx_fixture.h"

using namespace vctx;

namespace {

// The rollback's warnings as `vc-agent rollback` prints them.
std::string warnings_text(const vc::RollbackResult& rb) {
  std::string text;
  for (const auto& w : rb.warnings) text += "warning: " + w + "\n";
  return text;
}

std::string saved(const std::string& txid, const std::string& path) {
  return "/var/lib/vc-agent/changed-since/" + txid + path;
}

bool mentions(const std::string& haystack, const std::string& needle) {
  return haystack.find(needle) != std::string::npos;
}

// After five_file_plan(): /etc/hosts (replaced) edited, /etc/new.conf (created)
// edited, /etc/old.conf (removed) made again; /etc/owned and /etc/newdir/file
// left as the transaction wrote them.
void edit_after_apply(Tree& t) {
  t.file("/etc/hosts", "127.0.0.1 localhost\n10.1.1.1 fe\n10.9.9.9 newnas\n", 0640, 0, 0);
  t.file("/etc/new.conf", "fresh\nadmin line\n", 0600);
  t.file("/etc/old.conf", "recreated by hand\n", 0604, 1234, 1234);
}

// old_state() with five_file_plan() applied, and the tree from before it.
struct Applied {
  Tree t;
  std::string before;
  vc::TxResult r;
  Applied() {
    old_state(t);
    before = dump(t);
    r = vc::apply_transaction(five_file_plan(), RootView(t.dir));
  }
};

// A transaction that creates /root/.ssh and its authorized_keys.
vc::TxResult apply_created_keys(Tree& t) {
  t.mkdir("/root");
  Plan p;
  p.files.push_back(write("/root/.ssh/authorized_keys", "ssh-ed25519 AAAA ours\n", 0600));
  return vc::apply_transaction(p, RootView(t.dir));
}

}  // namespace

TEST_CASE("rollback keeps a copy of each file changed since the apply and names it", "[tx]") {
  Applied a;
  auto& [t, before, r] = a;
  RootView root(t.dir);
  edit_after_apply(t);

  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK(dump(t) == before);  // the old state is back, as before

  CHECK(t.read(saved(r.txid, "/etc/hosts")) == "127.0.0.1 localhost\n10.1.1.1 fe\n10.9.9.9 newnas\n");
  CHECK((t.st(saved(r.txid, "/etc/hosts")).st_mode & 07777) == 0640);
  CHECK(t.read(saved(r.txid, "/etc/new.conf")) == "fresh\nadmin line\n");
  CHECK(t.read(saved(r.txid, "/etc/old.conf")) == "recreated by hand\n");
  auto s = t.st(saved(r.txid, "/etc/old.conf"));
  CHECK((s.st_mode & 07777) == 0604);
  CHECK(s.st_uid == 1234);
  // Files as the transaction left them: restored as before, no copy.
  CHECK_FALSE(t.exists(saved(r.txid, "/etc/owned")));
  CHECK_FALSE(t.exists(saved(r.txid, "/etc/newdir/file")));

  const std::string w = warnings_text(rb);
  for (const char* path : {"/etc/hosts", "/etc/new.conf", "/etc/old.conf"}) {
    INFO(w);
    CHECK(mentions(w, std::string("warning: ") + path + " changed after transaction " + r.txid));
    CHECK(mentions(w, "kept as " + t.p(saved(r.txid, path))));
  }
  CHECK_FALSE(mentions(w, "/etc/owned"));
  CHECK_FALSE(mentions(w, "/etc/newdir/file"));
}

TEST_CASE("rollback of unedited files keeps no copy and warns nothing", "[tx]") {
  Applied a;
  auto& [t, before, r] = a;
  RootView root(t.dir);
  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK(dump(t) == before);
  CHECK(rb.warnings.empty());
  CHECK_FALSE(t.exists("/var/lib/vc-agent/changed-since"));
}

TEST_CASE("an edited file that is now a symlink is kept as that symlink", "[tx]") {
  Tree t;
  old_state(t);
  RootView root(t.dir);
  auto r = vc::apply_transaction(five_file_plan(), root);
  REQUIRE(::unlink(t.p("/etc/hosts").c_str()) == 0);
  t.link("/etc/hosts", "/run/hosts");
  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK(t.read("/etc/hosts") == "127.0.0.1 localhost\n");
  auto s = t.st(saved(r.txid, "/etc/hosts"));
  REQUIRE(S_ISLNK(s.st_mode));
  CHECK(sfs::read_symlink(t.p(saved(r.txid, "/etc/hosts"))) == "/run/hosts");
}

TEST_CASE("a created dir someone filled is kept with a warning, the file we wrote in it removed", "[tx]") {
  Tree t;
  RootView root(t.dir);
  auto r = apply_created_keys(t);
  t.file("/root/.ssh/id_ed25519.pub", "ssh-ed25519 AAAA admin\n");
  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK_FALSE(t.exists("/root/.ssh/authorized_keys"));
  CHECK(t.read("/root/.ssh/id_ed25519.pub") == "ssh-ed25519 AAAA admin\n");
  CHECK(warnings_text(rb) == "warning: kept /root/.ssh, created by transaction " + r.txid +
                         ": it holds files added since\n");
}

TEST_CASE("an appended key in a created authorized_keys survives rollback as a copy", "[tx]") {
  Tree t;
  RootView root(t.dir);
  auto r = apply_created_keys(t);
  std::ofstream(t.p("/root/.ssh/authorized_keys"), std::ios::app) << "ssh-ed25519 AAAA admin-laptop\n";
  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK_FALSE(t.exists("/root/.ssh"));  // the dir we created, now empty again
  CHECK(t.read(saved(r.txid, "/root/.ssh/authorized_keys")) ==
        "ssh-ed25519 AAAA ours\nssh-ed25519 AAAA admin-laptop\n");
  CHECK((t.st(saved(r.txid, "/root/.ssh/authorized_keys")).st_mode & 07777) == 0600);
  CHECK(mentions(warnings_text(rb), "/root/.ssh/authorized_keys changed after transaction " + r.txid +
                                " and was removed; the changed file is kept as"));
}

TEST_CASE("a version 1 manifest (no record of what was written) keeps a copy of every file", "[tx]") {
  Applied a;
  auto& [t, before, r] = a;
  RootView root(t.dir);
  const std::string mpath = "/var/lib/vc-agent/backup/" + r.txid + "/manifest";
  auto m = vc::parse_manifest(t.read(mpath));
  REQUIRE(m);
  // The same manifest as an older vc-agent wrote it: 8 fields, no <after>.
  std::string v1 = "vc-agent-manifest 1\ntxid " + m->txid + "\nseq " + std::to_string(m->seq) + "\n";
  std::istringstream lines(vc::format_manifest(*m));
  std::string line;
  std::getline(lines, line);  // magic
  std::getline(lines, line);  // txid
  std::getline(lines, line);  // seq
  while (std::getline(lines, line)) {
    if (line == "end") break;
    auto tab = std::string::npos;
    for (int i = 0; i < 8; ++i) tab = line.find('\t', tab + 1);
    auto prev = line.rfind('\t', tab - 1);
    v1 += line.substr(0, prev) + line.substr(tab) + "\n";
  }
  v1 += "end\n";
  auto back = vc::parse_manifest(v1);
  REQUIRE(back);
  REQUIRE(back->entries.size() == m->entries.size());
  for (const auto& e : back->entries) CHECK(e.after == vc::ManifestEntry::After::Unknown);
  t.file(mpath, v1, 0600);

  auto rb = vc::rollback_last(root);
  REQUIRE(rb.txid == r.txid);
  CHECK(dump(t) == before);
  // Unknown means changed: the safe side. The removed file (absent now) has nothing to keep.
  CHECK(t.read(saved(r.txid, "/etc/hosts")) == "127.0.0.1 localhost\n10.1.1.1 fe\n");
  CHECK(t.read(saved(r.txid, "/etc/owned")) == "rewritten\n");
  CHECK(t.read(saved(r.txid, "/etc/new.conf")) == "fresh\n");
  CHECK(t.read(saved(r.txid, "/etc/newdir/file")) == "in new dir\n");
  CHECK_FALSE(t.exists(saved(r.txid, "/etc/old.conf")));
}

TEST_CASE("kill -9 at every rollback step with edits: the copies survive the re-run", "[tx]") {
  int crashes = 0;
  for (int n = 1;; ++n) {
    INFO("crash after rollback step " << n);
    Applied a;
    auto& [t, before, r] = a;
    RootView root(t.dir);
    edit_after_apply(t);
    vc::TxOptions o;
    o.crash_after = n;
    int rc = in_child([&] {
      std::cerr.rdbuf(nullptr);  // the crashed run's warnings are not under test
      vc::rollback_last(RootView(t.dir), o);
    });
    if (rc != 0) {
      REQUIRE(rc == 99);
      ++crashes;
      recover_through_crashes(t);
      CHECK(vc::rollback_last(root).txid == std::nullopt);
    }
    CHECK(dump(t) == before);
    CHECK(t.read(saved(r.txid, "/etc/hosts")) == "127.0.0.1 localhost\n10.1.1.1 fe\n10.9.9.9 newnas\n");
    CHECK(t.read(saved(r.txid, "/etc/new.conf")) == "fresh\nadmin line\n");
    CHECK(t.read(saved(r.txid, "/etc/old.conf")) == "recreated by hand\n");
    CHECK_FALSE(t.exists(saved(r.txid, "/etc/owned")));
    if (rc == 0) break;
  }
  CHECK(crashes > 8);
}

TEST_CASE("pruning never removes the copies a rollback kept", "[tx]") {
  Tree t;
  t.file("/etc/hosts", "original\n");
  RootView root(t.dir);
  Plan first;  // holds the first backup of /etc/hosts, which pruning always keeps
  first.files.push_back(write("/etc/hosts", "generation 0\n"));
  vc::apply_transaction(first, root);
  Plan p;
  p.files.push_back(write("/etc/hosts", "ours\n"));
  auto r = vc::apply_transaction(p, root);
  t.file("/etc/hosts", "ours\nadmin\n");
  REQUIRE(vc::rollback_last(root).txid == r.txid);
  for (int i = 1; i <= 3; ++i) {
    Plan q;
    q.files.push_back(write("/etc/hosts", "generation " + std::to_string(i) + "\n"));
    vc::apply_transaction(q, root);
  }
  auto dropped = vc::tx::prune_backups(state_dir(t), 0);
  CHECK(std::find(dropped.begin(), dropped.end(), r.txid) != dropped.end());
  CHECK_FALSE(t.exists("/var/lib/vc-agent/backup/" + r.txid));
  CHECK(t.read(saved(r.txid, "/etc/hosts")) == "ours\nadmin\n");
}
