// /etc/hosts: the cluster table (pragma.md checklist 18) merged into the
// admin's file as one managed block.
#include <algorithm>
#include <deque>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "agent/text.h"
#include "distro/identity.h"

namespace vc::distro {
namespace {

constexpr std::string_view kBegin = "# BEGIN vc-agent managed block";
constexpr std::string_view kBeginLine =
    "# BEGIN vc-agent managed block: edits inside are replaced on every run\n";
constexpr std::string_view kEnd = "# END vc-agent managed block";
constexpr std::string_view kLocalhost = "127.0.0.1\tlocalhost.localdomain localhost\n";

bool is_blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

std::string_view trim(std::string_view s) {
  while (!s.empty() && is_blank(s.front())) s.remove_prefix(1);
  while (!s.empty() && is_blank(s.back())) s.remove_suffix(1);
  return s;
}

// Fields of a hosts line before any '#' comment.
void fields(std::string_view line, std::vector<std::string_view>& out) {
  out.clear();
  line = line.substr(0, line.find('#'));
  std::size_t i = 0;
  while (i < line.size()) {
    while (i < line.size() && is_blank(line[i])) ++i;
    std::size_t j = i;
    while (j < line.size() && !is_blank(line[j])) ++j;
    if (j > i) out.push_back(line.substr(i, j - i));
    i = j;
  }
}

// One spelling per address, so "2001:0db8:0::5" in the old file matches "2001:db8::5".
std::string canonical_ip(std::string_view text) {
  if (auto ip = netconf::parse_ip(text)) return ip->str();
  return std::string(text);
}

// The line for one NIC; `fqdn` empty for computes.
void append_nic(std::string& out, const Nic& nic, const std::string& name, const std::string& fqdn) {
  out += nic.ip.str();
  out += '\t';
  if (nic.network == "private") {
    out += name;
    out += ".local ";
    out += name;
  } else if (nic.network == "public" && !fqdn.empty()) {
    out += fqdn;
  } else {
    out += name;
    out += '.';
    out += nic.network;
  }
  out += '\n';
}

bool has_upper(std::string_view s) {
  return std::any_of(s.begin(), s.end(), [](char c) { return c >= 'A' && c <= 'Z'; });
}

std::string lower(std::string_view s) {
  std::string out(s);
  for (auto& c : out)
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
  return out;
}

// Case-folded view of a name: the text itself unless it has capitals, then a
// folded copy kept in `store` (a deque, so earlier views stay valid).
std::string_view folded(std::string_view name, std::deque<std::string>& store) {
  if (!has_upper(name)) return name;
  store.push_back(lower(name));
  return store.back();
}

// An admin line outside the managed block, split once.
struct AdminLine {
  std::string_view text;
  std::vector<std::string_view> fields;  // empty for blank and comment lines
  std::string ip;                        // canonical spelling of fields[0]
};

// The admin lines of `current`: the old managed block, and its BEGIN/END
// markers, are left out. A BEGIN without an END (hand-edited) must not swallow
// the rest of the file, so then only the marker goes.
std::vector<AdminLine> admin_lines(std::string_view text) {
  std::vector<AdminLine> out;
  const bool block_closed = text.find(kEnd) != std::string_view::npos;
  bool in_block = false;
  while (!text.empty()) {
    const std::string_view line = next_line(text);
    auto t = trim(line);
    if (in_block) {
      if (t.starts_with(kEnd)) in_block = false;
      continue;
    }
    if (t.starts_with(kBegin)) {
      in_block = block_closed;
      continue;
    }
    if (t.starts_with(kEnd)) continue;
    AdminLine a;
    a.text = line;
    fields(line, a.fields);
    if (!a.fields.empty()) a.ip = canonical_ip(a.fields[0]);
    out.push_back(std::move(a));
  }
  return out;
}

// The admin's names and addresses that the table also has. Built from the
// admin side (a few lines) and one scan of the table, so a 100 000-node table
// never goes into a hash set. The table's addresses are canonical (hosts_table).
struct Overlap {
  std::deque<std::string> store;
  std::unordered_set<std::string_view> names, ips;

