// OpenStack network_data.json → NetworkState → every renderer, with and
// without a table of the kernel's MACs (the size picks which).
#include <map>

#include "fuzz_common.h"
#include "fuzz_netconf_common.h"
#include "netconf/inputs.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  static const std::map<std::string, std::string> kKnownMacs = {
      {"fa:16:3e:ed:9a:59", "eth0"}, {"fa:16:3e:05:30:fe", "eth1"}, {"52:54:00:aa:00:01", "ens3"}};
  return vcfuzz::expect_only_input_errors("fuzz_network_data", [&] {
    std::vector<std::string> warnings;
    const auto* macs = size % 2 ? &kKnownMacs : nullptr;
    vcfuzz::render_all(
        vc::netconf::from_network_data(vcfuzz::as_text(data, size), "network_data.json", macs, &warnings));
  });
}
