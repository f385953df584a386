#pragma once
// Does a node use the host keys vc-host gen made for it? A report whose key
// differs means the image ignored them (or the node is not what it claims):
// users would meet "REMOTE HOST IDENTIFICATION HAS CHANGED", so serve logs it
// and status shows it.
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "host/store.h"

namespace vc::host {

// "" when every recorded key is in the report's host_keys (or nothing was
// recorded); else one line naming the first type that is missing or differs.
std::string host_key_mismatch(const std::vector<RecordedHostKey>& recorded, const nlohmann::json& body);

}  // namespace vc::host
