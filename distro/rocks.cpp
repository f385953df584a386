// Rocks: old values from the image's files, then the frontend or compute table.
#include "distro/rocks.h"

#include <algorithm>

#include "agent/text.h"
#include "distro/rocks_internal.h"
#include "distro/sge.h"

namespace vc::distro {
namespace rocks {
namespace {

std::vector<std::string> fields(std::string_view line) {
  std::vector<std::string> out;
  line = line.substr(0, line.find('#'));
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && (line[i] == ' ' || line[i] == '\t' || line[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < line.size() && line[j] != ' ' && line[j] != '\t' && line[j] != '\r') ++j;
    if (j > i) out.emplace_back(line.substr(i, j - i));
    i = j;
  }
  return out;
}

// The address /etc/hosts gives `name` (dynip read Kickstart_PublicAddress).
std::string hosts_address(const RootView& root, const std::string& name) {
  auto text = root.read("/etc/hosts");
  if (!text || name.empty()) return {};
  std::string_view t = *text;
  while (!t.empty()) {
    auto f = fields(next_line(t));
    if (f.size() > 1 && !f[0].starts_with("127.") && std::find(f.begin() + 1, f.end(), name) != f.end()) return f[0];
  }
  return {};
}

}  // namespace

const NicInfo* Ctx::nic(const std::string& network) const {
  for (const auto& n : nics)
    if (n.network == network) return &n;
  return nullptr;
}

PlannedCommand rocks_cmd(std::vector<std::string> args, std::string step, std::string reason) {
  PlannedCommand c;
  c.argv = {kRocks};
  c.argv.insert(c.argv.end(), args.begin(), args.end());
  c.step = std::move(step);
  c.reason = std::move(reason);
  // Re-running after a partial failure must not stop at what is already done:
  // an add finds its record ("host \"x\" already exists", "network \"x\" exists"),
  // a remove or a rename (`set host name OLD NEW`) finds its old record gone.
  // Any other failed set, sync or report has not done its work, whatever its
  // message says ("host not found" means the change was lost).
  const auto verb = [&](std::initializer_list<std::string_view> words) {
    return args.size() >= words.size() && std::equal(words.begin(), words.end(), args.begin());
  };
  if (verb({"add"})) c.ok_if_output = {"exists"};
  if (verb({"remove"}) || verb({"set", "host", "name"})) c.ok_if_output = {"not found", "does not exist"};
  return c;
}

PlannedCommand systemctl(std::string verb, std::string unit, std::string step, std::string reason) {
  PlannedCommand c;
  c.argv = {"systemctl", std::move(verb), std::move(unit)};
  c.step = std::move(step);
  c.reason = std::move(reason);
  return c;
}

std::optional<std::string> replace_lines(const std::string& text, const std::string& key, const std::string& line) {
  std::string out;
  bool hit = false;
  std::string_view t = text;
  while (!t.empty()) {
    auto nl = t.find('\n');
    auto l = t.substr(0, nl);
    t = nl == std::string_view::npos ? std::string_view{} : t.substr(nl + 1);
    auto s = l.find_first_not_of(" \t");
    if (s != std::string_view::npos && l.substr(s).starts_with(key)) {
      out += line;
      hit = true;
    } else {
      out += l;
    }
    if (nl != std::string_view::npos) out += '\n';
  }
  if (!hit) return std::nullopt;
  return out;
}

NicInfo nic_info(const Nic& n, const std::string& iface) {
  NicInfo i;
  i.network = n.network;
  i.iface = iface;
  i.ip = n.ip.str();
  i.netmask = netconf::prefix_to_netmask(n.prefix);
  i.subnet = netconf::network_of(n.ip, n.prefix).str();
  i.broadcast = netconf::broadcast_of(n.ip, n.prefix).str();
  i.mac = n.mac;
  i.mtu = n.mtu;
  return i;
}

}  // namespace rocks

void plan_rocks(const Model& m, const DistroFacts& f, const netconf::NetworkState& net, const RootView& root,
                Plan& plan) {
  if (f.family != Family::Rocks || !root.exists(rocks::kRocks)) return;
  rocks::Ctx c{m, root, {}, {}, {}, {}, {}, {}};
  // from_vcout keeps the input's NIC order and gives each its kernel name.
  for (std::size_t i = 0; i < m.nics.size(); ++i) {
    std::string iface;
    for (const auto& itf : net.interfaces)
      if (!m.nics[i].mac.empty() && itf.mac == m.nics[i].mac) iface = itf.name;
    if (iface.empty() && i < net.interfaces.size()) iface = net.interfaces[i].name;
    c.nics.push_back(rocks::nic_info(m.nics[i], iface));
  }
  c.old_fqdn = recorded_hostname(root);
  c.old_name = c.old_fqdn.substr(0, c.old_fqdn.find('.'));
  if (auto dot = c.old_fqdn.find('.'); dot != std::string::npos) c.old_domain = c.old_fqdn.substr(dot + 1);
  c.old_public_ip = rocks::hosts_address(root, c.old_fqdn);
  if (auto dot = m.fqdn.find('.'); dot != std::string::npos) c.domain = m.fqdn.substr(dot + 1);
  if (m.role == Role::Frontend) rocks::plan_frontend(c, plan);
  else rocks::plan_compute(c, plan);
}

}  // namespace vc::distro
