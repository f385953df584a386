// agent/text.h: the one trim and line splitter the readers share.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "agent/text.h"

using namespace vc;

static_assert(trim("  a b \r\n") == "a b");
static_assert(trim(" \t ").empty());
static_assert(trim("x\r", " \t") == "x\r");

TEST_CASE("trim drops only the caller's characters, from both ends") {
  CHECK(trim("\r\n\tvalue\t\r\n") == "value");
  CHECK(trim(" value \r", " \t\r") == "value");
  CHECK(trim("\nvalue\n", " \t") == "\nvalue\n");
  const std::string_view nul_padded{"KVM\n\0\0", 6};
  CHECK(trim(nul_padded, std::string_view{" \t\r\n\0", 5}) == "KVM");
  CHECK(trim("").empty());
}

namespace {

std::vector<std::string> lines_of(std::string_view text) {
  std::vector<std::string> out;
  while (!text.empty()) out.emplace_back(next_line(text));
  return out;
}

}  // namespace

TEST_CASE("next_line gives every line once, the last one with or without its newline") {
  CHECK(lines_of("").empty());
  CHECK(lines_of("a") == std::vector<std::string>{"a"});
  CHECK(lines_of("a\n") == std::vector<std::string>{"a"});
  CHECK(lines_of("a\n\nb") == std::vector<std::string>{"a", "", "b"});
  CHECK(lines_of("\n") == std::vector<std::string>{""});
  CHECK(lines_of("a\r\nb\r\n") == std::vector<std::string>{"a\r", "b\r"});  // \r is the caller's to trim
  std::string_view rest = "x\ny";
  CHECK(next_line(rest) == "x");
  CHECK(rest == "y");
  CHECK(next_line(rest) == "y");
  CHECK(rest.empty());
}
