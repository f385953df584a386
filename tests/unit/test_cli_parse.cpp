// parse_cli builds only the option set the command line can use (cli.cpp); every
// order an admin may type must still parse as before.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "agent/cli.h"

namespace {

vc::ParsedCli parse(std::vector<std::string> args) {
  args.insert(args.begin(), "vc-agent");
  std::vector<char*> argv;
  for (auto& a : args) argv.push_back(a.data());
  return vc::parse_cli(static_cast<int>(argv.size()), argv.data());
}

}  // namespace

TEST_CASE("the command word first, last, or absent parses the same options") {
  for (const auto& args : std::vector<std::vector<std::string>>{
           {"apply", "--input", "/x.xml", "--root", "/r", "--json"},
           {"--input", "/x.xml", "--root", "/r", "--json"},
           {"--input", "/x.xml", "--root", "/r", "--json", "apply"},
           {"--json", "apply", "--input", "/x.xml", "--root", "/r"}}) {
    INFO(args.size() << " words, first " << args[0]);
    auto p = parse(args);
    REQUIRE(p.options);
    CHECK(p.options->command == vc::Command::Apply);
    CHECK(p.options->input == "/x.xml");
    CHECK(p.options->root == "/r");
    CHECK(p.options->json);
    CHECK_FALSE(p.options->dry_run);
  }
}

TEST_CASE("a command word used as an option value is still a value") {
  auto p = parse({"--input", "status", "--dry-run"});
  REQUIRE(p.options);
  CHECK(p.options->command == vc::Command::Apply);
  CHECK(p.options->input == "status");
  CHECK(p.options->dry_run);
}

TEST_CASE("each command gets its own options and refuses the others'") {
  auto plan = parse({"plan", "--root", "/r"});
  REQUIRE(plan.options);
  CHECK(plan.options->dry_run);
  auto render = parse({"render", "--input", "n.yaml", "--input-format", "v2", "--format", "nm", "--output", "/o"});
  REQUIRE(render.options);
  CHECK(render.options->command == vc::Command::Render);
  CHECK(render.options->input_format == "v2");
  auto status = parse({"status", "--root", "/r", "--json"});
  REQUIRE(status.options);
  CHECK(status.options->command == vc::Command::Status);
  auto rollback = parse({"rollback", "--root", "/r"});
  REQUIRE(rollback.options);
  CHECK(rollback.options->command == vc::Command::Rollback);
  // status has no --input; render needs --output.
  CHECK(parse({"status", "--input", "x"}).exit_code == 2);
  CHECK(parse({"render", "--input", "n.yaml", "--format", "nm"}).exit_code == 2);
  CHECK(parse({"apply", "--bogus"}).exit_code == 2);
}
