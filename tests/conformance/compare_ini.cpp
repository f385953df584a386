// Comparators for the key=value formats: ifcfg (shell), NM keyfiles (ini) and
// networkd (ini with repeatable sections).
#include <algorithm>
#include <set>

#include "compare.h"
#include "netconf/address.h"

namespace vc::conformance {

namespace {

std::vector<std::string> lines_of(const std::string& text) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while (pos <= text.size()) {
    const auto nl = text.find('\n', pos);
    out.push_back(text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos));
    if (nl == std::string::npos) break;
    pos = nl + 1;
  }
  return out;
}

std::string trim(const std::string& s) {
  const auto b = s.find_first_not_of(" \t\r");
  if (b == std::string::npos) return "";
  return s.substr(b, s.find_last_not_of(" \t\r") - b + 1);
}

std::string canonical_token(const std::string& t) {
  const auto slash = t.find('/');
  const std::string ip = t.substr(0, slash);
  if (auto a = netconf::parse_ip(ip)) return a->str() + (slash == std::string::npos ? "" : t.substr(slash));
  if (auto m = netconf::normalize_mac(t)) return *m;
  return t;
}

// Python's shlex.split(text, comments=True): words, quotes removed.
std::vector<std::string> shell_words(const std::string& text) {
  std::vector<std::string> out;
  std::string cur;
  bool in_word = false;
  for (std::size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (c == '\'' || c == '"') {
      const auto end = text.find(c, i + 1);
      cur += text.substr(i + 1, end == std::string::npos ? std::string::npos : end - i - 1);
      in_word = true;
      i = end == std::string::npos ? text.size() : end;
    } else if (c == '#' && !in_word) {
      const auto nl = text.find('\n', i);
      i = nl == std::string::npos ? text.size() : nl;
    } else if (c == ' ' || c == '\t' || c == '\n') {
      if (in_word) out.push_back(cur);
      cur.clear();
      in_word = false;
    } else {
      cur += c;
      in_word = true;
    }
  }
  if (in_word) out.push_back(cur);
  return out;
}

using Dict = std::map<std::string, std::string>;

void compare_dicts(const std::string& where, const Dict& want, const Dict& got, Verdict& v) {
  for (const auto& [k, val] : want) {
    auto it = got.find(k);
    if (it == got.end())
      v.differ(where + ": missing " + k + "=" + val);
    else if (canonical_value(it->second) != canonical_value(val))
      v.differ(where + ": " + k + "=" + it->second + ", expected " + val);
  }
  for (const auto& [k, val] : got)
    if (!want.count(k)) v.differ(where + ": extra " + k + "=" + val);
}

void compare_names(const Files& expected, const Files& ours, Verdict& v) {
  for (const auto& [name, _] : expected)
    if (!ours.count(name)) v.differ("missing file " + name);
  for (const auto& [name, _] : ours)
    if (!expected.count(name)) v.differ("extra file " + name);
}

// Non-empty lines, whitespace runs collapsed, comments dropped, tokens canonical.
std::vector<std::string> token_lines(const std::string& text) {
  std::vector<std::string> out;
  for (const auto& line : lines_of(text)) {
    const std::string t = trim(line);
    if (t.empty() || t.front() == '#') continue;
    std::string collapsed;
    for (char c : t)
      if (!((c == ' ' || c == '\t') && !collapsed.empty() && collapsed.back() == ' ')) collapsed += c == '\t' ? ' ' : c;
    out.push_back(canonical_value(collapsed));
  }
  return out;
}

struct Section {
  std::string name;
  std::vector<std::string> lines;  // "key=value", canonical
};

std::vector<Section> ini_sections(const std::string& text) {
  std::vector<Section> out;
  for (const auto& raw : lines_of(text)) {
    const std::string line = trim(raw);
    if (line.empty() || line.front() == '#' || line.front() == ';') continue;
    if (line.front() == '[') {
      out.push_back({line, {}});
      continue;
    }
    if (out.empty()) out.push_back({"", {}});
    out.back().lines.push_back(line);
  }
  return out;
}

}  // namespace

std::string canonical_value(const std::string& value) {
  std::string out, tok;
  auto flush = [&] {
    out += canonical_token(tok);
    tok.clear();
  };
  for (char c : value) {
    if (c == ' ' || c == ';' || c == ',' || c == '=' || c == '\t') {
      flush();
      out += c == '\t' ? ' ' : c;
    } else {
      tok += c;
    }
  }
  flush();
  return out;
}

