// Distro detection: os-release / redhat-release / rocks-release → family, then
// which network stack and resolver manager the root actually has.
#include <algorithm>
#include <cctype>
#include <map>
#include <string_view>
#include <vector>

#include "agent/error.h"
#include "agent/text.h"
#include "distro/distro.h"

namespace vc::distro {
namespace {

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::string_view trim(std::string_view s) {
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front()))) s.remove_prefix(1);
  while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back()))) s.remove_suffix(1);
  return s;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && std::isspace(static_cast<unsigned char>(s[i]))) ++i;
    std::size_t j = i;
    while (j < s.size() && !std::isspace(static_cast<unsigned char>(s[j]))) ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// os-release(5) is a shell-compatible assignment list: double quotes allow
// \" \\ \$ \` escapes, single quotes none, and unquoted values may be escaped too.
std::string unquote(std::string_view v) {
  std::string out;
  char quote = 0;
  for (std::size_t i = 0; i < v.size(); ++i) {
    char c = v[i];
    if (quote == '\'') {
      if (c == '\'')
        quote = 0;
      else
        out += c;
    } else if (c == '\\' && i + 1 < v.size()) {
      out += v[++i];
    } else if (quote == '"') {
      if (c == '"')
        quote = 0;
      else
        out += c;
    } else if (c == '"' || c == '\'') {
      quote = c;
    } else {
      out += c;
    }
  }
  return out;
}

std::map<std::string, std::string> parse_os_release(std::string_view text) {
  std::map<std::string, std::string> kv;
  while (!text.empty()) {
    auto line = trim(next_line(text));
    if (line.empty() || line.front() == '#') continue;
    auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    kv[std::string(trim(line.substr(0, eq)))] = unquote(trim(line.substr(eq + 1)));
  }
  return kv;
}

// Leading integer of a version ("9.3" → 9, "7.9.2009" → 7); -1 when none.
int major_of(std::string_view version) {
  int v = -1;
  for (char c : version) {
    if (!std::isdigit(static_cast<unsigned char>(c))) break;
    v = (v < 0 ? 0 : v * 10) + (c - '0');
    if (v > 100000) break;
  }
  return v;
}

bool is_el_id(std::string_view id) {
  static constexpr std::string_view kEl[] = {"rhel",      "centos",     "scientific", "ol",
                                             "oracle",    "rocky",      "almalinux",  "circle",
                                             "eurolinux", "cloudlinux", "virtuozzo",  "miraclelinux"};
  return std::find(std::begin(kEl), std::end(kEl), id) != std::end(kEl);
}

bool is_suse_id(std::string_view id) {
  return id == "sles" || id == "sled" || id == "suse" || id.starts_with("opensuse");
}

std::optional<Family> el_by_version(int major) {
  if (major == 7 || (major >= 0 && major < 7)) return Family::EL7;  // EL6 and older: ifcfg too
  if (major == 8) return Family::EL8;
  if (major >= 9) return Family::EL9;
  return std::nullopt;
}

// Family from an os-release ID (+ VERSION_ID); nullopt when the ID is unknown.
std::optional<Family> family_of_id(std::string_view id, std::string_view version) {
  int major = major_of(version);
  if (id == "fedora") return Family::EL9;
  if (id == "amzn") return major == 2 ? Family::EL7 : Family::EL9;
  if (is_el_id(id)) return el_by_version(major).value_or(Family::EL9);
  if (id == "debian") return Family::Debian;
  if (id == "ubuntu") return Family::Ubuntu;
  if (is_suse_id(id)) return Family::SUSE;
  return std::nullopt;
}

