#include "agent/live.h"

#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstring>
#include <string>

#include "agent/error.h"

namespace vc {
namespace {

std::string current_hostname() {
  char buf[HOST_NAME_MAX + 1] = {};
  if (::gethostname(buf, sizeof buf - 1) != 0) return {};
  return buf;
}

}  // namespace

std::string describe(const LiveAction& a) {
  switch (a.kind) {
    case LiveAction::Kind::SetHostname: return "sethostname " + (a.args.empty() ? "" : a.args[0]);
  }
  return "unknown action";
}

std::vector<LiveAction> pending_live_actions(const std::vector<LiveAction>& actions) {
  std::vector<LiveAction> out;
  for (const auto& a : actions) {
    if (a.kind == LiveAction::Kind::SetHostname && !a.args.empty() && a.args[0] == current_hostname()) continue;
    out.push_back(a);
  }
  return out;
}

void run_live_actions(const std::vector<LiveAction>& actions) {
  for (const auto& a : actions) {
    switch (a.kind) {
      case LiveAction::Kind::SetHostname: {
        const std::string& name = a.args.at(0);
        if (::sethostname(name.c_str(), name.size()) != 0)
          throw ApplyError("sethostname(" + name + "): " + std::strerror(errno));
        break;
      }
    }
  }
}

}  // namespace vc
