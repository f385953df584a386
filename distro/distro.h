#pragma once
// What the agent must know about the target OS, read from a root directory.
// The only place in the code base that may branch on a distro.
#include <optional>
#include <string>

#include "agent/root_view.h"

namespace vc::distro {

enum class Family { EL7, EL8, EL9, Debian, Ubuntu, SUSE, Rocks, GenericSystemd };
const char* family_name(Family f);  // "el7", "el8", "el9", "debian", "ubuntu", "suse", "rocks", "systemd"

enum class NetRenderer { IfcfgRhel, IfcfgSuse, NetworkManager, Netplan, Eni, Networkd };
const char* renderer_name(NetRenderer r);  // "ifcfg", "ifcfg-suse", "nm", "netplan", "eni", "networkd"
std::optional<NetRenderer> renderer_from_name(const std::string& name);

enum class ResolvMode {
  File,             // /etc/resolv.conf is ours to write
  SystemdResolved,  // symlink into /run/systemd/resolve: write resolved.conf.d
  Resolvconf,       // symlink into resolvconf's run dir: write resolv.conf.d/base
};

struct DistroFacts {
  Family family = Family::GenericSystemd;
  std::string id;          // os-release ID ("debian", "centos", "rocky", ...)
  std::string version_id;  // "12", "7", "22.04"
  std::string pretty_name;
  NetRenderer renderer = NetRenderer::Networkd;
  ResolvMode resolv = ResolvMode::File;
  bool writes_etc_hostname = true;      // systemd-era distros read /etc/hostname
  bool has_sysconfig_network = false;   // /etc/sysconfig/network exists (EL, Rocks)
  // NetworkManager is installed: unless told `dns=none` it rewrites a plain
  // /etc/resolv.conf whenever it brings a connection up.
  bool network_manager = false;
  std::string detected_by;              // "os-release ID=debian VERSION_ID=12; /etc/network/interfaces"
};

// Reads os-release, redhat-release, rocks-release and which network stack is
// installed. Throws EnvError for a root it cannot recognise.
DistroFacts detect(const RootView& root);

// --distro ID: el7|el8|el9|debian|ubuntu|suse|rocks|systemd, or an os-release ID
// (centos, rhel, rocky, almalinux, fedora, opensuse-leap, sles, ...). Facts
// that depend on the root (resolv mode, sysconfig/network) are still read from it.
// Throws InputError for an unknown name.
DistroFacts from_name(const std::string& name, const RootView& root);

}  // namespace vc::distro
