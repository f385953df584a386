#include "agent/lifecycle.h"

#include <algorithm>
#include <stdexcept>

#include "distro/ssh_hostkeys.h"

namespace vc {
namespace {

struct PerInstance {
  const char* step;
  const char* why;
};

// Everything else re-runs when the input changes; these only on a new instance.
const PerInstance kPerInstance[] = {
    {"ssh-host-keys",
     "a clone must not share host keys; a reboot or a move must keep them, or every known_hosts breaks"},
};

}  // namespace

const char* run_kind_name(RunKind k) {
  switch (k) {
    case RunKind::NewInstance: return "new-instance";
    case RunKind::ChangedInput: return "changed-input";
    case RunKind::SameInput: return "same-input";
  }
  return "?";
}

std::string instance_id_of(const Model& m, const std::optional<std::string>& explicit_id) {
  if (explicit_id && !explicit_id->empty()) return *explicit_id;
  std::vector<std::string> macs;
  for (const auto& n : m.nics)
    if (!n.mac.empty()) macs.push_back(n.mac);
  std::sort(macs.begin(), macs.end());
  std::string id = std::string(role_name(m.role)) + "\n" + m.name + "\n" +
                   (m.role == Role::Frontend ? m.name : (m.fe_name.empty() ? m.fe_fqdn.substr(0, m.fe_fqdn.find('.')) : m.fe_name)) + "\n";
  for (const auto& mac : macs) id += mac + "\n";
  return "vcout-" + sha256_hex(id).substr(0, 16);
}

RunKind classify(const state::Saved& saved, const std::string& instance_id, const std::string& input_sha256) {
  if (!saved.instance_id || *saved.instance_id != instance_id) return RunKind::NewInstance;
  if (!saved.input_sha256 || *saved.input_sha256 != input_sha256) return RunKind::ChangedInput;
  return RunKind::SameInput;
}

bool is_per_instance_step(std::string_view step) {
  return std::any_of(std::begin(kPerInstance), std::end(kPerInstance), [&](const PerInstance& p) { return step == p.step; });
}

void select_commands(Plan& plan, RunKind kind) {
  std::vector<PlannedCommand> keep;
  for (auto& c : plan.commands) {
    c.per_instance = c.per_instance || is_per_instance_step(c.step);
    if (kind == RunKind::SameInput) continue;
    if (c.per_instance && kind != RunKind::NewInstance) continue;
    keep.push_back(std::move(c));
  }
  plan.commands = std::move(keep);
  // Files bound to the instance (host keys from the input) follow the same rule.
  std::erase_if(plan.files, [&](const FileChange& f) { return f.per_instance && kind != RunKind::NewInstance; });
}

std::string fingerprints_after(const Plan& plan, const RootView& root) {
  std::string out;
  // Keys this plan creates (cloud-config ssh_genkeytypes) count as well as the image's.
  std::vector<std::string> keys = distro::host_key_paths(root);
  for (const auto& f : plan.files)
    if (f.op == FileChange::Op::Write && f.path.starts_with("/etc/ssh/ssh_host_") && f.path.ends_with("_key.pub")) {
      std::string key = f.path.substr(0, f.path.size() - 4);
      if (std::find(keys.begin(), keys.end(), key) == keys.end()) keys.push_back(std::move(key));
    }
  std::sort(keys.begin(), keys.end());
  for (const auto& key : keys) {
    const std::string pub_path = key + ".pub";
    std::optional<std::string> pub;
    bool removed = false;
    for (const auto& f : plan.files)
      if (f.path == pub_path) {
        removed = f.op == FileChange::Op::Remove;
        if (!removed) pub = f.content;
      }
    if (removed) continue;
    if (!pub) pub = root.read(pub_path);
    if (!pub) continue;
    if (auto fp = distro::fingerprint_line(*pub)) out += *fp + "\n";
  }
  return out;
}

void plan_state_files(Plan& plan, const LifecycleInfo& info, const RootView& root) {
  auto add = [&](const char* path, std::string content, const char* why) {
    FileChange f;
    f.path = path;
    f.content = std::move(content);
    f.mode = 0644;
    f.reason = why;
    plan.files.push_back(std::move(f));
  };
  add(state::kInstanceId, info.instance_id + "\n", "state: the instance this input was applied to");
  add(state::kInputHash, info.input_sha256 + "\n", "state: the applied input, to tell a reboot from a changed input");
  // A dry run has not generated the new keys: it would record the old ones.
  const bool keys_pending = std::any_of(plan.commands.begin(), plan.commands.end(),
                                        [](const PlannedCommand& c) { return !c.produces.empty(); });
  if (auto fp = fingerprints_after(plan, root); !fp.empty() && !keys_pending)
    add(state::kFingerprints, fp, "state: host key fingerprints for the readiness report and vc-agent status");

  if (info.kind == RunKind::SameInput) return;  // a pending late phase from before stays
  state::Pending p;
  p.instance_id = info.instance_id;
  for (const auto& c : plan.commands)
    if (c.phase == Phase::Late) p.commands.push_back(c);
  if (p.commands.empty()) {
    FileChange rm;
    rm.op = FileChange::Op::Remove;
    rm.path = state::kLatePending;
    rm.reason = "state: the new input needs no late phase";
    plan.files.push_back(std::move(rm));
    return;
  }
  add(state::kLatePending, state::pending_text(p), "state: late-phase commands, run once the network and services are up");
}

}  // namespace vc
