#pragma once
// Which names a node's known_hosts line may carry. Only what vc-host gen
// recorded for that node: a node reports its own hostname and addresses, and a
// node that is compromised (it holds its own report key) could otherwise report
// "*" or the frontend's address and have ssh trust its key for those (pure).
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/store.h"

namespace vc::host {

struct NodeNames {
  std::vector<std::string> trusted;   // for the known_hosts line, in gen's order
  std::vector<std::string> left_out;  // reported but not recorded (raw; escape before printing)
};

// `node`: the node's name in the database; `recorded_names`: the names gen
// recorded for it ("compute-0,compute-0.local,10.1.255.254"); `hostname` and
// `body`: its latest accepted report. Without recorded names only `node` itself
// is trusted. A recorded name that is neither an
// RFC 1123 name nor an IP address (a wildcard, say) is never trusted. Reported
// link-local addresses are neither trusted nor listed: ssh never reaches a node by them.
NodeNames node_names(const std::string& node, const std::string& recorded_names, const std::string& hostname,
                     const nlohmann::json& body);

}  // namespace vc::host
