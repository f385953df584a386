#pragma once
// The one network state every input converts into and every renderer reads
// (the shape of cloud-init's NetworkState and netplan's parsed state).
#include <optional>
#include <string>
#include <vector>

#include "netconf/address.h"

namespace vc::netconf {

struct Address {
  IpAddress ip;
  int prefix = 0;
  bool operator==(const Address&) const = default;
};

struct Route {
  IpAddress to;  // network; 0.0.0.0/0 for default
  int prefix = 0;
  IpAddress via;
  std::optional<int> metric;
  bool operator==(const Route&) const = default;
};

struct Interface {
  std::string name;     // the kernel name it must have (target name)
  std::string mac;      // normalised, empty when unknown
  std::optional<int> mtu;
  std::vector<Address> addresses;
  std::optional<IpAddress> gateway4;
  std::optional<IpAddress> gateway6;
  bool default_route = true;  // false: never take the default route (ifcfg DEFROUTE=no)
  bool dhcp4 = false;
  bool dhcp6 = false;
  std::vector<Route> routes;
  std::vector<IpAddress> dns;         // per-interface nameservers
  std::vector<std::string> search;    // per-interface search domains
  std::string label;  // where it came from, for comments: "vc-out <public>"
};

struct NetworkState {
  std::vector<Interface> interfaces;
  std::string label;  // the whole input, for headers of files that cover every interface: "vc-out.xml"
  std::vector<IpAddress> dns;       // global nameservers
  std::vector<std::string> search;  // global search domains
};

// A file a renderer produces: absolute path inside the target root.
struct RenderedFile {
  std::string path;
  std::string content;
  unsigned mode = 0644;
};

}  // namespace vc::netconf
