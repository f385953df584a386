// plan_live: pure planning of the live steps (see live_apply.h for the rules).
#include <algorithm>
#include <cctype>
#include <map>
#include <set>
#include <stdexcept>

#include "netconf/live_apply.h"

namespace vc::netconf {
namespace {

constexpr std::size_t kIfNameMax = 15;  // IFNAMSIZ - 1

bool valid_ifname(const std::string& n) {
  if (n.empty() || n.size() > kIfNameMax || n == "." || n == "..") return false;
  return n.find_first_of("/: \t\n") == std::string::npos;
}

// Links live apply may rename and configure: real NICs (no rtnl kind) and veth
// (containers, and our namespace tests). Bonds, bridges and VLANs can carry a
// NIC's MAC too and must never be taken for it.
bool is_nic(const KernelLink& l) { return l.kind.empty() || l.kind == "veth"; }

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

std::string want_mac(const Interface& i) {
  auto n = normalize_mac(i.mac);
  return n ? *n : lower(i.mac);
}

// IPoIB hardware addresses are 20 bytes; inputs often give only the last 8 (the port GUID).
bool mac_matches(const std::string& want, const KernelLink& l) {
  if (l.mac.empty() || want.empty()) return false;
  if (l.mac == want) return true;
  return l.infiniband && want.size() >= 23 && l.mac.size() > want.size() && l.mac.ends_with(":" + want);
}

const char* kind_name(LinkKind k) {
  switch (k) {
    case LinkKind::Bond: return "bond";
    case LinkKind::Bridge: return "bridge";
    case LinkKind::Vlan: return "VLAN";
    case LinkKind::Ethernet: return "ethernet";
    case LinkKind::Infiniband: return "infiniband";
  }
  return "link";
}

const char* subnet_name(SubnetKind k) {
  switch (k) {
    case SubnetKind::Dhcp4: return "dhcp4";
    case SubnetKind::Dhcp6: return "dhcp6";
    case SubnetKind::Slaac: return "slaac";
    case SubnetKind::Dhcp6Stateless: return "dhcp6 (stateless)";
    case SubnetKind::Dhcp6Stateful: return "dhcp6 (stateful)";
    case SubnetKind::Static: return "static";
    case SubnetKind::Manual: return "manual";
  }
  return "subnet";
}

bool dynamic_for(const Interface& i, IpFamily f) {
  return std::any_of(i.subnets.begin(), i.subnets.end(), [&](const Subnet& s) {
    if (f == IpFamily::V4) return s.kind == SubnetKind::Dhcp4;
    return s.kind == SubnetKind::Dhcp6 || s.kind == SubnetKind::Slaac || s.kind == SubnetKind::Dhcp6Stateless ||
           s.kind == SubnetKind::Dhcp6Stateful;
  });
}

bool is_static(const Subnet& s) { return s.kind == SubnetKind::Static && s.control != "manual"; }

// One interface of the state matched to one kernel link.
struct Managed {
  const Interface* iface = nullptr;
  const KernelLink* link = nullptr;
  bool bring_up = false;  // not a member, and some subnet other than manual
  bool configure = false; // addresses and routes: not a member, has a Static subnet
};

std::vector<Managed> match(const NetworkState& state, const KernelView& k, std::vector<std::string>& notes) {
  std::vector<Managed> out;
  std::set<int> claimed_links;
  std::set<std::string> claimed_names;
  for (const auto& i : state.interfaces) {
    if (i.kind != LinkKind::Ethernet && i.kind != LinkKind::Infiniband) {
      notes.push_back(i.name + ": " + kind_name(i.kind) +
                      " is not created live; the network service creates it from its files");
      continue;
    }
    const std::string mac = want_mac(i);
    const std::string who = i.name + (mac.empty() ? "" : " (" + mac + ")");
    std::vector<const KernelLink*> hits;
    for (const auto& l : k.links)
      if (is_nic(l) && (mac.empty() ? l.name == i.name : mac_matches(mac, l))) hits.push_back(&l);
    if (hits.empty()) {
      notes.push_back(who + ": no such NIC in the kernel; not configured live");
      continue;
    }
    if (hits.size() > 1) {
      std::string names;
      for (const auto* h : hits) names += (names.empty() ? "" : ", ") + h->name;
      notes.push_back(who + ": matches several links (" + names + "); not configured live");
      continue;
    }
    if (!claimed_links.insert(hits[0]->ifindex).second || !claimed_names.insert(i.name).second) {
      notes.push_back(who + ": its NIC or its name is already taken by another interface of the input; skipped");
      continue;
    }
    Managed m{&i, hits[0]};
    const bool member = !i.master.empty();
    m.bring_up = !member && std::any_of(i.subnets.begin(), i.subnets.end(), [](const Subnet& s) {
      return s.kind != SubnetKind::Manual && s.control != "manual";
    });
    m.configure = !member && std::any_of(i.subnets.begin(), i.subnets.end(), is_static);
    if (member) notes.push_back(i.name + ": member of " + i.master + "; renamed live only, the rest is left to the network service");
    std::set<std::string> said;
    for (const auto& s : i.subnets)
      if (s.kind != SubnetKind::Static && s.kind != SubnetKind::Manual && said.insert(subnet_name(s.kind)).second)
        notes.push_back(i.name + ": " + subnet_name(s.kind) + " is not done live; left to the network service");
    out.push_back(m);
  }
  return out;
}

class Planner {
 public:
  Planner(const NetworkState& state, const KernelView& k) : state_(state), kernel_(k) {
    for (const auto& l : k.links) name_of_[l.ifindex] = l.name;
  }

