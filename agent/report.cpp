#include "agent/report.h"

#include <cstdlib>
#include <ctime>
#include <optional>
#include <ostream>
#include <thread>

#include "agent/fs_util.h"
#include "agent/model.h"
#include "agent/report_http.h"
#include "agent/report_vsock.h"
#include "agent/root_view.h"
#include "agent/sd_notify.h"

namespace vc {
namespace {

using report::Clock;
using nlohmann::json;

constexpr double kDefaultTimeoutSeconds = 10;
// vsock either connects at once or not at all; it must not eat HTTP's retry budget.
constexpr auto kVsockBudget = std::chrono::seconds(2);

Clock::duration report_timeout() {
  double s = kDefaultTimeoutSeconds;
  if (const char* env = std::getenv("VC_AGENT_REPORT_TIMEOUT"); env && *env) {
    char* end = nullptr;
    const double v = std::strtod(env, &end);
    if (end && *end == '\0' && v >= 0 && v <= 600) s = v;
  }
  return std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(s));
}

// status.json lives on /run (tmpfs): it describes this boot, so a --root run over an
// image writes none unless $VC_AGENT_STATUS_FILE names one.
std::optional<std::string> status_file(const RootView& root) {
  if (const char* env = std::getenv("VC_AGENT_STATUS_FILE"); env && *env) return std::string(env);
  if (root.is_live_root()) return std::string("/run/vc-agent/status.json");
  return std::nullopt;
}

void write_status(const std::optional<std::string>& path, const json& status, std::vector<std::string>& problems) {
  if (!path) return;
  try {
    fs::mkdir_p(fs::dirname_of(*path), 0755);
    fs::write_file_durable(*path, status.dump(2) + "\n");
  } catch (const std::exception& e) {
    problems.push_back(std::string("status file: ") + e.what());
  }
}

json http_channel(const ReportTarget& target, const report::Envelope& env, Clock::time_point deadline,
                  std::vector<std::string>& problems) {
  json j{{"url", target.url}};
  std::string why;
  auto t = report::parse_http_target(target.url, why);
  if (!t) {
    j["error"] = why;
    problems.push_back("http: " + why);
    return j;
  }
  const auto r = report::post_with_retry(*t, env, deadline);
  j["delivered"] = r.delivered;
  j["status"] = r.status;
  j["attempts"] = r.attempts;
  if (!r.delivered) {
    j["error"] = r.error;
    problems.push_back("http: " + target.url + ": " + r.error + " (after " + std::to_string(r.attempts) +
                       " attempt(s))");
  }
  return j;
}

}  // namespace

StepClock::StepClock() : last_(std::chrono::steady_clock::now()) {}

void StepClock::mark(std::string step) {
  const auto now = std::chrono::steady_clock::now();
  const double ms = std::chrono::duration<double, std::milli>(now - last_).count();
  steps_.emplace_back(std::move(step), static_cast<double>(static_cast<long long>(ms * 10)) / 10);
  last_ = now;
}

json report_body(const ReportFacts& f) {
  json nics = json::array();
  for (const auto& n : f.nics) nics.push_back({{"name", n.name}, {"mac", n.mac}, {"addresses", n.addresses}});
  json keys = json::array();
  for (const auto& k : f.host_keys) keys.push_back({{"type", k.type}, {"key", k.blob}, {"fingerprint", k.fingerprint}});
  json timings = json::object();
  double total = 0;
  for (const auto& [step, ms] : f.timings_ms) {
    timings[step] = ms;
    total += ms;
  }
  json body{{"version", 1},
            {"cluster", f.cluster},
            {"node", f.node},
            {"role", f.role},
            {"instance_id", f.instance_id},
            {"result", f.ok ? "ready" : "failed"},
            {"hostname", f.hostname},
            {"nics", nics},
            {"host_keys", keys},
            {"agent_version", f.agent_version},
            {"source", f.source},
            {"timings_ms", timings},
            {"total_ms", static_cast<double>(static_cast<long long>(total * 10)) / 10},
            {"time", f.time}};
  if (!f.ok) body["error"] = f.error;
  return body;
}

