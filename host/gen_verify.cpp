#include "host/gen_verify.h"

#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/seed_model.h"
#include "agent/vcout_parser.h"
#include "netconf/inputs.h"

namespace vc::host {
namespace {

// The seed as source_nocloud.cpp reads it: meta-data, #cloud-config, network-config v2.
Model parse_seed(const RenderedNode& n) {
  const auto file = [&](const char* f) { return n.name + "/" + f; };
  SeedInput in;
  in.kind = "nocloud";
  in.where = n.name + "/";
  in.meta = parse_nocloud_meta(n.seed.at("meta-data"), file("meta-data"));
  in.config = parse_cloud_config(n.seed.at("user-data"), file("user-data"));
  std::vector<std::string> warnings;
  in.network = netconf::from_network_config(n.seed.at("network-config"), file("network-config"), &warnings);
  Model m = model_from_seed(std::move(in));
  m.warnings.insert(m.warnings.end(), warnings.begin(), warnings.end());
  return m;
}

}  // namespace

std::vector<std::string> verify_with_agent(const std::string& spec_file, const std::vector<RenderedNode>& nodes) {
  std::vector<std::string> warnings;
  for (const auto& n : nodes) {
    // The vc-out form is checked for a NoCloud cluster too: its parser also checks
    // the cluster as a whole (every MAC and address once, names, the gateway).
    for (const bool seed : {false, true}) {
      if (seed ? n.seed.empty() : n.vcout.empty()) continue;
      const std::string what = seed ? n.name + "/ (NoCloud seed)" : n.name + ".xml (vc-out.xml)";
      try {
        VcOutParseOptions opts;
        opts.file_name = n.name + ".xml";
        const Model m = seed ? parse_seed(n) : parse_vcout(n.vcout, opts);
        if (seed == !n.seed.empty())  // the warnings of the file gen writes
          for (const auto& w : m.warnings) warnings.push_back(what + ": " + w);
      } catch (const InputError& e) {
        throw InputError(spec_file, 0, "",
                         "vc-agent would refuse the input this spec gives " + n.name + " (" + what +
                             ") and leave the node unconfigured: " + e.message());
      }
    }
  }
  return warnings;
}

}  // namespace vc::host
