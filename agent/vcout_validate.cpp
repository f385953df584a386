// Checks that need the whole document: names, duplicates, the gateway.
// Everything here is linear (hash sets), since a frontend file can list
// a hundred thousand nodes.
#include <unordered_map>

#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"

namespace vc {

bool is_valid_label(std::string_view label) {
  if (label.empty() || label.size() > 63) return false;
  if (label.front() == '-' || label.back() == '-') return false;
  for (char c : label) {
    const bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-';
    if (!ok) return false;
  }
  return true;
}

// No trailing dot: these names go into /etc/hostname and hosts files verbatim.
bool is_valid_hostname(std::string_view name) {
  if (name.empty() || name.size() > 253) return false;
  std::size_t pos = 0;
  while (true) {
    const std::size_t dot = std::min(name.find('.', pos), name.size());
    if (!is_valid_label(name.substr(pos, dot - pos))) return false;
    if (dot == name.size()) return true;
    pos = dot + 1;
  }
}

bool is_loopback_name(std::string_view name) {
  std::string first(name.substr(0, name.find('.')));
  for (auto& c : first) c = static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c);
  return first == "localhost" || first == "ip6-localhost" || first == "ip6-loopback";
}

namespace vcout {

namespace {

char fold(char c) { return c >= 'A' && c <= 'Z' ? static_cast<char>(c - 'A' + 'a') : c; }

bool iequal(std::string_view a, std::string_view b) {
  if (a.size() != b.size()) return false;
  for (std::size_t i = 0; i < a.size(); ++i)
    if (fold(a[i]) != fold(b[i])) return false;
  return true;
}

// Host names compare case-insensitively; hashing folded characters avoids a copy per node.
struct NameHash {
  std::size_t operator()(std::string_view s) const {
    std::size_t h = 1469598103934665603ull;
    for (char c : s) h = (h ^ static_cast<unsigned char>(fold(c))) * 1099511628211ull;
    return h;
  }
};
struct NameEq {
  bool operator()(std::string_view a, std::string_view b) const { return iequal(a, b); }
};

struct IpHash {
  std::size_t operator()(const netconf::IpAddress* ip) const {
    std::size_t h = ip->family == netconf::IpFamily::V4 ? 4 : 6;
    for (auto b : ip->bytes) h = (h ^ b) * 1099511628211ull;
    return h;
  }
};
struct IpEq {
  bool operator()(const netconf::IpAddress* a, const netconf::IpAddress* b) const { return *a == *b; }
};

// Which NIC of the Model: node == -1 for the host's own NICs.
struct NicRef {
  int node;
  std::size_t nic;
};

std::string node_where(const ComputeNode& cn) { return "<compute>/<node name=\"" + cn.name + "\">"; }

class Checker {
 public:
  Checker(const Model& m, const Provenance& prov, const Ctx& ctx) : m_(m), prov_(prov), ctx_(ctx) {}

  const Nic& nic(NicRef r) const { return r.node < 0 ? m_.nics[r.nic] : m_.computes[r.node].nics[r.nic]; }

  // Messages are built only when something is wrong.
  std::string where(NicRef r) const {
    const Nic& n = nic(r);
    if (r.node < 0) return prov_.own_prefix + "/<" + n.network + ">";
    const ComputeNode& cn = m_.computes[r.node];
    // A G0 node's NIC is the <node> element itself (same line).
    return n.line == cn.line ? node_where(cn) : node_where(cn) + "/<" + n.network + ">";
  }

  void check_nic(NicRef r) {
    const Nic& n = nic(r);
    warn_edge_address(r, n);
    if (!n.mac.empty()) {
      auto [it, fresh] = macs_.try_emplace(n.mac, r);
      if (!fresh) duplicate("MAC " + n.mac, it->second, r, " attribute mac");
    }
    auto [it, fresh] = ips_.try_emplace(&n.ip, r);
    if (!fresh) duplicate("IP address " + n.ip.str(), it->second, r, " attribute ip");
  }

  void reserve(std::size_t n) {
    macs_.reserve(n);
    ips_.reserve(n);
  }

 private:
  [[noreturn]] void duplicate(const std::string& what, NicRef first, NicRef second, const char* attr) const {
    ctx_.fail(nic(second).line, where(second) + attr,
              what + " is already used by " + where(first) + attr + " on line " + std::to_string(nic(first).line) +
                  "; every NIC needs its own");
  }

  void warn_edge_address(NicRef r, const Nic& n) const {
    // /31 and /32 have no network or broadcast address to collide with.
    if (n.ip.family != netconf::IpFamily::V4 || n.prefix > 30) return;
    const auto net = netconf::network_of(n.ip, n.prefix);
    const char* kind = net == n.ip                                       ? "network"
                       : netconf::broadcast_of(n.ip, n.prefix) == n.ip ? "broadcast"
                                                                         : nullptr;
    if (!kind) return;
    ctx_.warn(n.line, where(r) + ": " + n.ip.str() + " is the " + kind + " address of " + net.str() + "/" +
                          std::to_string(n.prefix) + ", not a host address" +
                          (net == n.ip ? " (the 2013 examples did this by mistake)" : ""));
  }

  const Model& m_;
  const Provenance& prov_;
  const Ctx& ctx_;
  std::unordered_map<std::string_view, NicRef> macs_;
  std::unordered_map<const netconf::IpAddress*, NicRef, IpHash, IpEq> ips_;
};

}  // namespace

void validate_model(const Model& m, const Provenance& prov, const Ctx& ctx) {
  Checker check(m, prov, ctx);
  std::size_t total = m.nics.size();
  for (const auto& cn : m.computes) total += cn.nics.size();
  check.reserve(total);
  for (std::size_t i = 0; i < m.nics.size(); ++i) check.check_nic({-1, i});
  for (std::size_t c = 0; c < m.computes.size(); ++c)
    for (std::size_t i = 0; i < m.computes[c].nics.size(); ++i) check.check_nic({static_cast<int>(c), i});

  if (m.gateway) {
    bool reachable = false;
    for (const auto& nic : m.nics)
      reachable = reachable || netconf::in_subnet(*m.gateway, nic.ip, nic.prefix);
    if (!reachable)
      ctx.fail(prov.gateway_line, prov.gateway_where,
               "route via an unreachable gateway: " + m.gateway->str() +
                   " is not inside the subnet of any of this node's NICs, so no route can reach it");
  }

  const std::string& fe = m.role == Role::Frontend ? m.name : m.fe_name;
  if (m.role == Role::Compute && !fe.empty() && iequal(m.name, fe))
    ctx.fail(prov.name_line, prov.name_where,
             "the compute's name " + m.name + " is the same as the frontend's; every host needs its own name");

  std::unordered_map<std::string_view, int, NameHash, NameEq> names;
  names.reserve(m.computes.size());
  for (const auto& cn : m.computes) {
    if (iequal(cn.name, fe))
      ctx.fail(cn.line, node_where(cn),
               "a compute node is named like the frontend (" + m.name + "); every host needs its own name");
    auto [it, fresh] = names.try_emplace(cn.name, cn.line);
    if (!fresh)
      ctx.fail(cn.line, node_where(cn),
               "the name " + cn.name + " is already used by the <node> on line " + std::to_string(it->second) +
                   "; every compute node needs its own name (names are not case-sensitive)");
  }
}

}  // namespace vcout
}  // namespace vc
