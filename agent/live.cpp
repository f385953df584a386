#include "agent/live.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <optional>
#include <string>

#include "agent/error.h"
#include "netconf/live_apply.h"
#include "netconf/nic_names.h"

namespace vc {
namespace {

std::string current_hostname() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

std::string network_summary(const netconf::NetworkState& s) {
  std::string names;
  for (const auto& i : s.interfaces) names += (names.empty() ? "" : ", ") + i.name;
  return names.empty() ? std::string("no interfaces") : names;
}

void expand_network(const LiveAction& a, std::vector<LiveAction>& out, std::vector<std::string>* warnings) {
  netconf::LivePlan plan;
  try {
    netconf::Netlink nl;
    plan = netconf::plan_live(*a.network, nl.read());
  } catch (const netconf::NetlinkError& e) {
    throw EnvError(std::string("live network configuration: cannot read the kernel's links: ") + e.what());
  }
  if (warnings)
    for (auto& n : plan.notes) warnings->push_back("live: " + n);
  for (auto& s : plan.steps) {
    LiveAction step;
    step.kind = LiveAction::Kind::NetworkStep;
    step.reason = a.reason;
    step.step = std::make_shared<const netconf::LiveStep>(std::move(s));
    out.push_back(std::move(step));
  }
}

}  // namespace

std::string describe(const LiveAction& a) {
  switch (a.kind) {
    case LiveAction::Kind::SetHostname: return "sethostname " + (a.args.empty() ? "" : a.args[0]);
    case LiveAction::Kind::ConfigureNetwork:
      return "configure network " + (a.network ? network_summary(*a.network) : std::string()) +
             ": steps planned against the kernel's links";
    case LiveAction::Kind::NetworkStep: return a.step ? netconf::describe(*a.step) : "network step";
  }
  return "unknown action";
}

std::vector<LiveAction> pending_live_actions(const std::vector<LiveAction>& actions,
                                             std::vector<std::string>* warnings) {
  std::vector<LiveAction> out;
  for (const auto& a : actions) {
    if (a.kind == LiveAction::Kind::SetHostname && !a.args.empty() && a.args[0] == current_hostname()) continue;
    if (a.kind == LiveAction::Kind::ConfigureNetwork && a.network) {
      expand_network(a, out, warnings);
      continue;
    }
    out.push_back(a);
  }
  return out;
}

void run_live_actions(const std::vector<LiveAction>& actions) {
  std::optional<netconf::Netlink> nl;  // one socket for all network steps
  try {
    for (const auto& a : actions) {
      switch (a.kind) {
        case LiveAction::Kind::SetHostname: {
          const std::string& name = a.args.at(0);
          if (::sethostname(name.c_str(), name.size()) != 0)
            throw ApplyError("sethostname(" + name + "): " + std::strerror(errno));
          break;
        }
        case LiveAction::Kind::ConfigureNetwork: {
          if (!a.network) break;
          auto report = netconf::apply_live(*a.network);
          if (!report.ok()) throw ApplyError(report.error);
          break;
        }
        case LiveAction::Kind::NetworkStep:
          if (!a.step) break;
          if (!nl) nl.emplace();
          netconf::run_live_step(*nl, *a.step);
          break;
      }
    }
  } catch (const netconf::NetlinkError& e) {
    throw ApplyError(e.what());
  }
}

std::vector<std::string> reassert_nic_names(const RootView& root) {
  const auto text = root.read(netconf::kNicNamesPath);
  if (!text) return {};
  netconf::NetworkState names;
  try {
    names = netconf::parse_nic_names(*text);
  } catch (const netconf::NicNamesError& e) {
    throw InputError(root.host_path(netconf::kNicNamesPath), e.line, "", e.what());
  }
  std::vector<std::string> done;
  try {
    netconf::Netlink nl;
    const auto plan = netconf::renames_only(netconf::plan_live(names, nl.read()));
    for (const auto& s : plan.steps) {
      netconf::run_live_step(nl, s);
      done.push_back(netconf::describe(s));
    }
  } catch (const netconf::NetlinkError& e) {
    throw ApplyError(std::string("re-asserting NIC names: ") + e.what());
  }
  return done;
}

}  // namespace vc
