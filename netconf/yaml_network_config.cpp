// network-config text → from_v1/from_v2, unwrapping `network:` as cloud-init does.
#include <yaml-cpp/yaml.h>

#include "agent/error.h"
#include "netconf/inputs.h"
#include "netconf/yaml_util.h"

namespace vc::netconf {

NetworkState from_network_config(std::string_view yaml_text, const std::string& file,
                                 std::vector<std::string>* warnings, int expected_version,
                                 const std::map<std::string, std::string>* known_macs) {
  const YAML::Node doc = load_yaml(yaml_text, file);
  if (!doc.IsMap()) throw InputError(file, 1, "", "a network config must be a mapping with version: 1 or 2");
  YamlDoc ydoc{file, warnings};
  YNode top(doc, "", 1, &ydoc);
  std::string path;
  if (top.has("network")) {
    for (const auto& [key, value] : top.entries()) {
      if (key != "network") value.warn("outside network:, ignored");
    }
    top = top["network"];
    path = "network";
    if (!top.is_map()) top.fail("expected a mapping with version: 1 or 2");
  }
  const YNode version = top["version"];
  if (!version.defined()) top.fail("version: 1 or 2 is required");
  const long v = version.integer(1, 2);
  if (expected_version != 0 && v != expected_version) {
    version.fail("this is a version " + std::to_string(v) + " network config, not version " +
                 std::to_string(expected_version));
  }
  return v == 1 ? from_v1(top.raw(), file, warnings, path) : from_v2(top.raw(), file, warnings, path, known_macs);
}

}  // namespace vc::netconf
