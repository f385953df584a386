// distro/dhcp_client.h: which DHCP client an image has decides the ephemeral lease's commands.
#include <catch2/catch.hpp>

#include "agent/platform.h"
#include "distro/dhcp_client.h"
#include "test_support.h"

using namespace vctest;

TEST_CASE("ephemeral DHCP: the image's client, acquire and release as argv") {
  TempDir t;
  vc::RootView root(t.path.string());
  CHECK_FALSE(vc::distro::ephemeral_dhcp(root, "eth0", "/run/vc-agent"));

  spit(t.path / "usr/bin/networkctl", "");
  auto nd = vc::distro::ephemeral_dhcp(root, "eth0", "/run/vc-agent");
  REQUIRE(nd);
  CHECK(nd->client == "networkd");
  CHECK(nd->release == std::vector<std::string>{"/usr/bin/networkctl", "down", "eth0"});

  spit(t.path / "sbin/udhcpc", "");
  spit(t.path / "sbin/ip", "");
  auto u = vc::distro::ephemeral_dhcp(root, "eth0", "/run/vc-agent");
  REQUIRE(u);
  CHECK(u->client == "udhcpc");
  CHECK(u->acquire == std::vector<std::string>{"/sbin/udhcpc", "-n", "-q", "-f", "-i", "eth0"});
  CHECK(u->lease_record == "/run/vc-agent/udhcpc.eth0.lease");

  spit(t.path / "usr/sbin/dhcpcd", "");
  CHECK(vc::distro::ephemeral_dhcp(root, "eth0", "/run/vc-agent")->client == "dhcpcd");

  spit(t.path / "sbin/dhclient", "");
  auto d = vc::distro::ephemeral_dhcp(root, "ens3", "/run/vc-agent");
  REQUIRE(d);
  CHECK(d->acquire == std::vector<std::string>{"/sbin/dhclient", "-1", "-4", "-pf", "/run/vc-agent/dhclient.ens3.pid",
                                               "-lf", "/run/vc-agent/dhclient.ens3.lease", "ens3"});
  CHECK(d->release[1] == "-r");
}

TEST_CASE("ephemeral DHCP: udhcpc's output is recorded as a lease CloudStack's reader can read") {
  const std::string out = "udhcpc: started, v1.35.0\nudhcpc: broadcasting discover\n"
                          "udhcpc: broadcasting select for 10.77.0.56, server 10.77.0.1\n"
                          "udhcpc: lease of 10.77.0.56 obtained from 10.77.0.1, lease time 300\n";
  auto rec = vc::distro::udhcpc_lease_record(out);
  REQUIRE(rec);
  CHECK(*rec == "# udhcpc lease, recorded by vc-agent\nserverid=10.77.0.1\nip=10.77.0.56\n");
  CHECK(vc::lease_dhcp_server(*rec) == std::optional<std::string>("10.77.0.1"));
  CHECK_FALSE(vc::distro::udhcpc_lease_record("udhcpc: started, v1.35.0\nudhcpc: no lease, failing\n"));
  CHECK_FALSE(vc::distro::udhcpc_lease_record("udhcpc: lease of 10.77.0.56 obtained from ;rm -rf\n"));
}