  LivePlan run() {
    auto managed = match(state_, kernel_, plan_.notes);
    renames(managed);
    for (const auto& m : managed) link_and_addresses(m);
    for (const auto& m : managed)
      if (m.configure) interface_routes(m);
    global_routes(managed);
    for (const auto& w : wanted_routes_) {
      const bool present = std::find(kernel_.routes.begin(), kernel_.routes.end(), w.route) != kernel_.routes.end();
      if (!present || routes_disturbed_.count({w.ifindex, w.route.to.family})) plan_.steps.push_back(w);
    }
    return std::move(plan_);
  }

 private:
  struct Rename {
    const KernelLink* link;
    std::string target;
  };

  LiveStep step(LiveStep::Op op, const KernelLink& l, std::string why = {}) {
    LiveStep s;
    s.op = op;
    s.ifindex = l.ifindex;
    s.mac = l.mac;
    s.name = name_of_[l.ifindex];
    s.why = std::move(why);
    return s;
  }

  const KernelLink* holder(const std::string& name, int except) const {
    for (const auto& l : kernel_.links)
      if (l.ifindex != except && name_of_.at(l.ifindex) == name) return &l;
    return nullptr;
  }

  void rename(const KernelLink& l, const std::string& to, const std::string& why) {
    if (l.up && downed_.insert(l.ifindex).second) {
      plan_.steps.push_back(step(LiveStep::Op::LinkDown, l, "to rename it"));
      // Down flushes the link's routes, and its IPv6 addresses unless keep_addr_on_down.
      routes_disturbed_.insert({l.ifindex, IpFamily::V4});
      routes_disturbed_.insert({l.ifindex, IpFamily::V6});
      addrs_disturbed_.insert({l.ifindex, IpFamily::V6});
    }
    LiveStep s = step(LiveStep::Op::Rename, l, why);
    s.new_name = to;
    plan_.steps.push_back(s);
    name_of_[l.ifindex] = to;
  }

  std::string temp_name(int ifindex) const {
    for (int n = 0;; ++n) {
      std::string t = "vctmp" + std::to_string(ifindex) + (n ? "_" + std::to_string(n) : "");
      if (!holder(t, 0)) return t;
    }
  }

  void renames(const std::vector<Managed>& managed) {
    std::vector<Rename> pending;
    for (const auto& m : managed) {
      if (m.link->name == m.iface->name) continue;
      if (!valid_ifname(m.iface->name)) {
        plan_.notes.push_back("'" + m.iface->name + "' is not a valid interface name; " + m.link->name + " not renamed");
        continue;
      }
      pending.push_back({m.link, m.iface->name});
    }
    // A target held by a link that stays where it is can never be had; nor can
    // one held by a link whose own rename was just dropped: iterate.
    for (bool dropped = true; dropped;) {
      dropped = false;
      for (auto it = pending.begin(); it != pending.end(); ++it) {
        const KernelLink* h = holder(it->target, it->link->ifindex);
        if (!h || std::any_of(pending.begin(), pending.end(), [&](const Rename& r) { return r.link == h; })) continue;
        plan_.notes.push_back("cannot rename " + it->link->mac + " " + it->link->name + " to " + it->target + ": " +
                              h->name + (h->mac.empty() ? "" : " (" + h->mac + ")") + " has that name and keeps it");
        pending.erase(it);
        dropped = true;
        break;
      }
    }
    // Each pass either renames a link onto a free name or, when every wanted name
    // is held by another moving link (a cycle: eth0 ⇄ eth1), parks one aside.
    const std::size_t bound = 2 * pending.size() + 2;
    for (std::size_t pass = 0; !pending.empty(); ++pass) {
      if (pass > bound) throw std::logic_error("plan_live: renames do not converge");
      bool progressed = false;
      for (auto it = pending.begin(); it != pending.end();) {
        if (holder(it->target, it->link->ifindex)) {
          ++it;
          continue;
        }
        rename(*it->link, it->target, "");
        it = pending.erase(it);
        progressed = true;
      }
      if (progressed) continue;
      const KernelLink& l = *pending.front().link;
      const std::string from = name_of_[l.ifindex];
      rename(l, temp_name(l.ifindex), "to free " + from);
    }
  }

