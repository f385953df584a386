#pragma once
// First boot versus changed input versus plain reboot (issue 4, Lifecycle).
// Pure: the saved state comes in as values read by state_store.
#include <optional>
#include <string>
#include <string_view>

#include "agent/model.h"
#include "agent/plan.h"
#include "agent/root_view.h"
#include "agent/sha256.h"
#include "agent/state_store.h"

namespace vc {

enum class RunKind {
  NewInstance,   // no state, or another instance's: everything, per-instance steps too
  ChangedInput,  // same instance, new input (moved to another site): all but per-instance
  SameInput,     // a reboot: files are re-planned (and usually unchanged), no commands
};
const char* run_kind_name(RunKind k);  // "new-instance", "changed-input", "same-input"

// The input's instance id when it has one (cloud-init meta-data instance-id),
// else "vcout-" + a hash of what identifies this VM in a vc-out.xml: role, own
// short name, the frontend's short name and the own NICs' MACs. Addresses, the
// fqdn and DNS are left out: they change when the cluster moves to another site.
std::string instance_id_of(const Model& m, const std::optional<std::string>& explicit_id = std::nullopt);

RunKind classify(const state::Saved& saved, const std::string& instance_id, const std::string& input_sha256);

// The per-instance table: steps that run only on a new instance.
bool is_per_instance_step(std::string_view step);

// Keeps the commands this run needs: none for SameInput, per-instance ones only
// for NewInstance. Marks per_instance from the table.
void select_commands(Plan& plan, RunKind kind);

struct LifecycleInfo {
  RunKind kind = RunKind::NewInstance;
  std::string instance_id, input_sha256;
};

// The state files as FileChanges for the transaction: instance id, input hash,
// host key fingerprints (of the .pub files this plan writes or the root has),
// and late-pending when the plan has late commands (a changed input with none
// removes a stale one). Call after the early commands' outputs joined the plan.
void plan_state_files(Plan& plan, const LifecycleInfo& info, const RootView& root);

// The `ssh-keygen -lf` lines for the host keys after this plan.
std::string fingerprints_after(const Plan& plan, const RootView& root);

}  // namespace vc
