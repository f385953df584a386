// Renderer features beyond vc-out's single-address NICs: bonds and their
// members, VLANs, bridges and their ports, InfiniBand, in all five formats.
// Exact text, as each backend reads these files literally.
#include <catch2/catch.hpp>

#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using namespace vc::netconf::test;

namespace {

Interface nic(const char* name, const char* mac, const char* master = "") {
  Interface i;
  i.name = name;
  i.mac = mac;
  i.master = master;
  i.label = "test";
  return i;
}

// A bond of two NICs with a VLAN on it, a bridge over a third NIC, and an
// IPoIB link: every link kind the model has.
NetworkState links_state() {
  NetworkState s;
  s.label = "test";
  Interface bond;
  bond.name = "bond0";
  bond.kind = LinkKind::Bond;
  bond.mac = "52:54:00:00:00:ff";
  bond.mtu = 9000;
  bond.members = {"eth0", "eth1"};
  BondParams b;
  b.mode = "802.3ad";
  b.miimon = 100;
  b.xmit_hash_policy = "layer3+4";
  b.lacp_rate = "fast";
  bond.bond = b;
  bond.subnets = {static_subnet("10.0.0.2", 24, "10.0.0.1")};
  bond.label = "test";
  Interface vlan;
  vlan.name = "bond0.100";
  vlan.kind = LinkKind::Vlan;
  vlan.vlan_id = 100;
  vlan.vlan_link = "bond0";
  Subnet dhcp;
  dhcp.kind = SubnetKind::Dhcp4;
  vlan.subnets = {dhcp};
  vlan.label = "test";
  Interface br;
  br.name = "br0";
  br.kind = LinkKind::Bridge;
  br.members = {"eth2"};
  BridgeParams p;
  p.stp = false;
  p.priority = 22;
  p.forward_delay = 4;
  p.port_priority = {{"eth2", 28}};
  br.bridge = p;
  br.subnets = {static_subnet("192.168.1.2", 24)};
  br.label = "test";
  Interface ib;
  ib.name = "ib0";
  ib.kind = LinkKind::Infiniband;
  ib.mac = "a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1";
  ib.ib_mode = "connected";
  ib.subnets = {static_subnet("172.16.0.5", 16)};
  ib.label = "test";
  s.interfaces = {bond, nic("eth0", "52:54:00:00:00:01", "bond0"), nic("eth1", "52:54:00:00:00:02", "bond0"), vlan,
                  br, nic("eth2", "52:54:00:00:00:03", "br0"), ib};
  return s;
}

bool has(const std::vector<RenderedFile>& files, const std::string& path) {
  for (const auto& f : files)
    if (f.path == path) return true;
  return false;
}

}  // namespace

TEST_CASE("ifcfg RHEL: bond with BONDING_OPTS and its slaves, VLAN, bridge and port, InfiniBand") {
  const auto files = render_ifcfg(links_state(), IfcfgFlavor::Rhel);
  const std::string dir = "/etc/sysconfig/network-scripts/";
  CHECK(body(files, dir + "ifcfg-bond0") == R"(DEVICE=bond0
IPADDR=10.0.0.2
NETMASK=255.255.255.0
BOOTPROTO=none
ONBOOT=yes
MTU=9000
MACADDR=52:54:00:00:00:ff
GATEWAY=10.0.0.1
DEFROUTE=yes
TYPE=Bond
USERCTL=no
BONDING_MASTER=yes
BONDING_OPTS="mode=802.3ad xmit_hash_policy=layer3+4 miimon=100 lacp_rate=fast"
BONDING_SLAVE0=eth0
BONDING_SLAVE1=eth1
)");
  CHECK(body(files, dir + "ifcfg-eth0") ==
        "DEVICE=eth0\nBOOTPROTO=none\nONBOOT=yes\nHWADDR=52:54:00:00:00:01\nTYPE=Ethernet\nUSERCTL=no\n"
        "MASTER=bond0\nSLAVE=yes\n");
  // DHCP next to another interface's gateway: dhclient must not add a second default route.
  CHECK(body(files, dir + "ifcfg-bond0.100") ==
        "DEVICE=bond0.100\nBOOTPROTO=dhcp\nONBOOT=yes\nDHCLIENT_SET_DEFAULT_ROUTE=no\nUSERCTL=no\nVLAN=yes\n"
        "PHYSDEV=bond0\n");
  CHECK(body(files, dir + "ifcfg-br0") ==
        "DEVICE=br0\nIPADDR=192.168.1.2\nNETMASK=255.255.255.0\nBOOTPROTO=none\nONBOOT=yes\nTYPE=Bridge\n"
        "USERCTL=no\nSTP=no\nPRIO=22\nDELAY=4\n");
  CHECK(body(files, dir + "ifcfg-eth2") ==
        "DEVICE=eth2\nBOOTPROTO=none\nONBOOT=yes\nHWADDR=52:54:00:00:00:03\nTYPE=Ethernet\nUSERCTL=no\nBRIDGE=br0\n");
  CHECK(body(files, dir + "ifcfg-ib0") ==
        "DEVICE=ib0\nIPADDR=172.16.0.5\nNETMASK=255.255.0.0\nBOOTPROTO=none\nONBOOT=yes\n"
        "HWADDR=a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1\nTYPE=InfiniBand\nUSERCTL=no\n"
        "CONNECTED_MODE=yes\n");
  CHECK(files.size() == 7);  // no route files: the only route is the bond's gateway
}