  Overlap(const std::vector<AdminLine>& admin, std::string_view table) {
    std::unordered_set<std::string_view> want_names, want_ips;
    for (const auto& a : admin) {
      if (a.fields.empty()) continue;
      want_ips.insert(a.ip);
      for (std::size_t i = 1; i < a.fields.size(); ++i) want_names.insert(folded(a.fields[i], store));
    }
    if (want_names.empty() && want_ips.empty()) return;
    std::vector<std::string_view> f;
    while (!table.empty()) {
      fields(next_line(table), f);
      if (f.empty()) continue;
      if (auto it = want_ips.find(f[0]); it != want_ips.end()) ips.insert(*it);
      for (std::size_t i = 1; i < f.size(); ++i) {
        auto it = has_upper(f[i]) ? want_names.find(lower(f[i])) : want_names.find(f[i]);
        if (it != want_names.end()) names.insert(*it);
      }
    }
  }
  bool has_name(std::string_view name) const {
    return has_upper(name) ? names.count(lower(name)) > 0 : names.count(name) > 0;
  }
};

// `s` is empty or ends with '\n'.
void drop_trailing_blank_lines(std::string& s) {
  while (!s.empty()) {
    const std::size_t end = s.size() - 1;
    const std::size_t prev = end == 0 ? std::string::npos : s.rfind('\n', end - 1);
    const std::size_t start = prev == std::string::npos ? 0 : prev + 1;
    if (!trim(std::string_view(s).substr(start, end - start)).empty()) return;
    s.erase(start);
  }
}

}  // namespace

std::string hosts_table(const Model& m) {
  std::size_t nics = m.nics.size() + 1;
  for (const auto& c : m.computes) nics += c.nics.size();
  std::string out;
  out.reserve(nics * 56);

  const std::string& own_fqdn = m.role == Role::Frontend ? m.fqdn : std::string();
  for (const auto& n : m.nics) append_nic(out, n, m.name, own_fqdn);

  if (m.role == Role::Frontend) {
    const std::string none;
    for (const auto& c : m.computes)
      for (const auto& n : c.nics) append_nic(out, n, c.name, none);
  } else if (m.gateway && (!m.fe_fqdn.empty() || !m.fe_name.empty())) {
    // The compute's gateway is the frontend's private address (vc-out-parser).
    out += m.gateway->str();
    out += '\t';
    if (!m.fe_fqdn.empty()) {
      std::string short_name = m.fe_name.empty() ? m.fe_fqdn.substr(0, m.fe_fqdn.find('.')) : m.fe_name;
      out += m.fe_fqdn;
      if (short_name != m.fe_fqdn) {
        // <fe>.local too: SGE's act_qmaster names the frontend by its private name.
        out += ' ';
        out += short_name;
        out += ".local ";
        out += short_name;
      }
    } else {
      out += m.fe_name;
      out += ".local ";
      out += m.fe_name;
    }
    out += '\n';
  }
  return out;
}

std::string merge_hosts(const std::optional<std::string>& current, const std::string& table,
                        std::vector<std::string>* dropped) {
  const auto admin = current ? admin_lines(*current) : std::vector<AdminLine>{};
  const Overlap managed(admin, table);

  std::string kept;
  // The line as it was, or without the names the table now maps elsewhere
  // (our names must resolve to our addresses only); nothing if none is left.
  const auto keep_unmanaged_names = [&](const AdminLine& a) {
    const auto& f = a.fields;
    std::string rest;
    bool removed = false;
    for (std::size_t i = 1; i < f.size(); ++i) {
      if (managed.has_name(f[i])) {
        removed = true;
        continue;
      }
      rest += ' ';
      rest += f[i];
    }
    if (!removed) {
      kept += a.text;
      kept += '\n';
    } else if (!rest.empty()) {
      kept += f[0];
      kept += '\t';
      kept.append(rest, 1);
      kept += '\n';
    }
    return removed && rest.empty();
  };
  bool have_localhost = false;
  for (const auto& a : admin) {
    const auto& f = a.fields;
    if (f.empty()) {
      kept += a.text;
      kept += '\n';
      continue;
    }
    if (a.ip == "127.0.1.1") continue;  // the Debian/cloud-init self alias breaks SGE (peers.md §4)
    if (a.ip.starts_with("127.") || a.ip == "::1") {
      if (!keep_unmanaged_names(a) && a.ip == "127.0.0.1") have_localhost = true;
      continue;
    }
    if (managed.ips.count(a.ip)) {
      // The address is a cluster node's now: whatever else the line named (the
      // image's old cluster, usually) would take over its reverse lookup.
      bool other_names = false;
      for (std::size_t i = 1; i < f.size() && !other_names; ++i) other_names = !managed.has_name(f[i]);
      if (other_names && dropped) dropped->emplace_back(a.text);
      continue;
    }
    keep_unmanaged_names(a);
  }

  std::string out;
  out.reserve(kept.size() + table.size() + 160);
  if (!have_localhost) out += kLocalhost;
  out += kept;
  // One blank line before the block, whatever the old file ended with, so a
  // second merge of this output reproduces it byte for byte.
  drop_trailing_blank_lines(out);
  if (!out.empty()) out += '\n';
  out += kBeginLine;
  out += table;
  out += kEnd;
  out += '\n';
  return out;
}

void plan_hosts(const Model& m, const RootView& root, Plan& plan) {
  FileChange c;
  c.path = "/etc/hosts";
  std::vector<std::string> dropped;
  c.content = merge_hosts(root.read("/etc/hosts"), hosts_table(m), &dropped);
  for (const auto& line : dropped)
    plan.warnings.push_back("hosts: removed the line '" + line +
                            "' of /etc/hosts: its address belongs to a cluster node now (the old file is kept "
                            "in the transaction's backup)");
  c.mode = 0644;
  c.reason = "hosts: cluster names with their real addresses, never 127.0.1.1 (checklist 18)";
  plan.files.push_back(std::move(c));
}

}  // namespace vc::distro
