// /etc/netplan/50-vc-agent.yaml. Written by hand: every value is a validated
// address, number or interface name, so a small quoting rule is enough.
#include <algorithm>

#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

namespace {

bool yaml11_non_string(const std::string& s) {
  // YAML 1.1 readers (PyYAML, which cloud-init and older tools use) turn
  // digits-and-colons into base-60 integers: "52:54:00:12:34:56" would not
  // stay a MAC. Digits with at most one dot would become a number.
  const bool numeric = std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= '0' && c <= '9') || c == ':' || c == '.' || c == '_' || c == '+' || c == '-';
  });
  if (numeric && (s.find(':') != std::string::npos || std::count(s.begin(), s.end(), '.') <= 1)) return true;
  std::string lower;
  for (char c : s) lower += static_cast<char>((c >= 'A' && c <= 'Z') ? c - 'A' + 'a' : c);
  static const char* const kWords[] = {"y", "n", "yes", "no", "on", "off", "true", "false", "null", "~"};
  return std::any_of(std::begin(kWords), std::end(kWords), [&](const char* w) { return lower == w; });
}

// Plain when safe in the given context, else double-quoted. In flow
// sequences ("[a, b]") a ':' is quoted too: old PyYAML rejects it there.
std::string scalar(const std::string& s, bool flow = false) {
  bool plain = !s.empty() && s.front() != '-' && s.front() != ':' && s.back() != ':' && !yaml11_non_string(s);
  for (char c : s) {
    const bool safe = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
                      c == '.' || c == '_' || c == '-' || c == '/' || c == ':';
    if (!safe || (flow && c == ':')) plain = false;
  }
  if (plain) return s;
  std::string out = "\"";
  for (char c : s) {
    if (c == '"' || c == '\\') out += '\\';
    out += c;
  }
  return out + "\"";
}

std::string flow_list(const std::vector<std::string>& items) {
  std::vector<std::string> quoted;
  for (const auto& i : items) quoted.push_back(scalar(i, true));
  return "[" + render::join(quoted, ", ") + "]";
}

void ethernet(const NetworkState& state, const Interface& i, std::string& out) {
  out += "    " + scalar(i.name) + ":\n";
  if (!i.mac.empty()) {
    // A match pins the config to the NIC and set-name gives it the name the
    // other files use, whatever the kernel called it at boot.
    out += "      match:\n        macaddress: " + scalar(i.mac) + "\n";
    out += "      set-name: " + scalar(i.name) + "\n";
  }
  if (!i.addresses.empty()) {
    out += "      addresses:\n";
    for (const auto& a : i.addresses) out += "      - " + scalar(render::cidr(a)) + "\n";
  }
  if (i.mtu) out += "      mtu: " + std::to_string(*i.mtu) + "\n";
  if (i.gateway4 || i.gateway6) {
    out += "      routes:\n";
    for (const auto& gw : {i.gateway4, i.gateway6})
      if (gw) out += "      - to: default\n        via: " + scalar(gw->str()) + "\n";
  }
  const auto servers = render::nameservers_for(state, i);
  const auto search = render::search_for(state, i);
  if (!servers.empty() || !search.empty()) {
    out += "      nameservers:\n";
    if (!servers.empty()) out += "        addresses: " + flow_list(render::strs(servers)) + "\n";
    if (!search.empty()) out += "        search: " + flow_list(search) + "\n";
  }
}

}  // namespace

std::vector<RenderedFile> render_netplan(const NetworkState& state) {
  std::string out = render::header_comment(state.label);
  out += "network:\n  version: 2\n";
  const auto sorted = render::sorted_interfaces(state);
  if (!sorted.empty()) out += "  ethernets:\n";
  for (const Interface* i : sorted) ethernet(state, *i, out);
  return {{"/etc/netplan/50-vc-agent.yaml", out, 0600}};
}

}  // namespace vc::netconf
