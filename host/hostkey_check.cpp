#include "host/hostkey_check.h"

namespace vc::host {

std::string host_key_mismatch(const std::vector<RecordedHostKey>& recorded, const nlohmann::json& body) {
  if (recorded.empty()) return {};
  const auto it = body.find("host_keys");
  const bool have = it != body.end() && it->is_array();
  for (const auto& r : recorded) {
    bool same_type = false, same_key = false;
    if (have)
      for (const auto& k : *it) {
        if (!k.is_object()) continue;
        const auto t = k.find("type"), b = k.find("key");
        if (t == k.end() || !t->is_string() || t->get<std::string>() != r.type) continue;
        same_type = true;
        same_key = same_key || (b != k.end() && b->is_string() && b->get<std::string>() == r.key);
      }
    if (!same_type) return "reports no " + r.type + " host key, but vc-host gen made one for it";
    if (!same_key) return "its " + r.type + " host key differs from the one vc-host gen made for it";
  }
  return {};
}

}  // namespace vc::host
