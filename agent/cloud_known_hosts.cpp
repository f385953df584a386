// cloud-config write_files: vc-agent writes no arbitrary files (cloud-init's
// job), but it owns /etc/ssh/ssh_known_hosts, which vc-host's NoCloud seeds ship
// there so a cloud-init image gets it too. That one entry becomes the Model's
// known hosts, checked like vc-out.xml's <known_hosts>; the rest are listed as
// ignored.
#include "agent/cloud_known_hosts.h"

#include "agent/error.h"
#include "agent/known_host_names.h"
#include "agent/text.h"
#include "agent/vcout_parser.h"

namespace vc {
namespace {

using netconf::YNode;

constexpr std::string_view kKnownHostsPath = "/etc/ssh/ssh_known_hosts";

// ssh_known_hosts(5) lines: "names keytype base64 [comment]"; blank and # lines skipped.
std::vector<KnownHost> parse_content(const YNode& content) {
  const std::string text = content.str();
  // A block scalar ("|") starts on the line after its key; a one-line string is on it.
  const int first_line = content.line() + (text.find('\n') != std::string::npos ? 1 : 0);
  const std::string& file = content.doc().file;
  std::vector<KnownHost> out;
  KnownHostNames seen;
  std::string_view rest = text;
  for (int i = 0; !rest.empty(); ++i) {
    const std::string_view line = trim(next_line(rest), " \t\r");
    const int lineno = first_line + i;
    const std::string where = content.path() + " line " + std::to_string(i + 1);
    if (line.empty() || line.front() == '#') continue;
    if (line.front() == '@' || line.front() == '|')
      throw InputError(file, lineno, where,
                       "markers (@cert-authority, @revoked) and hashed names are not accepted: give plain "
                       "'names keytype base64' lines");
    const std::size_t sp = line.find_first_of(" \t");
    if (sp == std::string_view::npos)
      throw InputError(file, lineno, where, "expected 'names keytype base64 [comment]'");
    KnownHost h;
    h.line = lineno;
    auto keys = parse_ssh_keys(trim(line.substr(sp), " \t\r"), file, lineno, where);
    if (keys.size() != 1) throw InputError(file, lineno, where, "expected one key after the names");
    h.key = std::move(keys.front());
    if (auto bad = seen.add(line.substr(0, sp), h.key.type, lineno, h.names); !bad.empty())
      throw InputError(file, lineno, where, bad);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace

std::vector<KnownHost> parse_write_files(const netconf::YNode& n, std::vector<std::string>& ignored_paths) {
  std::vector<KnownHost> out;
  bool found = false;
  for (const auto& item : n.items()) {
    if (!item.is_map()) item.fail("a write_files entry is a mapping with path and content");
    const std::string path = item["path"].str();
    if (path != kKnownHostsPath) {
      ignored_paths.push_back(path);
      continue;
    }
    if (found) item["path"].fail("a second entry for " + path + "; give the known hosts once");
    found = true;
    for (const auto& [key, v] : item.entries())
      if (key == "append" && v.boolean())
        v.warn("vc-agent keeps " + path + " as a managed block beside the admin's lines; append is implied");
    if (item.has("encoding")) {
      const std::string enc = item["encoding"].str();
      if (enc != "text/plain")
        item["encoding"].fail("'" + enc + "' content is not decoded by vc-agent; give " + path + " as plain text");
    }
    out = parse_content(item["content"]);
  }
  return out;
}

}  // namespace vc
