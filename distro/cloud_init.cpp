#include "distro/identity.h"

namespace vc::distro {

void plan_cloud_init_handoff(const RootView& root, Plan& plan) {
  if (!root.exists("/etc/cloud/cloud.cfg")) return;
  if (!root.is_dir("/etc/cloud/cloud.cfg.d"))
    plan.dirs.push_back(DirEnsure{"/etc/cloud/cloud.cfg.d", 0755, false, "cloud-init: drop-in directory"});
  FileChange c;
  c.path = "/etc/cloud/cloud.cfg.d/99-vc-agent.cfg";
  c.content =
      "# Written by vc-agent: this node's network, hostname and /etc/hosts come from\n"
      "# its cluster input; cloud-init must not regenerate them at the next boot.\n"
      "network: {config: disabled}\n"
      "preserve_hostname: true\n"
      "manage_etc_hosts: false\n";
  c.reason = "cloud-init is installed: hand the network, hostname and hosts over to vc-agent";
  plan.files.push_back(std::move(c));
}

}  // namespace vc::distro
