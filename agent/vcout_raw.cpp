// The checks that run before or beside the tree walk: raw bytes, and
// documents that are well-formed <vc> but are not vc-out.xml at all.
#include <algorithm>
#include <cstdint>
#include <cstring>

#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"

namespace vc::vcout {

namespace {

int line_at(std::string_view bytes, std::size_t pos) {
  return 1 + static_cast<int>(std::count(bytes.begin(), bytes.begin() + static_cast<std::ptrdiff_t>(pos), '\n'));
}

std::string hex_byte(unsigned char c) {
  static const char kHex[] = "0123456789ABCDEF";
  return std::string("0x") + kHex[c >> 4] + kHex[c & 15];
}

// Length of the valid UTF-8 sequence at p (RFC 3629: no overlongs, no
// surrogates, nothing above U+10FFFF), or 0.
std::size_t utf8_sequence(const unsigned char* p, std::size_t left) {
  const unsigned char c = p[0];
  std::size_t n;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) n = 2;
  else if (c == 0xE0) n = 3, lo = 0xA0;
  else if (c == 0xED) n = 3, hi = 0x9F;
  else if (c >= 0xE1 && c <= 0xEF) n = 3;
  else if (c == 0xF0) n = 4, lo = 0x90;
  else if (c >= 0xF1 && c <= 0xF3) n = 4;
  else if (c == 0xF4) n = 4, hi = 0x8F;
  else return 0;
  if (left < n) return 0;
  if (p[1] < lo || p[1] > hi) return 0;
  for (std::size_t i = 2; i < n; ++i)
    if (p[i] < 0x80 || p[i] > 0xBF) return 0;
  return n;
}

void check_utf8(std::string_view bytes, const Ctx& ctx) {
  const auto* p = reinterpret_cast<const unsigned char*>(bytes.data());
  const std::size_t size = bytes.size();
  std::size_t i = 0;
  while (i < size) {
    // Fast path: eight bytes of plain printable ASCII at once (no byte with
    // the top bit set, none below 0x20), which is nearly all of a vc-out.xml.
    if (size - i >= 8) {
      std::uint64_t w;
      std::memcpy(&w, p + i, 8);
      constexpr std::uint64_t kHigh = 0x8080808080808080ULL, kSpace = 0x2020202020202020ULL;
      if (((w | ((w - kSpace) & ~w)) & kHigh) == 0) {
        i += 8;
        continue;
      }
    }
    const unsigned char c = p[i];
    if (c < 0x80) {
      // XML 1.0 forbids these outright; tinyxml2 would pass some of them on.
      if (c < 0x20 && c != '\t' && c != '\n' && c != '\r')
        ctx.fail(line_at(bytes, i), "",
                 "control character " + hex_byte(c) + " is not allowed in an XML document");
      ++i;
      continue;
    }
    const std::size_t n = utf8_sequence(p + i, size - i);
    if (n == 0)
      ctx.fail(line_at(bytes, i), "",
               "byte " + hex_byte(c) +
                   " is not valid UTF-8; vc-out.xml must be UTF-8 text (was it saved in Latin-1?)");
    i += n;
  }
}

// If a comment or CDATA section starts at pos ("<!--", "<![CDATA["), the
// position just past its end; else pos. An unterminated one runs to the end
// (tinyxml2 reports it). Markup-looking text inside them means nothing.
std::size_t skip_comment_or_cdata(std::string_view bytes, std::size_t pos) {
  const std::string_view rest = bytes.substr(pos);
  std::string_view open, close;
  if (rest.starts_with("<!--")) open = "<!--", close = "-->";
  else if (rest.starts_with("<![CDATA[")) open = "<![CDATA[", close = "]]>";
  else return pos;
  const std::size_t end = bytes.find(close, pos + open.size());
  return end == std::string_view::npos ? bytes.size() : end + close.size();
}

// tinyxml2 neither expands nor rejects DTDs (a DOCTYPE becomes an XMLUnknown
// node, and an internal subset can confuse its parse), so refuse them here.
void check_no_dtd(std::string_view bytes, const Ctx& ctx) {
  std::size_t pos = 0;
  while ((pos = bytes.find("<!", pos)) != std::string_view::npos) {
    if (const std::size_t past = skip_comment_or_cdata(bytes, pos); past != pos) {
      pos = past;
      continue;
    }
    const std::string_view rest = bytes.substr(pos + 2);
    std::size_t len = 0;
    while (len < rest.size() && len < 16 && rest[len] >= 'A' && rest[len] <= 'Z') ++len;
    ctx.fail(line_at(bytes, pos), "<!" + std::string(rest.substr(0, len)) + ">",
             "DTD/entity declarations are not allowed in vc-out.xml");
  }
}

// XML 1.0 §2.2 Char, the only characters a reference may name.
bool xml_char(unsigned long c) {
  return c == 0x9 || c == 0xA || c == 0xD || (c >= 0x20 && c <= 0xD7FF) || (c >= 0xE000 && c <= 0xFFFD) ||
         (c >= 0x10000 && c <= 0x10FFFF);
}

// tinyxml2 decodes "&#0;" into nothing and "&#27;" into ESC without a word,
// which would silently cut or poison a host name; XML itself forbids both.
// In a comment or CDATA section "&#0;" is plain text, not a reference.
void check_char_refs(std::string_view bytes, const Ctx& ctx) {
  // Two memchr-speed searches instead of a byte loop: the next reference and
  // the next "<!", which may open a comment or CDATA section to skip.
  std::size_t pos = 0, markup = bytes.find("<!");
  while ((pos = bytes.find("&#", pos)) != std::string_view::npos) {
    while (markup < pos) {
      const std::size_t past = skip_comment_or_cdata(bytes, markup);
      if (past > pos) break;  // the reference is inside it
      markup = bytes.find("<!", past == markup ? markup + 2 : past);
    }
    if (markup < pos) {  // skip the comment or CDATA holding it
      pos = skip_comment_or_cdata(bytes, markup);
      markup = bytes.find("<!", pos);
      continue;
    }
    std::size_t i = pos + 2;
    const bool hex = i < bytes.size() && bytes[i] == 'x';
    if (hex) ++i;
    unsigned long value = 0;
    std::size_t digits = 0;
    for (; i < bytes.size() && digits < 9; ++i, ++digits) {
      const char c = bytes[i];
      int d = -1;
      if (c >= '0' && c <= '9') d = c - '0';
      else if (hex && c >= 'a' && c <= 'f') d = c - 'a' + 10;
      else if (hex && c >= 'A' && c <= 'F') d = c - 'A' + 10;
      if (d < 0) break;
      value = value * (hex ? 16 : 10) + static_cast<unsigned long>(d);
    }
    if (digits > 0 && (digits == 9 || !xml_char(value)))
      ctx.fail(line_at(bytes, pos), "",
               "the character reference " + std::string(bytes.substr(pos, i - pos)) +
                   "; names a character that XML does not allow (a control character or NUL)");
    pos = i;
  }
}

}  // namespace

