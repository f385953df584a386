// Old backups are pruned after a commit; the newest ten and every path's first
// backup (the image's original) stay, and rollback still steps back through them.
#include <catch2/catch.hpp>

#include <filesystem>
#include <map>

#include "agent/transaction.h"
#include "agent/tx_prune.h"
#include "tx_fixture.h"

using namespace vctx;

namespace {

vc::Manifest manifest(const std::string& txid, std::uint64_t seq, std::vector<std::string> backed_up) {
  vc::Manifest m;
  m.txid = txid;
  m.seq = seq;
  for (auto& p : backed_up) {
    vc::ManifestEntry e;
    e.path = std::move(p);
    e.existed = true;
    m.entries.push_back(e);
  }
  return m;
}

std::vector<std::string> backups(const Tree& t) {
  std::vector<std::string> ids;
  for (const auto& e : std::filesystem::directory_iterator(state_dir(t) + "/backup"))
    ids.push_back(e.path().filename());
  std::sort(ids.begin(), ids.end());
  return ids;
}

}  // namespace

TEST_CASE("prunable_txids keeps the newest and every first backup of a path", "[tx]") {
  std::vector<vc::Manifest> ms = {
      manifest("t5", 5, {"/etc/hosts"}),
      manifest("t1", 1, {"/etc/hosts", "/etc/resolv.conf"}),  // the originals
      manifest("t2", 2, {"/etc/hosts"}),
      manifest("t3", 3, {"/etc/motd"}),  // /etc/motd's original: kept
      manifest("t4", 4, {"/etc/hosts", "/etc/resolv.conf"}),
      manifest("t6", 6, {}),
  };
  CHECK(vc::tx::prunable_txids(ms, 2) == std::vector<std::string>{"t2", "t4"});
  CHECK(vc::tx::prunable_txids(ms, 10).empty());
  CHECK(vc::tx::prunable_txids(ms, 0) == std::vector<std::string>{"t2", "t4", "t5", "t6"});
  // A created file (existed = false) is no original to keep.
  auto created = manifest("t0", 0, {});
  vc::ManifestEntry e;
  e.path = "/etc/new";
  created.entries.push_back(e);
  CHECK(vc::tx::prunable_txids({created, manifest("t9", 9, {})}, 1) == std::vector<std::string>{"t0"});
}

TEST_CASE("applies keep ten backups plus the originals and rollback still works", "[tx]") {
  Tree t;
  t.file("/etc/hosts", "original hosts\n");
  RootView root(t.dir);
  std::string first_txid;
  for (int i = 1; i <= 14; ++i) {
    Plan p;
    p.files.push_back(write("/etc/hosts", "generation " + std::to_string(i) + "\n"));
    auto r = vc::apply_transaction(p, root);
    if (i == 1) first_txid = r.txid;
  }
  auto ids = backups(t);
  REQUIRE(ids.size() == vc::tx::kKeepNewestBackups + 1);
  CHECK(std::find(ids.begin(), ids.end(), first_txid) != ids.end());
  CHECK(t.read("/var/lib/vc-agent/backup/" + first_txid + "/files/etc/hosts") == "original hosts\n");
  // Rollback steps back through the kept ones, newest first.
  REQUIRE(vc::rollback_last(root).txid);
  CHECK(t.read("/etc/hosts") == "generation 13\n");
  REQUIRE(vc::rollback_last(root).txid);
  CHECK(t.read("/etc/hosts") == "generation 12\n");
}

TEST_CASE("a transaction without a state is never pruned", "[tx]") {
  Tree t;
  t.file("/etc/hosts", "original hosts\n");
  RootView root(t.dir);
  for (int i = 1; i <= 12; ++i) {
    Plan p;
    p.files.push_back(write("/etc/hosts", "generation " + std::to_string(i) + "\n"));
    vc::apply_transaction(p, root);
  }
  // Rolled-back and committed ones are finished; pruning leaves everything else.
  const std::string odd = state_dir(t) + "/backup/20200101T000000Z-abcdef";
  std::filesystem::create_directories(odd);
  auto dropped = vc::tx::prune_backups(state_dir(t));
  CHECK(dropped.empty());
  CHECK(std::filesystem::exists(odd));
}

TEST_CASE("one listing gives each record's state and manifest, and the next seq", "[tx]") {
  Tree t;
  t.file("/etc/hosts", "original hosts\n");
  RootView root(t.dir);
  std::vector<std::string> txids;
  for (int i = 1; i <= 3; ++i) {
    Plan p;
    p.files.push_back(write("/etc/hosts", "generation " + std::to_string(i) + "\n"));
    txids.push_back(vc::apply_transaction(p, root).txid);
  }
  const std::string abandoned = "20200101T000000Z-abcdef";
  std::filesystem::create_directories(state_dir(t) + "/backup/" + abandoned);

  auto records = vc::tx::read_backups(state_dir(t));
  REQUIRE(records.size() == 4);
  std::map<std::string, const vc::tx::BackupRecord*> by_id;
  for (const auto& r : records) by_id[r.txid] = &r;
  REQUIRE(by_id.count(abandoned) == 1);
  CHECK_FALSE(by_id[abandoned]->state);
  CHECK_FALSE(by_id[abandoned]->manifest);
  for (std::size_t i = 0; i < txids.size(); ++i) {
    INFO("transaction " << i + 1);
    REQUIRE(by_id.count(txids[i]) == 1);
    CHECK(by_id[txids[i]]->state == "committed");
    REQUIRE(by_id[txids[i]]->manifest);
    CHECK(by_id[txids[i]]->manifest->seq == i + 1);
  }
  CHECK(vc::tx::next_seq(records) == 4);
  CHECK(vc::tx::next_seq({}) == 1);
  // Nothing is prunable at this depth, and the record without a state stays.
  CHECK(vc::tx::prune_backups(state_dir(t), records).empty());
  CHECK(std::filesystem::exists(state_dir(t) + "/backup/" + abandoned));
}
