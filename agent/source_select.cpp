// --source auto|NAME: the fixed order of source.h, the shared network budget,
// and a record of why each source was or was not used (for `vc-agent status`).
#include <sys/stat.h>

#include "agent/ephemeral_dhcp.h"
#include "agent/error.h"
#include "agent/source.h"

namespace vc {
namespace {

using Reader = std::optional<SourceHit> (*)(const SourceEnv&, std::string&);

struct Entry {
  const char* name;
  Reader read;
  bool network;  // takes from the budget; skipped once it is spent
};

// The documented order (vc-agent(8), SOURCES): local before network, and among
// the local ones the formats cloud-init itself tries first.
const Entry kOrder[] = {
    {"vcout", read_vcout_source, false},
    {"nocloud", read_nocloud, false},
    {"configdrive", read_configdrive, false},
    {"nocloud-net", read_nocloud_net, true},
    {"imds", read_imds, true},
    {"cloudstack", read_cloudstack, true},
};

bool is_dir(const std::string& p) {
  struct stat st {};
  return ::stat(p.c_str(), &st) == 0 && S_ISDIR(st.st_mode);
}

// --source nocloud also covers nocloud-net (the same datasource, over HTTP).
bool wanted(const std::string& source, const std::string& name) {
  return source == "auto" || source == name || (source == "nocloud" && name == "nocloud-net");
}

// --input DIR: a seed directory of either kind.
SourceSelection from_input_dir(const SourceEnv& env) {
  const auto& o = env.options;
  SourceSelection sel;
  if (o.source != "auto" && o.source != "nocloud" && o.source != "configdrive")
    throw InputError(o.input, 0, "--input", "a directory is a NoCloud or ConfigDrive seed; --source " + o.source +
                                                " reads no directory");
  if (o.source != "configdrive") {
    if ((sel.hit = nocloud_from_dir(env, o.input, o.input))) {
      sel.attempts.push_back({"nocloud", "used", "--input " + o.input});
      return sel;
    }
  }
  if (o.source != "nocloud") {
    if ((sel.hit = configdrive_from_dir(env, o.input, o.input))) {
      sel.attempts.push_back({"configdrive", "used", "--input " + o.input});
      return sel;
    }
  }
  throw InputError(o.input, 0, "--input",
                   "the directory has neither NoCloud meta-data nor ConfigDrive openstack/latest/meta_data.json");
}

}  // namespace

SourceSelection select_source(const SourceEnv& outer) {
  SourceEnv env = outer;
  // Released when the selection is over: before anything is applied.
  std::unique_ptr<EphemeralDhcp> lease;
  std::string lease_note;
  bool lease_tried = false;
  if (!env.need_network) {
    env.need_network = [&] {
      if (lease_tried) return;
      lease_tried = true;
      lease = EphemeralDhcp::acquire(env.root, env.links, env.budget, lease_note);
    };
  }
  const auto& o = env.options;
  if (!o.input.empty() && is_dir(o.input)) return from_input_dir(env);
  SourceSelection sel;
  // --input FILE is a vc-out.xml, whatever the order says.
  const std::string source = o.input.empty() ? o.source : "vcout";
  if (!o.input.empty() && o.source != "auto" && o.source != "vcout")
    throw InputError(o.input, 0, "--input", "a file is a vc-out.xml; --source " + o.source + " takes a seed directory");
  std::string winner;
  for (const auto& e : kOrder) {
    if (!wanted(source, e.name)) continue;
    if (sel.hit) {
      sel.attempts.push_back({e.name, "not-tried", winner + " came first"});
      continue;
    }
    if (e.network && env.budget.expired()) {
      sel.attempts.push_back({e.name, "skipped", "the network budget (--net-budget) was spent"});
      continue;
    }
    std::string why;
    sel.hit = e.read(env, why);
    sel.attempts.push_back({e.name, sel.hit ? "used" : "absent", why});
    if (sel.hit) winner = e.name;
  }
  if (lease_tried) sel.attempts.push_back({"ephemeral-dhcp", lease ? "used" : "absent", lease_note});
  return sel;
}

}  // namespace vc