namespace {

// initscripts and NM's ifcfg-rh bind an ifcfg file to the device its DEVICE=
// names, not to its file name: `ifup D` falls back to the ifcfg-* file with
// DEVICE=D (network-functions need_config → get_config_by_device), the
// network service and ifcfg-rh read every ifcfg-* file, and source_config
// takes DEVICE from the file. So a RHEL ifcfg file is keyed by its DEVICE.
// SUSE files have no DEVICE (wicked takes the name from the file) and keep
// theirs; route files keep theirs too.
Files by_device(const Files& files) {
  Files out;
  for (const auto& [name, text] : files) {
    std::string key = name;
    if (name.rfind("ifcfg-", 0) == 0)
      for (const auto& w : shell_words(text))
        if (w.rfind("DEVICE=", 0) == 0 && w.size() > 7) key = "ifcfg-" + w.substr(7);
    out[key] = text;
  }
  return out;
}

}  // namespace

Verdict compare_ifcfg(const Files& expected_files, const Files& our_files) {
  Verdict v;
  const Files expected = by_device(expected_files), ours = by_device(our_files);
  compare_names(expected, ours, v);
  for (const auto& [name, want] : expected) {
    auto it = ours.find(name);
    if (it == ours.end()) continue;
    if (name.rfind("route6-", 0) == 0) {
      auto a = token_lines(want), b = token_lines(it->second);
      if (a != b) v.differ(name + ": routes differ");
      continue;
    }
    auto dict = [](const std::string& text) {
      Dict d;
      for (const auto& w : shell_words(text)) {
        const auto eq = w.find('=');
        if (eq == std::string::npos || eq + 1 == w.size()) continue;
        d[w.substr(0, eq)] = w.substr(eq + 1);
      }
      return d;
    };
    compare_dicts(name, dict(want), dict(it->second), v);
  }
  return v;
}

namespace {

// NM does not care what a keyfile is called: profiles are keyed by their
// connection id ("cloud-init eth0" / "vc-agent eth0" → "eth0").
Files by_connection_id(const Files& files) {
  Files out;
  for (const auto& [name, text] : files) {
    std::string key = name;
    for (const auto& l : lines_of(text))
      if (l.rfind("id=", 0) == 0 && l.find(' ') != std::string::npos) key = trim(l.substr(l.find(' ') + 1));
    out[key] = text;
  }
  return out;
}

}  // namespace

Verdict compare_nm(const Files& expected_files, const Files& our_files) {
  Verdict v;
  const Files expected = by_connection_id(expected_files), ours = by_connection_id(our_files);
  compare_names(expected, ours, v);
  // uuid → interface name, per side, so master=/parent= compare by name.
  auto uuids = [](const Files& files) {
    std::map<std::string, std::string> m;
    for (const auto& [name, text] : files)
      for (const auto& s : ini_sections(text))
        for (const auto& l : s.lines)
          if (s.name == "[connection]" && l.rfind("uuid=", 0) == 0) m[l.substr(5)] = name;
    return m;
  };
  const auto want_ids = uuids(expected), our_ids = uuids(ours);
  auto parse = [](const std::string& text, const std::map<std::string, std::string>& ids) {
    std::map<std::string, Dict> out;
    for (const auto& s : ini_sections(text)) {
      if (s.name == "[user]") continue;  // cloud-init's origin tag: branding
      for (const auto& l : s.lines) {
        const auto eq = l.find('=');
        std::string k = trim(l.substr(0, eq)), val = eq == std::string::npos ? "" : trim(l.substr(eq + 1));
        if (s.name == "[connection]" && (k == "id" || k == "uuid")) continue;
        if (auto it = ids.find(val); it != ids.end() && (k == "master" || k == "parent" || k == "controller"))
          val = "<" + it->second + ">";
        out[s.name][k] = val;
      }
    }
    return out;
  };
  for (const auto& [name, want] : expected) {
    auto it = ours.find(name);
    if (it == ours.end()) continue;
    auto a = parse(want, want_ids), b = parse(it->second, our_ids);
    for (const auto& [sec, d] : a) compare_dicts(name + " " + sec, d, b.count(sec) ? b.at(sec) : Dict{}, v);
    for (const auto& [sec, d] : b)
      if (!a.count(sec)) compare_dicts(name + " " + sec, {}, d, v);
  }
  return v;
}

Verdict compare_networkd(const Files& expected, const Files& ours) {
  Verdict v;
  compare_names(expected, ours, v);
  auto parse = [](const std::string& text) {
    std::multiset<std::string> out;
    for (auto& s : ini_sections(text)) {
      for (auto& l : s.lines) l = canonical_value(l);
      std::sort(s.lines.begin(), s.lines.end());
      std::string flat = s.name;
      for (const auto& l : s.lines) flat += " | " + l;
      out.insert(flat);
    }
    return out;
  };
  for (const auto& [name, want] : expected) {
    auto it = ours.find(name);
    if (it == ours.end()) continue;
    const auto a = parse(want), b = parse(it->second);
    for (const auto& s : a)
      if (b.count(s) < a.count(s)) v.differ(name + ": missing section " + s);
    for (const auto& s : b)
      if (a.count(s) < b.count(s)) v.differ(name + ": extra section " + s);
  }
  return v;
}

}  // namespace vc::conformance
