// Renderer features for addressing and routing: DHCPv4/v6, SLAAC,
// accept-ra, wake-on-LAN, routes with metric/table/on-link and device routes,
// cloud-init's global nameservers and routes, and an interface left to manual
// activation. Exact text where the backend reads the file literally.
#include <catch2/catch.hpp>

#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using namespace vc::netconf::test;

namespace {

Subnet subnet(SubnetKind kind) {
  Subnet s;
  s.kind = kind;
  return s;
}

Route route(const char* to, int prefix, const char* via, std::optional<int> metric = {}) {
  Route r;
  r.to = ip(to);
  r.prefix = prefix;
  if (via) r.via = ip(via);
  r.metric = metric;
  return r;
}

// DHCP of both families, SLAAC, static routes with metric/table/on-link, a
// manual interface, and cloud-init's global DNS and routes.
NetworkState dhcp_state() {
  NetworkState s;
  s.label = "test";
  Interface a;
  a.name = "eth0";
  a.mac = "52:54:00:00:00:01";
  a.subnets = {subnet(SubnetKind::Dhcp4), subnet(SubnetKind::Dhcp6)};
  a.accept_ra = true;
  a.wakeonlan = true;
  a.label = "test";
  Interface b;
  b.name = "eth1";
  b.subnets = {subnet(SubnetKind::Slaac)};
  b.label = "test";
  Interface c;
  c.name = "eth2";
  Subnet v4 = static_subnet("10.1.0.5", 24);
  Route table = route("10.2.0.0", 16, "10.1.0.1", 50);
  table.table = 100;
  v4.routes = {table};
  Subnet v6 = static_subnet("2001:db8::5", 64);
  v6.routes = {route("2001:db8:1::", 48, "2001:db8::1", 10)};
  c.subnets = {v4, v6};
  Route onlink = route("192.0.2.0", 24, "10.9.9.1");  // gateway outside the subnet
  onlink.on_link = true;
  c.routes = {onlink, route("198.51.100.0", 24, nullptr)};  // and a device route
  c.label = "test";
  Interface d;
  d.name = "eth3";
  Subnet manual = static_subnet("10.3.0.5", 24);
  manual.control = "manual";
  d.subnets = {manual};
  d.label = "test";
  s.interfaces = {a, b, c, d};
  s.dns = {ip("9.9.9.9")};
  s.search = {"example.org"};
  s.routes = {route("172.16.0.0", 12, "10.1.0.254", 3)};
  return s;
}

}  // namespace

TEST_CASE("ifcfg RHEL: DHCP of both families, SLAAC, route-/route6- files, ONBOOT=no for manual") {
  const auto files = render_ifcfg(dhcp_state(), IfcfgFlavor::Rhel);
  const std::string dir = "/etc/sysconfig/network-scripts/";
  CHECK(body(files, dir + "ifcfg-eth0") == R"(DEVICE=eth0
BOOTPROTO=dhcp
ONBOOT=yes
HWADDR=52:54:00:00:00:01
TYPE=Ethernet
USERCTL=no
IPV6INIT=yes
IPV6_FORCE_ACCEPT_RA=yes
DHCPV6C=yes
ETHTOOL_OPTS="wol g"
)");
  CHECK(body(files, dir + "ifcfg-eth1") == R"(DEVICE=eth1
BOOTPROTO=none
ONBOOT=yes
TYPE=Ethernet
USERCTL=no
IPV6INIT=yes
IPV6_AUTOCONF=yes
)");
  // Numbered without gaps; the global route goes with the NIC whose subnet holds its gateway.
  CHECK(body(files, dir + "route-eth2") == R"(ADDRESS0=10.2.0.0
NETMASK0=255.255.0.0
GATEWAY0=10.1.0.1
METRIC0=50
OPTIONS0="table 100"
ADDRESS1=192.0.2.0
NETMASK1=255.255.255.0
GATEWAY1=10.9.9.1
OPTIONS1=onlink
ADDRESS2=198.51.100.0
NETMASK2=255.255.255.0
ADDRESS3=172.16.0.0
NETMASK3=255.240.0.0
GATEWAY3=10.1.0.254
METRIC3=3
)");
  CHECK(body(files, dir + "route6-eth2") == R"(2001:db8:1::/48 via 2001:db8::1 metric 10 dev eth2
)");
  CHECK_THAT(body(files, dir + "ifcfg-eth3"), Catch::Contains("\nONBOOT=no\n"));
}

