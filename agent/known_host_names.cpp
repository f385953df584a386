#include "agent/known_host_names.h"

#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"
#include "netconf/address.h"

namespace vc {

std::string KnownHostNames::add(std::string_view names, const std::string& key_type, int line,
                                std::vector<std::string>& out) {
  for (std::string_view rest = names;;) {
    const std::size_t comma = std::min(rest.find(','), rest.size());
    std::string name(rest.substr(0, comma));
    if (!is_valid_hostname(name) && !netconf::parse_ip(name))
      return vcout::quote(name) + " is neither a valid RFC 1123 host name nor an IP address";
    if (auto [it, fresh] = seen_.emplace(std::pair{name, key_type}, line); !fresh)
      return vcout::quote(name) + " already has a " + key_type + " key (line " + std::to_string(it->second) + ")";
    out.push_back(std::move(name));
    if (comma == rest.size()) return {};
    rest.remove_prefix(comma + 1);
  }
}

}  // namespace vc