  void link_and_addresses(const Managed& m) {
    const Interface& i = *m.iface;
    const KernelLink& l = *m.link;
    if (i.mtu && *i.mtu != l.mtu) {
      LiveStep s = step(LiveStep::Op::SetMtu, l, "was " + std::to_string(l.mtu));
      s.mtu = *i.mtu;
      plan_.steps.push_back(s);
    }
    if (m.configure) addresses(i, l);
    const bool was_downed = downed_.count(l.ifindex) != 0;
    if ((m.bring_up && (!l.up || was_downed)) || (!m.bring_up && was_downed))
      plan_.steps.push_back(step(LiveStep::Op::LinkUp, l, m.bring_up ? "" : "was up"));
  }

  void addresses(const Interface& i, const KernelLink& l) {
    std::vector<Address> wanted;
    for (const auto& s : i.subnets)
      if (is_static(s) && s.address && std::find(wanted.begin(), wanted.end(), *s.address) == wanted.end())
        wanted.push_back(*s.address);
    for (const auto& a : l.addresses) {
      const Address have{a.ip, a.prefix};
      if (a.link_scope || !a.permanent || dynamic_for(i, a.ip.family)) continue;
      if (std::find(wanted.begin(), wanted.end(), have) != wanted.end()) continue;
      LiveStep s = step(LiveStep::Op::DeleteAddress, l, "not in the input");
      s.address = have;
      plan_.steps.push_back(s);
      // Deleting a primary IPv4 address takes its secondaries along, the last one
      // every route through the link: add and replace ours again.
      addrs_disturbed_.insert({l.ifindex, a.ip.family});
      routes_disturbed_.insert({l.ifindex, a.ip.family});
    }
    for (const auto& w : wanted) {
      const bool present = std::any_of(l.addresses.begin(), l.addresses.end(),
                                       [&](const KernelAddress& a) { return a.ip == w.ip && a.prefix == w.prefix; });
      if (present && !addrs_disturbed_.count({l.ifindex, w.ip.family})) continue;
      LiveStep s = step(LiveStep::Op::AddAddress, l);
      s.address = w;
      plan_.steps.push_back(s);
    }
  }

  void want_route(const KernelLink& l, const Route& r, const std::string& owner) {
    KernelRoute k;
    k.to = network_of(r.to, r.prefix);
    k.prefix = r.prefix;
    k.via = r.via;
    k.ifindex = l.ifindex;
    k.metric = r.metric.value_or(0);
    if (k.to.family == IpFamily::V6 && k.metric == 0) k.metric = kIpv6DefaultMetric;
    k.table = r.table.value_or(kMainRouteTable);
    k.on_link = r.on_link;
    for (const auto& w : wanted_routes_) {
      const KernelRoute& o = w.route;
      if (o.to != k.to || o.prefix != k.prefix || o.table != k.table || o.metric != k.metric) continue;
      if (!(o == k))
        plan_.notes.push_back(owner + ": route " + describe_route(k, name_of_[l.ifindex]) + " not set live: " + w.name +
                              " already has that destination and metric");
      return;
    }
    wanted_routes_.push_back(step_for(l, k));
  }

  LiveStep step_for(const KernelLink& l, const KernelRoute& k) {
    LiveStep s = step(LiveStep::Op::ReplaceRoute, l);
    s.route = k;
    return s;
  }

  void interface_routes(const Managed& m) {
    const Interface& i = *m.iface;
    for (const auto& s : i.subnets) {
      if (!is_static(s)) continue;
      if (s.gateway && i.default_route) {
        Route d;
        d.to = IpAddress{s.gateway->family, {}};
        d.via = s.gateway;
        d.metric = s.metric;
        want_route(*m.link, d, i.name);
      }
      for (const auto& r : s.routes) want_route(*m.link, r, i.name);
    }
    for (const auto& r : i.routes) want_route(*m.link, r, i.name);
  }

  // Global routes (v1 `type: route`) go on the interface whose subnet holds the gateway.
  void global_routes(const std::vector<Managed>& managed) {
    for (const auto& r : state_.routes) {
      const Managed* owner = nullptr;
      for (const auto& m : managed) {
        if (!m.configure || !r.via) continue;
        for (const auto& s : m.iface->subnets)
          if (is_static(s) && s.address && s.address->ip.family == r.via->family &&
              in_subnet(*r.via, s.address->ip, s.address->prefix) && !owner)
            owner = &m;
      }
      const std::string what = r.to.str() + "/" + std::to_string(r.prefix);
      if (!owner) {
        plan_.notes.push_back("route " + what + (r.via ? " via " + r.via->str() : std::string()) +
                              ": no configured interface's subnet holds its gateway; not set live");
        continue;
      }
      want_route(*owner->link, r, owner->iface->name);
    }
  }

  const NetworkState& state_;
  const KernelView& kernel_;
  std::map<int, std::string> name_of_;
  std::set<int> downed_;
  // (link, family) whose addresses or routes an earlier step may have removed:
  // re-added even when the kernel has them now (add and replace are idempotent).
  std::set<std::pair<int, IpFamily>> addrs_disturbed_, routes_disturbed_;
  std::vector<LiveStep> wanted_routes_;
  LivePlan plan_;
};

}  // namespace

LivePlan plan_live(const NetworkState& state, const KernelView& kernel) { return Planner(state, kernel).run(); }

}  // namespace vc::netconf
