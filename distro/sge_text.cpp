// SGE's files as text: finding the cell, host_aliases, whole-word renames.
#include <map>
#include <set>

#include "agent/text.h"
#include "agent/vcout_parser.h"
#include "distro/sge.h"
#include "distro/sge_internal.h"

namespace vc::distro {
namespace sge_text {

std::string_view trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '"' || s.front() == '\'')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n' || s.back() == '"' ||
                        s.back() == '\'' || s.back() == ';'))
    s.remove_suffix(1);
  return s;
}

std::vector<std::string> words(std::string_view s) {
  std::vector<std::string> out;
  std::size_t i = 0;
  while (i < s.size()) {
    while (i < s.size() && (s[i] == ' ' || s[i] == '\t' || s[i] == '\n' || s[i] == '\r')) ++i;
    std::size_t j = i;
    while (j < s.size() && s[j] != ' ' && s[j] != '\t' && s[j] != '\n' && s[j] != '\r') ++j;
    if (j > i) out.emplace_back(s.substr(i, j - i));
    i = j;
  }
  return out;
}

// VAR=value from a shell snippet ("export SGE_ROOT=/opt/gridengine", "SGE_CELL=default;").
std::string shell_var(std::string_view text, std::string_view var) {
  while (!text.empty()) {
    auto line = trim(next_line(text));
    if (line.starts_with("export ")) line = trim(line.substr(7));
    if (line.starts_with(var) && line.size() > var.size() && line[var.size()] == '=') {
      auto v = trim(line.substr(var.size() + 1));
      if (!v.empty() && v.find('$') == std::string_view::npos) return std::string(v);
    }
  }
  return {};
}

std::string short_of(std::string_view name) { return std::string(name.substr(0, name.find('.'))); }

bool is_word_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
}


}  // namespace sge_text

using namespace sge_text;

FileChange file_write(std::string path, std::string content, unsigned mode, std::string reason) {
  FileChange f;
  f.path = std::move(path);
  f.content = std::move(content);
  f.mode = mode;
  f.reason = std::move(reason);
  return f;
}

std::string sge_host_name(const std::string& short_name) {
  return short_name.ends_with(".local") ? short_name : short_name + ".local";
}

std::optional<SgeLayout> find_sge(const RootView& root) {
  std::vector<std::pair<SgeLayout, std::string>> candidates;
  for (const auto& name : root.list("/etc/profile.d")) {
    if (!name.starts_with("sge") || !name.ends_with(".sh")) continue;
    auto text = root.read("/etc/profile.d/" + name);
    if (!text) continue;
    SgeLayout l{shell_var(*text, "SGE_ROOT"), shell_var(*text, "SGE_CELL"), {}, "/etc/profile.d/" + name};
    if (!l.root.empty()) candidates.push_back({l, ""});
  }
  if (auto text = root.read("/etc/default/gridengine"))
    candidates.push_back({{shell_var(*text, "SGE_ROOT"), shell_var(*text, "SGE_CELL"), {}, "/etc/default/gridengine"}, ""});
  candidates.push_back({{"/opt/gridengine", "", {}, "/opt/gridengine (Rocks)"}, ""});
  candidates.push_back({{"/var/lib/gridengine", "", {}, "/var/lib/gridengine (Debian)"}, ""});
  for (auto& [l, unused] : candidates) {
    if (l.root.empty()) continue;
    if (l.cell.empty()) l.cell = "default";
    if (!root.exists(l.common() + "/act_qmaster")) continue;
    if (root.exists("/usr/bin/qconf")) {
      l.qconf = "/usr/bin/qconf";
    } else {
      for (const auto& arch : root.list(l.root + "/bin"))
        if (root.exists(l.root + "/bin/" + arch + "/qconf")) {
          l.qconf = l.root + "/bin/" + arch + "/qconf";
          break;
        }
    }
    return l;
  }
  return std::nullopt;
}

std::string merge_host_aliases(const std::optional<std::string>& current, std::vector<SgeAlias> nodes) {
  std::map<std::string, std::size_t> owner;  // every name → the node it now belongs to
  for (std::size_t i = 0; i < nodes.size(); ++i) owner.emplace(nodes[i].name, i);
  for (std::size_t i = 0; i < nodes.size(); ++i)
    for (const auto& a : nodes[i].aliases) owner.emplace(a, i);

  std::vector<std::string> kept;
  const std::string cur = current.value_or("");
  std::string_view text = cur;
  while (!text.empty()) {
    auto line = next_line(text);
    auto w = words(line);
    if (w.empty() || w[0].starts_with("#")) {
      if (!w.empty()) kept.emplace_back(line);
      continue;
    }
    std::optional<std::size_t> into;
    for (const auto& name : w)
      if (auto it = owner.find(name); it != owner.end()) {
        into = it->second;
        break;
      }
    if (!into) {
      kept.emplace_back(line);
      continue;
    }
    for (const auto& name : w) nodes[*into].aliases.push_back(name);
  }

  std::set<std::string> used;
  for (const auto& n : nodes) used.insert(n.name);
  std::string out;
  for (const auto& n : nodes) {
    out += n.name;
    for (const auto& a : n.aliases) {
      if (a.empty() || used.count(a)) continue;
      // A name another node now owns must not be folded into this one.
      if (auto it = owner.find(a); it != owner.end() && nodes[it->second].name != n.name) continue;
      used.insert(a);
      out += ' ' + a;
    }
    out += '\n';
  }
  for (const auto& k : kept) out += k + "\n";
  return out;
}

std::string replace_word(const std::string& text, const std::string& from, const std::string& to) {
  if (from.empty()) return text;
  std::string out;
  std::size_t i = 0;
  while (i < text.size()) {
    auto hit = text.find(from, i);
    if (hit == std::string::npos) break;
    const bool left = hit == 0 || !is_word_char(text[hit - 1]);
    const bool right = hit + from.size() >= text.size() || !is_word_char(text[hit + from.size()]);
    out.append(text, i, hit - i);
    out += left && right ? to : from;
    i = hit + from.size();
  }
  out.append(text, i, std::string::npos);
  return out;
}

std::string recorded_hostname(const RootView& root) {
  std::string name;
  if (auto h = root.read("/etc/hostname")) {
    auto w = words(*h);
    if (!w.empty() && !w[0].starts_with("#")) name = w[0];
  }
  if (name.empty())
    if (auto n = root.read("/etc/sysconfig/network")) name = shell_var(*n, "HOSTNAME");
  // An unnamed image says "localhost(.localdomain)": no old name, and one that
  // must never become an alias of a cluster node.
  return is_loopback_name(name) ? std::string{} : name;
}

}  // namespace vc::distro
