#include "agent/platform.h"

#include <algorithm>
#include <sstream>

#include "agent/text.h"
#include "netconf/address.h"

namespace vc {
namespace {

// A sysfs/DMI value may end in "\n" and be NUL-padded.
constexpr std::string_view kSysfsBlanks{" \t\r\n\0", 5};

std::vector<std::string> words(std::string_view s) {
  std::istringstream in{std::string(s)};
  std::vector<std::string> out;
  for (std::string w; in >> w;) out.push_back(std::move(w));
  return out;
}

bool icontains(std::string_view hay, std::string_view needle) {
  return std::search(hay.begin(), hay.end(), needle.begin(), needle.end(), [](char a, char b) {
           return std::tolower(static_cast<unsigned char>(a)) == std::tolower(static_cast<unsigned char>(b));
         }) != hay.end();
}

}  // namespace

std::optional<DsLine> find_ds_line(std::string_view text) {
  for (const auto& word : words(text)) {
    const std::string_view w = word;
    if (!w.starts_with("ds=")) continue;
    DsLine d;
    std::size_t i = 3;
    bool first = true;
    while (i <= w.size()) {
      std::size_t j = w.find_first_of(";,", i);
      if (j == std::string_view::npos) j = w.size();
      std::string_view part = w.substr(i, j - i);
      if (first) d.ds = std::string(part);
      else if (part.starts_with("s=")) d.seedfrom = std::string(part.substr(2));
      else if (part.starts_with("seedfrom=")) d.seedfrom = std::string(part.substr(9));
      else if (part.starts_with("h=")) d.hostname = std::string(part.substr(2));
      else if (part.starts_with("local-hostname=")) d.hostname = std::string(part.substr(15));
      else if (part.starts_with("i=")) d.instance_id = std::string(part.substr(2));
      else if (part.starts_with("instance-id=")) d.instance_id = std::string(part.substr(12));
      first = false;
      i = j + 1;
    }
    std::transform(d.ds.begin(), d.ds.end(), d.ds.begin(), [](unsigned char c) { return std::tolower(c); });
    if (d.ds == "nocloud" || d.ds == "nocloud-net") return d;
  }
  return std::nullopt;
}

std::string expand_dmi(std::string s, const std::vector<std::pair<std::string, std::string>>& dmi) {
  for (const auto& [var, value] : dmi) {
    const std::string token = "__dmi." + var + "__";
    for (std::size_t p = s.find(token); p != std::string::npos; p = s.find(token, p + value.size()))
      s.replace(p, token.size(), value);
  }
  return s;
}

PlatformHint platform_hint(const DmiInfo& dmi, std::string_view cmdline) {
  PlatformHint h;
  for (auto w : words(cmdline)) {
    if (w == "ds=openstack" || w.starts_with("ds=openstack;")) {
      h.openstack = true;
      h.why = "ds=openstack on the kernel command line";
    } else if (w == "ds=cloudstack" || w.starts_with("ds=cloudstack;")) {
      h.cloudstack = true;
      h.why = "ds=cloudstack on the kernel command line";
    } else if (w == "ds=ec2" || w.starts_with("ds=ec2;")) {
      h.ec2 = true;
      h.why = "ds=ec2 on the kernel command line";
    }
  }
  // The command line and DMI add up: ds=cloudstack on an OpenStack-built VM names both.
  auto because = [&h](const std::string& why) { h.why += (h.why.empty() ? "" : ", ") + why; };
  if (icontains(dmi.product_name, "CloudStack") || icontains(dmi.sys_vendor, "CloudStack")) {
    h.cloudstack = true;
    because("DMI names CloudStack");
  }
  const auto product = trim(dmi.product_name, kSysfsBlanks), tag = trim(dmi.chassis_asset_tag, kSysfsBlanks);
  for (const char* p : {"OpenStack Nova", "OpenStack Compute"}) {
    if (product == p) {
      h.openstack = true;
      because("DMI product_name '" + std::string(product) + "'");
    }
  }
  for (const char* t : {"OpenTelekomCloud", "SAP CCloud VM", "HUAWEICLOUD"}) {
    if (tag == t) {
      h.openstack = true;
      because("DMI chassis_asset_tag '" + std::string(tag) + "'");
    }
  }
  if (icontains(dmi.sys_vendor, "Amazon EC2") || icontains(dmi.product_name, "Amazon EC2") ||
      icontains(dmi.board_vendor, "Amazon EC2")) {
    h.ec2 = true;
    because("DMI names Amazon EC2");
  }
  if (h.why.empty()) h.why = "DMI (sys_vendor '" + std::string(trim(dmi.sys_vendor, kSysfsBlanks)) + "', product_name '" +
                             std::string(product) + "') and the command line name no metadata service";
  return h;
}

std::optional<std::string> lease_dhcp_server(std::string_view text) {
  auto accept = [](std::string_view v) -> std::optional<std::string> {
    v = trim(v, kSysfsBlanks);
    while (!v.empty() && (v.back() == ';' || v.back() == '\'' || v.back() == '"')) v.remove_suffix(1);
    while (!v.empty() && (v.front() == '\'' || v.front() == '"')) v.remove_prefix(1);
    auto ip = netconf::parse_ip(v);
    if (!ip || ip->family != netconf::IpFamily::V4) return std::nullopt;
    return ip->str();
  };
  std::optional<std::string> found;
  for (std::string_view rest = text; !rest.empty();) {
    auto line = trim(next_line(rest), kSysfsBlanks);
    // dhclient keeps every lease of the file: the last one is the newest.
    if (line.starts_with("option dhcp-server-identifier ")) found = accept(line.substr(30)).value_or(found.value_or(""));
    else if (line.starts_with("SERVER_ADDRESS=")) found = accept(line.substr(15));
    else if (line.starts_with("serverid=")) found = accept(line.substr(9));
    else if (line.starts_with("dhcp_server_identifier=")) found = accept(line.substr(23));
  }
  if (found && found->empty()) return std::nullopt;
  return found;
}

}  // namespace vc
