#include "agent/lifecycle_apply.h"
#include "agent/report.h"

#include <ctime>
#include <ostream>

#include "agent/error.h"
#include "agent/lifecycle_runner.h"
#include "agent/sd_notify.h"
#include "agent/state_store.h"

namespace vc {
namespace {

std::string utc_now() {
  std::time_t now = std::time(nullptr);
  std::tm tm{};
  ::gmtime_r(&now, &tm);
  char buf[32];
  std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%SZ", &tm);
  return buf;
}

double seconds_since(std::chrono::steady_clock::time_point t) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

bool live_allowed(const Options& o, const RootView& root) { return root.is_live_root() || o.live; }

nlohmann::json late_json(const LateRun& r) {
  nlohmann::json j{{"pending", r.pending}, {"done", r.done}, {"failed", r.failed}};
  if (!r.error.empty()) j["error"] = r.error;
  return j;
}

// Runs the pending late phase, reports it; true when it failed.
bool late_now(const RootView& root, std::ostream& out, std::ostream& err, LateRun& r) {
  notify_systemd("STATUS=late phase: running pending commands");
  r = run_late_pending(root, out);
  if (r.failed) {
    err << "vc-agent: late phase failed: " << r.error << "\nthe early phase stays applied; the remaining "
        << (r.pending - r.done) << " command(s) run again on the next boot (vc-agent-late.service)\n";
  }
  return r.failed;
}

}  // namespace

LifecycleRun prepare_lifecycle(Plan& full, const Model& m, const std::string& input_bytes, const RootView& root,
                               bool dry_run) {
  LifecycleRun lc;
  lc.source = m.source;
  lc.info.instance_id = instance_id_of(m, m.instance_id);
  lc.info.input_sha256 = sha256_hex(input_bytes);
  lc.info.kind = classify(state::read_saved(root), lc.info.instance_id, lc.info.input_sha256);
  select_commands(full, lc.info.kind);
  if (!dry_run) lc.generated = materialize_outputs(full, root);
  plan_state_files(full, lc.info, root);
  return lc;
}

void print_commands(const Plan& plan, std::ostream& out) {
  for (const auto& c : plan.commands)
    out << "# run: " << describe(c) << " (" << (c.phase == Phase::Early ? "early" : "late")
        << (c.per_instance ? ", per instance" : "") << "): " << c.reason << "\n";
}

nlohmann::json commands_json(const Plan& plan) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& c : plan.commands) {
    auto j = state::to_json(c);
    j["command"] = describe(c);
    a.push_back(std::move(j));
  }
  return a;
}

bool has_late_pending(const RootView& root) { return root.exists(state::kLatePending); }

int finish_lifecycle(const Options& o, const RootView& root, const LifecycleRun& lc, const TxResult& tx,
                     std::ostream& out, std::ostream& err) {
  LateRun late;
  bool failed = false;
  const bool pending = has_late_pending(root);
  if (pending && o.phase == "all") {
    // With --json, stdout carries one JSON document: progress goes to stderr.
    if (live_allowed(o, root)) failed = late_now(root, o.json ? err : out, err, late);
    else if (!o.json)
      out << "vc-agent: late phase pending in " << state::kLatePending
          << " (--root without --live): it runs on the node's next boot\n";
  }
  if (tx.changed.empty() && lc.generated.empty() && late.pending == 0) return kExitOk;
  nlohmann::json j{{"finished_at", utc_now()},
                   {"phase", o.phase},
                   {"source", lc.source},
                   {"sources", lc.sources},
                   {"run", run_kind_name(lc.info.kind)},
                   {"instance_id", lc.info.instance_id},
                   {"input_sha256", lc.info.input_sha256},
                   {"txid", tx.txid},
                   {"changed", tx.changed.size()},
                   {"generated", lc.generated},
                   {"late", late_json(late)},
                   {"late_pending", has_late_pending(root)},
                   {"result", failed ? "late-failed" : "ok"},
                   {"seconds", seconds_since(lc.started)}};
  state::write_atomic(root, state::kLastRun, j.dump(1) + "\n");
  return failed ? kExitFailed : kExitOk;
}

int run_late_phase(const Options& o, const RootView& root, std::ostream& out, std::ostream& err) {
  const auto started = std::chrono::steady_clock::now();
  auto pending = state::read_pending(root);
  const ReportChannels channels{!o.no_report, root.is_live_root() || o.verbose > 0};
  if (!pending || pending->commands.empty()) {
    // The early phase ran before the network: the late run is where it reports.
    if (!o.dry_run && live_allowed(o, root)) report_late_outcome(root, StepClock{}, true, "", channels, err);
    notify_systemd("READY=1\nSTATUS=late phase: nothing pending");
    if (o.json) out << nlohmann::json{{"result", "nothing-to-do"}, {"reason", "no late phase pending"}}.dump() << "\n";
    else out << "vc-agent: late phase: nothing pending\n";
    return kExitOk;
  }
  if (o.dry_run || !live_allowed(o, root)) {
    Plan p;
    p.commands = pending->commands;
    if (o.json) {
      out << nlohmann::json{{"result", o.dry_run ? "dry-run" : "skipped"}, {"commands", commands_json(p)}}.dump(2) << "\n";
    } else {
      print_commands(p, out);
      out << "# " << p.commands.size() << " late command(s) pending"
          << (o.dry_run ? "; dry run: nothing was run\n" : "; not run: --root without --live\n");
    }
    return kExitOk;
  }
  LateRun late;
  StepClock clock;
  const bool failed = late_now(root, o.json ? err : out, err, late);
  clock.mark("late");
  report_late_outcome(root, clock, !failed, failed ? late.error : "", channels, err);
  nlohmann::json j{{"finished_at", utc_now()},        {"phase", "late"},
                   {"instance_id", pending->instance_id}, {"late", late_json(late)},
                   {"late_pending", failed},          {"result", failed ? "late-failed" : "ok"},
                   {"seconds", seconds_since(started)}};
  state::write_atomic(root, state::kLastRun, j.dump(1) + "\n");
  notify_systemd(std::string("READY=1\nSTATUS=late phase: ") + (failed ? "failed; retried on the next boot" : "done"));
  if (o.json) out << j.dump(2) << "\n";
  else if (!failed) out << "vc-agent: late phase: " << late.done << " command(s) done\n";
  return failed ? kExitFailed : kExitOk;
}

}  // namespace vc
