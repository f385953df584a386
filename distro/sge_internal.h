#pragma once
// Text helpers shared by sge.cpp (the table) and sge_text.cpp (files as text).
#include <string>
#include <string_view>
#include <vector>

namespace vc::distro::sge_text {

// Blanks, quotes, a trailing ';' and line ends trimmed (shell assignments, one-line files).
std::string_view trim(std::string_view s);
std::vector<std::string> words(std::string_view s);
// VAR=value from a shell snippet ("export SGE_ROOT=/opt/gridengine", "SGE_CELL=default;").
std::string shell_var(std::string_view text, std::string_view var);
std::string short_of(std::string_view name);
bool is_word_char(char c);

}  // namespace vc::distro::sge_text
