// udev `.link` files that give each NIC its name at boot, for the network
// stacks that cannot rename a device themselves (ifupdown, NetworkManager,
// ifcfg on NM systems): `iface eth0` means nothing if udev calls the NIC ens3.
// systemd-udevd applies /etc/systemd/network/*.link on every distro we target,
// whatever the network stack; netplan and networkd write their own.
#include "netconf/render.h"
#include "netconf/render_util.h"

namespace vc::netconf {

std::vector<RenderedFile> render_link_names(const NetworkState& state) {
  std::vector<RenderedFile> out;
  for (const Interface* i : render::sorted_interfaces(state)) {
    if (i->kind != LinkKind::Ethernet || i->mac.empty()) continue;
    for (auto& f : render::networkd_link_files(*i)) out.push_back(std::move(f));
  }
  return out;
}

}  // namespace vc::netconf
