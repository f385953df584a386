// vc-out.xml bytes → parse_vcout (with every whole-document validation) →
// the pure stages that consume its Model: the network state and all five
// renderers, the hosts table and the machinefile. A Model the parser accepts
// must never make a later stage throw or misbehave.
#include "agent/plan.h"
#include "agent/vcout_parser.h"
#include "distro/identity.h"
#include "fuzz_common.h"
#include "fuzz_netconf_common.h"
#include "netconf/from_vcout.h"

namespace {

void consume(const vc::Model& m) {
  std::vector<std::string> warnings;
  vcfuzz::render_all(vc::netconf::from_vcout(m, vc::netconf::LinkTable{}, &warnings));
  (void)vc::distro::node_hostname(m);
  const std::string table = vc::distro::hosts_table(m);
  const std::string merged = vc::distro::merge_hosts(std::nullopt, table);
  // Documented property: merging again changes nothing.
  if (vc::distro::merge_hosts(merged, table) != merged) {
    std::fprintf(stderr, "fuzz_vcout: merge_hosts is not idempotent\n");
    std::abort();
  }
  vc::Plan plan;
  vc::distro::plan_machinefile(m, plan);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  return vcfuzz::expect_only_input_errors("fuzz_vcout", [&] {
    vc::VcOutParseOptions opts;
    // The size picks the role rule, so every input also runs with --role forced.
    if (size % 3 == 1) opts.role_override = vc::Role::Frontend;
    if (size % 3 == 2) opts.role_override = vc::Role::Compute;
    consume(vc::parse_vcout(vcfuzz::as_text(data, size), opts));
  });
}
