#include "agent/links.h"

#include "netconf/address.h"

namespace vc {

netconf::LinkTable read_links(const RootView& root) {
  netconf::LinkTable table;
  if (!root.is_dir("/sys/class/net")) return table;
  table.available = true;
  for (const auto& name : root.list("/sys/class/net")) {
    auto text = root.read("/sys/class/net/" + name + "/address");
    if (!text) continue;
    while (!text->empty() && (text->back() == '\n' || text->back() == ' ')) text->pop_back();
    auto mac = netconf::normalize_mac(*text);
    if (!mac || *mac == "00:00:00:00:00:00") continue;
    // VLANs, bonds and bridges can carry a NIC's MAC too; the physical NIC is
    // the one with a device link, so it wins over whatever was seen first.
    bool physical = root.exists("/sys/class/net/" + name + "/device");
    auto [it, inserted] = table.by_mac.emplace(*mac, name);
    if (!inserted && physical) it->second = name;
  }
  return table;
}

}  // namespace vc
