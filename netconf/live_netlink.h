#pragma once
// A small RAII wrapper over libnl-route: read the kernel's links, addresses and
// routes, and make the few changes live apply needs. Every change addresses a
// link by ifindex, never by name, so a concurrent udev rename (cloud-init #5075)
// cannot make us touch the wrong NIC. Errors carry libnl's nl_geterror() text.
#include <memory>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "netconf/address.h"

struct nl_sock;

namespace vc::netconf {

class NetlinkError : public std::runtime_error {
 public:
  using std::runtime_error::runtime_error;
};

struct KernelAddress {
  IpAddress ip;
  int prefix = 0;
  bool permanent = true;  // false: has a lifetime (DHCP, RA autoconf): owned by its daemon
  bool link_scope = false;  // fe80::/10, 169.254/16: the kernel's own, never flushed
  bool operator==(const KernelAddress&) const = default;
};

struct KernelLink {
  int ifindex = 0;
  std::string name;
  std::string mac;   // lower-case "aa:bb:..."; empty for links without one (lo has zeros)
  std::string kind;  // rtnl link type: "" for plain NICs, "veth", "bond", "bridge", "vlan"...
  bool up = false;   // IFF_UP (administrative state)
  int mtu = 0;
  bool infiniband = false;  // ARPHRD_INFINIBAND: 20-byte hardware address
  std::vector<KernelAddress> addresses;
};

inline constexpr int kMainRouteTable = 254;     // RT_TABLE_MAIN
inline constexpr int kIpv6DefaultMetric = 1024;  // what the kernel stores for an IPv6 route given metric 0

// One route of the kernel's (first nexthop only: we never create multipath routes).
struct KernelRoute {
  IpAddress to;
  int prefix = 0;
  std::optional<IpAddress> via;
  int ifindex = 0;   // 0: no output interface given
  int metric = 0;    // the kernel's value (IPv6 turns 0 into 1024)
  int table = kMainRouteTable;
  bool on_link = false;
  bool operator==(const KernelRoute&) const = default;
};

struct KernelView {
  std::vector<KernelLink> links;   // ifindex order
  std::vector<KernelRoute> routes; // unicast routes of every table
};

// One NETLINK_ROUTE socket. Reading works unprivileged; changes need CAP_NET_ADMIN.
class Netlink {
 public:
  Netlink();  // throws NetlinkError
  ~Netlink();
  Netlink(const Netlink&) = delete;
  Netlink& operator=(const Netlink&) = delete;

  KernelView read();
  std::vector<KernelLink> links();

  // The kernel refuses to rename a link that is up (EBUSY): callers set it down first.
  void rename(int ifindex, const std::string& name);
  void set_mtu(int ifindex, int mtu);
  void set_up(int ifindex, bool up);
  // NLM_F_REPLACE: adding an address that exists updates it instead of failing.
  void add_address(int ifindex, const IpAddress& ip, int prefix);
  void delete_address(int ifindex, const IpAddress& ip, int prefix);
  // NLM_F_REPLACE on (table, destination, metric): re-running converges.
  void replace_route(const KernelRoute& route);

 private:
  struct SockFree {
    void operator()(nl_sock* s) const;
  };
  std::unique_ptr<nl_sock, SockFree> sock_;
};

}  // namespace vc::netconf
