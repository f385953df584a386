// vc-agent: parse → model → plan → transaction. main() only maps errors to exit codes.
#include <exception>
#include <iostream>

#include "agent/cli.h"
#include "agent/commands.h"
#include "agent/error.h"
#include "agent/sd_notify.h"

int main(int argc, char** argv) {
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
    std::cerr << "vc-agent: apply failed: " << e.what() << "\nthe transaction was rolled back; nothing was changed\n";
    vc::notify_systemd(std::string("STATUS=failed: ") + e.what());
    return vc::kExitFailed;
  } catch (const std::exception& e) {
    std::cerr << "vc-agent: internal error: " << e.what() << "\n";
    return vc::kExitFailed;
  }
  return vc::kExitFailed;
}
