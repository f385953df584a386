// EC2 IMDS NIC metadata → network-config v2 as cloud-init's
// convert_ec2_metadata_network_config builds it, and its bad input.
#include <catch2/catch.hpp>

#include "agent/ec2_network.h"
#include "agent/error.h"
#include "netconf/inputs.h"

using namespace vc;

namespace {

const std::string kBase = "http://169.254.169.254/latest/meta-data/network/interfaces/macs/";

Ec2NicMeta nic(const std::string& mac, const std::string& dev, const std::string& v4, const std::string& cidr,
               std::optional<std::string> v6 = std::nullopt) {
  Ec2NicMeta n;
  n.url = kBase + mac + "/";
  n.mac = mac;
  n.device_number = dev;
  n.local_ipv4s = v4;
  n.ipv4_cidr = cidr;
  n.ipv6s = std::move(v6);
  if (n.ipv6s) n.ipv6_cidr = "2600:1f16:aeb:b20b::/64";
  return n;
}

InputError rejected(const std::vector<Ec2NicMeta>& nics) {
  try {
    ec2_network_config(nics, nullptr);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError");
  throw std::logic_error("unreachable");
}

}  // namespace

TEST_CASE("ec2 network: one NIC is plain DHCP, as cloud-init leaves it") {
  const std::map<std::string, std::string> links = {{"06:17:04:d7:26:09", "ens5"}};
  const auto net = ec2_network_config({nic("06:17:04:d7:26:09", "0", "172.31.45.70", "172.31.32.0/20")}, &links);
  CHECK(net.yaml ==
        "version: 2\nethernets:\n  ens5:\n    match: {macaddress: \"06:17:04:d7:26:09\"}\n    set-name: ens5\n"
        "    dhcp4: true\n");
  REQUIRE(net.primary.size() == 1);
  CHECK(net.primary[0].ifname == "ens5");
  CHECK(net.primary[0].ip.str() == "172.31.45.70");
  CHECK(net.primary[0].prefix == 20);
  CHECK(net.warnings.empty());
}

TEST_CASE("ec2 network: several NICs by device-number, metrics, secondary addresses, IPv6") {
  const std::map<std::string, std::string> links = {
      {"06:17:04:d7:26:09", "ens5"}, {"06:17:04:d7:26:08", "ens6"}, {"0a:00:00:00:00:01", "ens7"}};
  // Listed out of order; the MAC listing is upper case in places.
  const auto net = ec2_network_config(
      {nic("06:17:04:D7:26:08", "1", "172.31.47.221\n172.31.47.222\n", "172.31.32.0/20"),
       nic("06:17:04:d7:26:09", "0", "172.31.45.70", "172.31.32.0/20",
           "2600:1f16:aeb:b20b:9d46:a7d1:5de0:8b2b\n2600:1f16:aeb:b20b::10"),
       nic("0a:00:00:00:00:02", "2", "10.9.9.9", "10.9.0.0/16")},  // not on this machine
      &links);
  CHECK(net.yaml ==
        "version: 2\nethernets:\n"
        "  ens5:\n    match: {macaddress: \"06:17:04:d7:26:09\"}\n    set-name: ens5\n    dhcp4: true\n"
        "    dhcp4-overrides: {route-metric: 100}\n    dhcp6: true\n    dhcp6-overrides: {route-metric: 100}\n"
        "    addresses:\n      - \"2600:1f16:aeb:b20b::10/64\"\n"
        "  ens6:\n    match: {macaddress: \"06:17:04:d7:26:08\"}\n    set-name: ens6\n    dhcp4: true\n"
        "    dhcp4-overrides: {route-metric: 200}\n    addresses:\n      - \"172.31.47.222/20\"\n");
  REQUIRE(net.warnings.size() == 1);
  CHECK(net.warnings[0] == kBase + "0a:00:00:00:00:02/: no NIC with MAC 0a:00:00:00:00:02 on this machine; not configured");
  REQUIRE(net.primary.size() == 2);
  CHECK(net.primary[1].ip.str() == "172.31.47.221");

  // The v2 text goes through netconf's converter like any network-config.
  const auto state = netconf::from_network_config(net.yaml, "imds", nullptr, 2);
  REQUIRE(state.interfaces.size() == 2);
  CHECK(state.interfaces[1].name == "ens6");
  CHECK(state.interfaces[1].mac == "06:17:04:d7:26:08");

  // Offline (no link table): eth0, eth1… in device-number order, said.
  const auto offline = ec2_network_config({nic("06:17:04:d7:26:08", "1", "172.31.47.221", "172.31.32.0/20"),
                                           nic("06:17:04:d7:26:09", "0", "172.31.45.70", "172.31.32.0/20")},
                                          nullptr);
  CHECK(offline.primary.at(0).ifname == "eth0");
  CHECK(offline.primary.at(0).mac == "06:17:04:d7:26:09");
  CHECK(offline.warnings.at(0).find("no link table") != std::string::npos);

  // network-card first, then device-number; a NIC without them (EC2-like clouds) last, by MAC.
  auto unnumbered = nic("06:00:00:00:00:01", "", "10.0.0.9", "10.0.0.0/24");
  unnumbered.device_number.reset();
  auto card0 = nic("06:00:00:00:00:02", "1", "10.0.1.9", "10.0.1.0/24");
  card0.network_card = "0";
  auto card1 = nic("06:00:00:00:00:00", "0", "10.0.2.9", "10.0.2.0/24");
  card1.network_card = "1";
  const auto ordered = ec2_network_config({unnumbered, card1, card0}, nullptr);
  REQUIRE(ordered.primary.size() == 3);
  CHECK(ordered.primary[0].mac == "06:00:00:00:00:02");
  CHECK(ordered.primary[1].mac == "06:00:00:00:00:00");
  CHECK(ordered.primary[2].mac == "06:00:00:00:00:01");
}

TEST_CASE("ec2 network: bad metadata names its URL, key and line") {
  auto e = rejected({nic("06:17:04:d7:26:09", "zero", "172.31.45.70", "172.31.32.0/20")});
  CHECK(e.file() == kBase + "06:17:04:d7:26:09/device-number");
  CHECK(e.where() == "device-number");
  e = rejected({nic("06:17:04:d7:26:09", "0", "172.31.45.70\n172.31.45.300\n", "172.31.32.0/20")});
  CHECK(e.file() == kBase + "06:17:04:d7:26:09/local-ipv4s");
  CHECK(e.line() == 2);
  CHECK(e.message().find("'172.31.45.300' is not an IPv4 address") != std::string::npos);
  e = rejected({nic("06:17:04:d7:26:09", "0", "172.31.45.70", "172.31.32.0/33")});
  CHECK(e.where() == "subnet-ipv4-cidr-block");
  CHECK(e.message().find("not a CIDR block") != std::string::npos);
  e = rejected({nic("not-a-mac", "0", "172.31.45.70", "172.31.32.0/20")});
  CHECK(e.message().find("'not-a-mac' is not a MAC address") != std::string::npos);
}
