// vc-host: the host side of readiness — gen, serve, wait, status, known-hosts over
// one SQLite state database (DESIGN.md §Interfaces).
#include <CLI/CLI.hpp>

#include <charconv>
#include <cmath>
#include <cstdlib>
#include <filesystem>
#include <iostream>

#include "agent/error.h"
#include "host/commands.h"
#include "host/serve.h"
#include "host/store.h"
#include "version.h"

namespace {

std::string default_db() {
  const char* env = std::getenv("VC_HOST_DB");
  return env && *env ? env : "/var/lib/vc-host/state.db";
}

// wait --timeout: a finite number of seconds >= 0, 0 meaning no limit. "-1",
// "nan" or "inf" would otherwise mean waiting forever without saying so.
std::string check_seconds(std::string& text) {
  double v = 0;
  const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), v);
  if (ec == std::errc{} && end == text.data() + text.size() && std::isfinite(v) && v >= 0) return {};
  return "expected a finite number of seconds >= 0 (0: no limit), got '" + text + "'";
}

}  // namespace

int main(int argc, char** argv) {
  CLI::App app{"vc-host: generate virtual-cluster inputs and collect the nodes' readiness reports"};
  app.set_version_flag("--version", std::string("vc-host ") + VC_AGENT_VERSION);
  std::string db = default_db();
  app.add_option("--db", db, "State database (SQLite; default $VC_HOST_DB or /var/lib/vc-host/state.db)");
  app.require_subcommand(1);

  vc::host::GenOptions gen;
  auto* gen_cmd = app.add_subcommand("gen", "Write each node's input (vc-out.xml or NoCloud) from a cluster spec");
  gen_cmd->add_option("--spec", gen.spec, "Cluster spec (YAML)")->required();
  gen_cmd->add_option("--out", gen.out, "Output directory")->required();
  gen_cmd->add_option("--format", gen.format, "vcout (pragma_boot G1 files) or nocloud")
      ->check(CLI::IsMember({"vcout", "nocloud"}));
  gen_cmd->add_flag("--replace", gen.replace,
                    "Regenerate a cluster already in the database (new report keys: its nodes need the new inputs)");

  vc::host::ServeOptions serve;
  auto* serve_cmd = app.add_subcommand("serve", "Receive signed reports over HTTP and AF_VSOCK");
  serve_cmd->add_option("--listen", serve.listen, "ADDR:PORT for HTTP (port 0: any free port)");
  serve_cmd->add_option("--vsock-port", serve.vsock_port, "Also listen on this AF_VSOCK port");
  serve_cmd->add_option("--window", serve.window_seconds, "Accepted clock difference, seconds (default 300)")
      ->check(CLI::Range(1, 86400));
  serve_cmd->add_flag("-v,--verbose", serve.verbose, "Also log accepted reports");

  std::string cluster;
  double timeout = 0;
  auto* wait_cmd = app.add_subcommand("wait", "Wait until every node of CLUSTER is ready (exit 0), failed (1) or timeout (124)");
  wait_cmd->add_option("CLUSTER", cluster)->required();
  wait_cmd->add_option("--timeout", timeout, "Seconds, >= 0 (default 0: no limit)")
      ->check(CLI::Validator(check_seconds, "SECONDS"));

  bool as_json = false;
  auto* status_cmd = app.add_subcommand("status", "Show the nodes and their last reports");
  status_cmd->add_option("CLUSTER", cluster);
  status_cmd->add_flag("--json", as_json, "A JSON list of nodes");

  auto* kh_cmd = app.add_subcommand("known-hosts", "Print known_hosts lines: the host keys gen made, or those the nodes reported");
  kh_cmd->add_option("CLUSTER", cluster)->required();

  for (auto* sub : {gen_cmd, serve_cmd, wait_cmd, status_cmd, kh_cmd})
    sub->add_option("--db", db, "State database (SQLite)");

  try {
    app.parse(argc, argv);
  } catch (const CLI::ParseError& e) {
    const int code = app.exit(e);
    return code == 0 ? 0 : 2;
  }
  try {
    if (const auto parent = std::filesystem::path(db).parent_path(); !parent.empty())
      std::filesystem::create_directories(parent);
    if (gen_cmd->parsed()) {
      gen.db = db;
      return vc::host::run_gen(gen, std::cout, std::cerr);
    }
    if (serve_cmd->parsed()) {
      serve.db = db;
      return vc::host::run_serve(serve);
    }
    if (wait_cmd->parsed()) return vc::host::run_wait(db, cluster, timeout, std::cout, std::cerr);
    if (status_cmd->parsed()) return vc::host::run_status(db, cluster, as_json, std::cout, std::cerr);
    if (kh_cmd->parsed()) return vc::host::run_known_hosts(db, cluster, std::cout, std::cerr);
  } catch (const vc::InputError& e) {
    std::cerr << "vc-host: invalid input: " << e.message() << "\n";
    return 2;
  } catch (const vc::host::StoreError& e) {
    std::cerr << "vc-host: " << e.what() << "\n";
    return 3;
  } catch (const std::exception& e) {
    std::cerr << "vc-host: " << e.what() << "\n";
    return 3;
  }
  return 2;
}
