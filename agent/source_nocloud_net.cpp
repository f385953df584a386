// NoCloud over the network: ds=nocloud;s=http://… (or ds=nocloud-net) on the kernel
// command line or in the SMBIOS serial. meta-data, user-data and network-config
// are fetched from the seedfrom URL (network-config too, as cloud-init ≥ 24.3 does).
#include "agent/error.h"
#include "agent/http_get.h"
#include "agent/platform.h"
#include "agent/source.h"

namespace vc {

std::optional<SourceHit> read_nocloud_net(const SourceEnv& env, std::string& why) {
  const RootView& root = env.root;
  const auto serial = root.read("/sys/class/dmi/id/product_serial").value_or("");
  const auto uuid = root.read("/sys/class/dmi/id/product_uuid").value_or("");
  auto trim = [](std::string s) {
    while (!s.empty() && (s.back() == '\n' || s.back() == ' ')) s.pop_back();
    return s;
  };
  const auto cmdline = root.read("/proc/cmdline").value_or("");
  for (const auto& [text, from] : {std::pair{cmdline, "kernel command line"}, std::pair{serial, "SMBIOS serial"}}) {
    auto ds = find_ds_line(text);
    if (!ds || !ds->seedfrom.starts_with("http://")) continue;
    std::string url = expand_dmi(ds->seedfrom, {{"system-serial-number", trim(serial)}, {"system-uuid", trim(uuid)}});
    if (url.back() != '/') url += '/';
    env.need_network();
    NoCloudFiles f;
    f.base = url;
    std::string failure;
    auto get = [&](const char* name) -> std::optional<std::string> {
      auto r = http_request({"GET", url + name, {}}, env.budget.deadline());
      if (r.status == 200) return r.body;
      if (r.status != 404 && failure.empty())
        failure = url + name + ": " + (r.status ? "HTTP " + std::to_string(r.status) : r.error);
      return std::nullopt;
    };
    f.meta = get("meta-data");
    if (!f.meta) {
      why = std::string(from) + " seeds from " + url + ": " + (failure.empty() ? "no meta-data (404)" : failure);
      return std::nullopt;
    }
    f.user = get("user-data");
    f.net = get("network-config");
    if (!failure.empty()) throw EnvError("nocloud-net: " + failure);
    why = std::string(from) + " ds=" + ds->ds + ";s=" + url;
    return nocloud_hit(env, f, url);
  }
  why = "no ds=nocloud;s=http://… on the kernel command line or in the SMBIOS serial";
  return std::nullopt;
}

}  // namespace vc
