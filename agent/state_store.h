#pragma once
// What the agent remembers between boots, under <root>/var/lib/vc-agent/:
//   instance-id            which instance the applied input belongs to
//   input-sha256           hash of the applied input bytes
//   host-key-fingerprints  `ssh-keygen -lf` lines of the host keys after the run
//   late-pending           JSON: late-phase commands still to run (their retry state)
//   last-run.json          summary of the last run that did something (vc-agent status)
// The first three and late-pending's first version go through the transaction
// (so an identical re-run rewrites nothing); late-pending updates and
// last-run.json are atomic writes after the commit.
#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "agent/plan.h"
#include "agent/root_view.h"

namespace vc::state {

inline constexpr const char* kDir = "/var/lib/vc-agent";
inline constexpr const char* kInstanceId = "/var/lib/vc-agent/instance-id";
inline constexpr const char* kInputHash = "/var/lib/vc-agent/input-sha256";
inline constexpr const char* kFingerprints = "/var/lib/vc-agent/host-key-fingerprints";
inline constexpr const char* kLatePending = "/var/lib/vc-agent/late-pending";
inline constexpr const char* kLastRun = "/var/lib/vc-agent/last-run.json";

struct Saved {
  std::optional<std::string> instance_id, input_sha256;
};
Saved read_saved(const RootView& root);

struct Pending {
  std::string instance_id;
  std::vector<PlannedCommand> commands;
  int attempts = 0;
  std::string last_error;
};
nlohmann::json to_json(const PlannedCommand& c);
PlannedCommand command_from_json(const nlohmann::json& j);  // throws nlohmann::json::exception
// Stable text (the transaction compares bytes).
std::string pending_text(const Pending& p);
// nullopt when absent; EnvError when unreadable or not ours.
std::optional<Pending> read_pending(const RootView& root);

// Atomic (temp + fsync + rename) writes for the after-commit state.
void write_atomic(const RootView& root, const std::string& path, const std::string& text);
void remove_file(const RootView& root, const std::string& path);

std::optional<nlohmann::json> read_json(const RootView& root, const std::string& path);

}  // namespace vc::state
