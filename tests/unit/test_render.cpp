// Golden tests for the five network renderers: exact bytes, paths and modes.
#include <catch2/catch.hpp>

#include <algorithm>

#include "netconf/render.h"
#include "test_render_fixtures.h"

using namespace vc::netconf;
using namespace vc::netconf::test;

TEST_CASE("ifcfg RHEL: vc-out-parser keys first, then the new ones") {
  const auto files = render_ifcfg(fe_state(), IfcfgFlavor::Rhel);
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "/etc/sysconfig/network-scripts/ifcfg-eth0");
  CHECK(files[0].mode == 0644);
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"(DEVICE=eth0
IPADDR=10.1.1.1
NETMASK=255.255.0.0
BOOTPROTO=none
ONBOOT=yes
MTU=1500
HWADDR=52:54:00:12:34:56
DEFROUTE=no
TYPE=Ethernet
USERCTL=no
)");
  CHECK(files[1].path == "/etc/sysconfig/network-scripts/ifcfg-eth1");
  CHECK(files[1].content == kHead + "vc-out <public>" + kTail + R"(DEVICE=eth1
IPADDR=198.51.100.50
NETMASK=255.255.255.0
BOOTPROTO=none
ONBOOT=yes
MTU=1500
HWADDR=52:54:00:ab:cd:ef
GATEWAY=198.51.100.1
DEFROUTE=yes
TYPE=Ethernet
USERCTL=no
)");
  CHECK(files[2].path == "/etc/sysconfig/network-scripts/ifcfg-eth2");
  CHECK(files[2].content == kHead + "vc-out <openflow>" + kTail + R"(DEVICE=eth2
IPADDR=10.102.0.10
NETMASK=255.255.255.0
BOOTPROTO=none
ONBOOT=yes
MTU=9000
DEFROUTE=no
TYPE=Ethernet
USERCTL=no
)");
}

TEST_CASE("ifcfg SUSE: quoted values and the default route in ifroute-<name>") {
  const auto files = render_ifcfg(fe_state(), IfcfgFlavor::Suse);
  REQUIRE(files.size() == 4);
  CHECK(files[0].path == "/etc/sysconfig/network/ifcfg-eth0");
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"(BOOTPROTO='static'
STARTMODE='auto'
IPADDR='10.1.1.1'
NETMASK='255.255.0.0'
MTU='1500'
LLADDR='52:54:00:12:34:56'
)");
  CHECK(files[1].path == "/etc/sysconfig/network/ifcfg-eth1");
  CHECK(files[2].path == "/etc/sysconfig/network/ifroute-eth1");
  CHECK(files[2].content == kHead + "vc-out <public>" + kTail + "default 198.51.100.1 - eth1\n");
  CHECK(files[3].path == "/etc/sysconfig/network/ifcfg-eth2");
  CHECK_THAT(files[3].content, Catch::EndsWith("IPADDR='10.102.0.10'\nNETMASK='255.255.255.0'\nMTU='9000'\n"));  // no LLADDR
}

TEST_CASE("ENI: vc-out-parser's tab-indented stanzas, DNS on the gateway NIC") {
  const auto files = render_eni(fe_state());
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "/etc/network/interfaces");
  CHECK(files[0].mode == 0644);
  CHECK(files[0].content == kHead + "vc-out.xml" + kTail +
                                "auto lo\niface lo inet loopback\n"
                                "\nauto eth0\niface eth0 inet static\n"
                                "\taddress 10.1.1.1\n\tnetmask 255.255.0.0\n\tmtu 1500\n"
                                "\nauto eth1\niface eth1 inet static\n"
                                "\taddress 198.51.100.50\n\tnetmask 255.255.255.0\n\tmtu 1500\n"
                                "\tgateway 198.51.100.1\n"
                                "\tdns-nameservers 8.8.8.8 1.1.1.1\n\tdns-search local\n"
                                "\nauto eth2\niface eth2 inet static\n"
                                "\taddress 10.102.0.10\n\tnetmask 255.255.255.0\n\tmtu 9000\n"
                                "\nsource /etc/network/interfaces.d/*\n");
}

TEST_CASE("netplan: match/set-name only with a MAC, digit-only MACs quoted for YAML 1.1") {
  const auto files = render_netplan(fe_state());
  REQUIRE(files.size() == 1);
  CHECK(files[0].path == "/etc/netplan/50-vc-agent.yaml");
  CHECK(files[0].mode == 0600);
  CHECK(files[0].content == kHead + "vc-out.xml" + kTail + R"(network:
  version: 2
  ethernets:
    eth0:
      match:
        macaddress: "52:54:00:12:34:56"
      set-name: eth0
      addresses:
      - 10.1.1.1/16
      mtu: 1500
    eth1:
      match:
        macaddress: 52:54:00:ab:cd:ef
      set-name: eth1
      addresses:
      - 198.51.100.50/24
      mtu: 1500
      routes:
      - to: default
        via: 198.51.100.1
      nameservers:
        addresses: [8.8.8.8, 1.1.1.1]
        search: [local]
    eth2:
      addresses:
      - 10.102.0.10/24
      mtu: 9000
)");
}

