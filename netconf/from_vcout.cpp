#include "netconf/from_vcout.h"

#include <set>

namespace vc::netconf {

namespace {

// vc-out-parser v1 and dynip R6 fixed these names; other networks follow from eth2.
struct PositionalName {
  const char* network;
  const char* name;
};
constexpr PositionalName kPositional[] = {{"private", "eth0"}, {"public", "eth1"}};
constexpr int kFirstFreeIndex = 2;

// The NIC that takes the gateway when none of the subnets holds it: vc-out-parser's rule.
const char* gateway_network(Role role) { return role == Role::Frontend ? "public" : "private"; }

// "<input file>:<line>: " for a warning about a NIC; the file is the one the
// model was read from (Model::source "vcout:<path>"), as errors name it.
std::string where(const Model& model, const Nic* nic = nullptr) {
  constexpr std::string_view kPrefix = "vcout:";
  std::string file = "vc-out.xml";
  if (model.source.starts_with(kPrefix) && model.source.size() > kPrefix.size())
    file = model.source.substr(kPrefix.size());
  return nic && nic->line > 0 ? file + ":" + std::to_string(nic->line) + ": " : file + ": ";
}

class NameAllocator {
 public:
  void take(const std::string& name) { taken_.insert(name); }
  bool taken(const std::string& name) const { return taken_.count(name) != 0; }

  std::string positional(const std::string& network) {
    for (const auto& p : kPositional) {
      if (network == p.network && !taken(p.name)) {
        take(p.name);
        return p.name;
      }
    }
    for (;; ++next_) {
      std::string name = "eth" + std::to_string(next_);
      if (!taken(name)) {
        take(name);
        return name;
      }
    }
  }

 private:
  std::set<std::string> taken_;
  int next_ = kFirstFreeIndex;
};

void warn(std::vector<std::string>* warnings, std::string text) {
  if (warnings) warnings->push_back(std::move(text));
}

// Every NIC gets its positional name (private → eth0, public → eth1, others
// eth2… in document order): the names Rocks, SGE and the site's scripts know.
// A NIC the kernel has under its MAC is renamed to it; `guessed[k]` marks the
// NICs whose MAC was not seen, so renderers bind them by MAC alone.
std::vector<std::string> assign_names(const Model& model, const LinkTable& links, std::vector<bool>& guessed,
                                      std::vector<std::string>* warnings) {
  guessed.assign(model.nics.size(), true);
  std::vector<std::string> names(model.nics.size());
  NameAllocator alloc;
  // The fixed names first, so an "other" NIC listed before <private> cannot take eth0.
  for (std::size_t k = 0; k < model.nics.size(); ++k)
    for (const auto& p : kPositional)
      if (model.nics[k].network == p.network && !alloc.taken(p.name)) {
        names[k] = p.name;
        alloc.take(p.name);
      }
  for (std::size_t k = 0; k < model.nics.size(); ++k) {
    const Nic& nic = model.nics[k];
    if (names[k].empty()) names[k] = alloc.positional(nic.network);
    const std::string tag = "<" + nic.network + ">";
    if (!links.available) {
      warn(warnings, where(model, &nic) + "offline root: NIC " + tag + " named " + names[k] + " by position");
      continue;
    }
    if (nic.mac.empty()) {
      warn(warnings, where(model, &nic) + tag + " NIC has no mac; configured as " + names[k] + " by position");
      continue;
    }
    const auto normal = normalize_mac(nic.mac);
    if (links.by_mac.count(normal ? *normal : nic.mac)) {
      guessed[k] = false;
    } else {
      warn(warnings, where(model, &nic) + tag + " NIC mac=" + nic.mac +
                         " not found among the kernel's interfaces; configured as " + names[k] +
                         " (matched by MAC at boot)");
    }
  }
  return names;
}

// Index of the NIC that gets the default route, or npos.
std::size_t gateway_nic(const Model& model, std::vector<std::string>* warnings) {
  constexpr auto npos = static_cast<std::size_t>(-1);
  if (model.gateway) {
    for (std::size_t k = 0; k < model.nics.size(); ++k) {
      const Nic& nic = model.nics[k];
      if (nic.ip.family == model.gateway->family && in_subnet(*model.gateway, nic.ip, nic.prefix)) return k;
    }
  }
  const std::string network = gateway_network(model.role);
  for (std::size_t k = 0; k < model.nics.size(); ++k) {
    if (model.nics[k].network != network) continue;
    if (model.gateway)
      warn(warnings, where(model, &model.nics[k]) + "gateway " + model.gateway->str() +
                         " is in no NIC's subnet; put on <" + network + "> as vc-out-parser did");
    return k;
  }
  if (model.gateway)
    warn(warnings, where(model) + "gateway " + model.gateway->str() + " is in no NIC's subnet and there is no <" +
                       network + "> NIC; no default route is configured");
  return npos;
}

}  // namespace

NetworkState from_vcout(const Model& model, const LinkTable& links, std::vector<std::string>* warnings) {
  NetworkState state;
  state.label = "vc-out.xml";
  state.global_dns = GlobalDns::DefaultRoute;
  std::vector<bool> guessed;
  const auto names = assign_names(model, links, guessed, warnings);
  const std::size_t gw = gateway_nic(model, warnings);
  for (std::size_t k = 0; k < model.nics.size(); ++k) {
    const Nic& nic = model.nics[k];
    Interface iface;
    iface.name = names[k];
    iface.mac = nic.mac;
    iface.mtu = nic.mtu;
    Subnet subnet;
    subnet.address = Address{nic.ip, nic.prefix};
    iface.label = "vc-out <" + nic.network + ">";
    iface.unlisted_families_off = true;  // a cluster NIC gets exactly the addresses vc-out lists
    iface.name_is_guess = guessed[k];
    if (k != gw) {
      iface.default_route = false;
    } else if (model.gateway && model.gateway->family == nic.ip.family) {
      subnet.gateway = model.gateway;
    } else if (model.gateway) {
      // A gateway of the other family (the tag rule chose this NIC) has no
      // subnet to belong to: it becomes a plain default route on the NIC.
      const bool v4 = model.gateway->family == IpFamily::V4;
      Route r;
      r.to = *parse_ip(v4 ? "0.0.0.0" : "::");
      r.via = model.gateway;
      iface.routes.push_back(r);
    }
    iface.subnets.push_back(std::move(subnet));
    state.interfaces.push_back(std::move(iface));
  }
  state.dns = model.dns;
  state.search = {"local"};
  return state;
}

}  // namespace vc::netconf
