#pragma once
// States shared by the renderer tests: vc-out's typical frontend (three NICs,
// one gateway) and a dual-stack one, built as from_vcout builds them.
#include <catch2/catch.hpp>

#include "netconf/render.h"

namespace vc::netconf::test {


inline IpAddress ip(const char* text) {
  auto v = parse_ip(text);
  REQUIRE(v);
  return *v;
}

// A static subnet; the gateway, if any, rides on it as in cloud-init's model.
inline void add_static(Interface& i, const char* addr, int prefix, const char* gateway = nullptr) {
  Subnet s;
  s.address = Address{ip(addr), prefix};
  if (gateway) s.gateway = ip(gateway);
  i.subnets.push_back(s);
}

inline Interface iface(std::string name, std::string mac, int mtu, const char* addr, int prefix, std::string label) {
  Interface i;
  i.name = std::move(name);
  i.mac = std::move(mac);
  i.mtu = mtu;
  add_static(i, addr, prefix);
  i.label = std::move(label);
  i.unlisted_families_off = true;  // as from_vcout builds them, on an offline root
  i.name_is_guess = true;
  return i;
}

// The typical frontend, in document order (renderers must sort by name).
inline NetworkState fe_state() {
  NetworkState s;
  s.label = "vc-out.xml";
  auto pub = iface("eth1", "52:54:00:ab:cd:ef", 1500, "198.51.100.50", 24, "vc-out <public>");
  pub.subnets[0].gateway = ip("198.51.100.1");
  auto priv = iface("eth0", "52:54:00:12:34:56", 1500, "10.1.1.1", 16, "vc-out <private>");
  priv.default_route = false;
  auto of = iface("eth2", "", 9000, "10.102.0.10", 24, "vc-out <openflow>");
  of.default_route = false;
  s.interfaces = {of, pub, priv};
  s.global_dns = GlobalDns::DefaultRoute;
  s.dns = {ip("8.8.8.8"), ip("1.1.1.1")};
  s.search = {"local"};
  return s;
}

// Dual-stack gateway NIC and a v6-only NIC that must never take the default route.
inline NetworkState v6_state() {
  NetworkState s;
  s.label = "test";
  auto a = iface("eth0", "52:54:00:00:00:0a", 1500, "10.0.0.2", 24, "t eth0");
  a.subnets[0].gateway = ip("10.0.0.1");
  add_static(a, "2001:db8::5", 64, "2001:db8::1");
  add_static(a, "2001:db8::6", 64);
  Interface b;
  b.name = "eth10";
  add_static(b, "2001:db8:1::9", 64);
  b.default_route = false;
  b.label = "t eth10";
  b.unlisted_families_off = true;
  s.interfaces = {b, a};
  s.global_dns = GlobalDns::DefaultRoute;
  s.dns = {ip("2001:4860:4860::8888"), ip("8.8.8.8")};
  s.search = {"local"};
  return s;
}

inline const std::string kHead = "# Written by vc-agent from ";
inline const std::string kTail = "; edits are replaced on the next run\n";


// A static subnet, optionally with its gateway.
inline Subnet static_subnet(const char* addr, int prefix, const char* gateway = nullptr) {
  Subnet s;
  s.address = Address{ip(addr), prefix};
  if (gateway) s.gateway = ip(gateway);
  return s;
}

// The file at `path` rendered from a state labelled "test", without its header comment.
inline std::string body(const std::vector<RenderedFile>& files, const std::string& path) {
  const std::string header = kHead + "test" + kTail;
  for (const auto& f : files) {
    if (f.path != path) continue;
    REQUIRE(f.content.rfind(header, 0) == 0);
    return f.content.substr(header.size());
  }
  FAIL("no file " << path);
  return "";
}

// The content of the one rendered file whose path ends in `suffix`.
inline std::string file_ending(const std::vector<RenderedFile>& files, const std::string& suffix) {
  for (const auto& f : files)
    if (f.path.size() >= suffix.size() && f.path.compare(f.path.size() - suffix.size(), suffix.size(), suffix) == 0)
      return f.content;
  FAIL("no file ending in " << suffix);
  return "";
}

inline bool contains(const std::string& text, const std::string& part) { return text.find(part) != std::string::npos; }

}  // namespace vc::netconf::test
