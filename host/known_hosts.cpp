#include "host/known_hosts.h"

#include <algorithm>

#include "agent/vcout_parser.h"
#include "host/report_fields.h"
#include "netconf/address.h"

namespace vc::host {
namespace {

bool ssh_name(const std::string& s) { return is_valid_hostname(s) || netconf::parse_ip(s); }

bool link_local(const netconf::IpAddress& ip) {
  if (ip.family == netconf::IpFamily::V4) return ip.bytes[0] == 169 && ip.bytes[1] == 254;
  return ip.bytes[0] == 0xfe && (ip.bytes[1] & 0xc0) == 0x80;
}

}  // namespace

NodeNames node_names(const std::string& node, const std::string& recorded_names, const std::string& hostname,
                     const nlohmann::json& body) {
  NodeNames out;
  auto contains = [](const std::vector<std::string>& v, const std::string& s) {
    return std::find(v.begin(), v.end(), s) != v.end();
  };
  auto trust = [&](const std::string& s) {
    if (ssh_name(s) && !contains(out.trusted, s)) out.trusted.push_back(s);
  };
  for (std::size_t at = 0, end; at < recorded_names.size(); at = end + 1) {
    end = std::min(recorded_names.find(',', at), recorded_names.size());
    trust(recorded_names.substr(at, end - at));
  }
  trust(node);

  auto check = [&](const std::string& s) {
    if (!s.empty() && !contains(out.trusted, s) && !contains(out.left_out, s)) out.left_out.push_back(s);
  };
  check(hostname);
  check(hostname.substr(0, hostname.find('.')));
  const nlohmann::json by_nic = addresses(body);  // named: items() must not outlive it
  for (const auto& [nic, list] : by_nic.items())
    for (const auto& a : list) {
      const auto text = a.get<std::string>();
      const auto bare = text.substr(0, text.find('/'));
      const auto ip = netconf::parse_ip(bare);
      if (ip && link_local(*ip)) continue;
      check(ip ? ip->str() : bare);  // canonical text, as gen recorded it
    }
  return out;
}

}  // namespace vc::host