TEST_CASE("ifcfg SUSE: BONDING_MODULE_OPTS, hotplug slaves, BRIDGE=yes on the bridge, VLAN ETHERDEVICE") {
  const auto files = render_ifcfg(links_state(), IfcfgFlavor::Suse);
  const std::string dir = "/etc/sysconfig/network/";
  CHECK(body(files, dir + "ifcfg-bond0") == R"(BOOTPROTO='static'
STARTMODE='auto'
IPADDR='10.0.0.2'
NETMASK='255.255.255.0'
MTU='9000'
LLADDR='52:54:00:00:00:ff'
BONDING_MASTER='yes'
BONDING_MODULE_OPTS='mode=802.3ad xmit_hash_policy=layer3+4 miimon=100 lacp_rate=fast'
BONDING_SLAVE_0='eth0'
BONDING_SLAVE_1='eth1'
)");
  CHECK(body(files, dir + "ifroute-bond0") == "default 10.0.0.1 - bond0\n");
  CHECK(body(files, dir + "ifcfg-eth1") == "BOOTPROTO='none'\nSTARTMODE='hotplug'\nLLADDR='52:54:00:00:00:02'\n");
  CHECK(body(files, dir + "ifcfg-bond0.100") ==
        "BOOTPROTO='dhcp4'\nSTARTMODE='auto'\nETHERDEVICE='bond0'\nVLAN_ID='100'\n");
  CHECK(body(files, dir + "ifcfg-br0") ==
        "BOOTPROTO='static'\nSTARTMODE='auto'\nIPADDR='192.168.1.2'\nNETMASK='255.255.255.0'\nBRIDGE='yes'\n"
        "BRIDGE_PORTS='eth2'\nBRIDGE_STP='off'\nBRIDGE_PRIORITY='22'\nBRIDGE_FORWARDDELAY='4'\n"
        "BRIDGE_PORTPRIORITIES='28'\n");
  CHECK_THAT(body(files, dir + "ifcfg-ib0"), Catch::EndsWith("TYPE='InfiniBand'\nIPOIB_MODE='connected'\n"));
}