TEST_CASE("ifcfg SUSE: BOOTPROTO and DHCLIENT6_MODE per method, ifroute with options") {
  const auto files = render_ifcfg(dhcp_state(), IfcfgFlavor::Suse);
  const std::string dir = "/etc/sysconfig/network/";
  CHECK(body(files, dir + "ifcfg-eth0") == R"(BOOTPROTO='dhcp'
DHCLIENT6_MODE='managed'
STARTMODE='auto'
LLADDR='52:54:00:00:00:01'
ETHTOOL_OPTS='wol g'
)");
  // accept-ra: wicked reads it from ifsysctl-<if>, not from ifcfg.
  CHECK(body(files, dir + "ifsysctl-eth0") == "net.ipv6.conf.eth0.accept_ra = 1\n");
  for (const auto& f : files) CHECK(f.path != dir + "ifsysctl-eth1");
  CHECK(body(files, dir + "ifcfg-eth1") == R"(BOOTPROTO='dhcp6'
DHCLIENT6_MODE='info'
STARTMODE='auto'
)");
  CHECK(body(files, dir + "ifroute-eth2") == R"(10.2.0.0/16 10.1.0.1 - eth2 metric 50 table 100
2001:db8:1::/48 2001:db8::1 - eth2 metric 10
192.0.2.0/24 10.9.9.1 - eth2
198.51.100.0/24 - - eth2
172.16.0.0/12 10.1.0.254 - eth2 metric 3
)");
  CHECK_THAT(body(files, dir + "ifcfg-eth3"), Catch::Contains("STARTMODE='manual'\n"));
}