std::optional<Family> family_of_id_like(const std::vector<std::string>& like, std::string_view version) {
  auto has = [&](std::string_view w) { return std::find(like.begin(), like.end(), w) != like.end(); };
  for (const auto& w : like)
    if (w.find("suse") != std::string::npos) return Family::SUSE;
  if (has("ubuntu")) return Family::Ubuntu;
  if (has("debian")) return Family::Debian;
  if (has("rhel") || has("centos") || has("fedora")) {
    if (auto f = el_by_version(major_of(version))) return f;
    if (has("fedora")) return Family::EL9;
  }
  return std::nullopt;
}

// "CentOS Linux release 7.9.2009 (Core)" → ("centos", "7.9.2009").
std::pair<std::string, std::string> parse_redhat_release(std::string_view text) {
  auto l = lower(text.substr(0, text.find('\n')));
  static constexpr std::pair<std::string_view, std::string_view> kVendors[] = {
      {"centos", "centos"}, {"scientific", "scientific"}, {"fedora", "fedora"},
      {"rocky", "rocky"},   {"alma", "almalinux"},        {"oracle", "ol"}};
  std::string id = "rhel";
  for (auto [word, vendor_id] : kVendors)
    if (l.find(word) != std::string::npos) {
      id = vendor_id;
      break;
    }
  std::string version;
  auto pos = l.find("release ");
  if (pos != std::string::npos) {
    auto rest = std::string_view(l).substr(pos + 8);
    auto end = rest.find_first_of(" (");
    version = std::string(rest.substr(0, end));
  }
  return {id, version};
}

bool dir_has_entries(const RootView& root, std::string_view dir) {
  for (const auto& n : root.list(dir))
    if (n != ".keep") return true;
  return false;
}

bool has_ifcfg_files(const RootView& root) {
  for (const auto& n : root.list("/etc/sysconfig/network-scripts"))
    if (n.starts_with("ifcfg-") && n != "ifcfg-lo") return true;
  return false;
}

// `forced`: the family came from --distro, so a root without any network stack
// still gets that family's usual renderer instead of networkd.
NetRenderer choose_renderer(Family f, const RootView& root, bool forced, std::string& why) {
  auto pick = [&](const char* reason, NetRenderer r) {
    why += "; ";
    why += reason;
    return r;
  };
  switch (f) {
    case Family::Rocks:
    case Family::EL7:
      return pick("ifcfg (EL7 network-scripts)", NetRenderer::IfcfgRhel);
    case Family::EL8:
      if (has_ifcfg_files(root))
        return pick("/etc/sysconfig/network-scripts has ifcfg files", NetRenderer::IfcfgRhel);
      if (root.exists("/etc/sysconfig/network-scripts/ifup-eth") || root.exists("/etc/rc.d/init.d/network"))
        return pick("network-scripts installed", NetRenderer::IfcfgRhel);
      return pick("no ifcfg files: NetworkManager keyfiles", NetRenderer::NetworkManager);
    case Family::EL9:
      return pick("NetworkManager keyfiles (EL9)", NetRenderer::NetworkManager);
    case Family::SUSE:
      return pick("wicked ifcfg (/etc/sysconfig/network)", NetRenderer::IfcfgSuse);
    case Family::Ubuntu:
      if (root.is_dir("/etc/netplan")) return pick("/etc/netplan", NetRenderer::Netplan);
      if (root.exists("/etc/network/interfaces")) return pick("/etc/network/interfaces", NetRenderer::Eni);
      if (forced) return pick("netplan (Ubuntu default)", NetRenderer::Netplan);
      return pick("no netplan or ifupdown: networkd", NetRenderer::Networkd);
    case Family::Debian:
      if (root.exists("/etc/network/interfaces")) return pick("/etc/network/interfaces", NetRenderer::Eni);
      if (root.is_dir("/etc/netplan")) return pick("/etc/netplan", NetRenderer::Netplan);
      if (root.is_dir("/etc/NetworkManager")) return pick("/etc/NetworkManager", NetRenderer::NetworkManager);
      if (forced) return pick("ifupdown (Debian default)", NetRenderer::Eni);
      return pick("no ifupdown: networkd", NetRenderer::Networkd);
    case Family::GenericSystemd:
      // systemd ships /etc/systemd/network empty; only files in it mean networkd is in use.
      if (root.is_dir("/etc/NetworkManager") && !dir_has_entries(root, "/etc/systemd/network"))
        return pick("/etc/NetworkManager", NetRenderer::NetworkManager);
      return pick("networkd", NetRenderer::Networkd);
  }
  return NetRenderer::Networkd;
}