void check_raw_bytes(std::string_view bytes, const Ctx& ctx) {
  if (bytes.size() > kMaxVcOutBytes)
    ctx.fail(0, "", "the document is " + std::to_string(bytes.size()) +
                        " bytes; the limit is 33554432 bytes (32 MiB)");
  if (bytes.empty()) ctx.fail(0, "", "the document is empty; expected a <vc> element");
  check_utf8(bytes, ctx);
  check_no_dtd(bytes, ctx);
  check_char_refs(bytes, ctx);
}

std::string elem_where(const tinyxml2::XMLElement& el, std::string_view prefix) {
  std::string w(prefix);
  if (!w.empty()) w += '/';
  w += '<';
  w += el.Name();
  w += '>';
  return w;
}

int attr_line(const tinyxml2::XMLElement& el, const char* name) {
  const tinyxml2::XMLAttribute* a = el.FindAttribute(name);
  return a ? a->GetLineNum() : el.GetLineNum();
}

namespace {

bool is(const tinyxml2::XMLElement& el, const char* name) { return std::strcmp(el.Name(), name) == 0; }

[[noreturn]] void vc_in(const tinyxml2::XMLElement& el, std::string_view prefix, const std::string& why,
                        const Ctx& ctx) {
  ctx.fail(el.GetLineNum(), elem_where(el, prefix),
           "this is a vc-in.xml (the host-side input of pragma_boot), not a vc-out.xml: " + why +
               "; give the agent the vc-out.xml that pragma_boot writes into the image");
}

[[noreturn]] void draft(const tinyxml2::XMLElement& el, std::string where, const std::string& marker,
                        const std::string& instead, const Ctx& ctx) {
  ctx.fail(el.GetLineNum(), std::move(where),
           "this is a 2013 draft vc-out format that no tool ever implemented: " + marker + "; " + instead);
}

void check_node_child(const tinyxml2::XMLElement& node, const Ctx& ctx) {
  for (const char* a : {"private_ip", "public_ip"}) {
    if (!node.FindAttribute(a)) continue;
    const char* name = node.Attribute("name");
    draft(node, std::string("<compute>/<node") + (name ? std::string(" name=\"") + name + "\"" : "") + ">",
          std::string("<node ") + a + "=…>",
          "a vc-out.xml gives a node's address as <node ip=…> (G0) or a <private ip=…> child (G1)", ctx);
  }
}

}  // namespace

void reject_foreign_shapes(const tinyxml2::XMLElement& vc, const Ctx& ctx) {
  for (const auto* top = vc.FirstChildElement(); top; top = top->NextSiblingElement()) {
    if (is(*top, "networks"))
      vc_in(*top, "", "<networks> describes the networks to create on the host", ctx);
    if (is(*top, "network")) {
      if (const auto* gw = top->FirstChildElement("gw"))
        draft(*gw, "<network>/<gw>", "<network><gw ip=…>",
              "the gateway belongs on <frontend gw=…> (G1) or <public gw=…> (G0)", ctx);
    }
    if (!is(*top, "frontend") && !is(*top, "compute")) continue;
    if (is(*top, "frontend") && top->FindAttribute("ip"))
      draft(*top, "<frontend>", "<frontend ip=…>",
            "a vc-out.xml puts the frontend's addresses on <public>/<private> children of <frontend>", ctx);
    const std::string prefix = elem_where(*top);
    for (const auto* c = top->FirstChildElement(); c; c = c->NextSiblingElement()) {
      if (is(*c, "domain")) vc_in(*c, prefix, "<domain> is a libvirt domain definition", ctx);
      if (is(*c, "devices")) vc_in(*c, prefix, "<devices> lists virtual disks and interfaces", ctx);
      if (is(*c, "boot_dependency")) vc_in(*c, prefix, "<boot_dependency> orders VM start-up", ctx);
      if (is(*c, "node")) check_node_child(*c, ctx);
    }
  }
}

}  // namespace vc::vcout
