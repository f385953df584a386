#include "netconf/live_netlink.h"

#include <linux/if_arp.h>
#include <linux/rtnetlink.h>
#include <linux/if.h>
#include <netlink/addr.h>
#include <netlink/cache.h>
#include <netlink/errno.h>
#include <netlink/netlink.h>
#include <netlink/route/addr.h>
#include <netlink/route/link.h>
#include <netlink/route/nexthop.h>
#include <netlink/route/route.h>
#include <netlink/socket.h>
#include <sys/socket.h>

#include <cstdio>
#include <cstring>

namespace vc::netconf {
namespace {

// libnl objects are reference counted; each wrapper drops our reference.
struct CacheFree {
  void operator()(nl_cache* c) const { nl_cache_free(c); }
};
struct LinkPut {
  void operator()(rtnl_link* l) const { rtnl_link_put(l); }
};
struct AddrPut {
  void operator()(rtnl_addr* a) const { rtnl_addr_put(a); }
};
struct RoutePut {
  void operator()(rtnl_route* r) const { rtnl_route_put(r); }
};
struct NlAddrPut {
  void operator()(nl_addr* a) const { nl_addr_put(a); }
};
using CachePtr = std::unique_ptr<nl_cache, CacheFree>;
using LinkPtr = std::unique_ptr<rtnl_link, LinkPut>;
using AddrPtr = std::unique_ptr<rtnl_addr, AddrPut>;
using RoutePtr = std::unique_ptr<rtnl_route, RoutePut>;
using NlAddrPtr = std::unique_ptr<nl_addr, NlAddrPut>;

[[noreturn]] void fail(const std::string& what, int err) {
  throw NetlinkError(what + ": " + nl_geterror(err));
}

void check(int err, const std::string& what) {
  if (err < 0) fail(what, err);
}

template <class T>
T non_null(T p, const std::string& what) {
  if (!p) throw NetlinkError(what + ": out of memory");
  return p;
}

int af(IpFamily f) { return f == IpFamily::V4 ? AF_INET : AF_INET6; }

std::optional<IpAddress> to_ip(const nl_addr* a) {
  if (!a) return std::nullopt;
  const int family = nl_addr_get_family(a);
  const unsigned len = nl_addr_get_len(a);
  IpAddress ip;
  if (family == AF_INET && len == 4) ip.family = IpFamily::V4;
  else if (family == AF_INET6 && len == 16) ip.family = IpFamily::V6;
  else return std::nullopt;
  std::memcpy(ip.bytes.data(), nl_addr_get_binary_addr(a), len);
  return ip;
}

NlAddrPtr to_nl(const IpAddress& ip, int prefix) {
  const std::size_t len = ip.family == IpFamily::V4 ? 4 : 16;
  NlAddrPtr a(non_null(nl_addr_build(af(ip.family), ip.bytes.data(), len), "nl_addr_build"));
  nl_addr_set_prefixlen(a.get(), prefix);
  return a;
}

std::string hw_text(const nl_addr* a) {
  if (!a || nl_addr_get_len(a) == 0) return {};
  const auto* b = static_cast<const unsigned char*>(nl_addr_get_binary_addr(a));
  std::string out;
  for (unsigned k = 0; k < nl_addr_get_len(a); ++k) {
    char buf[4];
    std::snprintf(buf, sizeof buf, k ? ":%02x" : "%02x", b[k]);
    out += buf;
  }
  return out;
}

std::string if_text(int ifindex) { return "ifindex " + std::to_string(ifindex); }

std::string addr_text(const IpAddress& ip, int prefix) { return ip.str() + "/" + std::to_string(prefix); }

template <class Obj, class Fn>
void each(nl_cache* cache, Fn fn) {
  for (nl_object* o = nl_cache_get_first(cache); o; o = nl_cache_get_next(o)) fn(reinterpret_cast<Obj*>(o));
}

KernelLink link_of(rtnl_link* l) {
  KernelLink k;
  k.ifindex = rtnl_link_get_ifindex(l);
  k.name = rtnl_link_get_name(l) ? rtnl_link_get_name(l) : "";
  k.mac = hw_text(rtnl_link_get_addr(l));
  if (k.mac.find_first_not_of("0:") == std::string::npos) k.mac.clear();
  k.kind = rtnl_link_get_type(l) ? rtnl_link_get_type(l) : "";
  k.up = (rtnl_link_get_flags(l) & IFF_UP) != 0;
  k.mtu = static_cast<int>(rtnl_link_get_mtu(l));
  k.infiniband = rtnl_link_get_arptype(l) == ARPHRD_INFINIBAND;
  return k;
}

std::optional<KernelRoute> route_of(rtnl_route* r) {
  if (rtnl_route_get_type(r) != RTN_UNICAST || rtnl_route_get_nnexthops(r) < 1) return std::nullopt;
  auto to = to_ip(rtnl_route_get_dst(r));
  if (!to) {  // a default route's dst may come without bytes
    const int family = rtnl_route_get_family(r);
    if (family != AF_INET && family != AF_INET6) return std::nullopt;
    to = IpAddress{family == AF_INET ? IpFamily::V4 : IpFamily::V6, {}};
  }
  KernelRoute k;
  k.to = *to;
  k.prefix = rtnl_route_get_dst(r) ? static_cast<int>(nl_addr_get_prefixlen(rtnl_route_get_dst(r))) : 0;
  k.metric = static_cast<int>(rtnl_route_get_priority(r));
  k.table = static_cast<int>(rtnl_route_get_table(r));
  rtnl_nexthop* nh = rtnl_route_nexthop_n(r, 0);
  k.ifindex = rtnl_route_nh_get_ifindex(nh);
  k.via = to_ip(rtnl_route_nh_get_gateway(nh));
  k.on_link = (rtnl_route_nh_get_flags(nh) & RTNH_F_ONLINK) != 0;
  return k;
}

}  // namespace

void Netlink::SockFree::operator()(nl_sock* s) const { nl_socket_free(s); }

Netlink::Netlink() : sock_(nl_socket_alloc()) {
  if (!sock_) throw NetlinkError("netlink: cannot allocate a socket");
  check(nl_connect(sock_.get(), NETLINK_ROUTE), "netlink: connect");
}

Netlink::~Netlink() = default;

std::vector<KernelLink> Netlink::links() {
  nl_cache* raw = nullptr;
  check(rtnl_link_alloc_cache(sock_.get(), AF_UNSPEC, &raw), "netlink: list links");
  CachePtr cache(raw);
  std::vector<KernelLink> out;
  each<rtnl_link>(cache.get(), [&](rtnl_link* l) { out.push_back(link_of(l)); });
  return out;
}

KernelView Netlink::read() {
  KernelView view;
  view.links = links();

  nl_cache* raw = nullptr;
  check(rtnl_addr_alloc_cache(sock_.get(), &raw), "netlink: list addresses");
  CachePtr addrs(raw);
  each<rtnl_addr>(addrs.get(), [&](rtnl_addr* a) {
    auto ip = to_ip(rtnl_addr_get_local(a));
    if (!ip) return;
    for (auto& l : view.links) {
      if (l.ifindex != rtnl_addr_get_ifindex(a)) continue;
      const int scope = rtnl_addr_get_scope(a);
      l.addresses.push_back({*ip, rtnl_addr_get_prefixlen(a), (rtnl_addr_get_flags(a) & IFA_F_PERMANENT) != 0,
                             scope == RT_SCOPE_LINK || scope == RT_SCOPE_HOST});
    }
  });

  raw = nullptr;
  check(rtnl_route_alloc_cache(sock_.get(), AF_UNSPEC, 0, &raw), "netlink: list routes");
  CachePtr routes(raw);
  each<rtnl_route>(routes.get(), [&](rtnl_route* r) {
    if (auto k = route_of(r)) view.routes.push_back(*k);
  });
  return view;
}

namespace {

// Sends RTM_NEWLINK/SETLINK with only the attributes set on `change`.
void change_link(nl_sock* sock, int ifindex, rtnl_link* change, const std::string& what) {
  LinkPtr orig(non_null(rtnl_link_alloc(), what));
  rtnl_link_set_ifindex(orig.get(), ifindex);
  rtnl_link_set_ifindex(change, ifindex);
  check(rtnl_link_change(sock, orig.get(), change, 0), what);
}

}  // namespace

void Netlink::rename(int ifindex, const std::string& name) {
  const std::string what = "netlink: rename " + if_text(ifindex) + " to " + name;
  if (name.empty() || name.size() >= IFNAMSIZ) throw NetlinkError(what + ": invalid interface name");
  LinkPtr change(non_null(rtnl_link_alloc(), what));
  rtnl_link_set_name(change.get(), name.c_str());
  change_link(sock_.get(), ifindex, change.get(), what);
}

void Netlink::set_mtu(int ifindex, int mtu) {
  const std::string what = "netlink: set mtu " + std::to_string(mtu) + " on " + if_text(ifindex);
  LinkPtr change(non_null(rtnl_link_alloc(), what));
  rtnl_link_set_mtu(change.get(), static_cast<unsigned>(mtu));
  change_link(sock_.get(), ifindex, change.get(), what);
}

void Netlink::set_up(int ifindex, bool up) {
  const std::string what = std::string("netlink: set ") + if_text(ifindex) + (up ? " up" : " down");
  LinkPtr change(non_null(rtnl_link_alloc(), what));
  if (up) rtnl_link_set_flags(change.get(), IFF_UP);
  else rtnl_link_unset_flags(change.get(), IFF_UP);
  change_link(sock_.get(), ifindex, change.get(), what);
}

namespace {

AddrPtr make_addr(int ifindex, const IpAddress& ip, int prefix, const std::string& what) {
  AddrPtr a(non_null(rtnl_addr_alloc(), what));
  rtnl_addr_set_ifindex(a.get(), ifindex);
  rtnl_addr_set_family(a.get(), af(ip.family));
  NlAddrPtr local = to_nl(ip, prefix);
  check(rtnl_addr_set_local(a.get(), local.get()), what);
  rtnl_addr_set_prefixlen(a.get(), prefix);
  return a;
}

}  // namespace

void Netlink::add_address(int ifindex, const IpAddress& ip, int prefix) {
  const std::string what = "netlink: add " + addr_text(ip, prefix) + " on " + if_text(ifindex);
  AddrPtr a = make_addr(ifindex, ip, prefix, what);
  // What `ip addr add ... brd +` and every network service set on IPv4.
  if (ip.family == IpFamily::V4 && prefix < 31) {
    NlAddrPtr brd = to_nl(broadcast_of(ip, prefix), 32);
    check(rtnl_addr_set_broadcast(a.get(), brd.get()), what);
  }
  check(rtnl_addr_add(sock_.get(), a.get(), NLM_F_REPLACE), what);
}

void Netlink::delete_address(int ifindex, const IpAddress& ip, int prefix) {
  const std::string what = "netlink: delete " + addr_text(ip, prefix) + " on " + if_text(ifindex);
  AddrPtr a = make_addr(ifindex, ip, prefix, what);
  const int err = rtnl_addr_delete(sock_.get(), a.get(), 0);
  // Already gone (an earlier link down took IPv6 addresses along) is what we wanted.
  if (err == -NLE_NOADDR || err == -NLE_OBJ_NOTFOUND) return;
  check(err, what);
}

void Netlink::replace_route(const KernelRoute& r) {
  std::string what = "netlink: route " + addr_text(r.to, r.prefix);
  if (r.via) what += " via " + r.via->str();
  if (r.ifindex) what += " on " + if_text(r.ifindex);
  RoutePtr route(non_null(rtnl_route_alloc(), what));
  const int family = af(r.to.family);
  check(rtnl_route_set_family(route.get(), static_cast<uint8_t>(family)), what);
  NlAddrPtr dst = to_nl(network_of(r.to, r.prefix), r.prefix);
  check(rtnl_route_set_dst(route.get(), dst.get()), what);
  rtnl_route_set_table(route.get(), static_cast<uint32_t>(r.table));
  rtnl_route_set_protocol(route.get(), RTPROT_STATIC);
  rtnl_route_set_scope(route.get(), r.via ? RT_SCOPE_UNIVERSE : RT_SCOPE_LINK);
  check(rtnl_route_set_type(route.get(), RTN_UNICAST), what);
  rtnl_route_set_priority(route.get(), static_cast<uint32_t>(r.metric));

  NlAddrPtr gw = r.via ? to_nl(*r.via, r.via->bits()) : nullptr;
  // The route takes ownership of the nexthop; nothing below can throw before that.
  rtnl_nexthop* nh = non_null(rtnl_route_nh_alloc(), what);
  if (r.ifindex) rtnl_route_nh_set_ifindex(nh, r.ifindex);
  if (gw) rtnl_route_nh_set_gateway(nh, gw.get());
  if (r.on_link) rtnl_route_nh_set_flags(nh, RTNH_F_ONLINK);
  rtnl_route_add_nexthop(route.get(), nh);
  check(rtnl_route_add(sock_.get(), route.get(), NLM_F_REPLACE), what);
}

}  // namespace vc::netconf
