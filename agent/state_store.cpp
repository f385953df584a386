#include "agent/state_store.h"

#include "agent/error.h"
#include "agent/fs_util.h"

namespace vc::state {
namespace {

std::optional<std::string> first_line(const RootView& root, const char* path) {
  auto text = root.read(path);
  if (!text) return std::nullopt;
  auto line = text->substr(0, text->find('\n'));
  if (line.empty()) return std::nullopt;
  return line;
}

}  // namespace

Saved read_saved(const RootView& root) { return {first_line(root, kInstanceId), first_line(root, kInputHash)}; }

nlohmann::json to_json(const PlannedCommand& c) {
  nlohmann::json j{{"argv", c.argv}, {"reason", c.reason}, {"step", c.step},
                   {"phase", c.phase == Phase::Early ? "early" : "late"}};
  if (c.per_instance) j["per_instance"] = true;
  if (!c.env.empty()) j["env"] = c.env;
  if (!c.pipe_to.empty()) j["pipe_to"] = c.pipe_to;
  if (!c.stdout_to.empty()) j["stdout_to"] = c.stdout_to;
  if (!c.ok_if_output.empty()) j["ok_if_output"] = c.ok_if_output;
  if (c.wait_seconds > 0) j["wait_seconds"] = c.wait_seconds;
  if (!c.prune_each.empty()) {
    j["prune_keep"] = c.prune_keep;
    j["prune_each"] = c.prune_each;
  }
  return j;
}

PlannedCommand command_from_json(const nlohmann::json& j) {
  PlannedCommand c;
  c.argv = j.at("argv").get<std::vector<std::string>>();
  c.reason = j.value("reason", "");
  c.step = j.value("step", "");
  c.phase = j.value("phase", "late") == "early" ? Phase::Early : Phase::Late;
  c.per_instance = j.value("per_instance", false);
  c.env = j.value("env", std::vector<std::string>{});
  c.pipe_to = j.value("pipe_to", std::vector<std::vector<std::string>>{});
  c.stdout_to = j.value("stdout_to", "");
  c.ok_if_output = j.value("ok_if_output", std::vector<std::string>{});
  c.wait_seconds = j.value("wait_seconds", 0);
  c.prune_keep = j.value("prune_keep", std::vector<std::string>{});
  c.prune_each = j.value("prune_each", std::vector<std::string>{});
  if (c.argv.empty()) throw std::invalid_argument("empty argv");
  return c;
}

// JSON with one command per line: readable in a diff and by people at a console.
std::string pending_text(const Pending& p) {
  std::string out = "{\"instance_id\": " + nlohmann::json(p.instance_id).dump() +
                    ",\n \"attempts\": " + std::to_string(p.attempts) + ",\n";
  if (!p.last_error.empty()) out += " \"last_error\": " + nlohmann::json(p.last_error).dump() + ",\n";
  out += " \"commands\": [";
  for (std::size_t i = 0; i < p.commands.size(); ++i) out += (i ? ",\n  " : "\n  ") + to_json(p.commands[i]).dump();
  return out + "\n ]}\n";
}

std::optional<Pending> read_pending(const RootView& root) {
  auto text = root.read(kLatePending);
  if (!text) return std::nullopt;
  try {
    auto j = nlohmann::json::parse(*text);
    Pending p;
    p.instance_id = j.value("instance_id", "");
    p.attempts = j.value("attempts", 0);
    p.last_error = j.value("last_error", "");
    for (const auto& c : j.at("commands")) p.commands.push_back(command_from_json(c));
    return p;
  } catch (const std::exception& e) {
    throw EnvError(std::string(kLatePending) + " is damaged (" + e.what() + "); remove it to drop the pending late phase");
  }
}

void write_atomic(const RootView& root, const std::string& path, const std::string& text) {
  fs::mkdir_p(root.host_path(kDir), 0755);
  fs::write_file_durable(root.host_path(path), text);
}

void remove_file(const RootView& root, const std::string& path) { fs::unlink_if_exists(root.host_path(path)); }

std::optional<nlohmann::json> read_json(const RootView& root, const std::string& path) {
  auto text = root.read(path);
  if (!text) return std::nullopt;
  auto j = nlohmann::json::parse(*text, nullptr, false);
  if (j.is_discarded()) return std::nullopt;
  return j;
}

}  // namespace vc::state
