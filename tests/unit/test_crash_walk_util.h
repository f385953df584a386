#pragma once
// Shared by the crash-walk, full-disk and hostile-input tests: which paths two
// snapshots (test_support.h) disagree on, for a failure message that says
// where a tree changed.
#include <map>
#include <string>

namespace vctest {

// " /a /b +/c": changed or gone in `after` (/a, /b), new in it (+/c); "" when equal.
inline std::string diff_keys(const std::map<std::string, std::string>& before,
                             const std::map<std::string, std::string>& after) {
  std::string out;
  for (const auto& [k, v] : before) {
    const auto it = after.find(k);
    if (it == after.end() || it->second != v) out += " " + k;
  }
  for (const auto& [k, v] : after)
    if (!before.count(k)) out += " +" + k;
  return out;
}

}  // namespace vctest