std::string console_line(const ReportFacts& f) {
  std::string line = std::string("vc-agent: ") + (f.ok ? "ready " : "FAILED ") + f.node;
  if (!f.cluster.empty()) line += " (" + f.cluster + ")";
  for (const auto& n : f.nics)
    for (const auto& a : n.addresses) line += " " + a.substr(0, a.find('/'));
  for (const auto& k : f.host_keys) line += " " + k.type + " " + k.fingerprint;
  double total = 0;
  for (const auto& s : f.timings_ms) total += s.second;
  line += " in " + std::to_string(static_cast<long long>(total)) + " ms";
  if (!f.ok) line += ": " + f.error;
  return line;
}

void send_report(const ReportFacts& facts, const std::optional<ReportTarget>& target, const RootView& root,
                 const ReportChannels& ch, std::ostream& err) noexcept {
  try {
    const auto deadline = Clock::now() + report_timeout();
    const json body = report_body(facts);
    std::vector<std::string> problems;
    if (!facts.ok) problems.push_back(facts.error);
    json status = body;
    status["channels"] = json::object();
    const auto path = status_file(root);
    write_status(path, status, problems);
    if (ch.console) err << console_line(facts) << "\n" << std::flush;

    std::optional<report::Envelope> env;
    if (!ch.network) {
      status["channels"]["http"] = {{"skipped", "--no-report"}};
    } else if (!target) {
      status["channels"]["http"] = {{"skipped", "the input has no <report> element"}};
    } else if (auto key = report::decode_key(target->key_base64); !key) {
      problems.push_back("the report key is not valid base64; nothing was sent");
    } else {
      std::string text = body.dump();
      if (text.size() > report::kMaxReportBytes) problems.push_back("the report is larger than 64 KiB; not sent");
      else env = report::sign(std::move(text), *key, facts.time);
    }

    std::string vsock_error = "not configured (no vmm.notify_socket credential)";
    std::optional<std::jthread> vsock_thread;  // joins even if HTTP throws
    if (ch.network) {
      if (auto value = report::find_vmm_notify_socket(root)) {
        if (auto vt = report::parse_vmm_notify_socket(*value)) {
          const std::string msg = env ? report::to_notify_message(*env, console_line(facts))
                                      : "READY=1\nSTATUS=" + console_line(facts) + "\n";
          const auto vdeadline = std::min(deadline, Clock::now() + kVsockBudget);
          vsock_thread.emplace(
              [&vsock_error, vt = *vt, msg, vdeadline] { vsock_error = report::send_vsock(vt, msg, vdeadline); });
        } else {
          vsock_error = "unusable vmm.notify_socket '" + *value + "'";
        }
      }
    }
    if (env) status["channels"]["http"] = http_channel(*target, *env, deadline, problems);
    if (vsock_thread) {
      vsock_thread->join();
      status["channels"]["vsock"] = {{"delivered", vsock_error.empty()}, {"error", vsock_error}};
      if (!vsock_error.empty()) problems.push_back("vsock: " + vsock_error);
    } else if (ch.network) {
      status["channels"]["vsock"] = {{"skipped", vsock_error}};
    }
    status["errors"] = problems;
    write_status(path, status, problems);

    std::string summary = facts.ok ? "ready" : "failed";
    if (env)
      summary += status["channels"]["http"].value("delivered", false) ? "; reported to " + target->url
                                                                      : "; report to " + target->url + " failed";
    notify_systemd("STATUS=" + summary);
    for (std::size_t i = facts.ok ? 0 : 1; i < problems.size(); ++i) err << "warning: report: " << problems[i] << "\n";
  } catch (const std::exception& e) {
    err << "warning: report: " << e.what() << "\n";
  } catch (...) {
    err << "warning: report: unexpected error\n";
  }
}

void report_outcome(const RunReport& r, std::ostream& err) noexcept {
  try {
    send_report(collect_facts(r), r.model.report, r.root, {r.network, r.console}, err);
  } catch (const std::exception& e) {
    err << "warning: report: " << e.what() << "\n";
  }
}

}  // namespace vc
