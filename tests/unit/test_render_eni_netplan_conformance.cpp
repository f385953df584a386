// ENI and netplan details the cloud-init conformance work added: v2 `match:
// driver`, an explicit `wakeonlan: false`, interface-scoped nameservers first,
// a plain v2 default route as an ENI `gateway`, and IPv6 global nameservers on
// an `inet6 loopback` stanza.
#include <catch2/catch.hpp>

#include "netconf/inputs.h"
#include "netconf/render.h"

using namespace vc::netconf;

namespace {

std::string only_file(const std::vector<RenderedFile>& files) {
  REQUIRE(files.size() == 1);
  return files.front().content;
}

bool has(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace

TEST_CASE("v2 match: driver is kept and written back by netplan next to the MAC") {
  const auto s = from_network_config(R"(version: 2
ethernets:
  nic0:
    match: {macaddress: "aa:bb:cc:dd:e8:00", driver: virtio_net}
    set-name: eth0
  nic1:
    match: {driver: [e1000, "igb*"]}
    dhcp4: true
)",
                                     "nc.yaml");
  REQUIRE(s.interfaces.size() == 2);
  CHECK(s.interfaces[0].match_driver == std::vector<std::string>{"virtio_net"});
  CHECK(s.interfaces[1].match_driver == std::vector<std::string>{"e1000", "igb*"});
  const std::string y = only_file(render_netplan(s));
  CHECK(has(y, "      match:\n        macaddress: aa:bb:cc:dd:e8:00\n        driver: virtio_net\n      set-name: eth0\n"));
  // A driver alone may match several NICs: a match, but no set-name.
  CHECK(has(y, "    nic1:\n      match:\n        driver: [e1000, \"igb*\"]\n      dhcp4: true\n"));
}

TEST_CASE("v2 match: driver must be a name") {
  CHECK_THROWS_WITH(from_network_config("version: 2\nethernets:\n  e:\n    match: {driver: \"a b\"}\n", "nc.yaml"),
                    Catch::Contains("'a b' is not a driver name"));
}

TEST_CASE("wakeonlan: false is carried and written by netplan, absent stays absent") {
  const auto off = from_network_config("version: 2\nethernets:\n  eth0:\n    dhcp4: true\n    wakeonlan: false\n", "a");
  REQUIRE(off.interfaces.size() == 1);
  CHECK_FALSE(off.interfaces[0].wakeonlan);
  CHECK(off.interfaces[0].wakeonlan_given);
  CHECK(has(only_file(render_netplan(off)), "      wakeonlan: false\n"));

  const auto unset = from_network_config("version: 2\nethernets:\n  eth0:\n    dhcp4: true\n", "a");
  CHECK_FALSE(unset.interfaces[0].wakeonlan_given);
  CHECK_FALSE(has(only_file(render_netplan(unset)), "wakeonlan"));

  const auto v1 = from_network_config(
      "version: 1\nconfig:\n- {type: physical, name: eth0, wakeonlan: true, subnets: [{type: dhcp}]}\n", "a");
  CHECK(v1.interfaces[0].wakeonlan);
  CHECK(v1.interfaces[0].wakeonlan_given);
  CHECK(has(only_file(render_netplan(v1)), "      wakeonlan: true\n"));
}

TEST_CASE("interface-scoped nameservers come before a subnet's in netplan and ENI") {
  const auto s = from_network_config(R"(version: 1
config:
- type: physical
  name: eth0
  subnets:
  - {type: static, address: 192.168.1.20/16, dns_nameservers: [3.3.3.3], dns_search: [cccc]}
- {type: nameserver, interface: eth0, address: [1.1.1.1], search: [aaaa]}
)",
                                     "a");
  const std::string y = only_file(render_netplan(s));
  CHECK(has(y, "        addresses: [1.1.1.1, 3.3.3.3]\n        search: [aaaa, cccc]\n"));
  const std::string e = only_file(render_eni(s));
  CHECK(has(e, "\tdns-nameservers 1.1.1.1 3.3.3.3\n\tdns-search aaaa cccc\n"));
}

