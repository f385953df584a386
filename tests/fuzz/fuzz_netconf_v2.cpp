// cloud-init network-config version 2 (YAML, netplan-shaped) → NetworkState → every renderer.
#include "fuzz_common.h"
#include "fuzz_netconf_common.h"
#include "netconf/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return vcfuzz::expect_only_input_errors("fuzz_netconf_v2", [&] {
    std::vector<std::string> warnings;
    vcfuzz::render_all(vc::netconf::from_network_config(vcfuzz::as_text(data, size), "network-config", &warnings, 2));
  });
}
