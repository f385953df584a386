#include "netconf/nic_names.h"

#include <set>
#include <sstream>

#include "netconf/address.h"
#include "netconf/render_util.h"

namespace vc::netconf {
namespace {

// The kernel's dev_valid_name; the file is ours, but a damaged one must not
// reach netlink.
bool valid_name(const std::string& n) {
  if (n.empty() || n.size() > 15 || n == "." || n == "..") return false;
  for (char c : n)
    if (c == '/' || c == ':' || c == ' ' || c == '\t') return false;
  return true;
}

}  // namespace

std::string render_nic_names(const NetworkState& state) {
  std::string out;
  for (const Interface* i : render::sorted_interfaces(state))
    if (i->kind == LinkKind::Ethernet && !i->mac.empty()) out += i->mac + " " + i->name + "\n";
  return out.empty() ? out : "# vc-agent: NIC names by MAC, re-asserted at every boot\n" + out;
}

NetworkState parse_nic_names(const std::string& text) {
  NetworkState state;
  state.label = kNicNamesPath;
  std::istringstream in(text);
  int line_no = 0;
  for (std::string line; std::getline(in, line);) {
    ++line_no;
    if (line.empty() || line[0] == '#') continue;
    std::istringstream words(line);
    std::string mac, name, extra;
    words >> mac >> name >> extra;
    const auto normal = normalize_mac(mac);
    if (!normal || !valid_name(name) || !extra.empty())
      throw NicNamesError(line_no, "expected 'MAC NAME', got '" + line + "'");
    Interface i;
    i.name = name;
    i.mac = *normal;
    state.interfaces.push_back(std::move(i));
  }
  return state;
}

LivePlan renames_only(const LivePlan& plan) {
  LivePlan out;
  out.notes = plan.notes;
  std::set<int> downed;
  std::vector<LiveStep> ups;
  for (const auto& s : plan.steps) {
    if (s.op == LiveStep::Op::LinkDown) downed.insert(s.ifindex);
    if (s.op != LiveStep::Op::LinkDown && s.op != LiveStep::Op::Rename) continue;
    out.steps.push_back(s);
  }
  // Up again under the name its last rename gave it.
  for (int ifindex : downed) {
    LiveStep up;
    up.op = LiveStep::Op::LinkUp;
    up.ifindex = ifindex;
    for (const auto& s : out.steps)
      if (s.ifindex == ifindex) {
        up.mac = s.mac;
        up.name = s.op == LiveStep::Op::Rename ? s.new_name : s.name;
      }
    up.why = "it was up before the rename";
    out.steps.push_back(std::move(up));
  }
  return out;
}

}  // namespace vc::netconf