TEST_CASE("ENI: bond-* on the bond and its members, vlan-raw-device, bridge-*, hwaddress on virtual links") {
  const auto files = render_eni(links_state());
  REQUIRE(files.size() == 1);
  CHECK(body(files, "/etc/network/interfaces") == R"(auto lo
iface lo inet loopback

auto bond0
iface bond0 inet static
	address 10.0.0.2
	netmask 255.255.255.0
	mtu 9000
	gateway 10.0.0.1
	hwaddress 52:54:00:00:00:ff
	bond-mode 802.3ad
	bond-xmit-hash-policy layer3+4
	bond-miimon 100
	bond-lacp-rate fast
	bond-slaves none

auto bond0.100
iface bond0.100 inet dhcp
	vlan-id 100
	vlan-raw-device bond0

auto br0
iface br0 inet static
	address 192.168.1.2
	netmask 255.255.255.0
	bridge-ports eth2
	bridge-bridgeprio 22
	bridge-fd 4
	bridge-portprio eth2 28
	bridge-stp off

auto eth0
iface eth0 inet manual
	bond-master bond0
	bond-mode 802.3ad
	bond-xmit-hash-policy layer3+4
	bond-miimon 100
	bond-lacp-rate fast

auto eth1
iface eth1 inet manual
	bond-master bond0
	bond-mode 802.3ad
	bond-xmit-hash-policy layer3+4
	bond-miimon 100
	bond-lacp-rate fast

iface eth2 inet manual

auto ib0
iface ib0 inet static
	address 172.16.0.5
	netmask 255.255.0.0
	hwaddress a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1

source /etc/network/interfaces.d/*
)");
}

TEST_CASE("netplan: ethernets, bonds, bridges and vlans sections with parameters") {
  const auto files = render_netplan(links_state());
  REQUIRE(files.size() == 1);
  CHECK(body(files, "/etc/netplan/50-vc-agent.yaml") == R"(network:
  version: 2
  ethernets:
    eth0:
      match:
        macaddress: "52:54:00:00:00:01"
      set-name: eth0
    eth1:
      match:
        macaddress: "52:54:00:00:00:02"
      set-name: eth1
    eth2:
      match:
        macaddress: "52:54:00:00:00:03"
      set-name: eth2
    ib0:
      match:
        macaddress: a0:00:02:20:fe:80:00:00:00:00:00:00:ec:0d:9a:03:00:15:e2:c1
      set-name: ib0
      infiniband-mode: connected
      addresses:
      - 172.16.0.5/16
  bonds:
    bond0:
      macaddress: 52:54:00:00:00:ff
      addresses:
      - 10.0.0.2/24
      mtu: 9000
      interfaces: [eth0, eth1]
      parameters:
        mode: 802.3ad
        transmit-hash-policy: "layer3+4"
        mii-monitor-interval: 100
        lacp-rate: fast
      routes:
      - to: default
        via: 10.0.0.1
  bridges:
    br0:
      addresses:
      - 192.168.1.2/24
      interfaces: [eth2]
      parameters:
        forward-delay: 4
        port-priority:
          eth2: 28
        priority: 22
        stp: false
  vlans:
    bond0.100:
      dhcp4: true
      id: 100
      link: bond0
)");
}

TEST_CASE("NM keyfile: bond, port by controller UUID, VLAN parent UUID, bridge-port, infiniband") {
  const auto files = render_nm(links_state());
  const std::string dir = "/etc/NetworkManager/system-connections/vc-agent-";
  const std::string bond_uuid = "dff136e2-508f-5cec-aa56-2805eae74a68";
  CHECK(body(files, dir + "bond0.nmconnection") == R"(
[connection]
id=vc-agent bond0
uuid=)" + bond_uuid + R"(
type=bond
interface-name=bond0
autoconnect-priority=120

[bond]
mode=802.3ad
xmit_hash_policy=layer3+4
miimon=100
lacp_rate=fast

[ethernet]
cloned-mac-address=52:54:00:00:00:FF
mtu=9000

[ipv4]
method=manual
may-fail=false
address1=10.0.0.2/24
gateway=10.0.0.1
)");
  CHECK_THAT(body(files, dir + "eth0.nmconnection"),
             Catch::Contains("autoconnect-priority=120\nslave-type=bond\nmaster=" + bond_uuid + "\n"));
  CHECK_THAT(body(files, dir + "bond0.100.nmconnection"),
             Catch::Contains("type=vlan\ninterface-name=bond0.100\n") &&
                 Catch::Contains("\n[vlan]\nid=100\nparent=" + bond_uuid + "\n\n[ipv4]\nmethod=auto\nmay-fail=false\n"));
  CHECK_THAT(body(files, dir + "eth2.nmconnection"),
             Catch::Contains("slave-type=bridge\nmaster=de40fa3d-660e-5bbd-9ce7-e9d4c8964deb\n\n[bridge-port]\n"
                             "priority=28\n"));
  CHECK_THAT(body(files, dir + "br0.nmconnection"),
             Catch::Contains("[bridge]\nstp=false\npriority=22\nforward-delay=4\n"));
  CHECK_THAT(body(files, dir + "ib0.nmconnection"),
             Catch::Contains("type=infiniband\nautoconnect-priority=120\n\n[infiniband]\n"
                             "mac-address=A0:00:02:20:FE:80:00:00:00:00:00:00:EC:0D:9A:03:00:15:E2:C1\n"
                             "transport-mode=connected\n"));
}

TEST_CASE("networkd: .netdev for bond, bridge and VLAN, members name their master, the parent names its VLAN") {
  const auto files = render_networkd(links_state());
  const std::string dir = "/etc/systemd/network/10-vc-agent-";
  CHECK(body(files, dir + "bond0.netdev") ==
        "[NetDev]\nName=bond0\nKind=bond\nMACAddress=52:54:00:00:00:ff\nMTUBytes=9000\n\n[Bond]\nMode=802.3ad\n"
        "TransmitHashPolicy=layer3+4\nMIIMonitorSec=100ms\nLACPTransmitRate=fast\n");
  CHECK(body(files, dir + "bond0.network") ==
        "[Match]\nName=bond0\n\n[Link]\nMACAddress=52:54:00:00:00:ff\nMTUBytes=9000\n\n[Network]\nDHCP=no\nVLAN=bond0.100\n\n"
        "[Address]\nAddress=10.0.0.2/24\n\n[Route]\nGateway=10.0.0.1\n");
  CHECK(body(files, dir + "bond0.100.netdev") == "[NetDev]\nName=bond0.100\nKind=vlan\n\n[VLAN]\nId=100\n");
  CHECK(body(files, dir + "bond0.100.network") == "[Match]\nName=bond0.100\n\n[Network]\nDHCP=ipv4\n");
  CHECK(body(files, dir + "br0.netdev") ==
        "[NetDev]\nName=br0\nKind=bridge\n\n[Bridge]\nSTP=no\nPriority=22\nForwardDelaySec=4\n");
  CHECK(body(files, dir + "eth0.network") ==
        "[Match]\nName=eth0\nMACAddress=52:54:00:00:00:01\n\n[Network]\nDHCP=no\nBond=bond0\n");
  CHECK(body(files, dir + "eth2.network") ==
        "[Match]\nName=eth2\nMACAddress=52:54:00:00:00:03\n\n[Network]\nDHCP=no\nBridge=br0\n\n[Bridge]\nPriority=28\n");
  CHECK(body(files, dir + "eth0.link") == "[Match]\nMACAddress=52:54:00:00:00:01\n\n[Link]\nName=eth0\n");
  // IPoIB's 20-byte address is not a [Match] MACAddress=: matched by name, no .link.
  CHECK(body(files, dir + "ib0.network") ==
        "[Match]\nName=ib0\n\n[Network]\nDHCP=no\n\n[Address]\nAddress=172.16.0.5/16\n");
  CHECK_FALSE(has(files, dir + "ib0.link"));
}

TEST_CASE("networkd: explicit routes name their destination, bond time and boolean options in systemd's units") {
  auto s = links_state();
  Interface& bond = s.interfaces[0];
  bond.bond->extra = {{"lp_interval", "12"}, {"all_slaves_active", "1"}};
  Route dflt;
  dflt.to = ip("0.0.0.0");
  dflt.via = ip("10.0.0.254");
  bond.routes = {dflt};
  const auto files = render_networkd(s);
  const std::string dir = "/etc/systemd/network/10-vc-agent-";
  // The subnet's gateway stays gateway-only; the explicit 0/0 route says so.
  CHECK_THAT(body(files, dir + "bond0.network"),
             Catch::EndsWith("[Route]\nGateway=10.0.0.1\n\n[Route]\nGateway=10.0.0.254\nDestination=0.0.0.0/0\n"));
  CHECK_THAT(body(files, dir + "bond0.netdev"), Catch::Contains("\nAllSlavesActive=true\n"));
  CHECK_THAT(body(files, dir + "bond0.netdev"), Catch::Contains("\nLearnPacketIntervalSec=12\n"));
}
