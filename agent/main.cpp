// vc-agent: parse → model → plan → transaction. main() only maps errors to exit codes.
#include <exception>
#include <iostream>
#include <string_view>

#include "agent/cli.h"
#include "agent/commands.h"
#include "agent/error.h"
#include "agent/sd_notify.h"
#include "version.h"

namespace {

// The last line of a failed apply, true to what is on disk.
const char* closing_line(vc::ApplyError::Left left) {
  using L = vc::ApplyError::Left;
  switch (left) {
    case L::RolledBack: return "the transaction was rolled back; nothing was changed\n";
    case L::NothingStarted: return "it failed while saving the backups, before the first change; nothing was changed\n";
    case L::RollbackPending:
      return "some files may hold the new version until the next vc-agent run (or vc-agent rollback) "
             "finishes the rollback\n";
    case L::Described: return "";
  }
  return "";
}

}  // namespace

int main(int argc, char** argv) {
  // CLI11 answers --version by throwing, and the first throw in a static
  // binary sorts every unwind table entry of the program (18 M instructions,
  // several ms): the one question asked in scripts and probes skips that.
  if (argc == 2 && std::string_view(argv[1]) == "--version") {
    std::cout << "vc-agent " << VC_AGENT_VERSION << "\n";
    return 0;
  }
  auto parsed = vc::parse_cli(argc, argv);
  if (!parsed.options) return parsed.exit_code;
  const vc::Options& o = *parsed.options;
  try {
    switch (o.command) {
      case vc::Command::Apply: return vc::run_apply(o, std::cout, std::cerr);
      case vc::Command::Render: return vc::run_render(o, std::cout, std::cerr);
      case vc::Command::Rollback: return vc::run_rollback(o, std::cout, std::cerr);
      case vc::Command::Status: return vc::run_status(o, std::cout, std::cerr);
      case vc::Command::Version: return 0;
    }
  } catch (const vc::InputError& e) {
    std::cerr << "vc-agent: invalid input: " << e.message() << "\nnothing was changed\n";
    vc::notify_systemd("STATUS=failed: invalid input: " + e.message());
    return vc::kExitInvalidInput;
  } catch (const vc::EnvError& e) {
    std::cerr << "vc-agent: " << e.what() << "\nnothing was changed\n";
    vc::notify_systemd(std::string("STATUS=failed: ") + e.what());
    return vc::kExitEnvironment;
  } catch (const vc::ApplyError& e) {
    std::cerr << "vc-agent: apply failed: " << e.what() << "\n" << closing_line(e.left());
    vc::notify_systemd(std::string("STATUS=failed: ") + e.what());
    return vc::kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "vc-agent: internal error: " << e.what() << "\n";
    return vc::kExitFailed;
  }
  return vc::kExitFailed;
}
