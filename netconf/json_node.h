#pragma once
// A parsed JSON value with its key path and source line. nlohmann::json keeps
// no positions, so json_line_index() scans the (already validated) text once
// and records the line where each path's key or value starts.
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "netconf/inputs_util.h"

namespace vc::netconf {

// Path ("networks[0].routes[1].netmask", "" for the root) → 1-based line.
std::map<std::string, int> json_line_index(std::string_view text);
// nlohmann's parse_error::byte (1-based offset of the offending byte) → line.
int line_at_byte(std::string_view text, std::size_t byte);

struct JsonDoc {
  std::string file;
  std::map<std::string, int> lines;
};

class JNode {
 public:
  JNode(const nlohmann::json* value, std::string path, const JsonDoc* doc)
      : value_(value), path_(std::move(path)), doc_(doc) {}

  const std::string& path() const { return path_; }
  int line() const;
  Where where() const { return Where{doc_->file, line(), path_}; }

  // null and "" count as absent, as cloud-init prunes falsy values.
  bool defined() const {
    return value_ && !value_->is_null() && !(value_->is_string() && value_->get<std::string>().empty());
  }
  bool has(std::string_view key) const { return (*this)[key].defined(); }
  JNode operator[](std::string_view key) const;
  std::vector<JNode> items() const;                            // array elements; absent: none
  std::vector<std::pair<std::string, JNode>> entries() const;  // object members, by key

  std::string str() const;          // a string (or a number, as its text)
  std::string scalar_text() const;  // string, number or boolean ("1"/"0") as text
  std::optional<std::string> opt_str() const { return defined() ? std::optional(str()) : std::nullopt; }
  long integer(long lo, long hi) const;  // a number or a numeric string
  std::optional<int> opt_int(long lo, long hi) const {
    return defined() ? std::optional(static_cast<int>(integer(lo, hi))) : std::nullopt;
  }
  // One string or an array of strings, each with its node (for its key path and line).
  std::vector<std::pair<std::string, JNode>> str_list() const;

  [[noreturn]] void fail(const std::string& message) const { fail_at(where(), message); }

 private:
  const nlohmann::json* value_;
  std::string path_;
  const JsonDoc* doc_;
};

}  // namespace vc::netconf
