#include "agent/model.h"

namespace vc {

const char* role_name(Role r) {
  switch (r) {
    case Role::Frontend: return "frontend";
    case Role::Compute: return "compute";
  }
  return "unknown";
}

const char* generation_name(VcOutGeneration g) {
  switch (g) {
    case VcOutGeneration::G0: return "G0";
    case VcOutGeneration::G0Plus: return "G0+";
    case VcOutGeneration::G1: return "G1";
    case VcOutGeneration::OpenNebula: return "OpenNebula";
  }
  return "unknown";
}

}  // namespace vc
