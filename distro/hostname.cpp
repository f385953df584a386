// Hostname: /etc/hostname, /etc/sysconfig/network and the live sethostname.
#include <string_view>
#include <vector>

#include "agent/text.h"
#include "distro/identity.h"

namespace vc::distro {
namespace {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r')) s.remove_suffix(1);
  return s;
}

// Sets KEY=value in a sysconfig-style file: the first assignment is replaced in
// place, later duplicates are dropped (the shell would let the last one win,
// which would undo ours), missing keys are appended. Other lines stay as they are.
std::string set_keys(std::string_view text, const std::vector<std::pair<std::string, std::string>>& keys) {
  std::vector<bool> done(keys.size(), false);
  std::string out;
  out.reserve(text.size() + 64);
  while (!text.empty()) {
    auto line = next_line(text);
    auto t = trim(line);
    auto eq = t.find('=');
    bool handled = false;
    if (!t.empty() && t.front() != '#' && eq != std::string_view::npos) {
      auto key = trim(t.substr(0, eq));
      for (std::size_t i = 0; i < keys.size(); ++i) {
        if (key != keys[i].first) continue;
        if (!done[i]) out += keys[i].first + "=" + keys[i].second + "\n";
        done[i] = true;
        handled = true;
        break;
      }
    }
    if (!handled) {
      out += line;
      out += '\n';
    }
  }
  for (std::size_t i = 0; i < keys.size(); ++i)
    if (!done[i]) out += keys[i].first + "=" + keys[i].second + "\n";
  return out;
}

}  // namespace

std::string node_hostname(const Model& m) {
  if (m.static_hostname) return *m.static_hostname;  // cloud-config prefer_fqdn_over_hostname
  if (m.role == Role::Frontend) return m.fqdn.empty() ? m.name : m.fqdn;
  if (m.name.ends_with(".local")) return m.name;
  return m.name + ".local";
}

void plan_hostname(const Model& m, const DistroFacts& f, const RootView& root, Plan& plan) {
  const std::string h = node_hostname(m);
  if (h.empty()) {
    plan.warnings.push_back("hostname: the input names no host; hostname left unchanged");
    return;
  }
  const std::string why = m.role == Role::Frontend
                              ? "hostname: the frontend is known by its fqdn (vc-out-parser parity)"
                              : "hostname: a compute is <name>.local (vc-out-parser parity)";

  if (f.writes_etc_hostname || root.exists("/etc/hostname")) {
    FileChange c;
    c.path = "/etc/hostname";
    c.content = h + "\n";
    c.mode = 0644;
    c.reason = why;
    plan.files.push_back(std::move(c));
  }

  if (f.has_sysconfig_network) {
    if (auto cur = root.read("/etc/sysconfig/network")) {
      std::vector<std::pair<std::string, std::string>> keys = {{"NETWORKING", "yes"}, {"HOSTNAME", h}};
      // Only the frontend's default route is known network-wide; a compute's
      // GATEWAY belongs to its ifcfg file (pragma.md B.1 rows 3a/3b).
      if (m.role == Role::Frontend && m.gateway) keys.emplace_back("GATEWAY", m.gateway->str());
      FileChange c;
      c.path = "/etc/sysconfig/network";
      c.content = set_keys(*cur, keys);
      c.mode = 0644;
      c.reason = m.role == Role::Frontend && m.gateway
                     ? "sysconfig/network: NETWORKING, HOSTNAME and GATEWAY (frontend, vc-out-parser parity)"
                     : "sysconfig/network: NETWORKING and HOSTNAME (vc-out-parser parity)";
      plan.files.push_back(std::move(c));
    }
  }

  LiveAction a;
  a.kind = LiveAction::Kind::SetHostname;
  a.args = {h};
  a.reason = "set the running hostname so no reboot is needed";
  plan.live.push_back(std::move(a));
}

}  // namespace vc::distro
