// Golden tests for the five network renderers: exact bytes, paths and modes.
#include <catch2/catch.hpp>

#include <algorithm>

#include "netconf/render.h"

using namespace vc::netconf;

namespace {

IpAddress ip(const char* text) {
  auto v = parse_ip(text);
  REQUIRE(v);
  return *v;
}

Interface iface(std::string name, std::string mac, int mtu, const char* addr, int prefix, std::string label) {
  Interface i;
  i.name = std::move(name);
  i.mac = std::move(mac);
  i.mtu = mtu;
  i.addresses.push_back({ip(addr), prefix});
  i.label = std::move(label);
  return i;
}

// The typical frontend, in document order (renderers must sort by name).
NetworkState fe_state() {
  NetworkState s;
  s.label = "vc-out.xml";
  auto pub = iface("eth1", "52:54:00:ab:cd:ef", 1500, "198.51.100.50", 24, "vc-out <public>");
  pub.gateway4 = ip("198.51.100.1");
  auto priv = iface("eth0", "52:54:00:12:34:56", 1500, "10.1.1.1", 16, "vc-out <private>");
  priv.default_route = false;
  auto of = iface("eth2", "", 9000, "10.102.0.10", 24, "vc-out <openflow>");
  of.default_route = false;
  s.interfaces = {of, pub, priv};
  s.dns = {ip("8.8.8.8"), ip("1.1.1.1")};
  s.search = {"local"};
  return s;
}

// Dual-stack gateway NIC and a v6-only NIC that must never take the default route.
NetworkState v6_state() {
  NetworkState s;
  s.label = "test";
  auto a = iface("eth0", "52:54:00:00:00:0a", 1500, "10.0.0.2", 24, "t eth0");
  a.addresses.push_back({ip("2001:db8::5"), 64});
  a.addresses.push_back({ip("2001:db8::6"), 64});
  a.gateway4 = ip("10.0.0.1");
  a.gateway6 = ip("2001:db8::1");
  Interface b;
  b.name = "eth10";
  b.addresses.push_back({ip("2001:db8:1::9"), 64});
  b.default_route = false;
  b.label = "t eth10";
  s.interfaces = {b, a};
  s.dns = {ip("2001:4860:4860::8888"), ip("8.8.8.8")};
  s.search = {"local"};
  return s;
}

const std::string kHead = "# Written by vc-agent from ";
const std::string kTail = "; edits are replaced on the next run\n";

}  // namespace

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
PEERDNS=no
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
TYPE=Ethernet
PEERDNS=no
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
PEERDNS=no
)");
}

TEST_CASE("ifcfg SUSE: quoted values and the default route in ifroute-<name>") {
  const auto files = render_ifcfg(fe_state(), IfcfgFlavor::Suse);
  REQUIRE(files.size() == 4);
  CHECK(files[0].path == "/etc/sysconfig/network/ifcfg-eth0");
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"(BOOTPROTO='static'
STARTMODE='auto'
IPADDR='10.1.1.1/16'
MTU='1500'
LLADDR='52:54:00:12:34:56'
)");
  CHECK(files[1].path == "/etc/sysconfig/network/ifcfg-eth1");
  CHECK(files[2].path == "/etc/sysconfig/network/ifroute-eth1");
  CHECK(files[2].content == kHead + "vc-out <public>" + kTail + "default 198.51.100.1 - eth1\n");
  CHECK(files[3].path == "/etc/sysconfig/network/ifcfg-eth2");
  CHECK_THAT(files[3].content, Catch::EndsWith("IPADDR='10.102.0.10/24'\nMTU='9000'\n"));  // no LLADDR
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

