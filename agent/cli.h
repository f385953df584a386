#pragma once
// Command-line surface (DESIGN.md §Interfaces). Parsing only; commands.cpp runs them.
#include <optional>
#include <string>

#include "agent/model.h"

namespace vc {

enum class Command { Apply, Render, Rollback, Version, Status };

struct Options {
  Command command = Command::Apply;
  std::string input;         // --input; empty = <root>/root/vc-out.xml
  std::string source = "auto";  // --source: auto or one of source.h's names
  double net_budget = 10.0;     // --net-budget / VC_AGENT_NET_BUDGET: seconds for all network sources
  std::string root;          // --root; empty = the running system
  bool dry_run = false;
  bool live = false;
  std::optional<Role> role;  // --role
  std::string distro;        // --distro
  std::string format;        // --format (renderer override / render's output format)
  std::string input_format = "vcout";
  std::string output;        // render --output
  bool json = false;
  int verbose = 0;
  std::string phase = "all";  // --phase early|late|all (issue 4)
  bool no_report = false;  // --no-report: no HTTP/vsock readiness report (status.json still written)
};

// Returns the options, or an exit code when parsing ended the run (--help, a
// usage error: CLI11 prints the message; usage errors exit 2).
struct ParsedCli {
  std::optional<Options> options;
  int exit_code = 0;
};
ParsedCli parse_cli(int argc, char** argv);

}  // namespace vc
