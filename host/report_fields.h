#pragma once
// Reading a stored report's JSON body. Reports were verified on the way in, but
// a field of the wrong type must still not crash a reader.
#include <string>

#include <nlohmann/json.hpp>

#include "host/store.h"

namespace vc::host {

nlohmann::json body_of(const NodeState& n);  // {} when none or not an object
nlohmann::json array_field(const nlohmann::json& j, const char* key);  // [] when absent or not an array
std::string string_field(const nlohmann::json& j, const char* key);    // "" when absent or not a string
// nic name → ["10.1.1.1/16", …] (string entries only)
nlohmann::json addresses(const nlohmann::json& body);

}  // namespace vc::host
