// authorized_keys text → SshKey values, checked the way sshd would read them:
// the base64 blob must really encode a key of the type the line claims.
#include <array>
#include <cstdint>

#include "agent/text.h"
#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"

namespace vc {

namespace vcout {

std::optional<std::string> base64_decode(std::string_view text) {
  static const std::array<std::int8_t, 256> kTable = [] {
    std::array<std::int8_t, 256> t{};
    t.fill(-1);
    const char* alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    for (int i = 0; i < 64; ++i) t[static_cast<unsigned char>(alphabet[i])] = static_cast<std::int8_t>(i);
    return t;
  }();
  if (text.size() % 4 != 0) return std::nullopt;
  std::size_t pad = 0;
  while (pad < 2 && pad < text.size() && text[text.size() - 1 - pad] == '=') ++pad;
  std::string out;
  out.reserve(text.size() / 4 * 3);
  std::uint32_t acc = 0;
  int bits = 0;
  for (std::size_t i = 0; i < text.size() - pad; ++i) {
    const int v = kTable[static_cast<unsigned char>(text[i])];
    if (v < 0) return std::nullopt;
    acc = (acc << 6) | static_cast<std::uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out += static_cast<char>((acc >> bits) & 0xff);
    }
  }
  return out;
}

}  // namespace vcout

namespace {

constexpr std::string_view kLineBlanks = " \t\r";

constexpr std::array<std::string_view, 8> kKeyTypes = {
    "ssh-rsa",
    "ssh-dss",
    "ssh-ed25519",
    "ecdsa-sha2-nistp256",
    "ecdsa-sha2-nistp384",
    "ecdsa-sha2-nistp521",
    "sk-ssh-ed25519@openssh.com",
    "sk-ecdsa-sha2-nistp256@openssh.com",
};

bool known_type(std::string_view t) {
  for (auto k : kKeyTypes)
    if (k == t) return true;
  return false;
}

bool blank(char c) { return c == ' ' || c == '\t'; }

std::string_view next_token(std::string_view& rest) {
  std::size_t end = 0;
  while (end < rest.size() && !blank(rest[end])) ++end;
  const std::string_view tok = rest.substr(0, end);
  rest.remove_prefix(end);
  while (!rest.empty() && blank(rest.front())) rest.remove_prefix(1);
  return tok;
}

// authorized_keys options precede the type ("from=\"10.0.0.0/8\",no-pty ssh-rsa …").
// Any known type later on the line, or an option-looking first token, means options.
bool looks_like_options(std::string_view first, std::string_view rest) {
  if (first.find('=') != std::string_view::npos || first.find(',') != std::string_view::npos) return true;
  static constexpr std::array<std::string_view, 10> kFlags = {
      "no-pty", "no-agent-forwarding", "no-port-forwarding", "no-X11-forwarding", "no-user-rc",
      "restrict", "cert-authority", "pty", "agent-forwarding", "port-forwarding"};
  for (auto f : kFlags)
    if (first == f) return true;
  while (!rest.empty())
    if (known_type(next_token(rest))) return true;
  return false;
}

// The blob's first field is a uint32 length then the key type name (RFC 4253 §6.6).
bool blob_matches_type(const std::string& blob, std::string_view type) {
  if (blob.size() < 4) return false;
  const auto b = [&](std::size_t i) { return static_cast<std::uint32_t>(static_cast<unsigned char>(blob[i])); };
  const std::uint32_t len = (b(0) << 24) | (b(1) << 16) | (b(2) << 8) | b(3);
  if (len != type.size() || blob.size() < 4 + static_cast<std::size_t>(len)) return false;
  return std::string_view(blob).substr(4, len) == type;
}

}  // namespace

std::vector<SshKey> parse_ssh_keys(std::string_view text, const std::string& file, int first_line,
                                   const std::string& where) {
  std::vector<SshKey> keys;
  int line = first_line;
  while (!text.empty()) {
    const std::string_view raw = next_line(text);
    const int here = line++;
    std::string_view rest = trim(raw, kLineBlanks);
    if (rest.empty() || rest.front() == '#') continue;
    const auto fail = [&](const std::string& what) { throw InputError(file, here, where, what); };

    const std::string_view type = next_token(rest);
    if (!known_type(type)) {
      if (looks_like_options(type, rest))
        fail("key options (command=, from=, no-pty, …) are not allowed: each line must be a plain "
             "public key, 'type base64 [comment]'");
      fail("'" + std::string(type.substr(0, 40)) +
           "' is not a known SSH public key type; expected ssh-ed25519, ssh-rsa, ecdsa-sha2-nistp256/384/521, "
           "ssh-dss, sk-ssh-ed25519@openssh.com or sk-ecdsa-sha2-nistp256@openssh.com");
    }
    const std::string_view blob = next_token(rest);
    if (blob.empty()) fail("the " + std::string(type) + " key has no base64 key data after its type");
    const auto decoded = vcout::base64_decode(blob);
    if (!decoded) fail("the " + std::string(type) + " key data is not valid base64; was the key cut or wrapped?");
    if (!blob_matches_type(*decoded, type))
      fail("the key data does not encode an " + std::string(type) +
           " key (its embedded type differs or it is truncated); copy the whole .pub line");
    for (char ch : rest) {
      const auto c = static_cast<unsigned char>(ch);
      if ((c < 0x20 && c != '\t') || c == 0x7f)
        fail("the key comment contains a control character; only printable text is allowed");
    }
    keys.push_back(SshKey{std::string(type), std::string(blob), std::string(rest)});
  }
  return keys;
}

}  // namespace vc
