#include "netconf/json_node.h"

#include <charconv>

namespace vc::netconf {
namespace {

// Walks valid JSON text, noting the line of every value (for an object member:
// the line of its key, which is where an editor shows it).
class LineScanner {
 public:
  explicit LineScanner(std::string_view t) : t_(t) {}

  void value(const std::string& path) {
    skip_ws();
    lines_.emplace(path, line_);
    if (pos_ >= t_.size()) return;
    const char c = t_[pos_];
    if (c == '{') {
      ++pos_;
      while (true) {
        skip_ws();
        if (pos_ >= t_.size() || t_[pos_] == '}') break;
        if (t_[pos_] == ',') {
          ++pos_;
          continue;
        }
        const int key_line = line_;
        const std::string key = string();
        skip_ws();
        if (pos_ < t_.size() && t_[pos_] == ':') ++pos_;
        const std::string child = path.empty() ? key : path + "." + key;
        lines_.emplace(child, key_line);
        value(child);
      }
      ++pos_;
    } else if (c == '[') {
      ++pos_;
      std::size_t i = 0;
      while (true) {
        skip_ws();
        if (pos_ >= t_.size() || t_[pos_] == ']') break;
        if (t_[pos_] == ',') {
          ++pos_;
          continue;
        }
        value(path + "[" + std::to_string(i++) + "]");
      }
      ++pos_;
    } else if (c == '"') {
      string();
    } else {
      while (pos_ < t_.size() && t_[pos_] != ',' && t_[pos_] != '}' && t_[pos_] != ']' && !blank(t_[pos_])) ++pos_;
    }
  }

  std::map<std::string, int> take() { return std::move(lines_); }

 private:
  static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

  void skip_ws() {
    while (pos_ < t_.size() && blank(t_[pos_])) {
      if (t_[pos_] == '\n') ++line_;
      ++pos_;
    }
  }

  // Only the key text matters here, so escapes are kept as written except \" and \\.
  std::string string() {
    std::string out;
    ++pos_;  // opening quote
    while (pos_ < t_.size() && t_[pos_] != '"') {
      if (t_[pos_] == '\\' && pos_ + 1 < t_.size()) ++pos_;
      out += t_[pos_++];
    }
    ++pos_;
    return out;
  }

  std::string_view t_;
  std::size_t pos_ = 0;
  int line_ = 1;
  std::map<std::string, int> lines_;
};

std::string parent_path(const std::string& path) {
  const auto cut = path.find_last_of(".[");
  return cut == std::string::npos ? std::string() : path.substr(0, cut);
}

}  // namespace

std::map<std::string, int> json_line_index(std::string_view text) {
  LineScanner s(text);
  s.value("");
  return s.take();
}

int line_at_byte(std::string_view text, std::size_t byte) {
  const std::size_t end = std::min(byte > 0 ? byte - 1 : 0, text.size());
  int line = 1;
  for (std::size_t i = 0; i < end; ++i) line += text[i] == '\n';
  return line;
}

int JNode::line() const {
  for (std::string p = path_;; p = parent_path(p)) {
    auto it = doc_->lines.find(p);
    if (it != doc_->lines.end()) return it->second;
    if (p.empty()) return 0;
  }
}

JNode JNode::operator[](std::string_view key) const {
  const std::string path = path_.empty() ? std::string(key) : path_ + "." + std::string(key);
  if (!value_ || !value_->is_object()) return JNode(nullptr, path, doc_);
  auto it = value_->find(key);
  return JNode(it == value_->end() ? nullptr : &*it, path, doc_);
}

std::vector<JNode> JNode::items() const {
  std::vector<JNode> out;
  if (!defined()) return out;
  if (!value_->is_array()) fail("expected a list");
  for (std::size_t i = 0; i < value_->size(); ++i)
    out.emplace_back(&(*value_)[i], path_ + "[" + std::to_string(i) + "]", doc_);
  return out;
}

std::vector<std::pair<std::string, JNode>> JNode::entries() const {
  std::vector<std::pair<std::string, JNode>> out;
  if (!defined()) return out;
  if (!value_->is_object()) fail("expected an object");
  for (auto it = value_->begin(); it != value_->end(); ++it) {
    out.emplace_back(it.key(), JNode(&it.value(), path_.empty() ? it.key() : path_ + "." + it.key(), doc_));
  }
  return out;
}

std::string JNode::str() const {
  if (!defined()) fail("a value is required");
  if (value_->is_string()) return value_->get<std::string>();
  if (value_->is_number()) return value_->dump();
  fail("expected a string");
}

std::string JNode::scalar_text() const {
  if (value_ && value_->is_boolean()) return value_->get<bool>() ? "1" : "0";
  if (value_ && value_->is_array()) {
    std::string out;
    for (const auto& item : items()) out += (out.empty() ? "" : " ") + item.str();
    return out;
  }
  return str();
}

long JNode::integer(long lo, long hi) const {
  long v = 0;
  if (value_ && value_->is_number_integer()) {
    v = value_->get<long>();
  } else {
    const std::string s = str();
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (ec != std::errc() || end != s.data() + s.size()) fail("'" + s + "' is not an integer");
  }
  if (v < lo || v > hi) fail(std::to_string(v) + " is out of range " + std::to_string(lo) + ".." + std::to_string(hi));
  return v;
}

std::vector<std::pair<std::string, JNode>> JNode::str_list() const {
  std::vector<std::pair<std::string, JNode>> out;
  if (!defined()) return out;
  if (value_->is_array()) {
    for (const auto& item : items()) out.emplace_back(item.str(), item);
  } else {
    out.emplace_back(str(), *this);
  }
  return out;
}

}  // namespace vc::netconf
