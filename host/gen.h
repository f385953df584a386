#pragma once
// What `vc-host gen` writes, as text (pure; gen_cmd.cpp writes the files):
// pragma_boot's G1 vc-out.xml per node (pragma.md §A.3) plus our <report> element,
// or a NoCloud seed per node.
#include <map>
#include <string>

#include "host/spec.h"

namespace vc::host {

// The frontend's vc-out.xml.
std::string render_frontend_vcout(const ClusterSpec& c);
// compute-N's vc-out.xml (pragma_boot's <staging>/<name>.xml).
std::string render_compute_vcout(const ClusterSpec& c, const ComputeSpec& n);

// A NoCloud seed: file name ("meta-data", "user-data", "network-config") → text.
using SeedFiles = std::map<std::string, std::string>;
SeedFiles render_frontend_nocloud(const ClusterSpec& c);
SeedFiles render_compute_nocloud(const ClusterSpec& c, const ComputeSpec& n);

}  // namespace vc::host
