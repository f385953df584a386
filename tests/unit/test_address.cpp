#include <catch2/catch.hpp>

#include <arpa/inet.h>

#include "netconf/address.h"

using namespace vc::netconf;

namespace {
IpAddress ip(const char* s) {
  auto a = parse_ip(s);
  REQUIRE(a);
  return *a;
}
}  // namespace

TEST_CASE("parse_ip accepts IPv4 and IPv6 and prints canonical text", "[address]") {
  auto v4 = parse_ip("10.1.1.1");
  REQUIRE(v4);
  CHECK(v4->family == IpFamily::V4);
  CHECK(v4->bits() == 32);
  CHECK(v4->bytes[0] == 10);
  CHECK(v4->bytes[3] == 1);
  CHECK(v4->str() == "10.1.1.1");

  auto v6 = parse_ip("FD00:0:0::0001");
  REQUIRE(v6);
  CHECK(v6->family == IpFamily::V6);
  CHECK(v6->bits() == 128);
  CHECK(v6->str() == "fd00::1");
  CHECK(parse_ip("::")->str() == "::");
  CHECK(parse_ip("::ffff:10.1.1.1")->family == IpFamily::V6);
}

TEST_CASE("parse_ip rejects what inet_pton rejects and more", "[address]") {
  for (const char* bad : {"", "10.1.1.300", " 10.1.1.1", "10.1.1.1 ", "10.1.1", "10.1.1.1.1", "fe80::1%eth0",
                          "fe80::1%25eth0", "1:2:3:4:5:6:7:8:9", "localhost", "10.1.1.1/24", "0x0a.1.1.1",
                          "::g", "10.1.1.-1"}) {
    INFO(bad);
    CHECK_FALSE(parse_ip(bad));
  }
  // An embedded NUL must not let the valid prefix through.
  CHECK_FALSE(parse_ip(std::string_view("10.1.1.1\0junk", 13)));
  CHECK_FALSE(parse_ip(std::string(100, '1')));
}

TEST_CASE("parse_netmask: contiguous dotted masks and prefix lengths", "[address]") {
  CHECK(parse_netmask("255.255.0.0") == 16);
  CHECK(parse_netmask("255.255.255.0") == 24);
  CHECK(parse_netmask("255.255.255.255") == 32);
  CHECK(parse_netmask("255.255.255.252") == 30);
  CHECK(parse_netmask("0.0.0.0") == 0);
  CHECK(parse_netmask("16") == 16);
  CHECK(parse_netmask("/24") == 24);
  CHECK(parse_netmask("64", 128) == 64);
  CHECK(parse_netmask("/128", 128) == 128);
  CHECK(parse_netmask("ffff:ffff:ffff:ffff::", 128) == 64);

  CHECK_FALSE(parse_netmask("255.0.255.0"));      // not contiguous
  CHECK_FALSE(parse_netmask("255.255.0.255"));
  CHECK_FALSE(parse_netmask("0.255.255.255"));
  CHECK_FALSE(parse_netmask("33"));
  CHECK_FALSE(parse_netmask("129", 128));
  CHECK_FALSE(parse_netmask("-1"));
  CHECK_FALSE(parse_netmask(""));
  CHECK_FALSE(parse_netmask("/"));
  CHECK_FALSE(parse_netmask(" 24"));
  CHECK_FALSE(parse_netmask("0024"));
  CHECK_FALSE(parse_netmask("255.255.0.0", 128));  // dotted v4 mask for an IPv6 address
  CHECK_FALSE(parse_netmask("ffff::", 32));
  CHECK_FALSE(parse_netmask("ffff:0:ffff::", 128));
  CHECK_FALSE(parse_netmask("24", 48));            // only 32 or 128 make sense
}

TEST_CASE("prefix_to_netmask", "[address]") {
  CHECK(prefix_to_netmask(0) == "0.0.0.0");
  CHECK(prefix_to_netmask(16) == "255.255.0.0");
  CHECK(prefix_to_netmask(20) == "255.255.240.0");
  CHECK(prefix_to_netmask(24) == "255.255.255.0");
  CHECK(prefix_to_netmask(32) == "255.255.255.255");
}

