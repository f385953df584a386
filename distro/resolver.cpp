// Nameservers: resolv.conf itself, or the file of whichever manager owns it.
#include "distro/identity.h"

namespace vc::distro {
namespace {

// glibc's MAXNS: later nameserver lines are ignored by the resolver.
constexpr std::size_t kGlibcMaxNs = 3;

std::string resolv_conf_text(const Model& m) {
  std::string s = "search local\n";
  for (const auto& ip : m.dns) s += "nameserver " + ip.str() + "\n";
  return s;
}

void warn_maxns(const Model& m, Plan& plan) {
  if (m.dns.size() > kGlibcMaxNs)
    plan.warnings.push_back("resolver: " + std::to_string(m.dns.size()) +
                            " nameservers given; glibc uses only the first 3");
}

// NetworkManager (EL7/EL8 with ifcfg files too, through ifcfg-rh) writes
// resolv.conf from its connections when one comes up; a static ifcfg/vc-out
// NIC carries no DNS, so the file would lose every nameserver after boot (as
// cloud-init users hit, LP #1620807). cloud-init answers with `dns = none` in
// 99-cloud-init.conf; so do we, for the file we own.
void plan_nm_hands_off(Plan& plan) {
  plan.dirs.push_back(DirEnsure{"/etc/NetworkManager/conf.d", 0755, false,
                                "resolver: NetworkManager's drop-in directory"});
  FileChange c;
  c.mode = 0644;
  c.path = "/etc/NetworkManager/conf.d/90-vc-agent-dns.conf";
  c.content =
      "# Written by vc-agent: /etc/resolv.conf holds the cluster's nameservers;\n"
      "# NetworkManager must not replace it when it brings a connection up.\n"
      "[main]\ndns=none\n";
  c.reason = "resolver: NetworkManager is installed; keep it from rewriting /etc/resolv.conf";
  plan.files.push_back(std::move(c));
}

}  // namespace

void plan_resolver(const Model& m, const DistroFacts& f, const RootView& root, Plan& plan) {
  if (m.dns.empty()) {
    plan.warnings.push_back(
        "resolver: the input lists no DNS servers; resolver configuration left unchanged");
    return;
  }
  FileChange c;
  c.mode = 0644;
  switch (f.resolv) {
    case ResolvMode::File: {
      warn_maxns(m, plan);
      if (root.is_symlink("/etc/resolv.conf"))
        plan.warnings.push_back("resolver: /etc/resolv.conf is a symlink to '" +
                                root.readlink("/etc/resolv.conf").value_or("?") +
                                "' (another manager); replacing the link with a file");
      c.path = "/etc/resolv.conf";
      c.content = resolv_conf_text(m);
      c.reason = "resolver: search local and the input's nameservers (vc-out-parser parity)";
      if (f.network_manager) plan_nm_hands_off(plan);
      break;
    }
    case ResolvMode::SystemdResolved: {
      // resolv.conf points at the stub resolver; its upstreams come from resolved.conf.d.
      plan.dirs.push_back(DirEnsure{"/etc/systemd/resolved.conf.d", 0755, false,
                                    "resolver: drop-in directory for systemd-resolved"});
      std::string dns;
      for (const auto& ip : m.dns) {
        if (!dns.empty()) dns += ' ';
        dns += ip.str();
      }
      c.path = "/etc/systemd/resolved.conf.d/50-vc-agent.conf";
      c.content = "[Resolve]\nDNS=" + dns + "\nDomains=local\n";
      c.reason = "resolver: /etc/resolv.conf belongs to systemd-resolved; nameservers go in a drop-in";
      break;
    }
    case ResolvMode::Resolvconf: {
      warn_maxns(m, plan);
      plan.dirs.push_back(DirEnsure{"/etc/resolvconf/resolv.conf.d", 0755, false,
                                    "resolver: resolvconf's configuration directory"});
      c.path = "/etc/resolvconf/resolv.conf.d/base";
      c.content = resolv_conf_text(m);
      c.reason = "resolver: /etc/resolv.conf belongs to resolvconf; nameservers go in its base file";
      break;
    }
  }
  plan.files.push_back(std::move(c));
}

}  // namespace vc::distro
