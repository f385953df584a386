// An early phase that reports itself removes the report context an earlier
// input saved: vc-agent-late.service runs while report-target.json exists and
// would report the old input's node name, addresses and target as this node,
// ready (found by review: a re-purposed node reported under its old identity).
#include <catch2/catch.hpp>

#include <fstream>

#include "test_support.h"

using namespace vctest;

namespace {

std::string with_report(std::string xml) {
  const auto end = xml.rfind("</vc>");
  REQUIRE(end != std::string::npos);
  return xml.insert(end, "  <report url=\"http://127.0.0.1:9/v1/report\" cluster=\"vc7\" key=\"c2VjcmV0\"/>\n");
}

}  // namespace

TEST_CASE("an early run without <report> removes the context an earlier input saved") {
  TempDir tmp;
  const fs::path root = tmp.path / "root";
  copy_tree(source_dir() / "tests/roots/el7", root);
  const fs::path context = root / "var/lib/vc-agent/report-target.json";
  const std::string plain = slurp(source_dir() / "examples/compute-vc-out.xml");
  auto early = [&](const std::string& input) {
    spit(root / "root/vc-out.xml", input);
    auto r = run({agent_bin(), "apply", "--phase", "early", "--no-report", "--root", root.string()});
    INFO(r.out << r.err);
    REQUIRE(r.exit_code == 0);
  };

  early(with_report(plain));
  REQUIRE(fs::exists(context));  // the late run reports, with this target
  CHECK(slurp(context).find("127.0.0.1:9") != std::string::npos);

  early(plain);  // a new input without <report>: this run reported itself
  CHECK_FALSE(fs::exists(context));
}

TEST_CASE("an early run that fails removes the earlier context too") {
  TempDir tmp;
  const fs::path root = tmp.path / "root";
  copy_tree(source_dir() / "tests/roots/el7", root);
  const fs::path context = root / "var/lib/vc-agent/report-target.json";
  spit(root / "root/vc-out.xml", with_report(slurp(source_dir() / "examples/compute-vc-out.xml")));
  auto ok = run({agent_bin(), "apply", "--phase", "early", "--no-report", "--root", root.string()});
  REQUIRE(ok.exit_code == 0);
  REQUIRE(fs::exists(context));
  // /etc/hosts as a non-empty directory: the transaction fails and rolls back (exit 1).
  fs::remove(root / "etc/hosts");
  fs::create_directories(root / "etc/hosts/x");
  spit(root / "root/vc-out.xml", slurp(source_dir() / "examples/compute-vc-out.xml"));
  auto failed = run({agent_bin(), "apply", "--phase", "early", "--no-report", "--root", root.string()});
  INFO(failed.out << failed.err);
  CHECK(failed.exit_code == 1);
  CHECK_FALSE(fs::exists(context));
}
