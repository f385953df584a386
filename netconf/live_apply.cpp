// The live steps' text and their execution through Netlink.
#include "netconf/live_apply.h"

namespace vc::netconf {
namespace {

std::string addr_text(const Address& a) { return a.ip.str() + "/" + std::to_string(a.prefix); }

// Before a rename, make sure the ifindex still is the NIC we planned for: an
// ifindex is only reused after its link is gone, but a hot-unplug can do that.
void check_identity(Netlink& nl, const LiveStep& s) {
  for (const auto& l : nl.links()) {
    if (l.ifindex != s.ifindex) continue;
    if (l.mac != s.mac) throw NetlinkError("ifindex " + std::to_string(s.ifindex) + " now has mac " + l.mac);
    return;
  }
  throw NetlinkError(s.name + " (" + s.mac + ") is gone");
}

}  // namespace

std::string describe_route(const KernelRoute& r, const std::string& dev) {
  std::string t = r.prefix == 0 ? std::string("default") : r.to.str() + "/" + std::to_string(r.prefix);
  if (r.via) t += " via " + r.via->str();
  t += " dev " + dev;
  const int usual = r.to.family == IpFamily::V6 ? kIpv6DefaultMetric : 0;
  if (r.metric != usual) t += " metric " + std::to_string(r.metric);
  if (r.table != kMainRouteTable) t += " table " + std::to_string(r.table);
  if (r.on_link) t += " onlink";
  return t;
}

std::string describe(const LiveStep& s) {
  std::string t;
  switch (s.op) {
    case LiveStep::Op::LinkDown: t = "link down " + s.name + " (" + s.mac + ")"; break;
    case LiveStep::Op::Rename: t = "rename " + s.mac + " " + s.name + " \u2192 " + s.new_name; break;
    case LiveStep::Op::SetMtu: t = "mtu " + std::to_string(s.mtu) + " on " + s.name; break;
    case LiveStep::Op::DeleteAddress: t = "delete " + addr_text(s.address) + " from " + s.name; break;
    case LiveStep::Op::AddAddress: t = "add " + addr_text(s.address) + " on " + s.name; break;
    case LiveStep::Op::LinkUp: t = "link up " + s.name; break;
    case LiveStep::Op::ReplaceRoute: t = "route " + describe_route(s.route, s.name); break;
  }
  if (!s.why.empty()) t += " (" + s.why + ")";
  return t;
}

void run_live_step(Netlink& nl, const LiveStep& s) {
  try {
    switch (s.op) {
      case LiveStep::Op::LinkDown: nl.set_up(s.ifindex, false); break;
      case LiveStep::Op::Rename:
        check_identity(nl, s);
        nl.rename(s.ifindex, s.new_name);
        break;
      case LiveStep::Op::SetMtu: nl.set_mtu(s.ifindex, s.mtu); break;
      case LiveStep::Op::DeleteAddress: nl.delete_address(s.ifindex, s.address.ip, s.address.prefix); break;
      case LiveStep::Op::AddAddress: nl.add_address(s.ifindex, s.address.ip, s.address.prefix); break;
      case LiveStep::Op::LinkUp: nl.set_up(s.ifindex, true); break;
      case LiveStep::Op::ReplaceRoute: nl.replace_route(s.route); break;
    }
  } catch (const NetlinkError& e) {
    throw NetlinkError("live step '" + describe(s) + "' failed: " + e.what());
  }
}

LiveReport apply_live(const NetworkState& state, const LiveOptions& options) {
  Netlink nl;
  LivePlan plan = plan_live(state, nl.read());
  LiveReport report;
  report.notes = std::move(plan.notes);
  for (const auto& s : plan.steps) {
    if (!options.dry_run) {
      try {
        run_live_step(nl, s);
      } catch (const NetlinkError& e) {
        report.error = e.what();
        break;
      }
    }
    report.done.push_back(describe(s));
  }
  return report;
}

}  // namespace vc::netconf
