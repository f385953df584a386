// NoCloud (local): seed directories, a cidata/CIDATA filesystem, and a
// ds=nocloud;s=<local dir> line on the kernel command line or in the SMBIOS serial.
#include "agent/cidata_mount.h"
#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/input_reader.h"
#include "agent/platform.h"
#include "agent/seed_model.h"
#include "agent/source.h"
#include "netconf/inputs.h"

namespace vc {
namespace {

constexpr std::size_t kMaxSeedFile = 4u * 1024 * 1024;
const char* const kSeedDirs[] = {"/var/lib/cloud/seed/nocloud", "/var/lib/cloud/seed/nocloud-net"};

std::string join(const std::string& dir, const char* name) {
  return dir.empty() || dir.back() == '/' ? dir + name : dir + "/" + name;
}

// The line config's seedfrom as a local directory inside the root, or nullopt
// for a URL (the network phase fetches those).
std::optional<std::string> local_seed(const std::string& seedfrom) {
  if (seedfrom.starts_with("file://")) return seedfrom.substr(7);
  if (seedfrom.starts_with("/")) return seedfrom;
  return std::nullopt;
}

}  // namespace

SourceHit nocloud_hit(const SourceEnv& env, const NoCloudFiles& f, const std::string& where) {
  const std::string& dir = f.base;
  const std::string meta_path = join(dir, "meta-data");
  const auto& meta = f.meta;
  const auto& user = f.user;
  const auto& net = f.net;
  SeedInput in;
  in.kind = "nocloud";
  in.where = where;
  in.role_override = env.options.role;
  in.meta = parse_nocloud_meta(*meta, meta_path);
  if (user) in.config = parse_cloud_config(*user, join(dir, "user-data"));
  std::vector<std::string> net_warnings;
  // An empty network-config means none (older cloud-init crashed on it, peers.md §4).
  if (net && network_config_disabled(*net))
    net_warnings.push_back(join(dir, "network-config") + ": config: disabled: the network is left as the image has it");
  else if (net && net->find_first_not_of(" \t\r\n") != std::string::npos)
    // A v2 `match: macaddress` without set-name takes the kernel's name for that
    // MAC, as cloud-init does; an image prepared offline has no table.
    in.network = netconf::from_network_config(*net, join(dir, "network-config"), &net_warnings, 0,
                                              env.links.available ? &env.links.by_mac : nullptr);

  SourceHit hit;
  hit.model = model_from_seed(std::move(in));
  hit.model.warnings.insert(hit.model.warnings.end(), net_warnings.begin(), net_warnings.end());
  hit.bytes = seed_bytes({&meta, &user, &net});
  return hit;
}

std::optional<SourceHit> nocloud_from_dir(const SourceEnv& env, const std::string& dir, const std::string& where) {
  NoCloudFiles f;
  f.base = dir;
  f.meta = read_input_file(join(dir, "meta-data"), kMaxSeedFile);
  if (!f.meta) return std::nullopt;
  f.user = read_input_file(join(dir, "user-data"), kMaxSeedFile);
  f.net = read_input_file(join(dir, "network-config"), kMaxSeedFile);
  return nocloud_hit(env, f, where);
}

std::optional<SourceHit> read_nocloud(const SourceEnv& env, std::string& why) {
  const RootView& root = env.root;
  for (const char* d : kSeedDirs) {
    if (!root.is_dir(d)) continue;
    if (auto hit = nocloud_from_dir(env, root.resolve(d).value_or(root.host_path(d)), d)) {
      why = d;
      return hit;
    }
  }
  std::string looked = "no meta-data in /var/lib/cloud/seed/nocloud{,-net}";

  // A cidata filesystem: only on the running system (a --root tree has no devices of its own).
  if (root.is_live_root()) {
    std::string fs_why;
    if (auto mount = CidataMount::find_and_mount({"cidata", "CIDATA"}, fs_why)) {
      if (auto hit = nocloud_from_dir(env, mount->dir(), mount->device())) {
        why = "filesystem labelled cidata on " + mount->device();
        return hit;
      }
      looked += "; " + mount->device() + " (cidata) has no meta-data";
    } else {
      looked += "; " + fs_why;
    }
  }

  const auto serial = root.read("/sys/class/dmi/id/product_serial").value_or("");
  const auto cmdline = root.read("/proc/cmdline").value_or("");
  for (const auto& [text, from] : {std::pair{cmdline, "kernel command line"}, std::pair{serial, "SMBIOS serial"}}) {
    auto ds = find_ds_line(text);
    if (!ds || ds->seedfrom.empty()) continue;
    auto dir = local_seed(ds->seedfrom);
    if (!dir) {
      looked += std::string("; ") + from + " seeds from " + ds->seedfrom + " (network phase)";
      continue;
    }
    if (auto hit = nocloud_from_dir(env, root.resolve(*dir).value_or(root.host_path(*dir)), *dir)) {
      why = std::string(from) + " ds=" + ds->ds + ";s=" + *dir;
      return hit;
    }
    looked += std::string("; ") + from + " names " + *dir + ", which has no meta-data";
  }
  why = looked;
  return std::nullopt;
}

}  // namespace vc
