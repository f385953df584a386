#include "agent/journal.h"

#include <charconv>

namespace vc {
namespace {

constexpr std::string_view kMagic = "vc-agent-manifest 2";
constexpr std::string_view kMagicV1 = "vc-agent-manifest 1";  // no <after> field; still read

const char* kind_name(ManifestEntry::Kind k) {
  switch (k) {
    case ManifestEntry::Kind::File:
      return "file";
    case ManifestEntry::Kind::Symlink:
      return "symlink";
    case ManifestEntry::Kind::Dir:
      return "dir";
    case ManifestEntry::Kind::DirCreated:
      return "dir-created";
    case ManifestEntry::Kind::DirMode:
      return "dir-mode";
  }
  return "?";
}

std::optional<ManifestEntry::Kind> kind_from(std::string_view s) {
  using K = ManifestEntry::Kind;
  for (K k : {K::File, K::Symlink, K::Dir, K::DirCreated, K::DirMode})
    if (s == kind_name(k)) return k;
  return std::nullopt;
}

template <typename T>
bool parse_num(std::string_view s, T& out, int base = 10) {
  if (s.empty()) return false;
  auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), out, base);
  return ec == std::errc() && p == s.data() + s.size();
}

std::string to_hex(std::uint64_t v) {
  char buf[17];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, 16);
  (void)ec;
  return std::string(buf, p);
}

std::string to_oct(unsigned v) {
  char buf[12];
  auto [p, ec] = std::to_chars(buf, buf + sizeof buf, v, 8);
  (void)ec;
  std::string out(1, '0');
  out.append(buf, p);
  return out;
}

std::string format_after(const ManifestEntry& e) {
  if (e.after != ManifestEntry::After::File) return "-";
  return std::to_string(e.after_size) + ":" + to_hex(e.after_hash);
}

bool parse_after(std::string_view s, ManifestEntry& e) {
  if (s == "-") {
    e.after = ManifestEntry::After::Absent;
    return true;
  }
  auto colon = s.find(':');
  if (colon == std::string_view::npos) return false;
  e.after = ManifestEntry::After::File;
  return parse_num(s.substr(0, colon), e.after_size) && parse_num(s.substr(colon + 1), e.after_hash, 16);
}

std::vector<std::string_view> split(std::string_view s, char sep) {
  std::vector<std::string_view> out;
  size_t i = 0;
  for (;;) {
    size_t j = s.find(sep, i);
    if (j == std::string_view::npos) {
      out.push_back(s.substr(i));
      return out;
    }
    out.push_back(s.substr(i, j - i));
    i = j + 1;
  }
}

}  // namespace

std::string escape_path(std::string_view path) {
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : path) {
    switch (c) {
      case '\\':
        out += "\\\\";
        break;
      case '\t':
        out += "\\t";
        break;
      case '\n':
        out += "\\n";
        break;
      case '\r':
        out += "\\r";
        break;
      default:
        if (c < 0x20 || c == 0x7f) {
          out += "\\x";
          out += hex[c >> 4];
          out += hex[c & 15];
        } else {
          out += static_cast<char>(c);
        }
    }
  }
  return out;
}

std::optional<std::string> unescape_path(std::string_view s) {
  std::string out;
  for (size_t i = 0; i < s.size(); ++i) {
    if (s[i] != '\\') {
      out += s[i];
      continue;
    }
    if (++i >= s.size()) return std::nullopt;
    switch (s[i]) {
      case '\\':
        out += '\\';
        break;
      case 't':
        out += '\t';
        break;
      case 'n':
        out += '\n';
        break;
      case 'r':
        out += '\r';
        break;
      case 'x': {
        unsigned v = 0;
        if (i + 2 >= s.size() || !parse_num(s.substr(i + 1, 2), v, 16)) return std::nullopt;
        out += static_cast<char>(v);
        i += 2;
        break;
      }
      default:
        return std::nullopt;
    }
  }
  return out;
}

std::string format_manifest(const Manifest& m) {
  std::string out;
  out += kMagic;
  out += "\ntxid " + m.txid + "\nseq " + std::to_string(m.seq) + "\n";
  for (const auto& e : m.entries) {
    out += kind_name(e.kind);
    out += '\t';
    out += e.existed ? '1' : '0';
    // Appended field by field: `'\t' + temporary` (operator+(char, string&&)) makes
    // GCC 12 at -O3 report a false -Wrestrict overlap in the inlined insert.
    for (const std::string& field : {to_oct(e.mode & 07777), std::to_string(e.uid), std::to_string(e.gid),
                                     std::to_string(e.size), to_hex(e.hash), format_after(e),
                                     escape_path(e.path)}) {
      out += '\t';
      out += field;
    }
    out += '\n';
  }
  out += "end\n";
  return out;
}

std::optional<Manifest> parse_manifest(std::string_view text) {
  auto lines = split(text, '\n');
  // Every line ends in '\n', so the split leaves one empty tail.
  if (lines.size() < 5 || !lines.back().empty()) return std::nullopt;
  lines.pop_back();
  if ((lines[0] != kMagic && lines[0] != kMagicV1) || lines.back() != "end") return std::nullopt;
  const bool v1 = lines[0] == kMagicV1;
  Manifest m;
  if (lines[1].substr(0, 5) != "txid " || lines[1].size() == 5) return std::nullopt;
  m.txid = std::string(lines[1].substr(5));
  if (lines[2].substr(0, 4) != "seq " || !parse_num(lines[2].substr(4), m.seq))
    return std::nullopt;
  for (size_t i = 3; i + 1 < lines.size(); ++i) {
    auto f = split(lines[i], '\t');
    if (f.size() != (v1 ? 8u : 9u)) return std::nullopt;
    ManifestEntry e;
    if (v1) e.after = ManifestEntry::After::Unknown;
    else if (!parse_after(f[7], e)) return std::nullopt;
    auto kind = kind_from(f[0]);
    if (!kind || (f[1] != "0" && f[1] != "1")) return std::nullopt;
    e.kind = *kind;
    e.existed = f[1] == "1";
    if (!parse_num(f[2], e.mode, 8) || !parse_num(f[3], e.uid) || !parse_num(f[4], e.gid) ||
        !parse_num(f[5], e.size) || !parse_num(f[6], e.hash, 16))
      return std::nullopt;
    auto path = unescape_path(f.back());
    if (!path || path->empty()) return std::nullopt;
    e.path = std::move(*path);
    m.entries.push_back(std::move(e));
  }
  return m;
}

std::string backup_relpath(std::string_view in_root_path) {
  std::vector<std::string_view> kept;
  for (auto c : split(in_root_path, '/')) {
    if (c.empty() || c == ".") continue;
    if (c == "..") {
      if (!kept.empty()) kept.pop_back();
      continue;
    }
    kept.push_back(c);
  }
  std::string out;
  for (auto c : kept) {
    if (!out.empty()) out += '/';
    out += c;
  }
  return out;
}

}  // namespace vc
