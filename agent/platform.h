#pragma once
// What the machine says about its platform, parsed from text the source readers
// read (/proc/cmdline, /sys/class/dmi/id/*, DHCP leases). Pure. This is how the
// network sources stay off where no metadata service exists: they are asked only
// when one of these names the platform (peers.md §4: no 30 s of crawling).
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace vc {

// ds=nocloud;s=<seedfrom>;h=<hostname>;i=<instance-id> (or ds=nocloud-net…) as a
// kernel command-line word or the whole SMBIOS serial. ";" and "," both separate.
struct DsLine {
  std::string ds;  // "nocloud" or "nocloud-net"
  std::string seedfrom, hostname, instance_id;
};
std::optional<DsLine> find_ds_line(std::string_view text);

// seedfrom with "__dmi.<var>__" expanded (cloud-init does the same); the caller
// supplies the values (system-serial-number, system-uuid …).
std::string expand_dmi(std::string seedfrom, const std::vector<std::pair<std::string, std::string>>& dmi);

struct DmiInfo {
  std::string sys_vendor, product_name, chassis_asset_tag, board_vendor;
};

struct PlatformHint {
  bool openstack = false, ec2 = false;
  bool cloudstack = false;  // DMI "CloudStack …" or ds=cloudstack: its router serves user-data
  std::string why;  // "DMI product_name 'OpenStack Nova'" / "ds=ec2 on the command line"
};
// Recognises what cloud-init's ds-identify does: OpenStack by product_name
// ("OpenStack Nova", "OpenStack Compute") or chassis_asset_tag ("OpenTelekomCloud",
// "SAP CCloud VM", "HUAWEICLOUD"), EC2 by sys_vendor/product_name "Amazon EC2", or
// a "ds=openstack" / "ds=ec2" word on the command line.
PlatformHint platform_hint(const DmiInfo& dmi, std::string_view cmdline);

// The DHCP server named in a lease file (dhclient "option dhcp-server-identifier",
// dhcpcd/networkd "SERVER_ADDRESS=", udhcpc "serverid="). nullopt if none.
std::optional<std::string> lease_dhcp_server(std::string_view lease_text);

}  // namespace vc
