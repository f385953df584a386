#pragma once
// vc-host's subcommands other than serve. Each returns the process exit code.
#include <iosfwd>
#include <string>

namespace vc::host {

struct GenOptions {
  std::string spec, out, db;
  std::string format = "vcout";  // vcout | nocloud
  bool replace = false;          // regenerate a cluster the database already has
};
int run_gen(const GenOptions& o, std::ostream& out, std::ostream& err);

// 0 when every expected node is ready, 1 as soon as one reported failure, 124 on
// timeout (timeout_seconds == 0: no limit), 2 for an unknown cluster or a
// timeout that is negative or not finite.
int run_wait(const std::string& db, const std::string& cluster, double timeout_seconds, std::ostream& out,
             std::ostream& err);

int run_status(const std::string& db, const std::string& cluster, bool json, std::ostream& out, std::ostream& err);
int run_known_hosts(const std::string& db, const std::string& cluster, std::ostream& out, std::ostream& err);

}  // namespace vc::host
