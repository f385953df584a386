#pragma once
// Small text helpers every reader needs.
#include <string_view>

namespace vc {

// `s` without leading and trailing characters from `chars`. The set is the
// caller's: HTTP's optional whitespace is " \t", a line of a file also drops
// "\r", a sysfs/DMI value also its "\n" and NUL padding.
constexpr std::string_view trim(std::string_view s, std::string_view chars = " \t\r\n") {
  const std::size_t first = s.find_first_not_of(chars);
  if (first == std::string_view::npos) return {};
  return s.substr(first, s.find_last_not_of(chars) - first + 1);
}

// The next line of `rest` without its '\n', consumed from `rest`; the last line
// needs no '\n'. Loop with `while (!rest.empty())`.
constexpr std::string_view next_line(std::string_view& rest) {
  const std::size_t nl = rest.find('\n');
  const std::string_view line = rest.substr(0, nl);
  rest = nl == std::string_view::npos ? std::string_view{} : rest.substr(nl + 1);
  return line;
}

}  // namespace vc
