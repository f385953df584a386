#pragma once
// Unified diff (diff -u style, 3 lines of context) of one file's old and new
// text; nullopt stands for "does not exist". Pure.
#include <optional>
#include <string>

namespace vc {

std::string unified_diff(const std::string& path, const std::optional<std::string>& old_text,
                         const std::optional<std::string>& new_text);

}  // namespace vc
