// Carrying the report across phases: the early run knows the input (target, role,
// NICs) but the node is ready only after the late run, which has no input left.
#include <sys/stat.h>

#include <ctime>
#include <ostream>

#include "agent/fs_util.h"
#include "agent/report.h"
#include "agent/root_view.h"
#include "version.h"

namespace vc {
namespace {

constexpr const char* kContextPath = "/var/lib/vc-agent/report-target.json";

using nlohmann::json;

}  // namespace

void save_report_context(const RunReport& r, std::ostream& err) noexcept {
  try {
    const ReportFacts f = collect_facts(r);
    json nics = json::array();
    for (const auto& n : f.nics) nics.push_back({{"name", n.name}, {"mac", n.mac}, {"addresses", n.addresses}});
    json j{{"cluster", f.cluster}, {"node", f.node}, {"role", f.role}, {"instance_id", f.instance_id},
           {"hostname", f.hostname}, {"source", f.source}, {"nics", nics}};
    if (r.model.report)
      j["target"] = {{"url", r.model.report->url}, {"cluster", r.model.report->cluster},
                     {"node", r.model.report->node}, {"key", r.model.report->key_base64}};
    const std::string path = r.root.host_path(kContextPath);
    fs::mkdir_p(fs::dirname_of(path), 0700);
    fs::write_file_durable(path, j.dump(2) + "\n");
    ::chmod(path.c_str(), 0600);
  } catch (const std::exception& e) {
    err << "warning: report: cannot save the report target for the late phase: " << e.what() << "\n";
  }
}

void discard_report_context(const RootView& root, std::ostream& err) noexcept {
  try {
    fs::unlink_if_exists(root.host_path(kContextPath));
  } catch (const std::exception& e) {
    err << "warning: report: cannot remove an earlier run's report target: " << e.what() << "\n";
  }
}

void report_late_outcome(const RootView& root, const StepClock& clock, bool ok, const std::string& error,
                         const ReportChannels& ch, std::ostream& err) noexcept {
  try {
    ReportFacts f;
    std::optional<ReportTarget> target;
    if (auto text = root.read(kContextPath)) {
      const json j = json::parse(*text, nullptr, false);
      if (j.is_object()) {
        f.cluster = j.value("cluster", "");
        f.node = j.value("node", "");
        f.role = j.value("role", "");
        f.instance_id = j.value("instance_id", "");
        f.hostname = j.value("hostname", "");
        f.source = j.value("source", "");
        for (const auto& n : j.value("nics", json::array()))
          f.nics.push_back({n.value("name", ""), n.value("mac", ""), n.value("addresses", std::vector<std::string>{})});
        if (j.contains("target") && j["target"].is_object()) {
          const auto& t = j["target"];
          target = ReportTarget{t.value("url", ""), t.value("cluster", ""), t.value("node", ""), t.value("key", "")};
        }
      }
    }
    if (root.is_live_root()) {
      // The late phase runs after the network is up: the kernel's view is the truth.
      const Model none;
      const RunReport live{none, root, clock, ok, error, ch.network, ch.console, ""};
      f.nics = collect_facts(live).nics;
    }
    f.ok = ok;
    f.error = error;
    f.agent_version = VC_AGENT_VERSION;
    f.host_keys = read_host_keys(root);
    f.timings_ms = clock.steps();
    f.time = static_cast<std::int64_t>(std::time(nullptr));
    send_report(f, target, root, ch, err);
  } catch (const std::exception& e) {
    err << "warning: report: " << e.what() << "\n";
  }
}

}  // namespace vc
