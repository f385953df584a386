#pragma once
// A yaml-cpp node that knows its key path and line, so that every error and
// warning the converters raise can say where it is. Scalars are read with
// YAML 1.1 / PyYAML meaning (yes/no/on/off are booleans), as cloud-init reads them.
#include <yaml-cpp/yaml.h>

#include <initializer_list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "netconf/inputs_util.h"

namespace vc::netconf {

struct YamlDoc {
  std::string file;
  std::vector<std::string>* warnings = nullptr;
};

// Parses YAML text; a syntax error becomes an InputError with yaml-cpp's line.
YAML::Node load_yaml(std::string_view text, const std::string& file);

class YNode {
 public:
  YNode(YAML::Node node, std::string path, int line, const YamlDoc* doc)
      : node_(std::move(node)), path_(std::move(path)), line_(line), doc_(doc) {}
  // The document's top mapping (or the one under `network:`), at its own line.
  static YNode top(const YAML::Node& node, const std::string& path, const YamlDoc* doc) {
    const int line = node.IsDefined() && !node.IsNull() && node.Mark().line >= 0 ? node.Mark().line + 1 : 1;
    return YNode(node, path, line, doc);
  }

  const YAML::Node& raw() const { return node_; }
  const std::string& path() const { return path_; }
  int line() const { return line_; }  // 1-based; the key's line for a map value
  const YamlDoc& doc() const { return *doc_; }
  Where where() const { return Where{doc_->file, line_, path_}; }

  bool defined() const { return node_.IsDefined() && !node_.IsNull(); }
  bool is_map() const { return node_.IsMap(); }
  bool is_seq() const { return node_.IsSequence(); }
  bool is_scalar() const { return node_.IsScalar(); }

  // Map member (undefined node with this node's line when absent).
  YNode operator[](std::string_view key) const;
  bool has(std::string_view key) const { return (*this)[key].defined(); }
  // Map entries in document order; a key given twice is an error.
  std::vector<std::pair<std::string, YNode>> entries() const;
  // Sequence items; an absent node gives none. Anything else is an error.
  std::vector<YNode> items() const;

  // Warns about each key not in `known` (and not in `ignored`, which are valid
  // for cloud-init but have no meaning here: warned as "not supported, ignored").
  void check_keys(const std::vector<std::string_view>& known, const std::vector<std::string_view>& ignored = {}) const;

  std::string str() const;  // a non-empty scalar
  long integer(long lo, long hi) const;
  bool boolean() const;
  std::optional<std::string> opt_str() const { return defined() ? std::optional(str()) : std::nullopt; }
  std::optional<int> opt_int(long lo, long hi) const {
    return defined() ? std::optional(static_cast<int>(integer(lo, hi))) : std::nullopt;
  }
  std::optional<bool> opt_bool() const { return defined() ? std::optional(boolean()) : std::nullopt; }
  // A list of scalars; cloud-init also takes one scalar, split at blanks when split_words.
  std::vector<std::pair<std::string, YNode>> str_list(bool split_words = false) const;

  [[noreturn]] void fail(const std::string& message) const;
  void warn(const std::string& message) const;

 private:
  YAML::Node node_;
  std::string path_;
  int line_;
  const YamlDoc* doc_;
};

// A key list for check_keys: `base` plus the keys one kind of device adds.
inline std::vector<std::string_view> keys_with(std::vector<std::string_view> base,
                                               std::initializer_list<std::string_view> more) {
  base.insert(base.end(), more.begin(), more.end());
  return base;
}

// Joins a key path: join_path("network", "ethernets") == "network.ethernets".
std::string join_path(const std::string& base, std::string_view key);

}  // namespace vc::netconf