TEST_CASE("netplan: match/set-name only with a MAC; digit-only MACs quoted for YAML 1.1") {
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

TEST_CASE("NM keyfile: one 0600 connection per NIC, gateway on address1") {
  const auto files = render_nm(fe_state());
  REQUIRE(files.size() == 3);
  CHECK(files[0].path == "/etc/NetworkManager/system-connections/vc-agent-eth0.nmconnection");
  CHECK(files[0].mode == 0600);
  CHECK(files[0].content == kHead + "vc-out <private>" + kTail + R"(
[connection]
id=vc-agent eth0
uuid=050ab96e-d4a9-5cc2-98fa-8680f75e4a5a
type=ethernet
autoconnect=true

[ethernet]
mac-address=52:54:00:12:34:56
mtu=1500

[ipv4]
method=manual
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
autoconnect=true

[ethernet]
mac-address=52:54:00:AB:CD:EF
mtu=1500

[ipv4]
method=manual
address1=198.51.100.50/24,198.51.100.1
dns=8.8.8.8;1.1.1.1;
dns-search=local;

[ipv6]
method=ignore
)");
  CHECK(files[2].path == "/etc/NetworkManager/system-connections/vc-agent-eth2.nmconnection");
  CHECK_THAT(files[2].content, Catch::Contains("uuid=d0af04d1-8e13-5c7b-a263-06002887df01\n"));
  // No MAC: the profile must name its interface instead.
  CHECK_THAT(files[2].content, Catch::Contains("\ninterface-name=eth2\n"));
  CHECK_THAT(files[2].content, Catch::Contains("\n[ethernet]\nmtu=9000\n\n[ipv4]\nmethod=manual\n"
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
Address=10.1.1.1/16
)");
  CHECK(files[2].path == "/etc/systemd/network/10-vc-agent-eth1.link");
  CHECK(files[3].path == "/etc/systemd/network/10-vc-agent-eth1.network");
  CHECK(files[3].content == kHead + "vc-out <public>" + kTail + R"([Match]
MACAddress=52:54:00:ab:cd:ef

[Link]
MTUBytes=1500

[Network]
Address=198.51.100.50/24
Gateway=198.51.100.1
DNS=8.8.8.8 1.1.1.1
Domains=local
)");
  CHECK(files[4].path == "/etc/systemd/network/10-vc-agent-eth2.network");
  CHECK(files[4].content == kHead + "vc-out <openflow>" + kTail + R"([Match]
Name=eth2

[Link]
MTUBytes=9000

[Network]
Address=10.102.0.10/24
)");
  for (const auto& f : files) CHECK(f.mode == 0644);
}

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
TYPE=Ethernet
PEERDNS=no
IPV6INIT=yes
IPV6_AUTOCONF=no
IPV6ADDR=2001:db8::5/64
IPV6ADDR_SECONDARIES=2001:db8::6/64
IPV6_DEFAULTGW=2001:db8::1
)");
  CHECK(rhel[1].path == "/etc/sysconfig/network-scripts/ifcfg-eth10");  // eth10 sorts after eth0
  CHECK(rhel[1].content == kHead + "t eth10" + kTail + R"(DEVICE=eth10
BOOTPROTO=none
ONBOOT=yes
DEFROUTE=no
TYPE=Ethernet
PEERDNS=no
IPV6INIT=yes
IPV6_AUTOCONF=no
IPV6ADDR=2001:db8:1::9/64
IPV6_DEFROUTE=no
)");
  auto two_v4 = v6_state();
  two_v4.interfaces[1].addresses.push_back({ip("10.0.1.2"), 25});
  two_v4.interfaces[1].addresses.push_back({ip("2001:db8::7"), 64});
  const auto more = render_ifcfg(two_v4, IfcfgFlavor::Rhel);
  CHECK_THAT(more[0].content, Catch::Contains("PEERDNS=no\nIPADDR1=10.0.1.2\nPREFIX1=25\nIPV6INIT=yes\n"));
  CHECK_THAT(more[0].content, Catch::Contains("\nIPV6ADDR_SECONDARIES=\"2001:db8::6/64 2001:db8::7/64\"\n"));

  const auto suse = render_ifcfg(v6_state(), IfcfgFlavor::Suse);
  REQUIRE(suse.size() == 3);
  CHECK(suse[0].content == kHead + "t eth0" + kTail + R"(BOOTPROTO='static'
STARTMODE='auto'
IPADDR='10.0.0.2/24'
IPADDR_1='2001:db8::5/64'
IPADDR_2='2001:db8::6/64'
MTU='1500'
LLADDR='52:54:00:00:00:0a'
)");
  CHECK(suse[1].content == kHead + "t eth0" + kTail + "default 10.0.0.1 - eth0\ndefault 2001:db8::1 - eth0\n");
  CHECK(suse[2].path == "/etc/sysconfig/network/ifcfg-eth10");
}

TEST_CASE("IPv6: ENI inet6 stanzas and netplan") {
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
address1=10.0.0.2/24,10.0.0.1
dns=8.8.8.8;
dns-search=local;

[ipv6]
method=manual
address1=2001:db8::5/64,2001:db8::1
address2=2001:db8::6/64
dns=2001:4860:4860::8888;
dns-search=local;
)"));
  CHECK_THAT(nm[1].content, Catch::EndsWith(R"(
[ethernet]

[ipv4]
method=disabled

[ipv6]
method=manual
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
Address=10.0.0.2/24
Address=2001:db8::5/64
Address=2001:db8::6/64
Gateway=10.0.0.1
Gateway=2001:db8::1
DNS=2001:4860:4860::8888 8.8.8.8
Domains=local
)");
  CHECK(nd[2].content == kHead + "t eth10" + kTail + "[Match]\nName=eth10\n\n[Network]\nAddress=2001:db8:1::9/64\n");
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
