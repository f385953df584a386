// vc-host wait / status / known-hosts: read-only views of the state database.
#include <chrono>
#include <cmath>
#include <iomanip>
#include <ostream>
#include <thread>

#include <nlohmann/json.hpp>

#include "host/commands.h"
#include "host/hostkey_check.h"
#include "host/known_hosts.h"
#include "host/log_text.h"
#include "host/report_fields.h"
#include "host/store.h"

namespace vc::host {
namespace {

using nlohmann::json;

// A reported node whose host keys are not the ones gen made: "" when they are,
// when it has not reported, or when gen made none.
std::string reported_key_warning(Store& store, const NodeState& n, const json& body) {
  if (n.body.empty()) return {};
  auto diff = host_key_mismatch(store.host_keys(n.cluster, n.name), body);
  return diff.empty() ? diff : n.cluster + "/" + n.name + ": " + diff;
}

// A key type or base64 blob fit for a known_hosts line: nothing that could end
// the line or start another field.
bool only_chars(const std::string& s, const char* allowed) {
  return !s.empty() && s.find_first_not_of(allowed) == std::string::npos;
}

bool unknown_cluster(Store& store, const std::string& cluster, std::ostream& err) {
  if (cluster.empty() || store.has_cluster(cluster)) return false;
  err << "vc-host: no cluster named " << cluster << " (run vc-host gen first)\n";
  return true;
}

}  // namespace

int run_wait(const std::string& db, const std::string& cluster, double timeout_seconds, std::ostream& out,
             std::ostream& err) {
  if (!std::isfinite(timeout_seconds) || timeout_seconds < 0) {
    err << "vc-host wait: --timeout: expected a finite number of seconds >= 0 (0: no limit)\n";
    return 2;
  }
  Store store(db);
  if (cluster.empty() || unknown_cluster(store, cluster, err)) return 2;
  const auto start = std::chrono::steady_clock::now();
  std::string last;
  for (;;) {
    const auto nodes = store.nodes(cluster);
    std::size_t ready = 0;
    std::string pending;
    for (const auto& n : nodes) {
      if (n.state == "failed") {
        out << cluster << ": " << n.name << " failed" << (n.error.empty() ? "" : ": " + printable(n.error, 400))
            << "\n";
        return 1;
      }
      if (n.state == "ready") ++ready;
      else pending += (pending.empty() ? "" : " ") + n.name;
    }
    std::string line = cluster + ": " + std::to_string(ready) + " of " + std::to_string(nodes.size()) + " ready";
    if (ready == nodes.size()) {
      out << line << "\n";
      return 0;
    }
    if (line != last) out << line << " (waiting for " << pending << ")\n" << std::flush;
    last = line;
    const double elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    if (timeout_seconds > 0 && elapsed >= timeout_seconds) {
      out << cluster << ": timed out after " << timeout_seconds << " s; still waiting for " << pending << "\n";
      return 124;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
  }
}

int run_status(const std::string& db, const std::string& cluster, bool as_json, std::ostream& out,
               std::ostream& err) {
  Store store(db);
  if (unknown_cluster(store, cluster, err)) return 2;
  const auto nodes = store.nodes(cluster);
  if (as_json) {
    json list = json::array();
    for (const auto& n : nodes) {
      const json body = body_of(n);
      json fps = json::array();
      for (const auto& k : array_field(body, "host_keys"))
        fps.push_back({{"type", string_field(k, "type")}, {"fingerprint", string_field(k, "fingerprint")}});
      json j{{"cluster", n.cluster}, {"name", n.name},           {"role", n.role},        {"state", n.state},
             {"hostname", n.hostname}, {"addresses", addresses(body)}, {"fingerprints", fps}, {"updated", n.updated}};
      if (!n.error.empty()) j["error"] = n.error;
      if (auto w = reported_key_warning(store, n, body); !w.empty()) j["host_key_warning"] = w;
      list.push_back(j);
    }
    out << list.dump(2) << "\n";
    return 0;
  }
  std::string warnings;
  out << std::left << std::setw(10) << "CLUSTER" << std::setw(14) << "NODE" << std::setw(10) << "ROLE" << std::setw(9)
      << "STATE" << std::setw(18) << "ADDRESSES" << "FINGERPRINTS\n";
  for (const auto& n : nodes) {
    const json body = body_of(n);
    std::string addrs, fps;
    const json by_nic = addresses(body);  // a named object: items() must not outlive it
    for (const auto& [nic, list] : by_nic.items())
      for (const auto& a : list) {
        const auto s = a.get<std::string>();
        addrs += (addrs.empty() ? "" : ",") + printable(s.substr(0, s.find('/')), 64);
      }
    for (const auto& k : array_field(body, "host_keys"))
      fps += (fps.empty() ? "" : " ") + printable(string_field(k, "fingerprint"), 80);
    out << std::setw(10) << n.cluster << std::setw(14) << n.name << std::setw(10) << n.role << std::setw(9) << n.state
        << std::setw(18) << (addrs.empty() ? "-" : addrs) << (fps.empty() ? "-" : fps) << "\n";
    if (auto w = reported_key_warning(store, n, body); !w.empty()) warnings += "warning: " + w + "\n";
  }
  out << warnings;
  return 0;
}

int run_known_hosts(const std::string& db, const std::string& cluster, std::ostream& out, std::ostream& err) {
  Store store(db);
  if (cluster.empty() || unknown_cluster(store, cluster, err)) return 2;
  for (const auto& n : store.nodes(cluster)) {
    const json body = body_of(n);
    const auto recorded = store.host_keys(n.cluster, n.name);
    // Only the names gen recorded for this node: what it reports about itself
    // is not trusted to say which hosts its key stands for.
    // A database from before nodes.names has them only beside gen's keys.
    const std::string gen_names = !n.names.empty() ? n.names : recorded.empty() ? "" : recorded.front().names;
    const NodeNames names = node_names(n.name, gen_names, n.hostname, body);
    if (!names.left_out.empty()) {
      std::string list;
      for (const auto& s : names.left_out) list += (list.empty() ? "" : ", ") + printable(s, 64);
      err << "vc-host: warning: " << n.cluster << "/" << n.name
          << ": reported names or addresses that vc-host gen did not record for it are left out: " << list << "\n";
    }
    std::string joined;
    for (const auto& s : names.trusted) joined += (joined.empty() ? "" : ",") + s;
    // What the node reported it uses wins; before its first report, what gen made.
    const json reported = array_field(body, "host_keys");
    if (reported.empty()) {
      for (const auto& k : recorded) out << joined << " " << k.type << " " << k.key << "\n";
      continue;
    }
    if (auto w = reported_key_warning(store, n, body); !w.empty()) err << "vc-host: warning: " << w << "\n";
    for (const auto& k : reported) {
      const auto type = string_field(k, "type"), key = string_field(k, "key");
      if (only_chars(type, "abcdefghijklmnopqrstuvwxyz0123456789-@.") &&
          only_chars(key, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/="))
        out << joined << " " << type << " " << key << "\n";
    }
  }
  return 0;
}

}  // namespace vc::host
