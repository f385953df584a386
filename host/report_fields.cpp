#include "host/report_fields.h"

namespace vc::host {

using nlohmann::json;

json body_of(const NodeState& n) {
  if (n.body.empty()) return json::object();
  auto j = json::parse(n.body, nullptr, false);
  return j.is_object() ? j : json::object();
}

json array_field(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_array() ? *it : json::array();
}

std::string string_field(const json& j, const char* key) {
  const auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

json addresses(const json& body) {
  json a = json::object();
  for (const auto& nic : array_field(body, "nics")) {
    json list = json::array();
    for (const auto& ad : array_field(nic, "addresses"))
      if (ad.is_string()) list.push_back(ad);
    a[string_field(nic, "name")] = list;
  }
  return a;
}

}  // namespace vc::host
