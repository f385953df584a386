// IPv6 in the five renderers: dual-stack gateway NIC and a v6-only NIC that
// must never take the default route. Exact bytes.
#include <catch2/catch.hpp>

#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using namespace vc::netconf::test;

TEST_CASE("IPv6: ifcfg RHEL and SUSE") {
  const auto rhel = render_ifcfg(v6_state(), IfcfgFlavor::Rhel);
  REQUIRE(rhel.size() == 2);
  CHECK(rhel[0].content == kHead + "t eth0" + kTail + R"(DEVICE=eth0
IPADDR=10.0.0.2
NETMASK=255.255.255.0
BOOTPROTO=none
ONBOOT=yes
MTU=1500
HWADDR=52:54:00:00:00:0a
GATEWAY=10.0.0.1
DEFROUTE=yes
TYPE=Ethernet
USERCTL=no
IPV6INIT=yes
IPV6_AUTOCONF=no
IPV6ADDR=2001:db8::5/64
IPV6ADDR_SECONDARIES=2001:db8::6/64
IPV6_FORCE_ACCEPT_RA=no
IPV6_DEFAULTGW=2001:db8::1
)");
  CHECK(rhel[1].path == "/etc/sysconfig/network-scripts/ifcfg-eth10");  // eth10 sorts after eth0
  CHECK(rhel[1].content == kHead + "t eth10" + kTail + R"(DEVICE=eth10
BOOTPROTO=none
ONBOOT=yes
DEFROUTE=no
TYPE=Ethernet
USERCTL=no
IPV6INIT=yes
IPV6_AUTOCONF=no
IPV6ADDR=2001:db8:1::9/64
IPV6_FORCE_ACCEPT_RA=no
IPV6_DEFROUTE=no
)");
  auto two_v4 = v6_state();
  add_static(two_v4.interfaces[1], "10.0.1.2", 25);
  add_static(two_v4.interfaces[1], "2001:db8::7", 64);
  const auto more = render_ifcfg(two_v4, IfcfgFlavor::Rhel);
  CHECK_THAT(more[0].content, Catch::Contains("USERCTL=no\nIPADDR1=10.0.1.2\nNETMASK1=255.255.255.128\nIPV6INIT=yes\n"));
  CHECK_THAT(more[0].content, Catch::Contains("\nIPV6ADDR_SECONDARIES=\"2001:db8::6/64 2001:db8::7/64\"\n"));

  const auto suse = render_ifcfg(v6_state(), IfcfgFlavor::Suse);
  REQUIRE(suse.size() == 3);
  CHECK(suse[0].content == kHead + "t eth0" + kTail + R"(BOOTPROTO='static'
STARTMODE='auto'
IPADDR='10.0.0.2'
NETMASK='255.255.255.0'
IPADDR6='2001:db8::5/64'
IPADDR6_1='2001:db8::6/64'
MTU='1500'
LLADDR='52:54:00:00:00:0a'
)");
  CHECK(suse[1].content == kHead + "t eth0" + kTail + "default 10.0.0.1 - eth0\ndefault 2001:db8::1 - eth0\n");
  CHECK(suse[2].path == "/etc/sysconfig/network/ifcfg-eth10");
}

TEST_CASE("IPv6: ENI and netplan") {
  const auto eni = render_eni(v6_state());
  CHECK(eni[0].content == kHead + "test" + kTail +
                              "auto lo\niface lo inet loopback\n"
                              "\nauto eth0\niface eth0 inet static\n"
                              "\taddress 10.0.0.2\n\tnetmask 255.255.255.0\n\tmtu 1500\n\tgateway 10.0.0.1\n"
                              "\tdns-nameservers 2001:4860:4860::8888 8.8.8.8\n\tdns-search local\n"
                              "\niface eth0 inet6 static\n\taddress 2001:db8::5/64\n\tgateway 2001:db8::1\n"
                              "\niface eth0 inet6 static\n\taddress 2001:db8::6/64\n"
                              "\nauto eth10\niface eth10 inet6 static\n\taddress 2001:db8:1::9/64\n"
                              "\nsource /etc/network/interfaces.d/*\n");
  const auto netplan = render_netplan(v6_state());
  CHECK(netplan[0].content == kHead + "test" + kTail + R"(network:
  version: 2
  ethernets:
    eth0:
      match:
        macaddress: 52:54:00:00:00:0a
      set-name: eth0
      addresses:
      - 10.0.0.2/24
      - 2001:db8::5/64
      - 2001:db8::6/64
      mtu: 1500
      routes:
      - to: default
        via: 10.0.0.1
      - to: default
        via: 2001:db8::1
      nameservers:
        addresses: ["2001:4860:4860::8888", 8.8.8.8]
        search: [local]
    eth10:
      addresses:
      - 2001:db8:1::9/64
)");
}

TEST_CASE("IPv6: NM keyfile sections and networkd") {
  const auto nm = render_nm(v6_state());
  REQUIRE(nm.size() == 2);
  CHECK_THAT(nm[0].content, Catch::EndsWith(R"(
[ipv4]
method=manual
may-fail=false
address1=10.0.0.2/24
gateway=10.0.0.1
dns=8.8.8.8;
dns-search=local;

[ipv6]
method=manual
may-fail=false
address1=2001:db8::5/64
address2=2001:db8::6/64
gateway=2001:db8::1
dns=2001:4860:4860::8888;
dns-search=local;
)"));
  CHECK_THAT(nm[1].content, Catch::EndsWith(R"(
[ethernet]

[ipv4]
method=disabled

[ipv6]
method=manual
may-fail=false
address1=2001:db8:1::9/64
never-default=true
)"));
  const auto nd = render_networkd(v6_state());
  REQUIRE(nd.size() == 3);
  CHECK(nd[1].content == kHead + "t eth0" + kTail + R"([Match]
MACAddress=52:54:00:00:00:0a

[Link]
MTUBytes=1500

[Network]
DHCP=no
DNS=2001:4860:4860::8888 8.8.8.8
Domains=local

[Address]
Address=10.0.0.2/24

[Address]
Address=2001:db8::5/64

[Address]
Address=2001:db8::6/64

[Route]
Gateway=10.0.0.1

[Route]
Gateway=2001:db8::1
)");
  CHECK(nd[2].content == kHead + "t eth10" + kTail +
                             "[Match]\nName=eth10\n\n[Network]\nDHCP=no\n\n[Address]\nAddress=2001:db8:1::9/64\n");
}

