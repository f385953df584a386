#include "agent/unified_diff.h"

#include <dtl/dtl.hpp>

#include <algorithm>
#include <string_view>
#include <vector>

namespace vc {
namespace {

constexpr size_t kContext = 3;

// Lines keep their '\n', so "x" (last line, no newline) differs from "x\n"
// exactly as diff(1) sees it.
std::vector<std::string_view> split_lines(std::string_view text) {
  std::vector<std::string_view> lines;
  size_t i = 0;
  while (i < text.size()) {
    size_t j = text.find('\n', i);
    size_t end = j == std::string_view::npos ? text.size() : j + 1;
    lines.push_back(text.substr(i, end - i));
    i = end;
  }
  return lines;
}

// One edit-script element. ai/bi are the positions in old/new *before* it,
// so an insertion still knows where in the old file it lands.
struct Op {
  char type;  // ' ' common, '-' delete, '+' add
  size_t ai, bi;
};

void emit_line(std::string& out, char prefix, std::string_view line) {
  out += prefix;
  out += line;
  if (line.empty() || line.back() != '\n') out += "\n\\ No newline at end of file\n";
}

std::string range(size_t start0, size_t count) {
  // diff(1): an empty range names the line before it; a count of 1 is implied.
  std::string r = std::to_string(count == 0 ? start0 : start0 + 1);
  if (count != 1) r += "," + std::to_string(count);
  return r;
}

// Emits ops[first, last) as one hunk; within a run of changes, deletions come
// before additions, as diff(1) prints them.
void emit_hunk(std::string& out, const std::vector<Op>& ops, size_t first, size_t last,
               const std::vector<std::string_view>& a, const std::vector<std::string_view>& b) {
  size_t na = 0, nb = 0;
  for (size_t i = first; i < last; ++i) {
    if (ops[i].type != '+') ++na;
    if (ops[i].type != '-') ++nb;
  }
  out += "@@ -" + range(ops[first].ai, na) + " +" + range(ops[first].bi, nb) + " @@\n";
  size_t i = first;
  while (i < last) {
    if (ops[i].type == ' ') {
      emit_line(out, ' ', a[ops[i].ai]);
      ++i;
      continue;
    }
    size_t j = i;
    while (j < last && ops[j].type != ' ') ++j;
    for (size_t k = i; k < j; ++k)
      if (ops[k].type == '-') emit_line(out, '-', a[ops[k].ai]);
    for (size_t k = i; k < j; ++k)
      if (ops[k].type == '+') emit_line(out, '+', b[ops[k].bi]);
    i = j;
  }
}

// Groups changes into hunks the way diff -u does: changes separated by at most
// 2*context common lines share a hunk.
void emit_hunks(std::string& out, const std::vector<Op>& ops, const std::vector<std::string_view>& a,
                const std::vector<std::string_view>& b) {
  size_t i = 0;
  const size_t n = ops.size();
  while (i < n) {
    while (i < n && ops[i].type == ' ') ++i;
    if (i == n) break;
    size_t start = i >= kContext ? i - kContext : 0;
    size_t end = i;  // one past the last change of this hunk
    for (;;) {
      while (end < n && ops[end].type != ' ') ++end;
      size_t gap = end;
      while (gap < n && ops[gap].type == ' ') ++gap;
      if (gap < n && gap - end <= 2 * kContext) {
        end = gap;
        continue;
      }
      break;
    }
    size_t stop = std::min(n, end + kContext);
    emit_hunk(out, ops, start, stop, a, b);
    i = stop;
  }
}

}  // namespace

std::string unified_diff(const std::string& path, const std::optional<std::string>& old_text,
                         const std::optional<std::string>& new_text) {
  if (!old_text && !new_text) return "";
  if (old_text && new_text && *old_text == *new_text) return "";

  std::string rel = path;
  while (!rel.empty() && rel.front() == '/') rel.erase(0, 1);
  std::string out;
  out += old_text ? "--- a/" + rel + "\n" : std::string("--- /dev/null\n");
  out += new_text ? "+++ b/" + rel + "\n" : std::string("+++ /dev/null\n");

  const auto a = split_lines(old_text ? *old_text : std::string_view());
  const auto b = split_lines(new_text ? *new_text : std::string_view());

  std::vector<Op> ops;
  if (a.empty() || b.empty()) {
    // Whole-file add or delete: no edit script to search for. A file created or
    // removed empty gets the headers alone, so a dry run still shows it.
    ops.reserve(a.size() + b.size());
    for (size_t i = 0; i < a.size(); ++i) ops.push_back({'-', i, 0});
    for (size_t j = 0; j < b.size(); ++j) ops.push_back({'+', a.size(), j});
    if (!ops.empty()) emit_hunk(out, ops, 0, ops.size(), a, b);
    return out;
  }

  // Common prefix and suffix never need the LCS search; only their last/first
  // few lines can appear as context.
  size_t pre = 0;
  while (pre < a.size() && pre < b.size() && a[pre] == b[pre]) ++pre;
  size_t suf = 0;
  while (suf < a.size() - pre && suf < b.size() - pre &&
         a[a.size() - 1 - suf] == b[b.size() - 1 - suf])
    ++suf;

  for (size_t i = pre >= kContext ? pre - kContext : 0; i < pre; ++i) ops.push_back({' ', i, i});
  size_t ai = pre, bi = pre;
  const size_t a_end = a.size() - suf, b_end = b.size() - suf;
  if (ai == a_end || bi == b_end) {
    for (; ai < a_end; ++ai) ops.push_back({'-', ai, bi});
    for (; bi < b_end; ++bi) ops.push_back({'+', ai, bi});
  } else {
    std::vector<std::string_view> ma(a.begin() + static_cast<std::ptrdiff_t>(ai),
                                     a.begin() + static_cast<std::ptrdiff_t>(a_end));
    std::vector<std::string_view> mb(b.begin() + static_cast<std::ptrdiff_t>(bi),
                                     b.begin() + static_cast<std::ptrdiff_t>(b_end));
    dtl::Diff<std::string_view, std::vector<std::string_view>> d(ma, mb);
    d.compose();
    for (const auto& e : d.getSes().getSequence()) {
      switch (e.second.type) {
        case dtl::SES_COMMON:
          ops.push_back({' ', ai++, bi++});
          break;
        case dtl::SES_DELETE:
          ops.push_back({'-', ai++, bi});
          break;
        case dtl::SES_ADD:
          ops.push_back({'+', ai, bi++});
          break;
      }
    }
  }
  for (size_t k = 0; k < std::min(suf, kContext); ++k) ops.push_back({' ', ai + k, bi + k});

  emit_hunks(out, ops, a, b);
  return out;
}

}  // namespace vc
