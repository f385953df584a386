// /etc/ssh/ssh_known_hosts: every node's host keys, from the input's
// <known_hosts>, so host-based SSH between the nodes (shosts.equiv) and root's
// ssh from one node to another never meet an unknown key. One managed block;
// the admin's lines outside it are kept, as /etc/hosts does.
#include <algorithm>
#include <string_view>

#include "agent/text.h"
#include "distro/ssh_hostkeys.h"

namespace vc::distro {
namespace {

constexpr std::string_view kPath = "/etc/ssh/ssh_known_hosts";
constexpr std::string_view kBegin = "# BEGIN vc-agent managed block";
constexpr std::string_view kBeginLine = "# BEGIN vc-agent managed block: this cluster's host keys, replaced on every run\n";
constexpr std::string_view kEnd = "# END vc-agent managed block";

}  // namespace

std::string known_hosts_block(const std::vector<KnownHost>& hosts) {
  std::string out;
  for (const auto& h : hosts) {
    for (std::size_t i = 0; i < h.names.size(); ++i) (out += i ? "," : "") += h.names[i];
    out += " " + h.key.type + " " + h.key.blob + "\n";
  }
  return out;
}

std::string merge_known_hosts(const std::optional<std::string>& current, const std::string& block) {
  return merge_managed_block(current, kBeginLine, block);
}

std::string merge_managed_block(const std::optional<std::string>& current, std::string_view begin_line,
                                const std::string& block) {
  std::string kept;
  if (current) {
    std::string_view text = *current;
    // A BEGIN without an END (hand-edited) must not swallow the admin's lines.
    const bool closed = text.find(kEnd) != std::string_view::npos;
    bool in_block = false;
    while (!text.empty()) {
      const auto line = next_line(text);
      const auto t = trim(line, " \t\r");
      if (in_block) {
        in_block = !t.starts_with(kEnd);
        continue;
      }
      if (t.starts_with(kBegin)) {
        in_block = closed;
        continue;
      }
      if (t.starts_with(kEnd)) continue;
      (kept += line) += '\n';
    }
  }
  // Exactly one blank line before the block, so a second merge changes no byte.
  while (kept.ends_with("\n\n")) kept.pop_back();
  if (kept == "\n") kept.clear();
  if (!kept.empty()) kept += '\n';
  return kept + std::string(begin_line) + block + std::string(kEnd) + "\n";
}

void plan_known_hosts(const Model& m, const RootView& root, Plan& plan) {
  if (m.known_hosts.empty()) return;
  if (!root.is_dir("/etc/ssh")) {
    plan.warnings.push_back("ssh: no /etc/ssh in the image; the input's <known_hosts> was not written");
    return;
  }
  FileChange f;
  f.path = kPath;
  f.content = merge_known_hosts(root.read(std::string(kPath)), known_hosts_block(m.known_hosts));
  f.mode = 0644;
  f.reason = "ssh: every node's host keys, so host-based SSH between the nodes never meets an unknown key";
  plan.files.push_back(std::move(f));
}

}  // namespace vc::distro