ResolvMode resolv_mode(const RootView& root) {
  if (!root.is_symlink("/etc/resolv.conf")) return ResolvMode::File;
  auto target = root.readlink("/etc/resolv.conf").value_or("");
  if (target.find("systemd/resolve") != std::string::npos) return ResolvMode::SystemdResolved;
  if (target.find("resolvconf") != std::string::npos) return ResolvMode::Resolvconf;
  return ResolvMode::File;
}

// Facts every path shares once the family is known.
void finish(DistroFacts& f, const RootView& root, bool forced, bool pre_systemd) {
  f.renderer = choose_renderer(f.family, root, forced, f.detected_by);
  f.resolv = resolv_mode(root);
  f.has_sysconfig_network = root.exists("/etc/sysconfig/network") && !root.is_dir("/etc/sysconfig/network");
  f.network_manager = root.is_dir("/etc/NetworkManager") || root.exists("/usr/sbin/NetworkManager");
  // Rocks and EL6-era images set the hostname from sysconfig/network; only a
  // file that is already there is worth keeping in sync.
  bool old_style = pre_systemd || f.family == Family::Rocks;
  f.writes_etc_hostname = !old_style || root.exists("/etc/hostname");
}

std::string root_name(const RootView& root) { return root.is_live_root() ? "/" : root.root(); }

}  // namespace

const char* family_name(Family f) {
  switch (f) {
    case Family::EL7:
      return "el7";
    case Family::EL8:
      return "el8";
    case Family::EL9:
      return "el9";
    case Family::Debian:
      return "debian";
    case Family::Ubuntu:
      return "ubuntu";
    case Family::SUSE:
      return "suse";
    case Family::Rocks:
      return "rocks";
    case Family::GenericSystemd:
      return "systemd";
  }
  return "systemd";
}

const char* renderer_name(NetRenderer r) {
  switch (r) {
    case NetRenderer::IfcfgRhel:
      return "ifcfg";
    case NetRenderer::IfcfgSuse:
      return "ifcfg-suse";
    case NetRenderer::NetworkManager:
      return "nm";
    case NetRenderer::Netplan:
      return "netplan";
    case NetRenderer::Eni:
      return "eni";
    case NetRenderer::Networkd:
      return "networkd";
  }
  return "networkd";
}

std::optional<NetRenderer> renderer_from_name(const std::string& name) {
  for (auto r : {NetRenderer::IfcfgRhel, NetRenderer::IfcfgSuse, NetRenderer::NetworkManager,
                 NetRenderer::Netplan, NetRenderer::Eni, NetRenderer::Networkd})
    if (name == renderer_name(r)) return r;
  return std::nullopt;
}

