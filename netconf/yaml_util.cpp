#include "netconf/yaml_util.h"

#include <algorithm>
#include <charconv>
#include <set>

#include "agent/error.h"

namespace vc::netconf {
namespace {

int line_of(const YAML::Node& n, int fallback) {
  // A null value ("key:") has no mark of its own: use the key's line.
  if (!n.IsDefined() || n.IsNull()) return fallback;
  const YAML::Mark m = n.Mark();
  return m.line >= 0 ? m.line + 1 : fallback;
}

std::string lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

bool contains(const std::vector<std::string_view>& list, std::string_view s) {
  return std::find(list.begin(), list.end(), s) != list.end();
}

}  // namespace

std::string join_path(const std::string& base, std::string_view key) {
  if (base.empty()) return std::string(key);
  return base + "." + std::string(key);
}

YAML::Node load_yaml(std::string_view text, const std::string& file) {
  try {
    return YAML::Load(std::string(text));
  } catch (const YAML::Exception& e) {
    throw InputError(file, e.mark.line >= 0 ? e.mark.line + 1 : 0, "", "not valid YAML: " + e.msg);
  }
}

YNode YNode::operator[](std::string_view key) const {
  const std::string path = join_path(path_, key);
  if (node_.IsMap()) {
    for (auto it = node_.begin(); it != node_.end(); ++it) {
      if (it->first.IsScalar() && it->first.Scalar() == key) {
        const int key_line = line_of(it->first, line_);
        return YNode(it->second, path, key_line, doc_);
      }
    }
  }
  return YNode(YAML::Node(YAML::NodeType::Undefined), path, line_, doc_);
}

std::vector<std::pair<std::string, YNode>> YNode::entries() const {
  std::vector<std::pair<std::string, YNode>> out;
  if (!defined()) return out;
  if (!node_.IsMap()) fail("expected a mapping");
  std::set<std::string> seen;
  for (auto it = node_.begin(); it != node_.end(); ++it) {
    const int key_line = line_of(it->first, line_);
    if (!it->first.IsScalar()) throw InputError(doc_->file, key_line, path_, "a key must be a plain string");
    const std::string key = it->first.Scalar();
    YNode child(it->second, join_path(path_, key), key_line, doc_);
    if (!seen.insert(key).second) child.fail("key given twice");
    out.emplace_back(key, std::move(child));
  }
  return out;
}

std::vector<YNode> YNode::items() const {
  std::vector<YNode> out;
  if (!defined()) return out;
  if (!node_.IsSequence()) fail("expected a list");
  std::size_t i = 0;
  for (const auto& item : node_) {
    out.emplace_back(item, path_ + "[" + std::to_string(i++) + "]", line_of(item, line_), doc_);
  }
  return out;
}

void YNode::check_keys(const std::vector<std::string_view>& known, const std::vector<std::string_view>& ignored) const {
  for (const auto& [key, child] : entries()) {
    if (contains(known, key)) continue;
    child.warn(contains(ignored, key) ? "not supported, ignored" : "unknown key, ignored");
  }
}

std::string YNode::str() const {
  if (!defined()) fail("a value is required");
  if (!node_.IsScalar()) fail("expected a single value, not a list or mapping");
  std::string s = node_.Scalar();
  if (s.empty()) fail("a value is required");
  return s;
}

long YNode::integer(long lo, long hi) const {
  const std::string s = str();
  long v = 0;
  const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
  if (ec != std::errc() || end != s.data() + s.size()) fail("'" + s + "' is not an integer");
  if (v < lo || v > hi) {
    fail(std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
  }
  return v;
}

bool YNode::boolean() const {
  const std::string s = lower(str());
  // PyYAML's YAML 1.1 booleans, and cloud-init's util.is_true for quoted "1"/"0".
  if (s == "true" || s == "yes" || s == "on" || s == "1") return true;
  if (s == "false" || s == "no" || s == "off" || s == "0") return false;
  fail("'" + str() + "' is not a boolean (true/false)");
}

std::vector<std::pair<std::string, YNode>> YNode::str_list(bool split_words) const {
  std::vector<std::pair<std::string, YNode>> out;
  if (!defined()) return out;
  if (node_.IsScalar()) {
    const std::string s = str();
    if (!split_words) {
      out.emplace_back(s, *this);
      return out;
    }
    std::size_t i = 0;
    while (i < s.size()) {
      const std::size_t start = s.find_first_not_of(" \t,", i);
      if (start == std::string::npos) break;
      const std::size_t end = s.find_first_of(" \t,", start);
      out.emplace_back(s.substr(start, end == std::string::npos ? std::string::npos : end - start), *this);
      i = end == std::string::npos ? s.size() : end;
    }
    return out;
  }
  for (const auto& item : items()) out.emplace_back(item.str(), item);
  return out;
}

void YNode::fail(const std::string& message) const { throw InputError(doc_->file, line_, path_, message); }

void YNode::warn(const std::string& message) const {
  if (!doc_->warnings) return;
  std::string w = doc_->file.empty() ? std::string("input") : doc_->file;
  if (line_ > 0) w += ":" + std::to_string(line_);
  w += ": " + path_ + ": " + message;
  doc_->warnings->push_back(std::move(w));
}

}  // namespace vc::netconf
