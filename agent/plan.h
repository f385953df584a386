#pragma once
// The Plan: a pure value listing every change a run would make, each with its
// reason. Only the transaction turns it into system changes.
#include <memory>
#include <optional>
#include <string>
#include <vector>

namespace vc::netconf {
struct NetworkState;
struct LiveStep;
}  // namespace vc::netconf

namespace vc {

struct FileChange {
  enum class Op { Write, Remove };
  Op op = Op::Write;
  std::string path;     // absolute inside the target root: "/etc/hosts"
  std::string content;  // for Write
  unsigned mode = 0644;       // for a new file; an existing file keeps its own...
  bool enforce_mode = false;  // ...unless this is set (authorized_keys must be 0600)
  bool per_instance = false;  // only on a new instance (a host key from the input)
  bool secret = false;        // content never shown in a plan or diff (a private key)
  std::string reason;
};

// A directory that must exist (created with `mode`, parents 0755) before writes.
struct DirEnsure {
  std::string path;
  unsigned mode = 0755;
  bool enforce_mode = false;
  std::string reason;
};

// Something done to the running system rather than to files; only carried out
// without --root, or with --live.
struct LiveAction {
  // ConfigureNetwork: make the kernel's links match `network` (netconf/live_apply.h);
  // pending_live_actions() expands it, against the kernel, into NetworkStep actions.
  enum class Kind { SetHostname, ConfigureNetwork, NetworkStep };
  Kind kind = Kind::SetHostname;
  std::vector<std::string> args;
  std::string reason;
  std::shared_ptr<const netconf::NetworkState> network{};  // ConfigureNetwork
  std::shared_ptr<const netconf::LiveStep> step{};         // NetworkStep
};

// Boot phases (issue 4): early = before the network (files, NIC names);
// late = network online and local services up (qconf, rocks, service restarts).
enum class Phase { Early, Late };

// A program to run, planned as an argv vector (never a shell string). Early
// commands that only produce files run into a scratch directory and their
// output joins the transaction; late commands are kept in
// /var/lib/vc-agent/late-pending until they have all succeeded.
struct PlannedCommand {
  std::vector<std::string> argv;
  std::string reason;
  Phase phase = Phase::Late;
  std::string step;           // the table row it comes from ("sge-exec-hosts")
  bool per_instance = false;  // only on a new instance (lifecycle table)
  std::vector<std::string> env;  // extra "K=V" (SGE_ROOT, SGE_CELL)
  // stdout piped through these, in order (rocks report … | rocks report script | bash).
  std::vector<std::vector<std::string>> pipe_to;
  // The last stdout replaces this in-root file atomically (rocks report … > file).
  std::string stdout_to;
  // A non-zero exit whose output holds one of these counts as done ("already exists").
  std::vector<std::string> ok_if_output;
  // Retried every few seconds until it succeeds or this much time has passed: the
  // daemon it talks to may still be starting (a Rocks sgemaster.<cluster> unit
  // cannot be named in vc-agent-late.service's After=).
  int wait_seconds = 0;
  // List-and-prune: argv lists names, the first field of each line (a trailing
  // ':' dropped; a line with more fields and no ':' is a header or a message);
  // each name not in `keep` is appended to `each` and run (qconf -sel → qconf -de).
  std::vector<std::string> prune_keep;
  std::vector<std::string> prune_each;
  // Files the command creates (in-root path, mode): an argv element equal to
  // produces[0].path is redirected into a scratch dir, and the files found
  // there become FileChanges (ssh-keygen -f /etc/ssh/ssh_host_ed25519_key).
  struct Output {
    std::string path;
    unsigned mode = 0600;
  };
  std::vector<Output> produces;
};

struct Plan {
  std::vector<DirEnsure> dirs;
  std::vector<FileChange> files;
  std::vector<LiveAction> live;
  std::vector<std::string> warnings;
  std::vector<PlannedCommand> commands;  // in order; see PlannedCommand
};

}  // namespace vc