DistroFacts detect(const RootView& root) {
  DistroFacts f;
  bool pre_systemd = false;
  auto os_release = root.read("/etc/os-release");
  const char* os_path = "/etc/os-release";
  if (!os_release) {
    os_release = root.read("/usr/lib/os-release");
    os_path = "/usr/lib/os-release";
  }
  auto rocks = root.read("/etc/rocks-release");

  if (os_release) {
    auto kv = parse_os_release(*os_release);
    f.id = lower(kv["ID"]);
    f.version_id = kv["VERSION_ID"];
    f.pretty_name = kv["PRETTY_NAME"];
    f.detected_by = std::string(os_path) + " ID=" + f.id + " VERSION_ID=" + f.version_id;
    auto fam = family_of_id(f.id, f.version_id);
    if (!fam) {
      fam = family_of_id_like(words(lower(kv["ID_LIKE"])), f.version_id);
      if (fam) f.detected_by += " ID_LIKE=\"" + kv["ID_LIKE"] + "\"";
    }
    f.family = fam.value_or(Family::GenericSystemd);
  } else if (auto rh = root.read("/etc/redhat-release")) {
    auto [id, version] = parse_redhat_release(*rh);
    f.id = id;
    f.version_id = version;
    f.pretty_name = std::string(trim(std::string_view(*rh).substr(0, rh->find('\n'))));
    f.family = family_of_id(id, version).value_or(Family::EL7);
    pre_systemd = major_of(version) >= 0 && major_of(version) < 7;
    f.detected_by = "/etc/redhat-release \"" + f.pretty_name + "\"";
  } else if (root.is_dir("/usr/lib/systemd") || root.is_dir("/etc/systemd")) {
    f.family = Family::GenericSystemd;
    f.detected_by = "no os-release; systemd present";
  } else if (!rocks) {
    throw EnvError("cannot detect the distribution under " + root_name(root) +
                   ": no /etc/os-release, /usr/lib/os-release or /etc/redhat-release and no "
                   "systemd; use --distro");
  }
  if (rocks) {
    f.family = Family::Rocks;
    auto line = std::string(trim(std::string_view(*rocks).substr(0, rocks->find('\n'))));
    f.detected_by =
        "/etc/rocks-release \"" + line + "\"" + (f.detected_by.empty() ? "" : "; " + f.detected_by);
    if (f.pretty_name.empty()) f.pretty_name = line;
  }
  finish(f, root, false, pre_systemd);
  return f;
}

DistroFacts from_name(const std::string& name, const RootView& root) {
  static const std::map<std::string, Family, std::less<>> kFamilies = {
      {"el7", Family::EL7},       {"el8", Family::EL8},
      {"el9", Family::EL9},       {"debian", Family::Debian},
      {"ubuntu", Family::Ubuntu}, {"suse", Family::SUSE},
      {"rocks", Family::Rocks},   {"systemd", Family::GenericSystemd}};
  // An os-release ID alone does not say which EL release; these are the
  // releases virtual-cluster images are most likely built from.
  static const std::map<std::string, std::string, std::less<>> kDefaultVersion = {
      {"centos", "7"}, {"rhel", "7"},      {"scientific", "7"}, {"ol", "7"},
      {"rocky", "9"},  {"almalinux", "9"}, {"fedora", "40"}};

  auto n = lower(trim(name));
  DistroFacts f;
  f.detected_by = "--distro " + name;
  if (auto it = kFamilies.find(n); it != kFamilies.end()) {
    f.family = it->second;
    f.id = n;
  } else {
    // "rocky8", "centos-7", "ubuntu22.04": an ID with its version.
    std::string id = n, version;
    auto cut = n.find_first_of("0123456789");
    if (cut != std::string::npos && cut > 0) {
      id = n.substr(0, cut);
      if (id.back() == '-' || id.back() == ':') id.pop_back();
      version = n.substr(cut);
    }
    if (version.empty())
      if (auto it = kDefaultVersion.find(id); it != kDefaultVersion.end()) version = it->second;
    auto fam = id.empty() ? std::nullopt : family_of_id(id, version);
    if (!fam)
      throw InputError("", 0, "--distro",
                       "unknown distribution '" + name +
                           "'; expected one of el7, el8, el9, debian, ubuntu, suse, rocks, systemd, "
                           "or an os-release ID (centos, rhel, rocky, almalinux, fedora, "
                           "opensuse-leap, sles, ...), optionally with a version (rocky8)");
    f.family = *fam;
    f.id = id;
    f.version_id = version;
  }
  f.pretty_name = f.id;
  finish(f, root, true, false);
  return f;
}

}  // namespace vc::distro