TEST_CASE("ENI: a plain v2 default route is the first static stanza's gateway") {
  const auto s = from_network_config(R"(version: 2
ethernets:
  eth0:
    addresses: [192.168.0.2/24, "2001:1::1/64"]
    routes:
    - {to: 0.0.0.0/0, via: 192.168.0.1}
    - {to: "::/0", via: "2001:1::ff", metric: 5}
    - {to: 10.1.3.0/24, via: 192.168.0.3}
  eth1:
    dhcp4: true
    routes:
    - {to: 0.0.0.0/0, via: 10.0.0.1}
)",
                                     "a");
  const std::string e = only_file(render_eni(s));
  CHECK(has(e, "iface eth0 inet static\n\taddress 192.168.0.2\n\tnetmask 255.255.255.0\n\tgateway 192.168.0.1\n"));
  CHECK_FALSE(has(e, "route add default via 192.168.0.1"));
  CHECK(has(e, "post-up ip route add 10.1.3.0/24 via 192.168.0.3 || true"));
  // A metric cannot go on `gateway` here: it stays a route command.
  CHECK(has(e, "post-up ip -family inet6 route add default via 2001:1::ff metric 5 || true"));
  // A DHCP stanza has no gateway option: a route command.
  CHECK(has(e, "iface eth1 inet dhcp\n\tpost-up ip route add default via 10.0.0.1 || true\n"));
}

TEST_CASE("ENI: global IPv6 nameservers go on an inet6 loopback stanza") {
  const auto both = from_network_config(R"(version: 1
config:
- {type: physical, name: eth0, subnets: [{type: dhcp}]}
- {type: nameserver, address: [2.2.2.2, "fedc::1"], search: [bbbb]}
)",
                                        "a");
  CHECK(has(only_file(render_eni(both)),
            "auto lo\niface lo inet loopback\n\tdns-nameservers 2.2.2.2\n\tdns-search bbbb\n\n"
            "iface lo inet6 loopback\n\tdns-nameservers fedc::1\n\tdns-search bbbb\n"));

  const auto v4 = from_network_config(
      "version: 1\nconfig:\n- {type: physical, name: eth0, subnets: [{type: dhcp}]}\n"
      "- {type: nameserver, address: [9.9.9.9], search: [cafe]}\n",
      "a");
  const std::string e = only_file(render_eni(v4));
  CHECK(has(e, "iface lo inet loopback\n\tdns-nameservers 9.9.9.9\n\tdns-search cafe\n"));
  CHECK_FALSE(has(e, "inet6 loopback"));

  const auto search_only = from_network_config(
      "version: 1\nconfig:\n- {type: physical, name: eth0, subnets: [{type: dhcp}]}\n"
      "- {type: nameserver, search: [cafe]}\n",
      "a");
  CHECK(has(only_file(render_eni(search_only)), "iface lo inet loopback\n\tdns-search cafe\n"));
}

TEST_CASE("netplan: match by name, empty devices, on-link gateways, DHCP route metrics") {
  const auto s = from_network_config(R"(version: 2
ethernets:
  encc000: {}
  zz-all-en:
    match: {name: "en*"}
    dhcp4: true
    dhcp4-overrides: {route-metric: 100}
vlans:
  encc000.2653:
    id: 2653
    link: encc000
    addresses: [10.245.236.14/24]
    gateway4: 192.168.255.1
)",
                                     "a");
  const std::string y = only_file(render_netplan(s));
  // netplan rejects a null device entry.
  CHECK(has(y, "    encc000: {}\n"));
  // Matched by a name glob: no set-name, which would rename every match alike.
  CHECK(has(y, "    zz-all-en:\n      match:\n        name: \"en*\"\n      dhcp4: true\n"
               "      dhcp4-overrides:\n        route-metric: 100\n"));
  // The gateway lies outside 10.245.236.0/24: only reachable on-link.
  CHECK(has(y, "      - to: default\n        via: 192.168.255.1\n        on-link: true\n"));

  const auto in_net = from_network_config(
      "version: 2\nethernets:\n  eth0:\n    addresses: [10.0.0.5/24]\n    gateway4: 10.0.0.1\n", "a");
  CHECK_FALSE(has(only_file(render_netplan(in_net)), "on-link"));
}

TEST_CASE("ENI: a server whose family has no static stanza rides on the first static one") {
  const auto s = from_network_config(R"(version: 2
ethernets:
  eth0:
    dhcp4: true
    addresses: [192.168.1.20/16]
    nameservers: {addresses: [8.8.8.8, "FEDC::1"], search: [lab]}
)",
                                     "a");
  const std::string e = only_file(render_eni(s));
  CHECK(has(e, "\tdns-nameservers 8.8.8.8 fedc::1\n\tdns-search lab\n"));
  CHECK_FALSE(has(e, "inet6"));
}
