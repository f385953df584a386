#include "agent/commands.h"

#include <cstdio>
#include <ostream>

#include <nlohmann/json.hpp>

#include "agent/error.h"
#include "agent/input_reader.h"
#include "agent/lifecycle_apply.h"
#include "agent/links.h"
#include "agent/live.h"
#include "agent/planner.h"
#include "agent/report.h"
#include "agent/sd_notify.h"
#include "agent/source.h"
#include "agent/transaction.h"
#include "agent/unified_diff.h"
#include "agent/vcout_parser.h"
#include "distro/distro.h"

namespace vc {
namespace {

constexpr const char* kDefaultInput = "/root/vc-out.xml";

std::string octal(unsigned mode) {
  char buf[8];
  std::snprintf(buf, sizeof buf, "%04o", mode & 07777u);
  return buf;
}

distro::DistroFacts facts_for(const Options& o, const RootView& root) {
  return o.distro.empty() ? distro::detect(root) : distro::from_name(o.distro, root);
}

std::optional<distro::NetRenderer> renderer_override(const Options& o) {
  if (o.format.empty()) return std::nullopt;
  auto r = distro::renderer_from_name(o.format);
  if (!r) throw InputError("", 0, "--format", "unknown renderer '" + o.format + "'");
  return r;
}

// What the diff of one change looks like; also used for --json.
std::string change_diff(const FileChange& c, const RootView& root) {
  auto old_text = root.read(c.path);
  if (c.secret && c.op == FileChange::Op::Write)
    return old_text == c.content ? "" : "# (" + c.path + ": secret content not shown)\n";
  if (c.secret) return old_text ? "# (" + c.path + ": removed; secret content not shown)\n" : "";
  if (c.op == FileChange::Op::Remove) return unified_diff(c.path, old_text, std::nullopt);
  return unified_diff(c.path, old_text, c.content);
}

void print_plan_text(const Plan& plan, const RootView& root, bool live, std::ostream& out) {
  for (const auto& d : plan.dirs) out << "# mkdir " << d.path << " (" << octal(d.mode) << "): " << d.reason << "\n";
  for (const auto& c : plan.files) {
    out << "# " << c.path << ": " << c.reason << "\n";
    std::string diff = change_diff(c, root);
    if (diff.empty() && c.enforce_mode) out << "# chmod " << octal(c.mode) << " " << c.path << "\n";
    out << diff;
  }
  for (const auto& a : plan.live)
    out << "# live: " << describe(a) << (live ? "" : " (skipped: --root without --live)") << "\n";
}

nlohmann::json plan_json(const Plan& plan, const RootView& root) {
  nlohmann::json changes = nlohmann::json::array();
  for (const auto& d : plan.dirs)
    changes.push_back({{"op", "mkdir"}, {"path", d.path}, {"mode", octal(d.mode)}, {"reason", d.reason}});
  for (const auto& c : plan.files)
    changes.push_back({{"op", c.op == FileChange::Op::Write ? "write" : "remove"},
                       {"path", c.path},
                       {"reason", c.reason},
                       {"diff", change_diff(c, root)}});
  nlohmann::json live = nlohmann::json::array();
  for (const auto& a : plan.live) live.push_back({{"action", describe(a)}, {"reason", a.reason}});
  return {{"changes", changes}, {"live", live}, {"warnings", plan.warnings}};
}

nlohmann::json sources_json(const SourceSelection& sel) {
  nlohmann::json a = nlohmann::json::array();
  for (const auto& s : sel.attempts) a.push_back({{"name", s.name}, {"result", s.result}, {"why", s.why}});
  return a;
}

void print_warnings(const std::vector<std::string>& warnings, std::ostream& err) {
  for (const auto& w : warnings) err << "warning: " << w << "\n";
}

}  // namespace

int run_apply(const Options& o, std::ostream& out, std::ostream& err) {
  StepClock clock;
  RootView root(o.root);
  if (!root.is_live_root() && !root.is_dir("/")) throw EnvError("root directory " + o.root + " is not readable");
  if (o.phase == "late") return run_late_phase(o, root, out, err);
  const std::string input_path = o.input.empty() ? root.host_path(kDefaultInput) : o.input;

  notify_systemd("STATUS=reading " + (o.source == "auto" ? input_path + " or a cloud-init datasource" : o.source));
  auto links = read_links(root);
  NetBudget budget(o.net_budget);
  SourceSelection sel = select_source({o, root, links, budget});
  if (o.verbose)
    for (const auto& a : sel.attempts) err << "source " << a.name << ": " << a.result << " (" << a.why << ")\n";
  if (!sel.hit) {
    // The early phase consumed the input; a late phase it left may still be due.
    if (o.phase == "all" && has_late_pending(root)) return run_late_phase(o, root, out, err);
    // First boot is over (the input was consumed) or this image never had one.
    // The NICs still need the names the applied files use.
    if (!o.dry_run && (root.is_live_root() || o.live)) {
      const auto renamed = reassert_nic_names(root);
      if (!renamed.empty()) {
        if (o.json) out << nlohmann::json{{"result", "names-reasserted"}, {"steps", renamed}}.dump() << "\n";
        else
          for (const auto& step : renamed) out << "vc-agent: " << step << "\n";
        notify_systemd("READY=1\nSTATUS=no input; " + std::to_string(renamed.size()) + " NIC name step(s)");
        return kExitOk;
      }
    }
    notify_systemd("READY=1\nSTATUS=no input; nothing to do");
    if (o.json) out << nlohmann::json{{"result", "nothing-to-do"}, {"reason", "no input"}, {"sources", sources_json(sel)}}.dump() << "\n";
    else out << "vc-agent: no input at " << input_path << (o.source == "auto" ? " nor in a cloud-init datasource" : "")
             << "; nothing to do\n";
    return kExitOk;
  }
  Model model = std::move(sel.hit->model);
  const std::string bytes = std::move(sel.hit->bytes);
  clock.mark("read");
  auto facts = facts_for(o, root);
  auto renderer = renderer_override(o);

  // An interrupted transaction is rolled back before planning: the plan (and the
  // saved lifecycle state) must describe the tree as it will be when applied.
  if (!o.dry_run) recover_unfinished(root);
  Plan full = make_plan({model, facts, root, links, renderer});
  full.files.insert(full.files.end(), sel.hit->consume.begin(), sel.hit->consume.end());
  LifecycleRun lc = prepare_lifecycle(full, model, bytes, root, o.dry_run);
  lc.sources = sources_json(sel);
  const bool live = root.is_live_root() || o.live;
  Plan plan = effective_changes(full, root);
  plan.commands = full.commands;
  plan.live = live ? pending_live_actions(plan.live, &plan.warnings) : plan.live;
  clock.mark("plan");

  print_warnings(plan.warnings, err);
  const std::string who = std::string(role_name(model.role)) + " " + (model.fqdn.empty() ? model.name : model.fqdn);
  const std::string where = std::string(distro::family_name(facts.family)) + " (" + facts.detected_by + "), renderer " +
                            distro::renderer_name(renderer.value_or(facts.renderer));

  if (o.dry_run) {
    if (o.json) {
      auto j = plan_json(plan, root);
      j["result"] = "dry-run";
      j["node"] = who;
      j["distro"] = where;
      j["run"] = run_kind_name(lc.info.kind);
      j["commands"] = commands_json(plan);
      out << j.dump(2) << "\n";
    } else {
      out << "# vc-agent plan: " << who << " ("
          << (model.source.starts_with("vcout:") ? generation_name(model.generation) : model.source) << ") on " << where << "\n";
      print_plan_text(plan, root, live, out);
      print_commands(plan, out);
      out << "# " << plan.dirs.size() + plan.files.size() << " change(s); dry run: nothing was written\n";
    }
    notify_systemd("READY=1\nSTATUS=dry run");
    return kExitOk;
  }

  notify_systemd("STATUS=applying " + std::to_string(plan.dirs.size() + plan.files.size()) + " change(s)");
  // The report goes out however the run ends, and never changes its exit code.
  RunReport outcome{model, root, clock, true, "", !o.no_report, root.is_live_root() || o.verbose > 0,
                    lc.info.instance_id};
  TxResult tx;
  try {
    tx = apply_transaction(plan, root, tx_options_from_env());
    clock.mark("apply");
    if (live) {
      try {
        run_live_actions(plan.live);
      } catch (const std::exception& e) {
        // Exit 1 promises the old files: undo the committed transaction too.
        // Kernel changes already made (a renamed NIC) stay; the message says so.
        if (!tx.txid.empty()) print_warnings(rollback_last(root).warnings, err);
        throw ApplyError(std::string("live network configuration failed: ") + e.what() +
                             "; the files were restored, kernel changes made before the failure stay",
                         ApplyError::Left::Described);
      }
      clock.mark("live");
    }
  } catch (const std::exception& e) {
    outcome.ok = false;
    outcome.error = e.what();
    discard_report_context(root, err);
    report_outcome(outcome, err);
    throw;
  }
  notify_systemd("READY=1\nSTATUS=" + who + ": " + std::to_string(tx.changed.size()) + " change(s) applied");
  if (o.json) {
    out << nlohmann::json{{"result", "applied"}, {"node", who}, {"distro", where}, {"txid", tx.txid},
                          {"changed", tx.changed}, {"warnings", plan.warnings}}
               .dump(2)
        << "\n";
  } else {
    out << "vc-agent: " << who << " on " << where << ": ";
    if (tx.changed.empty()) out << "nothing to change\n";
    else out << tx.changed.size() << " change(s) in transaction " << tx.txid << "\n";
    if (o.verbose)
      for (const auto& p : tx.changed) out << "  " << p << "\n";
  }
  const int rc = finish_lifecycle(o, root, lc, tx, out, err);
  if (rc != kExitOk) {
    outcome.ok = false;
    outcome.error = "late phase failed; it is retried on the next boot";
  }
  out.flush();
  // An early phase with a late phase still due is not "ready": the late run reports.
  // So is an early phase whose input names a report URL: the network is not up yet,
  // and vc-agent-late.service (conditioned on the saved context) sends it.
  if (o.phase == "early" && (has_late_pending(root) || model.report)) save_report_context(outcome, err);
  else {
    discard_report_context(root, err);
    report_outcome(outcome, err);
  }
  return rc;
}

int run_rollback(const Options& o, std::ostream& out, std::ostream& err) {
  RootView root(o.root);
  auto [txid, warnings] = rollback_last(root);
  print_warnings(warnings, err);
  if (o.json) out << nlohmann::json{{"rolled_back", txid ? *txid : ""}, {"warnings", warnings}}.dump() << "\n";
  else if (txid) out << "vc-agent: restored the files of transaction " << *txid << "\n";
  else out << "vc-agent: no transaction to roll back\n";
  return kExitOk;
}

}  // namespace vc
