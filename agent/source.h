#pragma once
// Input sources (issue 5): vc-out.xml and the cloud-init datasources. One reader
// per file (source_<name>.cpp); each does its own I/O and hands the bytes to the
// pure parsers. source_select.cpp runs them in the documented order:
//
//   vcout       <root>/root/vc-out.xml (or --input FILE)
//   nocloud     seed dirs /var/lib/cloud/seed/nocloud{,-net}, a cidata/CIDATA filesystem,
//               ds=nocloud;s=<dir> (local) — then, from the network, ds=nocloud;s=http://…
//   configdrive a config-2/CONFIG-2 filesystem (or --input DIR with openstack/latest/)
//   imds        OpenStack metadata service, then EC2 IMDS (IMDSv2 token, v1 fallback):
//               only when DMI or the kernel command line names such a platform
//   cloudstack  http://<DHCP server>/latest/user-data, when a DHCP lease names one
//
// All network steps share one budget (--net-budget, VC_AGENT_NET_BUDGET; 10 s).
#include <chrono>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "agent/cli.h"
#include "agent/model.h"
#include "agent/plan.h"
#include "agent/platform.h"
#include "agent/root_view.h"
#include "netconf/from_vcout.h"

namespace vc {

// The total time every network source together may take.
class NetBudget {
 public:
  using Clock = std::chrono::steady_clock;
  explicit NetBudget(double seconds)
      : deadline_(Clock::now() + std::chrono::duration_cast<Clock::duration>(std::chrono::duration<double>(seconds))) {}
  Clock::time_point deadline() const { return deadline_; }
  bool expired() const { return Clock::now() >= deadline_; }
  double left_seconds() const { return std::chrono::duration<double>(deadline_ - Clock::now()).count(); }

 private:
  Clock::time_point deadline_;
};

struct SourceEnv {
  const Options& options;
  const RootView& root;
  const netconf::LinkTable& links;
  NetBudget& budget;
  // Called by a network reader right before its first request: select_source
  // sets it to bring up an ephemeral DHCP lease once, when nothing has an address.
  std::function<void()> need_network = {};
};

// What a reader found: the Model, the bytes that identify the input (hashed into
// input-sha256), and for the default vc-out.xml the changes that consume it
// (the file becomes vc-out.xml.old), which join the apply's transaction so an
// earlier .old is backed up and a rollback brings both back.
struct SourceHit {
  Model model;
  std::string bytes;
  std::vector<FileChange> consume;
};

// One line of `vc-agent status`: "nocloud: used (/var/lib/cloud/seed/nocloud)",
// "imds: skipped (DMI names no EC2 or OpenStack platform)".
struct SourceAttempt {
  std::string name;
  std::string result;  // used | absent | skipped | not-tried
  std::string why;
};

// Each reader: the hit, or nullopt with `why` saying what it looked at. A source
// that is there but malformed throws InputError (exit 2): a broken seed must not
// silently fall through to the next source.
std::optional<SourceHit> read_vcout_source(const SourceEnv& env, std::string& why);
std::optional<SourceHit> read_nocloud(const SourceEnv& env, std::string& why);
std::optional<SourceHit> read_nocloud_net(const SourceEnv& env, std::string& why);
std::optional<SourceHit> read_configdrive(const SourceEnv& env, std::string& why);
std::optional<SourceHit> read_imds(const SourceEnv& env, std::string& why);
std::optional<SourceHit> read_cloudstack(const SourceEnv& env, std::string& why);

// A seed directory on the host (a --input DIR, a mounted cidata/config-2):
// NoCloud files, or an openstack/latest/ tree. nullopt when it holds neither.
std::optional<SourceHit> nocloud_from_dir(const SourceEnv& env, const std::string& dir, const std::string& where);
std::optional<SourceHit> configdrive_from_dir(const SourceEnv& env, const std::string& dir, const std::string& where);

// The OpenStack files (config drive or metadata service), parsed into a hit.
struct OpenStackFiles {
  std::string base;  // directory or URL prefix, for messages: ".../openstack/latest/"
  std::optional<std::string> meta, user, net;
};
SourceHit openstack_hit(const SourceEnv& env, const OpenStackFiles& f, const std::string& kind, const std::string& where);

// The NoCloud files (seed dir, cidata, or a nocloud-net URL), parsed into a hit.
struct NoCloudFiles {
  std::string base;  // directory or URL prefix, for messages
  std::optional<std::string> meta, user, net;
};
SourceHit nocloud_hit(const SourceEnv& env, const NoCloudFiles& f, const std::string& where);

// Where the network sources talk to: http://169.254.169.254 unless
// VC_AGENT_METADATA_URL says otherwise (tests, and clouds with another address).
std::string metadata_base_url();

// /sys/class/dmi/id/{sys_vendor,product_name,chassis_asset_tag,board_vendor} in the root.
DmiInfo read_dmi(const RootView& root);

struct SourceSelection {
  std::optional<SourceHit> hit;
  std::vector<SourceAttempt> attempts;
};

// --source auto: every source in order until one has input; --source NAME: that one.
SourceSelection select_source(const SourceEnv& env);

}  // namespace vc
