// /tmp/machinefile for MPI on the frontend (pragma.md checklist 19).
#include <algorithm>

#include "distro/identity.h"

namespace vc::distro {

void plan_machinefile(const Model& m, Plan& plan) {
  if (m.role != Role::Frontend) return;
  std::size_t size = 0;
  for (const auto& c : m.computes)
    size += (c.name.size() + 1) * static_cast<std::size_t>(std::max(c.cpus, 1));

  FileChange f;
  f.path = "/tmp/machinefile";
  f.content.reserve(size);
  for (const auto& c : m.computes) {
    // vc-out-parser counted a missing cpus as 1; never let a node vanish.
    for (int i = 0; i < std::max(c.cpus, 1); ++i) {
      f.content += c.name;
      f.content += '\n';
    }
  }
  f.mode = 0644;
  f.reason = "machinefile: each compute once per cpu (vc-out-parser parity)";
  plan.files.push_back(std::move(f));
}

}  // namespace vc::distro
