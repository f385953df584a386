// vc-agent status: what the state directory says, for people and for scripts.
#include <cstdio>
#include <ostream>

#include "agent/commands.h"
#include "agent/error.h"
#include "agent/state_store.h"
#include "agent/text.h"

namespace vc {
namespace {

std::vector<std::string> lines_of(const std::optional<std::string>& text) {
  std::vector<std::string> out;
  if (!text) return out;
  for (std::string_view rest = *text; !rest.empty();)
    if (auto line = next_line(rest); !line.empty()) out.emplace_back(line);
  return out;
}

}  // namespace

int run_status(const Options& o, std::ostream& out, std::ostream&) {
  RootView root(o.root);
  if (!root.is_live_root() && !root.is_dir("/")) throw EnvError("root directory " + o.root + " is not readable");
  auto saved = state::read_saved(root);
  auto last = state::read_json(root, state::kLastRun);
  auto pending = state::read_pending(root);
  auto keys = lines_of(root.read(state::kFingerprints));

  nlohmann::json j;
  j["instance_id"] = saved.instance_id ? nlohmann::json(*saved.instance_id) : nlohmann::json(nullptr);
  j["input_sha256"] = saved.input_sha256 ? nlohmann::json(*saved.input_sha256) : nlohmann::json(nullptr);
  j["last_run"] = last ? *last : nlohmann::json(nullptr);
  if (pending) {
    nlohmann::json cmds = nlohmann::json::array();
    for (const auto& c : pending->commands) cmds.push_back(state::to_json(c));
    j["late_pending"] = {{"commands", cmds}, {"attempts", pending->attempts}, {"last_error", pending->last_error}};
  } else {
    j["late_pending"] = nullptr;
  }
  j["host_keys"] = keys;
  if (o.json) {
    out << j.dump(2) << "\n";
    return kExitOk;
  }

  out << "instance:     " << saved.instance_id.value_or("(none: no input applied yet)") << "\n";
  if (saved.input_sha256) out << "input sha256: " << *saved.input_sha256 << "\n";
  if (last) {
    const auto& l = *last;
    out << "last run:     " << l.value("finished_at", "?") << ", phase " << l.value("phase", "?");
    if (l.contains("run")) out << ", " << l.value("run", "");
    out << ": " << l.value("result", "?");
    if (l.contains("changed")) out << ", " << l.value("changed", 0) << " change(s)";
    if (l.contains("seconds")) {
      char secs[32];
      std::snprintf(secs, sizeof secs, "%.2f", l.value("seconds", 0.0));
      out << ", " << secs << " s";
    }
    out << "\n";
    if (l.contains("source")) out << "source:       " << l.value("source", "") << "\n";
    // Why the winner won and the others did not (--source auto, vc-agent(8) SOURCES).
    if (l.contains("sources") && l["sources"].is_array())
      for (const auto& s : l["sources"])
        if (s.is_object())
          out << "  " << s.value("name", "?") << ": " << s.value("result", "?") << " (" << s.value("why", "") << ")\n";
  } else {
    out << "last run:     (none recorded)\n";
  }
  if (pending) {
    out << "late phase:   " << pending->commands.size() << " command(s) pending, " << pending->attempts
        << " failed attempt(s)" << (pending->last_error.empty() ? "" : "; last error: " + pending->last_error) << "\n";
  } else {
    out << "late phase:   nothing pending\n";
  }
  out << "host keys:" << (keys.empty() ? "    (none recorded)\n" : "\n");
  for (const auto& k : keys) out << "  " << k << "\n";
  return kExitOk;
}

}  // namespace vc
