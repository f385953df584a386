#pragma once
// OpenStack meta_data.json (config drive and metadata service alike) → SeedMeta:
// uuid → instance id, hostname (or name) → local-hostname, public_keys → keys. Pure.
#include <string>
#include <string_view>

#include "agent/cloud_config.h"

namespace vc {

SeedMeta parse_openstack_meta(std::string_view json_text, const std::string& file);

}  // namespace vc
