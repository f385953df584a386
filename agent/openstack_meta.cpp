#include "agent/openstack_meta.h"

#include <nlohmann/json.hpp>

#include "agent/error.h"
#include "agent/vcout_parser.h"
#include "netconf/json_node.h"

namespace vc {

SeedMeta parse_openstack_meta(std::string_view text, const std::string& file) {
  nlohmann::json data;
  try {
    data = nlohmann::json::parse(text.begin(), text.end());
  } catch (const nlohmann::json::parse_error& e) {
    throw InputError(file, netconf::line_at_byte(text, e.byte), "", "not valid JSON: " + std::string(e.what()));
  } catch (const nlohmann::json::exception& e) {
    throw InputError(file, 0, "", "unusable JSON value: " + std::string(e.what()));
  }
  const netconf::JsonDoc doc{file, netconf::json_line_index(text)};
  const netconf::JNode top(&data, "", &doc);
  if (!data.is_object()) top.fail("meta_data.json must be a JSON object");
  SeedMeta m;
  m.instance_id = top["uuid"].str();
  // Nova's "hostname" is the DNS name ("vm-1.novalocal"); "name" is the display name.
  std::optional<netconf::JNode> host;
  if (top.has("hostname")) host = top["hostname"];
  else if (top.has("name")) host = top["name"];
  if (host) {
    const std::string h = host->str();
    if (!is_valid_hostname(h)) host->fail("'" + h + "' is not a valid host name (RFC 1123)");
    if (is_loopback_name(h)) host->fail("'" + h + "' is a loopback name (/etc/hosts keeps it for 127.0.0.1)");
    m.local_hostname = h;
  }
  for (const auto& [name, key] : top["public_keys"].entries()) {
    auto keys = parse_ssh_keys(key.str(), file, key.line(), key.path());
    m.public_keys.insert(m.public_keys.end(), keys.begin(), keys.end());
  }
  return m;
}

}  // namespace vc