TEST_CASE("ENI: one stanza per subnet, post-up routes, global DNS on lo, global routes last, no auto for manual") {
  const auto files = render_eni(dhcp_state());
  REQUIRE(files.size() == 1);
  CHECK(body(files, "/etc/network/interfaces") == R"(auto lo
iface lo inet loopback
	dns-nameservers 9.9.9.9
	dns-search example.org

auto eth0
iface eth0 inet dhcp
	ethernet-wol g

iface eth0 inet6 dhcp
	accept-ra 1

auto eth1
iface eth1 inet6 auto
	dhcp 0

auto eth2
iface eth2 inet static
	address 10.1.0.5
	netmask 255.255.255.0
	post-up ip route add 10.2.0.0/16 via 10.1.0.1 metric 50 table 100 || true
	pre-down ip route del 10.2.0.0/16 via 10.1.0.1 metric 50 table 100 || true
	post-up ip route add 192.0.2.0/24 via 10.9.9.1 onlink || true
	pre-down ip route del 192.0.2.0/24 via 10.9.9.1 onlink || true
	post-up ip route add 198.51.100.0/24 dev eth2 || true
	pre-down ip route del 198.51.100.0/24 dev eth2 || true

iface eth2 inet6 static
	address 2001:db8::5/64
	post-up ip -family inet6 route add 2001:db8:1::/48 via 2001:db8::1 metric 10 || true
	pre-down ip -family inet6 route del 2001:db8:1::/48 via 2001:db8::1 metric 10 || true

iface eth3 inet static
	address 10.3.0.5
	netmask 255.255.255.0

post-up ip route add 172.16.0.0/12 via 10.1.0.254 metric 3 || true
pre-down ip route del 172.16.0.0/12 via 10.1.0.254 metric 3 || true

source /etc/network/interfaces.d/*
)");
}

TEST_CASE("netplan: dhcp4/dhcp6, accept-ra, wakeonlan, routes with metric/table/on-link, global DNS on static NICs") {
  const auto files = render_netplan(dhcp_state());
  REQUIRE(files.size() == 1);
  CHECK(body(files, "/etc/netplan/50-vc-agent.yaml") == R"(network:
  version: 2
  ethernets:
    eth0:
      match:
        macaddress: "52:54:00:00:00:01"
      set-name: eth0
      wakeonlan: true
      dhcp4: true
      dhcp6: true
      accept-ra: true
    eth1:
      dhcp6: true
    eth2:
      addresses:
      - 10.1.0.5/24
      - 2001:db8::5/64
      routes:
      - to: 10.2.0.0/16
        via: 10.1.0.1
        metric: 50
        table: 100
      - to: 2001:db8:1::/48
        via: 2001:db8::1
        metric: 10
      - to: 192.0.2.0/24
        via: 10.9.9.1
        on-link: true
      - to: 198.51.100.0/24
      - to: 172.16.0.0/12
        via: 10.1.0.254
        metric: 3
      nameservers:
        addresses: [9.9.9.9]
        search: [example.org]
    eth3:
      addresses:
      - 10.3.0.5/24
      nameservers:
        addresses: [9.9.9.9]
        search: [example.org]
)");
}

TEST_CASE("NM keyfile: auto methods, may-fail with both families, routeN and routeN_options, autoconnect=false") {
  const auto files = render_nm(dhcp_state());
  const std::string dir = "/etc/NetworkManager/system-connections/vc-agent-";
  CHECK(body(files, dir + "eth0.nmconnection") == R"(
[connection]
id=vc-agent eth0
uuid=050ab96e-d4a9-5cc2-98fa-8680f75e4a5a
type=ethernet
autoconnect-priority=120

[ethernet]
mac-address=52:54:00:00:00:01
wake-on-lan=64

[ipv4]
method=auto
may-fail=true
dns=9.9.9.9;
dns-search=example.org;

[ipv6]
method=auto
may-fail=true
dns-search=example.org;
)");
  // SLAAC only: IPv4 off, as cloud-init does.
  CHECK_THAT(body(files, dir + "eth1.nmconnection"),
             Catch::EndsWith("[ipv4]\nmethod=disabled\n\n[ipv6]\nmethod=auto\nmay-fail=false\ndns-search=example.org;\n"));
  CHECK(body(files, dir + "eth2.nmconnection") == R"(
[connection]
id=vc-agent eth2
uuid=d0af04d1-8e13-5c7b-a263-06002887df01
type=ethernet
interface-name=eth2
autoconnect-priority=120

[ethernet]

[ipv4]
method=manual
may-fail=false
address1=10.1.0.5/24
route1=10.2.0.0/16,10.1.0.1,50
route1_options=table=100
route2=192.0.2.0/24,10.9.9.1
route2_options=onlink=true
route3=198.51.100.0/24
route4=172.16.0.0/12,10.1.0.254,3
dns=9.9.9.9;
dns-search=example.org;

[ipv6]
method=manual
may-fail=false
address1=2001:db8::5/64
route1=2001:db8:1::/48,2001:db8::1,10
dns-search=example.org;
)");
  CHECK_THAT(body(files, dir + "eth3.nmconnection"), Catch::Contains("autoconnect-priority=120\nautoconnect=false\n"));
}

TEST_CASE("networkd: DHCP=, IPv6AcceptRA, WakeOnLan in .link, [Route] sections, ActivationPolicy=manual") {
  const auto files = render_networkd(dhcp_state());
  const std::string dir = "/etc/systemd/network/10-vc-agent-";
  CHECK(body(files, dir + "eth0.link") == R"([Match]
MACAddress=52:54:00:00:00:01

[Link]
Name=eth0
WakeOnLan=magic
)");
  CHECK(body(files, dir + "eth0.network") == R"([Match]
Name=eth0
MACAddress=52:54:00:00:00:01

[Network]
DHCP=yes
IPv6AcceptRA=yes
DNS=9.9.9.9
Domains=example.org
)");
  CHECK(body(files, dir + "eth1.network") == R"([Match]
Name=eth1

[Network]
DHCP=no
IPv6AcceptRA=yes
DNS=9.9.9.9
Domains=example.org
)");
  CHECK(body(files, dir + "eth2.network") == R"([Match]
Name=eth2

[Network]
DHCP=no
DNS=9.9.9.9
Domains=example.org

[Address]
Address=10.1.0.5/24

[Address]
Address=2001:db8::5/64

[Route]
Gateway=10.1.0.1
Destination=10.2.0.0/16
Metric=50
Table=100

[Route]
Gateway=2001:db8::1
Destination=2001:db8:1::/48
Metric=10

[Route]
Gateway=10.9.9.1
Destination=192.0.2.0/24
GatewayOnLink=yes

[Route]
Destination=198.51.100.0/24

[Route]
Gateway=10.1.0.254
Destination=172.16.0.0/12
Metric=3
)");
  CHECK_THAT(body(files, dir + "eth3.network"), Catch::Contains("DHCP=no\nActivationPolicy=manual\n"));
}

TEST_CASE("GlobalDns::DefaultRoute keeps the global resolver on the gateway NIC only") {
  NetworkState s = dhcp_state();
  s.global_dns = GlobalDns::DefaultRoute;
  s.interfaces[2].subnets[0].gateway = ip("10.1.0.1");
  const auto eni = render_eni(s)[0].content;
  CHECK_THAT(eni, Catch::Contains("iface lo inet loopback\n\nauto eth0\n"));  // nothing on lo
  CHECK_THAT(eni, Catch::Contains("\tgateway 10.1.0.1\n\tdns-nameservers 9.9.9.9\n\tdns-search example.org\n"));
  const auto netplan = render_netplan(s)[0].content;
  CHECK(netplan.find("nameservers") == netplan.rfind("nameservers"));  // once: eth2
  for (const auto& f : render_networkd(s))
    CHECK((f.content.find("DNS=9.9.9.9") != std::string::npos) == (f.path == "/etc/systemd/network/10-vc-agent-eth2.network"));
}

TEST_CASE("ifcfg SUSE: ifsysctl for a dotted name uses the slash form") {
  auto s = dhcp_state();
  s.interfaces[0].name = "eth0.100";
  s.interfaces[0].accept_ra = false;
  const auto files = render_ifcfg(s, IfcfgFlavor::Suse);
  CHECK(body(files, "/etc/sysconfig/network/ifsysctl-eth0.100") == "net/ipv6/conf/eth0.100/accept_ra = 0\n");
}
