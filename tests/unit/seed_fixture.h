#pragma once
// A scratch debian12 root with a NoCloud seed in /var/lib/cloud/seed/nocloud:
// the network-config of tests/data/sources/plain-nocloud, meta-data and
// user-data as given. For tests that run the binary on a seed.
#include <string>

#include "test_support.h"

namespace vctest {

struct SeededRoot {
  TempDir tmp;
  fs::path root = tmp.path / "root";
  fs::path seed = root / "var/lib/cloud/seed/nocloud";
  SeededRoot(const std::string& meta_data, const std::string& user_data) {
    copy_tree(source_dir() / "tests/roots/debian12", root);
    copy_tree(source_dir() / "tests/data/sources/plain-nocloud", seed);
    spit(seed / "meta-data", meta_data);
    spit(seed / "user-data", user_data);
  }
  RunResult apply() const { return run({agent_bin(), "apply", "--no-report", "--root", root.string()}); }
};

}  // namespace vctest
