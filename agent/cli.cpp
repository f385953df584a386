#include "agent/cli.h"

#include <CLI/CLI.hpp>

#include <algorithm>
#include <string_view>

#include "version.h"

namespace vc {
namespace {

void add_output_options(CLI::App* app, Options& o) {
  app->add_flag("--json", o.json, "Machine-readable output");
  app->add_flag("-v,--verbose", o.verbose, "Say why each change is made");
}

// The options of apply/plan; also on the bare command so `vc-agent --dry-run` works.
void add_apply_options(CLI::App* app, Options& o) {
  app->add_option("--input", o.input,
                  "vc-out.xml file, or a NoCloud/ConfigDrive seed directory (default: <root>/root/vc-out.xml, then "
                  "the cloud-init datasources)");
  app->add_option("--source", o.source,
                  "Input source; auto tries vcout, nocloud, configdrive, then (network) nocloud-net, imds, cloudstack")
      ->check(CLI::IsMember({"auto", "vcout", "nocloud", "configdrive", "imds", "cloudstack"}));
  app->add_option("--net-budget", o.net_budget, "Seconds all network sources may take together (default 10)")
      ->envname("VC_AGENT_NET_BUDGET")
      ->check(CLI::Range(0.0, 600.0));
  app->add_option("--root", o.root, "Work on the tree under DIR instead of the running system");
  app->add_flag("--dry-run", o.dry_run, "Print the changes as a diff; change nothing");
  app->add_flag("--live", o.live, "Also change the running system (hostname) with --root");
  app->add_option_function<std::string>(
         "--role", [&o](const std::string& r) { o.role = r == "compute" ? Role::Compute : Role::Frontend; },
         "Override the role read from the input")
      ->check(CLI::IsMember({"frontend", "compute"}));
  app->add_option("--distro", o.distro, "Override distribution detection (el7, el9, debian, ubuntu, …)");
  app->add_option("--format", o.format, "Override the network renderer (ifcfg, ifcfg-suse, nm, netplan, eni, networkd)");
  app->add_option("--phase", o.phase, "early: files before the network; late: pending commands (qconf, rocks); all")
      ->check(CLI::IsMember({"early", "late", "all"}));
  app->add_flag("--no-report", o.no_report, "Send no readiness report (HTTP, vsock) even when the input names a URL");
  add_output_options(app, o);
}

// Which option sets to build. CLI11 builds every option object up front (a
// tenth of a whole apply's instructions for the three apply sets), so when the
// command line is unambiguous only the set it can use is built.
struct OptionSets {
  bool bare = true;
  std::string only;  // the subcommand named first, else empty: every subcommand's set
};

OptionSets option_sets(int argc, char** argv) {
  static constexpr std::string_view kCommands[] = {"apply", "plan", "render", "rollback", "status"};
  const auto is_command = [](std::string_view a) {
    return std::find(std::begin(kCommands), std::end(kCommands), a) != std::end(kCommands);
  };
  if (argc >= 2 && is_command(argv[1])) return {false, argv[1]};
  // No command word anywhere: only the bare command's options can match.
  for (int i = 1; i < argc; ++i)
    if (is_command(argv[i])) return {};  // options before the command: build everything
  return {true, "-"};
}

}  // namespace

ParsedCli parse_cli(int argc, char** argv) {
  Options o;
  CLI::App app{"vc-agent: makes a virtual-cluster image this cluster's frontend or compute node"};
  app.set_version_flag("--version", std::string("vc-agent ") + VC_AGENT_VERSION);
  const OptionSets sets = option_sets(argc, argv);
  const auto wanted = [&](std::string_view name) { return sets.only.empty() || sets.only == name; };
  if (sets.bare) add_apply_options(&app, o);

  auto* apply = app.add_subcommand("apply", "Apply the input to the system (the default)");
  if (wanted("apply")) add_apply_options(apply, o);
  auto* plan = app.add_subcommand("plan", "Same as apply --dry-run");
  if (wanted("plan")) add_apply_options(plan, o);

  auto* render = app.add_subcommand("render", "Render only the network configuration into a directory");
  if (wanted("render")) {
    render->add_option("--input", o.input, "Input file")->required();
    render->add_option("--input-format", o.input_format, "Input format")
        ->check(CLI::IsMember({"vcout", "v1", "v2", "network_data"}));
    render->add_option("--format", o.format, "Renderer")
        ->required()
        ->check(CLI::IsMember({"ifcfg", "ifcfg-suse", "nm", "netplan", "eni", "networkd"}));
    render->add_option("--distro", o.distro, "Distribution the output is for");
    render->add_option("--output", o.output, "Directory to write the rendered tree into")->required();
    add_output_options(render, o);
  }

  auto* rollback = app.add_subcommand("rollback", "Restore the files the last transaction replaced");
  if (wanted("rollback")) {
    rollback->add_option("--root", o.root, "Work on the tree under DIR");
    add_output_options(rollback, o);
  }

  auto* status = app.add_subcommand("status", "Show the saved state: instance, last run, pending late phase, host keys");
  if (wanted("status")) {
    status->add_option("--root", o.root, "Work on the tree under DIR");
    add_output_options(status, o);
  }

  app.require_subcommand(0, 1);
  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    int code = app.exit(e);
    return {std::nullopt, code == 0 ? 0 : 2};
  }
  if (plan->parsed()) {
    o.dry_run = true;
  } else if (render->parsed()) {
    o.command = Command::Render;
  } else if (rollback->parsed()) {
    o.command = Command::Rollback;
  } else if (status->parsed()) {
    o.command = Command::Status;
  }
  return {o, 0};
}

}  // namespace vc