TEST_CASE("network_of, broadcast_of and in_subnet", "[address]") {
  CHECK(network_of(ip("10.1.255.254"), 16).str() == "10.1.0.0");
  CHECK(broadcast_of(ip("10.1.255.254"), 16).str() == "10.1.255.255");
  CHECK(network_of(ip("198.202.88.50"), 24).str() == "198.202.88.0");
  CHECK(network_of(ip("172.16.5.130"), 25).str() == "172.16.5.128");
  CHECK(broadcast_of(ip("172.16.5.130"), 25).str() == "172.16.5.255");
  CHECK(network_of(ip("10.1.1.1"), 32).str() == "10.1.1.1");
  CHECK(network_of(ip("10.1.1.1"), 0).str() == "0.0.0.0");
  CHECK(network_of(ip("fd00:1:2:3::99"), 64).str() == "fd00:1:2:3::");
  CHECK(broadcast_of(ip("fd00:1:2:3::99"), 64).str() == "fd00:1:2:3:ffff:ffff:ffff:ffff");

  CHECK(in_subnet(ip("10.1.1.1"), ip("10.1.255.254"), 16));
  CHECK_FALSE(in_subnet(ip("10.2.1.1"), ip("10.1.255.254"), 16));
  CHECK(in_subnet(ip("198.202.88.1"), ip("198.202.88.50"), 24));
  CHECK_FALSE(in_subnet(ip("198.202.89.1"), ip("198.202.88.50"), 24));
  CHECK_FALSE(in_subnet(ip("::ffff:10.1.1.1"), ip("10.1.1.1"), 16));  // families differ
  CHECK(in_subnet(ip("fd00::1"), ip("fd00::ffff"), 64));
}

TEST_CASE("normalize_mac accepts the usual spellings", "[address]") {
  CHECK(normalize_mac("7A-77-6E-40-00-0A") == "7a:77:6e:40:00:0a");
  CHECK(normalize_mac("7a:77:6e:40:00:0a") == "7a:77:6e:40:00:0a");
  CHECK(normalize_mac("7A:77:6E:40:00:0A") == "7a:77:6e:40:00:0a");
  CHECK(normalize_mac("7a:77:6e:40:0:a") == "7a:77:6e:40:00:0a");
  CHECK(normalize_mac("7a77.6e40.000a") == "7a:77:6e:40:00:0a");
  CHECK(normalize_mac("7A776E40000A") == "7a:77:6e:40:00:0a");
  const std::string ipoib = "80:00:02:08:fe:80:00:00:00:00:00:00:00:02:c9:03:00:0a:0b:0c";
  CHECK(normalize_mac(ipoib) == ipoib);
}

TEST_CASE("normalize_mac rejects malformed MACs", "[address]") {
  for (const char* bad : {"", "7a:77:6e:40:00", "7a:77:6e:40:00:0a:0b", "7a:77:6e:40:00:0g", "7a-77:6e-40:00:0a",
                          "7a:77:6e:40:00:", ":7a:77:6e:40:00:0a", "7a:77:6e:40:000:0a", "7a77.6e40.00a",
                          "7a776e40000", " 7a:77:6e:40:00:0a", "7a:77:6e:40:00:0a "}) {
    INFO(bad);
    CHECK_FALSE(normalize_mac(bad));
  }
}

TEST_CASE("IPv4 text matches inet_ntop for every octet value") {
  for (unsigned v = 0; v < 256; ++v) {
    IpAddress a;
    a.bytes[0] = static_cast<std::uint8_t>(v);
    a.bytes[1] = static_cast<std::uint8_t>(255 - v);
    a.bytes[2] = static_cast<std::uint8_t>(v / 10);
    a.bytes[3] = static_cast<std::uint8_t>(v % 100);
    char buf[INET_ADDRSTRLEN] = {};
    REQUIRE(inet_ntop(AF_INET, a.bytes.data(), buf, sizeof buf) != nullptr);
    CHECK(a.str() == buf);
  }
}
