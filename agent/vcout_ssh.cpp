// <hostkeys> and <known_hosts> (issue 4, SSH): host keys the provisioner
// generated, so every node can know every other node's key before any boots
// (the idea of cloud-init's `ssh_keys:`). Children are <hostkey>, not <key>:
// an old tool that looks for the first <key> anywhere must never find a
// private key and append it to root's authorized_keys.
#include <cstdint>
#include <map>

#include "agent/host_key_check.h"
#include "agent/known_host_names.h"
#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"

namespace vc::vcout {
namespace {

using tinyxml2::XMLElement;

bool is(const XMLElement& el, const char* name) { return std::string_view(el.Name()) == name; }

// One public key line in an attribute, checked as authorized_keys lines are.
SshKey one_public_key(const XMLElement& el, const char* attr, const std::string& where, const Ctx& ctx) {
  const char* text = el.Attribute(attr);
  if (!text || !*text) ctx.fail(el.GetLineNum(), where, "the attribute is missing");
  if (std::string_view(text).find('\n') != std::string_view::npos)
    ctx.fail(attr_line(el, attr), where, "expected one public key line, 'type base64 [comment]'");
  auto keys = parse_ssh_keys(text, ctx.file, attr_line(el, attr), where);
  if (keys.size() != 1) ctx.fail(attr_line(el, attr), where, "expected one public key line, 'type base64 [comment]'");
  return keys.front();
}

// The private key block in the element's text, checked against its public attribute.
std::string private_block(const XMLElement& el, const std::string& type, const GivenHostKey& k, const std::string& where,
                          const Ctx& ctx) {
  const char* raw = el.GetText();
  if (!raw) ctx.fail(el.GetLineNum(), where, "the element holds no private key");
  auto checked = check_host_private_key(raw, type, k.public_key, "attribute public");
  if (!checked.error.empty()) ctx.fail(el.GetLineNum(), where, checked.error);
  return checked.key;
}

}  // namespace

std::optional<std::string_view> wire_string(std::string_view& blob) {
  if (blob.size() < 4) return std::nullopt;
  std::uint32_t n = 0;
  for (int i = 0; i < 4; ++i) n = n << 8 | static_cast<unsigned char>(blob[i]);
  if (blob.size() - 4 < n) return std::nullopt;
  auto s = blob.substr(4, n);
  blob.remove_prefix(4 + n);
  return s;
}

std::vector<GivenHostKey> parse_host_keys(const XMLElement& vc, const Ctx& ctx) {
  std::vector<GivenHostKey> out;
  const XMLElement* hk = vc.FirstChildElement("hostkeys");
  if (!hk) return out;
  if (const auto* again = hk->NextSiblingElement("hostkeys"))
    ctx.fail(again->GetLineNum(), "<hostkeys>", "a second <hostkeys> element; a vc-out.xml has at most one");
  std::map<std::string, int> seen;
  for (const auto* el = hk->FirstChildElement(); el; el = el->NextSiblingElement()) {
    if (!is(*el, "hostkey"))
      ctx.fail(el->GetLineNum(), elem_where(*el, "<hostkeys>"), "unexpected element; <hostkeys> holds <hostkey type=…> elements");
    const char* type = el->Attribute("type");
    if (!type) ctx.fail(el->GetLineNum(), "<hostkeys>/<hostkey> attribute type", "the attribute is missing");
    GivenHostKey k;
    k.type = type;
    k.line = el->GetLineNum();
    if (k.type != "ed25519" && k.type != "rsa" && k.type != "ecdsa")
      ctx.fail(attr_line(*el, "type"), "<hostkeys>/<hostkey> attribute type",
               quote(k.type) + " is not a host key type; expected ed25519, rsa or ecdsa");
    if (auto [it, fresh] = seen.emplace(k.type, k.line); !fresh)
      ctx.fail(k.line, "<hostkeys>/<hostkey type=" + k.type + ">",
               "a second " + k.type + " host key (the first is on line " + std::to_string(it->second) + ")");
    const std::string where = "<hostkeys>/<hostkey type=" + k.type + ">";
    k.public_key = one_public_key(*el, "public", where + " attribute public", ctx);
    if (keygen_type(k.public_key.type) != k.type)
      ctx.fail(attr_line(*el, "public"), where + " attribute public",
               "a " + k.public_key.type + " key is not a " + k.type + " key");
    k.private_key = private_block(*el, k.type, k, where, ctx);
    out.push_back(std::move(k));
  }
  if (out.empty()) ctx.warn(hk->GetLineNum(), "<hostkeys> holds no <hostkey>; host keys are generated at first boot");
  return out;
}

std::vector<KnownHost> parse_known_hosts(const XMLElement& vc, const Ctx& ctx) {
  std::vector<KnownHost> out;
  const XMLElement* kh = vc.FirstChildElement("known_hosts");
  if (!kh) return out;
  if (const auto* again = kh->NextSiblingElement("known_hosts"))
    ctx.fail(again->GetLineNum(), "<known_hosts>", "a second <known_hosts> element; a vc-out.xml has at most one");
  KnownHostNames seen;
  for (const auto* el = kh->FirstChildElement(); el; el = el->NextSiblingElement()) {
    const std::string where = "<known_hosts>/" + elem_where(*el);
    if (!is(*el, "host")) ctx.fail(el->GetLineNum(), where, "unexpected element; <known_hosts> holds <host names=… key=…/>");
    KnownHost h;
    h.line = el->GetLineNum();
    h.key = one_public_key(*el, "key", where + " attribute key", ctx);
    const char* names = el->Attribute("names");
    if (!names || !*names) ctx.fail(h.line, where + " attribute names", "the attribute is missing");
    if (auto bad = seen.add(names, h.key.type, h.line, h.names); !bad.empty())
      ctx.fail(attr_line(*el, "names"), where + " attribute names", bad);
    out.push_back(std::move(h));
  }
  return out;
}

}  // namespace vc::vcout
