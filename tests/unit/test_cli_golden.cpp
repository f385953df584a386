// Golden tests: the real binary applied to copies of the fixture roots. Each case's
// expected change set lives in tests/golden/<case>.txt; VC_UPDATE_GOLDEN=1
// rewrites those files (review the diff before committing).
#include <catch2/catch.hpp>

#include <cstdlib>

#include "test_support.h"

using namespace vctest;

namespace {

struct GoldenCase {
  const char* name;
  const char* root;   // tests/roots/<root>
  const char* input;  // relative to the source dir
  std::vector<std::string> extra;
};

const std::vector<GoldenCase>& cases() {
  static const std::vector<GoldenCase> c = {
      {"el7-frontend", "el7", "examples/frontend-vc-out.xml", {}},
      {"el7-compute", "el7", "examples/compute-vc-out.xml", {}},
      {"el9-frontend", "el9", "examples/frontend-vc-out.xml", {}},
      {"debian12-frontend", "debian12", "examples/frontend-vc-out.xml", {}},
      {"debian12-compute", "debian12", "examples/compute-vc-out.xml", {}},
      {"ubuntu2204-frontend", "ubuntu2204", "examples/frontend-vc-out.xml", {}},
      {"ubuntu2204-compute", "ubuntu2204", "examples/compute-vc-out.xml", {}},
      {"rocks7-frontend-g0", "rocks7",
       "../shared/fixtures/upstream/pragma_boot__doc_README-old.rst__vc-out-frontend.xml", {}},
      {"el7-compute-g0", "el7", "../shared/fixtures/upstream/pragma_boot__doc_README-old.rst__vc-out-compute.xml", {}},
      // Host keys and known hosts from vc-host gen (issue 4): installed over the
      // image's keys (debian12-sge has them) or where it has none (el7).
      {"debian12-sge-compute-hostkeys", "debian12-sge", "tests/data/vcout/good/hostkeys-compute.xml", {}},
      {"el7-frontend-hostkeys", "el7", "tests/data/vcout/good/hostkeys-frontend.xml", {}},
      // vc-host's NoCloud seeds (issue 5): the same node as its vc-out.xml, network in cloud-init's form.
      {"debian12-nocloud-frontend", "debian12", "tests/data/sources/vchost-vc7-frontend", {}},
      {"el9-nocloud-compute", "el9", "tests/data/sources/vchost-vc7-compute-0", {}},
      // The same compute with cloud-config ssh_keys: its host keys as <hostkeys> installs them.
      {"debian12-sge-nocloud-compute-hostkeys", "debian12-sge", "tests/data/sources/vchost-vc7-compute-0-hostkeys", {}},
  };
  return c;
}

// The change set between two snapshots as reviewable text.
std::string describe_changes(const std::map<std::string, std::string>& before,
                             const std::map<std::string, std::string>& after) {
  std::string text;
  for (const auto& [path, desc] : after) {
    auto it = before.find(path);
    if (it != before.end() && it->second == desc) continue;
    text += "=== " + path + " " + desc.substr(0, desc.find(' ', desc.find(' ') + 1)) + "\n";
    text += desc.substr(desc.find(' ', desc.find(' ') + 1) + 1);
    if (!text.empty() && text.back() != '\n') text += "\n\\ no newline\n";
  }
  for (const auto& [path, desc] : before)
    if (!after.count(path)) text += "=== " + path + " removed\n";
  return text;
}

std::vector<std::string> agent(const std::vector<std::string>& args) {
  std::vector<std::string> argv{agent_bin()};
  argv.insert(argv.end(), args.begin(), args.end());
  return argv;
}

}  // namespace

TEST_CASE("golden: apply to fixture roots, idempotent, rolled back exactly") {
  const bool update = std::getenv("VC_UPDATE_GOLDEN") != nullptr;
  for (const auto& gc : cases()) {
    SECTION(gc.name) {
      TempDir tmp;
      const auto root = tmp.path / "root";
      copy_tree(source_dir() / "tests/roots" / gc.root, root);
      const std::string input = (source_dir() / gc.input).string();
      std::vector<std::string> base{"--input", input, "--root", root.string()};
      base.insert(base.end(), gc.extra.begin(), gc.extra.end());
      const auto before = snapshot(root);

      // A dry run prints a diff and changes nothing.
      std::vector<std::string> plan_args{"plan"};
      plan_args.insert(plan_args.end(), base.begin(), base.end());
      auto plan = run(agent(plan_args));
      INFO(plan.err);
      REQUIRE(plan.exit_code == 0);
      CHECK(plan.out.find("+++ b/etc/hosts") != std::string::npos);
      CHECK(snapshot(root) == before);

      std::vector<std::string> apply_args{"apply"};
      apply_args.insert(apply_args.end(), base.begin(), base.end());
      auto first = run(agent(apply_args));
      INFO(first.err);
      REQUIRE(first.exit_code == 0);
      const auto after = snapshot(root);
      // A seed's files name their path (the network file's header): the checkout's
      // location is not part of the expected output.
      std::string changes = describe_changes(before, snapshot(root, "/var/lib/vc-agent"));
      const std::string src = source_dir().string();
      for (auto at = changes.find(src); at != std::string::npos; at = changes.find(src, at))
        changes.replace(at, src.size(), "<source>");

      const auto golden = source_dir() / "tests/golden" / (std::string(gc.name) + ".txt");
      if (update) spit(golden, changes);
      CHECK(changes == slurp(golden));

      // Same input again: not one byte changes, not even the state directory.
      auto second = run(agent(apply_args));
      REQUIRE(second.exit_code == 0);
      CHECK(second.out.find("nothing to change") != std::string::npos);
      CHECK(snapshot(root) == after);

      // rollback restores the old tree exactly (modes and owners included).
      auto rb = run(agent({"rollback", "--root", root.string()}));
      REQUIRE(rb.exit_code == 0);
      CHECK(snapshot(root, "/var/lib/vc-agent") == snapshot_without(before, "/var/lib/vc-agent"));
    }
  }
}
