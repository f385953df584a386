#include "netconf/conflicts.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "netconf/render_util.h"

namespace vc::netconf {
namespace {

bool ends_with(const std::string& s, const std::string& suffix) {
  return s.size() >= suffix.size() && s.compare(s.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return std::tolower(c); });
  return s;
}

bool has_prefix(const std::string& name, const std::vector<std::string>& prefixes) {
  return std::any_of(prefixes.begin(), prefixes.end(), [&](const std::string& p) { return name.rfind(p, 0) == 0; });
}

// Separators of every format we scan: key=value, key: value, YAML lists, quotes.
bool is_separator(char c) { return std::string_view(" \t=:\"',[]{};").find(c) != std::string_view::npos; }

// The first identifier of ours found in `text`, or "" (comments skipped). MACs
// contain ':' so they are matched on the whole line before tokenising.
std::string first_match(const std::string& text, const std::set<std::string>& names,
                        const std::set<std::string>& macs) {
  std::size_t pos = 0;
  while (pos < text.size()) {
    std::size_t nl = text.find('\n', pos);
    std::string line = text.substr(pos, nl == std::string::npos ? std::string::npos : nl - pos);
    pos = nl == std::string::npos ? text.size() : nl + 1;
    if (auto hash = line.find('#'); hash != std::string::npos) line.resize(hash);
    const std::string low = lower(line);
    for (const auto& mac : macs)
      if (low.find(mac) != std::string::npos) return mac;
    std::size_t i = 0;
    while (i < line.size()) {
      while (i < line.size() && is_separator(line[i])) ++i;
      std::size_t j = i;
      while (j < line.size() && !is_separator(line[j])) ++j;
      if (j > i && names.count(line.substr(i, j - i))) return line.substr(i, j - i);
      i = j;
    }
  }
  return {};
}

}  // namespace

std::vector<Conflict> find_conflicts(const std::vector<StackDir>& stack, const NetworkState& state,
                                     const std::vector<RenderedFile>& ours, const RootView& root) {
  std::set<std::string> names, macs, own_paths;
  for (const auto& i : state.interfaces) {
    names.insert(i.name);
    if (!i.mac.empty()) macs.insert(lower(i.mac));
  }
  for (const auto& f : ours) own_paths.insert(f.path);

  std::vector<Conflict> out;
  for (const auto& sd : stack) {
    for (const auto& name : root.list(sd.dir)) {
      const std::string path = sd.dir + "/" + name;
      if (own_paths.count(path) || std::find(sd.keep.begin(), sd.keep.end(), name) != sd.keep.end()) continue;
      bool wanted = name.rfind(sd.prefix, 0) == 0 &&
                    (sd.suffixes.empty() || std::any_of(sd.suffixes.begin(), sd.suffixes.end(),
                                                        [&](const std::string& s) { return ends_with(name, s); }));
      const bool maybe_ours = has_prefix(name, sd.ours);
      // Editor backups and our own temp files are not configuration.
      if ((!wanted && !maybe_ours) || ends_with(name, "~") || ends_with(name, ".vc-agent-tmp") || root.is_dir(path))
        continue;
      auto text = root.read(path);
      if (!text) continue;
      if (maybe_ours && text->starts_with(render::kRenderedHeaderPrefix)) {
        out.push_back({path, "left by an earlier vc-agent run: this input no longer configures it"});
        continue;
      }
      if (!wanted) continue;
      if (auto hit = first_match(*text, names, macs); !hit.empty())
        out.push_back({path, "superseded: it also configures " + hit + " and would fight vc-agent's configuration"});
    }
  }
  return out;
}

}  // namespace vc::netconf
