// ConfigDrive: a config-2/CONFIG-2 filesystem (or a directory holding its tree):
// openstack/latest/meta_data.json, user_data, network_data.json.
#include "agent/cidata_mount.h"
#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/input_reader.h"
#include "agent/openstack_meta.h"
#include "agent/seed_model.h"
#include "agent/source.h"
#include "netconf/inputs.h"

namespace vc {
namespace {

constexpr std::size_t kMaxFile = 4u * 1024 * 1024;
// cloud-init's seed directory for a config drive copied into the image.
constexpr const char* kSeedDir = "/var/lib/cloud/seed/config_drive";

}  // namespace

SourceHit openstack_hit(const SourceEnv& env, const OpenStackFiles& f, const std::string& kind, const std::string& where) {
  const std::string& base = f.base;
  const auto& meta = f.meta;
  const auto& user = f.user;
  const auto& net = f.net;
  SeedInput in;
  in.kind = kind;
  in.where = where;
  in.role_override = env.options.role;
  in.meta = parse_openstack_meta(*meta, base + "meta_data.json");
  if (user) in.config = parse_cloud_config(*user, base + "user_data");
  std::vector<std::string> net_warnings;
  if (net) {
    // Links without a name are named by MAC from the kernel's table, as cloud-init
    // does; an image being prepared offline has no table (eth0, eth1… then).
    in.network = netconf::from_network_data(*net, base + "network_data.json",
                                            env.links.available ? &env.links.by_mac : nullptr, &net_warnings);
  }
  SourceHit hit;
  hit.model = model_from_seed(std::move(in));
  hit.model.warnings.insert(hit.model.warnings.end(), net_warnings.begin(), net_warnings.end());
  hit.bytes = seed_bytes({&meta, &user, &net});
  return hit;
}

std::optional<SourceHit> configdrive_from_dir(const SourceEnv& env, const std::string& dir,
                                              const std::string& where) {
  OpenStackFiles f;
  f.base = dir + "/openstack/latest/";
  f.meta = read_input_file(f.base + "meta_data.json", kMaxFile);
  if (!f.meta) return std::nullopt;
  f.user = read_input_file(f.base + "user_data", kMaxFile);
  f.net = read_input_file(f.base + "network_data.json", kMaxFile);
  return openstack_hit(env, f, "configdrive", where);
}

std::optional<SourceHit> read_configdrive(const SourceEnv& env, std::string& why) {
  const RootView& root = env.root;
  if (root.is_dir(kSeedDir)) {
    if (auto hit = configdrive_from_dir(env, root.resolve(kSeedDir).value_or(root.host_path(kSeedDir)), kSeedDir)) {
      why = kSeedDir;
      return hit;
    }
  }
  why = std::string("no openstack/latest/meta_data.json in ") + kSeedDir;
  if (!root.is_live_root()) return std::nullopt;  // a --root tree has no block devices of its own
  std::string fs_why;
  auto mount = CidataMount::find_and_mount({"config-2", "CONFIG-2"}, fs_why);
  if (!mount) {
    why += "; " + fs_why;
    return std::nullopt;
  }
  if (auto hit = configdrive_from_dir(env, mount->dir(), mount->device())) {
    why = "filesystem labelled config-2 on " + mount->device();
    return hit;
  }
  why += "; " + mount->device() + " (config-2) has no openstack/latest/meta_data.json";
  return std::nullopt;
}

}  // namespace vc
