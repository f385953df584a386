#pragma once
// The names field of a known-hosts entry ("name[,name…]", ssh_known_hosts(5)),
// checked the same whichever input carried it: vc-out.xml's <known_hosts> or
// the /etc/ssh/ssh_known_hosts entry of cloud-config write_files.
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace vc {

class KnownHostNames {
 public:
  // Appends each comma-separated name of `names` to `out`. Returns the reason
  // the first bad one is refused, or "" when all are fine: a name that is
  // neither an RFC 1123 host name nor an IP address, or a name that already has
  // a `key_type` key (two would make ssh refuse one as a changed host key).
  std::string add(std::string_view names, const std::string& key_type, int line, std::vector<std::string>& out);

 private:
  std::map<std::pair<std::string, std::string>, int> seen_;  // (name, key type) → line
};

}  // namespace vc