TEST_CASE("NM keyfile: one 0600 connection per NIC, gateway= and the families vc-out leaves out switched off") {
  const auto files = render_nm(fe_state());
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "/etc/NetworkManager/system-connections/vc-agent-eth0.nmconnection");
  CHECK(files[0].mode == 0600);
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"(
[connection]
id=vc-agent eth0
uuid=050ab96e-d4a9-5cc2-98fa-8680f75e4a5a
type=ethernet
autoconnect-priority=120

[ethernet]
mac-address=52:54:00:12:34:56
mtu=1500

[ipv4]
method=manual
may-fail=false
address1=10.1.1.1/16
never-default=true

[ipv6]
method=ignore
)");
  CHECK(files[1].content == kHead + "vc-out <public>" + kTail + R"(
[connection]
id=vc-agent eth1
uuid=df104771-bb9f-5c39-96d1-565469cad4fe
type=ethernet
autoconnect-priority=120

[ethernet]
mac-address=52:54:00:AB:CD:EF
mtu=1500

[ipv4]
method=manual
may-fail=false
address1=198.51.100.50/24
gateway=198.51.100.1
dns=8.8.8.8;1.1.1.1;
dns-search=local;

[ipv6]
method=ignore
)");
  CHECK(files[2].path == "/etc/NetworkManager/system-connections/vc-agent-eth2.nmconnection");
  CHECK_THAT(files[2].content, Catch::Contains("uuid=d0af04d1-8e13-5c7b-a263-06002887df01\n"));
  // No MAC: the profile must name its interface instead.
  CHECK_THAT(files[2].content, Catch::Contains("\ninterface-name=eth2\n"));
  CHECK_THAT(files[2].content, Catch::Contains("\n[ethernet]\nmtu=9000\n\n[ipv4]\nmethod=manual\nmay-fail=false\n"
                                               "address1=10.102.0.10/24\nnever-default=true\n\n"));
}

TEST_CASE("networkd: .link pins the name when the MAC is known, .network per NIC") {
  const auto files = render_networkd(fe_state());
  REQUIRE(files.size() == 5);
  CHECK(files[0].path == "/etc/systemd/network/10-vc-agent-eth0.link");
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"([Match]
MACAddress=52:54:00:12:34:56

[Link]
Name=eth0
)");
  CHECK(files[1].path == "/etc/systemd/network/10-vc-agent-eth0.network");
  CHECK(files[1].content == kHead + "vc-out <private>" + kTail + R"([Match]
MACAddress=52:54:00:12:34:56

[Link]
MTUBytes=1500

[Network]
DHCP=no

[Address]
Address=10.1.1.1/16
)");
  CHECK(files[2].path == "/etc/systemd/network/10-vc-agent-eth1.link");
  CHECK(files[3].path == "/etc/systemd/network/10-vc-agent-eth1.network");
  CHECK(files[3].content == kHead + "vc-out <public>" + kTail + R"([Match]
MACAddress=52:54:00:ab:cd:ef

[Link]
MTUBytes=1500

[Network]
DHCP=no
DNS=8.8.8.8 1.1.1.1
Domains=local

[Address]
Address=198.51.100.50/24

[Route]
Gateway=198.51.100.1
)");
  CHECK(files[4].path == "/etc/systemd/network/10-vc-agent-eth2.network");
  CHECK(files[4].content == kHead + "vc-out <openflow>" + kTail + R"([Match]
Name=eth2

[Link]
MTUBytes=9000

[Network]
DHCP=no

[Address]
Address=10.102.0.10/24
)");
  for (const auto& f : files) CHECK(f.mode == 0644);
}

TEST_CASE("rendering is deterministic and independent of input order") {
  const auto s = fe_state();
  auto reversed = s;
  std::reverse(reversed.interfaces.begin(), reversed.interfaces.end());
  using Fn = std::vector<RenderedFile> (*)(const NetworkState&);
  const Fn renderers[] = {
      render_eni, render_netplan, render_nm, render_networkd,
      [](const NetworkState& st) { return render_ifcfg(st, IfcfgFlavor::Rhel); },
      [](const NetworkState& st) { return render_ifcfg(st, IfcfgFlavor::Suse); }};
  for (const Fn fn : renderers) {
    const auto a = fn(s), b = fn(s), c = fn(reversed);
    REQUIRE(a.size() == b.size());
    REQUIRE(a.size() == c.size());
    for (std::size_t k = 0; k < a.size(); ++k) {
      CHECK(a[k].path == b[k].path);
      CHECK(a[k].content == b[k].content);
      CHECK(a[k].path == c[k].path);
      CHECK(a[k].content == c[k].content);
      CHECK(a[k].content.back() == '\n');
    }
  }
}

TEST_CASE("NM uuid: stable per name, different across names") {
  const auto uuid_of = [](const std::string& content) { return content.substr(content.find("uuid=") + 5, 36); };
  const auto files = render_nm(fe_state());
  CHECK(uuid_of(files[0].content) != uuid_of(files[1].content));
  CHECK(uuid_of(render_nm(fe_state())[0].content) == uuid_of(files[0].content));
}
