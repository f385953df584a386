// root's authorized_keys: append what is missing, never a key twice (the old
// SysV tool added a duplicate line on every boot, pragma.md (d) item 4).
#include <string_view>
#include <unordered_set>

#include "agent/text.h"
#include "distro/identity.h"

namespace vc::distro {
namespace {

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

// Every "a b" pair of adjacent fields: the key's type and blob are adjacent
// wherever options (from="…",no-pty …) put them on the line.
void add_pairs(std::string_view line, std::unordered_set<std::string>& pairs) {
  std::string_view prev;
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_blank(line[j])) ++j;
    if (j == i) break;
    auto field = line.substr(i, j - i);
    if (!prev.empty()) {
      std::string p(prev);
      p += ' ';
      p += field;
      pairs.insert(std::move(p));
    }
    prev = field;
    i = j;
  }
}

}  // namespace

void plan_authorized_keys(const Model& m, const RootView& root, Plan& plan) {
  if (m.ssh_keys.empty()) return;
  plan.dirs.push_back(DirEnsure{"/root/.ssh", 0700, true, "ssh: root's key directory must be 0700 for sshd"});

  auto current = root.read("/root/.ssh/authorized_keys");
  std::unordered_set<std::string> present;
  if (current) {
    std::string_view text = *current;
    while (!text.empty()) {
      auto line = next_line(text);
      auto first = line.find_first_not_of(" \t");
      if (first == std::string_view::npos || line[first] == '#') continue;
      add_pairs(line, present);
    }
  }

  std::string added;
  int count = 0;
  for (const auto& k : m.ssh_keys) {
    // Inserting also keeps a key listed twice in the input from being added twice.
    if (!present.insert(k.type + " " + k.blob).second) continue;
    added += k.line();
    added += '\n';
    ++count;
  }
  // Planned even when every key is there: the transaction drops it unless the
  // mode is wrong, and sshd's StrictModes ignores a group-writable file.
  FileChange c;
  c.path = "/root/.ssh/authorized_keys";
  c.content = current.value_or("");
  if (count > 0) {
    if (!c.content.empty() && c.content.back() != '\n') c.content += '\n';
    c.content += added;
  }
  c.mode = 0600;
  c.enforce_mode = true;
  c.reason = count ? "ssh: " + std::to_string(count) + " key(s) from the input appended; existing lines kept"
                   : std::string("ssh: every input key is present; the file must be 0600");
  plan.files.push_back(std::move(c));
}

}  // namespace vc::distro
