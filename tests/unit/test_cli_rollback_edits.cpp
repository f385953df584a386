// `vc-agent rollback` after an admin edited files the apply wrote (the
// reviewer's repro): the old files come back, and the edits are not lost but
// copied under /var/lib/vc-agent/changed-since/<txid>/ with a warning per file.
#include <catch2/catch.hpp>

#include <fstream>

#include <nlohmann/json.hpp>

#include "test_support.h"

using namespace vctest;

namespace {

// vc-agent with --root of a fresh copy of the el7 fixture root.
struct El7Root {
  TempDir tmp;
  fs::path root = tmp.path / "root";
  El7Root() { copy_tree(source_dir() / "tests/roots/el7", root); }
  RunResult operator()(std::vector<std::string> args) const {
    args.insert(args.begin(), agent_bin());
    args.push_back("--root");
    args.push_back(root.string());
    return run(args);
  }
};

}  // namespace

TEST_CASE("rollback after edits: the admin's key and hosts line are kept as copies, named on stderr") {
  El7Root agent;
  const fs::path& root = agent.root;
  const auto before = snapshot(root);
  auto applied = agent({"apply", "--input", (source_dir() / "examples/compute-vc-out.xml").string(), "--no-report"});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  const std::string keys = slurp(root / "root/.ssh/authorized_keys");
  const std::string hosts = slurp(root / "etc/hosts");
  std::ofstream(root / "root/.ssh/authorized_keys", std::ios::app) << "ssh-ed25519 AAAAC3Nza admin-laptop\n";
  std::ofstream(root / "etc/hosts", std::ios::app) << "10.9.9.9 newnas\n";

  auto rb = agent({"rollback"});
  INFO(rb.err);
  REQUIRE(rb.exit_code == 0);
  CHECK(snapshot(root, "/var/lib/vc-agent") == before);  // the old state is back

  const fs::path state = root / "var/lib/vc-agent/changed-since";
  REQUIRE(fs::is_directory(state));
  std::vector<fs::path> txs;
  for (const auto& e : fs::directory_iterator(state)) txs.push_back(e.path());
  REQUIRE(txs.size() == 1);
  const fs::path kept_keys = txs[0] / "root/.ssh/authorized_keys";
  const fs::path kept_hosts = txs[0] / "etc/hosts";
  CHECK(slurp(kept_keys) == keys + "ssh-ed25519 AAAAC3Nza admin-laptop\n");
  CHECK(slurp(kept_hosts) == hosts + "10.9.9.9 newnas\n");
  CHECK(rb.err.find("warning: /root/.ssh/authorized_keys changed after transaction") != std::string::npos);
  CHECK(rb.err.find("kept as " + kept_keys.string()) != std::string::npos);
  CHECK(rb.err.find("warning: /etc/hosts changed after transaction") != std::string::npos);
  CHECK(rb.err.find("kept as " + kept_hosts.string()) != std::string::npos);
  // Only the two edited files: everything else the apply wrote was restored silently.
  size_t warnings = 0;
  for (size_t at = rb.err.find("warning:"); at != std::string::npos; at = rb.err.find("warning:", at + 1)) ++warnings;
  CHECK(warnings == 2);
}

TEST_CASE("rollback --json lists the changed-since warnings") {
  El7Root agent;
  const fs::path& root = agent.root;
  auto applied = agent({"apply", "--input", (source_dir() / "examples/compute-vc-out.xml").string(), "--no-report"});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  std::ofstream(root / "etc/hosts", std::ios::app) << "10.9.9.9 newnas\n";

  auto rb = agent({"rollback", "--json"});
  INFO(rb.out << rb.err);
  REQUIRE(rb.exit_code == 0);
  auto doc = nlohmann::json::parse(rb.out);
  CHECK(doc["rolled_back"].get<std::string>().size() > 0);
  REQUIRE(doc["warnings"].is_array());
  REQUIRE(doc["warnings"].size() == 1);
  const std::string w = doc["warnings"][0].get<std::string>();
  CHECK(w.starts_with("/etc/hosts changed after transaction " + doc["rolled_back"].get<std::string>()));
  CHECK(w.find("var/lib/vc-agent/changed-since/") != std::string::npos);
}
