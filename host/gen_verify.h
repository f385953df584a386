#pragma once
// gen's last check before it writes anything: each node's input, as rendered,
// parsed by vc-agent's own parsers (the ones that read it at boot). A file the
// agent would refuse (exit 2, the node never configured) is gen's exit 2 instead,
// naming the spec and the agent's complaint. Pure.
#include <string>
#include <vector>

#include "host/gen.h"

namespace vc::host {

// One node's rendered input: its vc-out.xml and, for --format nocloud, its seed.
struct RenderedNode {
  std::string name;
  std::string vcout;
  SeedFiles seed;  // empty for --format vcout
};

// Throws InputError naming `spec_file` when the agent refuses any node's input;
// returns the agent's warnings ("<node>: …"), which gen passes on.
std::vector<std::string> verify_with_agent(const std::string& spec_file, const std::vector<RenderedNode>& nodes);

}  // namespace vc::host
