#pragma once
// Shared by rocks_frontend.cpp and rocks_compute.cpp.
#include <string>
#include <vector>

#include "distro/rocks.h"

namespace vc::distro::rocks {

constexpr const char* kRocks = "/opt/rocks/bin/rocks";

struct NicInfo {
  std::string network;  // "private", "public", ...
  std::string iface;    // kernel name from the network state
  std::string ip, netmask, subnet, broadcast, mac;
  int mtu = 1500;
};

struct Ctx {
  const Model& m;
  const RootView& root;
  std::vector<NicInfo> nics;  // own NICs, input order
  std::string old_fqdn, old_name, old_domain, old_public_ip;
  std::string domain;  // new: fqdn after the first dot
  const NicInfo* nic(const std::string& network) const;
};

// rocks <args…>, late phase, with the step id it belongs to.
PlannedCommand rocks_cmd(std::vector<std::string> args, std::string step, std::string reason);
PlannedCommand systemctl(std::string verb, std::string unit, std::string step, std::string reason);
// Each line starting with `key` (after blanks) replaced by `line`; nullopt when
// no line matched.
std::optional<std::string> replace_lines(const std::string& text, const std::string& key, const std::string& line);
NicInfo nic_info(const Nic& n, const std::string& iface);

struct Step {
  const char* id;
  const char* what;  // the dynip row it replaces and how it differs
  void (*plan)(const Ctx&, Plan&);
};

void plan_frontend(const Ctx& c, Plan& plan);
void plan_compute(const Ctx& c, Plan& plan);

}  // namespace vc::distro::rocks
