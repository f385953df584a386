// vc-out.xml → Model: document checks, role, identity. Element readers are in
// vcout_nics.cpp, whole-document checks in vcout_validate.cpp.
#include "agent/vcout_parser.h"

#include <cstring>
#include <unordered_set>

#include "agent/vcout_internal.h"

namespace vc {

namespace {

using tinyxml2::XMLElement;
using vcout::attr_line;
using vcout::Ctx;
using vcout::quote;

bool is(const XMLElement& el, const char* name) { return std::strcmp(el.Name(), name) == 0; }

// Empty attributes (ONE's ip='') carry nothing: treat them as absent.
const char* attr(const XMLElement* el, const char* name) {
  if (!el) return nullptr;
  const char* v = el->Attribute(name);
  return v && *v ? v : nullptr;
}

std::string first_label(std::string_view fqdn) { return std::string(fqdn.substr(0, fqdn.find('.'))); }

// tinyxml2's error, said for a person: its ErrorName() is an enum spelling.
std::string xml_error_text(const tinyxml2::XMLDocument& doc) {
  using namespace tinyxml2;
  const std::string bad = "the document is not well-formed XML, so it cannot be a vc-out.xml: ";
  switch (doc.ErrorID()) {
    case XML_ELEMENT_DEPTH_EXCEEDED:
      // Well-formed, but a recursive parser's stack is at risk; vc-out.xml needs 4 levels.
      return "elements are nested too deeply (the parser stops at " + std::to_string(TINYXML2_MAX_ELEMENT_DEPTH) +
             " levels; a vc-out.xml needs 4)";
    case XML_ERROR_MISMATCHED_ELEMENT: return bad + "an element is closed by the wrong end tag (or not at all)";
    case XML_ERROR_PARSING_ATTRIBUTE: return bad + "an attribute is malformed (expected name=\"value\")";
    case XML_ERROR_PARSING_ELEMENT: return bad + "an element is malformed or never closed";
    case XML_ERROR_PARSING_COMMENT: return bad + "a comment is not closed with -->";
    case XML_ERROR_PARSING_CDATA: return bad + "a CDATA section is not closed with ]]>";
    case XML_ERROR_PARSING_DECLARATION: return bad + "a <?…?> declaration is malformed or not closed";
    case XML_ERROR_PARSING_UNKNOWN: return bad + "a <!…> construct is malformed or not closed";
    case XML_ERROR_PARSING_TEXT: return bad + "text is malformed (a bare '<' or '&'?)";
    case XML_ERROR_EMPTY_DOCUMENT: return bad + "the document holds no element";
    case XML_ERROR_PARSING: return bad + "the document ends before every element is closed";
    default: return bad + doc.ErrorName();
  }
}

const XMLElement* only_child(const XMLElement& vc, const char* name, const Ctx& ctx) {
  const XMLElement* el = vc.FirstChildElement(name);
  if (el)
    if (const XMLElement* again = el->NextSiblingElement(name))
      ctx.fail(again->GetLineNum(), vcout::elem_where(*again),
               std::string("a second <") + name + "> element; a vc-out.xml has at most one (the first is on line " +
                   std::to_string(el->GetLineNum()) + ")");
  return el;
}

// vc-out-parser's rule (pragma.md §e.8): <compute> describing one machine has
// its NICs (or @name) directly; a frontend's lists <node>s. The ONE compute
// file has both, and then its <frontend> carries no addresses (ip='').
Role detect_role(const XMLElement* fe, const XMLElement* cn) {
  if (!cn) return Role::Frontend;
  bool nic_child = false, nodes = false;
  for (const auto* c = cn->FirstChildElement(); c; c = c->NextSiblingElement())
    (is(*c, "node") ? nodes : nic_child) = true;
  if (!nic_child && !cn->Attribute("name")) return Role::Frontend;
  if (!nodes) return Role::Compute;
  bool fe_has_address = false;
  for (const auto* c = fe ? fe->FirstChildElement() : nullptr; c; c = c->NextSiblingElement())
    fe_has_address = fe_has_address || attr(c, "ip");
  return fe_has_address ? Role::Frontend : Role::Compute;
}

std::vector<Nic> own_nics(const XMLElement& parent, const Ctx& ctx) {
  std::vector<Nic> nics;
  std::unordered_set<std::string> tags;
  const std::string prefix = vcout::elem_where(parent);
  for (const auto* c = parent.FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (is(*c, "node")) continue;
    nics.push_back(vcout::parse_nic(*c, prefix, ctx));
    if (!tags.insert(nics.back().network).second)
      ctx.fail(c->GetLineNum(), vcout::elem_where(*c, prefix),
               "a second <" + nics.back().network + "> NIC; each network appears once per host");
  }
  return nics;
}

void check_hostname(const XMLElement& el, const char* name, const std::string& value, bool fqdn,
                    const std::string& where_prefix, const Ctx& ctx) {
  const bool ok = fqdn ? is_valid_hostname(value) : is_valid_label(value);
  if (ok && is_loopback_name(value))
    ctx.fail(attr_line(el, name), vcout::elem_where(el, where_prefix) + " attribute " + name,
             quote(value) + " is a loopback name (/etc/hosts keeps it for 127.0.0.1)");
  if (!ok)
    ctx.fail(attr_line(el, name), vcout::elem_where(el, where_prefix) + " attribute " + name,
             quote(value) + (fqdn ? " is not a valid RFC 1123 host name: expected labels of letters, digits and "
                                    "'-' joined by dots, no trailing dot, at most 253 characters"
                                  : " is not a valid short host name: expected one RFC 1123 label (letters, "
                                    "digits and '-', not starting or ending with '-', 1-63 characters)"));
}

struct Picked {
  const XMLElement* el = nullptr;
  const char* value = nullptr;
  const char* attr = nullptr;
  std::string where_prefix;  // "" for <frontend>, "<frontend>" for its <public>
};

// First of (element, attribute) that has a non-empty value.
Picked pick(std::initializer_list<Picked> options) {
  for (Picked p : options)
    if (const char* v = attr(p.el, p.attr)) {
      p.value = v;
      return p;
    }
  return {};
}

void set_gateway(Model& m, vcout::Provenance& prov, const Picked& gw, int line, const Ctx& ctx) {
  if (!gw.value) {
    ctx.warn(line, "no default gateway given (neither <" + std::string(m.role == Role::Frontend ? "frontend" : "compute") +
                    " gw=…> nor a gw on its NIC); no default route will be set");
    return;
  }
  prov.gateway_line = attr_line(*gw.el, gw.attr);
  prov.gateway_where = vcout::elem_where(*gw.el, gw.where_prefix) + " attribute gw";
  m.gateway = vcout::parse_ip_attr(*gw.el, gw.attr, gw.where_prefix, ctx);
}

void frontend_identity(Model& m, vcout::Provenance& prov, const XMLElement& fe, const XMLElement* cn,
                       const Ctx& ctx) {
  m.nics = own_nics(fe, ctx);
  if (m.nics.empty())
    ctx.fail(fe.GetLineNum(), "<frontend>",
             "the frontend has no NICs: expected children such as <public ip=… netmask=…/> and "
             "<private ip=… netmask=…/>");
  const XMLElement* pub = fe.FirstChildElement("public");
  const Picked fqdn = pick({{&fe, nullptr, "fqdn", ""}, {pub, nullptr, "fqdn", "<frontend>"}});
  if (!fqdn.value)
    ctx.fail(fe.GetLineNum(), "<frontend>",
             "the frontend's host name is missing: expected <frontend fqdn=…> (G1) or <public fqdn=…> (G0)");
  m.fqdn = fqdn.value;
  check_hostname(*fqdn.el, "fqdn", m.fqdn, true, fqdn.where_prefix, ctx);

  const Picked name = pick({{&fe, nullptr, "name", ""}, {pub, nullptr, "name", "<frontend>"}});
  if (name.value) {
    m.name = name.value;
    check_hostname(*name.el, "name", m.name, false, name.where_prefix, ctx);
    prov.name_line = attr_line(*name.el, "name");
    prov.name_where = vcout::elem_where(*name.el, name.where_prefix) + " attribute name";
  } else {
    m.name = first_label(m.fqdn);
    prov.name_line = attr_line(*fqdn.el, "fqdn");
    prov.name_where = vcout::elem_where(*fqdn.el, fqdn.where_prefix) + " attribute fqdn";
  }
  m.fe_name = m.name;
  m.fe_fqdn = m.fqdn;

  if (fe.Attribute("fqdn") || fe.Attribute("name") || fe.Attribute("gw")) m.generation = VcOutGeneration::G1;
  else if (name.value) m.generation = VcOutGeneration::G0Plus;
  else m.generation = VcOutGeneration::G0;

  set_gateway(m, prov, pick({{&fe, nullptr, "gw", ""}, {pub, nullptr, "gw", "<frontend>"}}), fe.GetLineNum(), ctx);

  const Nic* priv = nullptr;
  for (const auto& nic : m.nics)
    if (nic.network == "private") priv = &nic;
  if (cn) m.computes = vcout::parse_computes(*cn, priv, ctx);
}

void compute_identity(Model& m, vcout::Provenance& prov, const XMLElement* fe, const XMLElement& cn,
                      const Ctx& ctx) {
  m.nics = own_nics(cn, ctx);
  if (m.nics.empty())
    ctx.fail(cn.GetLineNum(), "<compute>",
             "the compute has no NICs: expected a child such as <private ip=… netmask=… mac=…/>");
  const XMLElement* priv = cn.FirstChildElement("private");
  if (const char* name = attr(&cn, "name")) {
    m.name = name;
    check_hostname(cn, "name", m.name, false, "", ctx);
    prov.name_line = attr_line(cn, "name");
    prov.name_where = "<compute> attribute name";
    m.generation = VcOutGeneration::G1;
  } else if (const char* short_name = attr(priv, "fqdn")) {
    // Despite its name, G0's private@fqdn holds the short name (".local" is appended).
    const std::string given = short_name;
    check_hostname(*priv, "fqdn", given, true, "<compute>", ctx);
    m.name = first_label(given);
    if (m.name != given)
      ctx.warn(attr_line(*priv, "fqdn"), "<compute>/<private> attribute fqdn: " + quote(given) +
                                             " should be a short name; using its first label '" + m.name + "'");
    prov.name_line = attr_line(*priv, "fqdn");
    prov.name_where = "<compute>/<private> attribute fqdn";
    m.generation = VcOutGeneration::G0;
  } else {
    ctx.fail(cn.GetLineNum(), "<compute>",
             "the compute's name is missing: expected <compute name=…> (G1) or <private fqdn=…> (G0)");
  }
  set_gateway(m, prov, pick({{&cn, nullptr, "gw", ""}, {priv, nullptr, "gw", "<compute>"}}), cn.GetLineNum(),
              ctx);

  const XMLElement* pub = fe ? fe->FirstChildElement("public") : nullptr;
  const Picked fqdn = pick({{fe, nullptr, "fqdn", ""}, {pub, nullptr, "fqdn", "<frontend>"}});
  if (!fqdn.value) {
    ctx.warn(fe ? fe->GetLineNum() : cn.GetLineNum(),
             "the frontend's name is not given (no <frontend fqdn=…> or <frontend><public fqdn=…>); "
             "this compute will not know its frontend's host name");
    return;
  }
  m.fe_fqdn = fqdn.value;
  check_hostname(*fqdn.el, "fqdn", m.fe_fqdn, true, fqdn.where_prefix, ctx);
  if (const char* fe_name = attr(fe, "name")) {
    m.fe_name = fe_name;
    check_hostname(*fe, "name", m.fe_name, false, "", ctx);
  } else {
    m.fe_name = first_label(m.fe_fqdn);
  }
}

void read_key(Model& m, const XMLElement& vc, const Ctx& ctx) {
  const XMLElement* key = vc.FirstChildElement("key");
  const char* text = key ? key->GetText() : nullptr;
  if (!text) {
    ctx.warn(key ? key->GetLineNum() : vc.GetLineNum(),
             "no <key> with an SSH public key; root's authorized_keys is left as it is");
    return;
  }
  m.ssh_keys = parse_ssh_keys(text, ctx.file, key->GetLineNum(), "<key>");
  if (m.ssh_keys.empty())
    ctx.warn(key->GetLineNum(), "<key> holds no SSH public key; root's authorized_keys is left as it is");
}

}  // namespace

Model parse_vcout(std::string_view bytes, const VcOutParseOptions& opts) {
  Model m;
  const Ctx ctx{opts.file_name, &m.warnings};
  vcout::check_raw_bytes(bytes, ctx);

  tinyxml2::XMLDocument doc(true, tinyxml2::PRESERVE_WHITESPACE);
  doc.Parse(bytes.data(), bytes.size());
  if (doc.Error())
    ctx.fail(doc.ErrorLineNum(), "", xml_error_text(doc));
  const XMLElement* vc = nullptr;
  for (const auto* n = doc.FirstChild(); n; n = n->NextSibling()) {
    if (n->ToUnknown())
      ctx.fail(n->GetLineNum(), "<!DOCTYPE>", "DTD/entity declarations are not allowed in vc-out.xml");
    const XMLElement* el = n->ToElement();
    if (!el) continue;
    if (vc)
      ctx.fail(el->GetLineNum(), vcout::elem_where(*el),
               "a second top-level element; a vc-out.xml has exactly one root element, <vc>");
    vc = el;
  }
  if (!vc) ctx.fail(0, "", "the document holds no element; expected a <vc> root element");
  if (!is(*vc, "vc"))
    ctx.fail(vc->GetLineNum(), vcout::elem_where(*vc),
             "the root element must be <vc>; this does not look like a vc-out.xml");
  vcout::reject_foreign_shapes(*vc, ctx);

  const XMLElement* fe = only_child(*vc, "frontend", ctx);
  const XMLElement* cn = only_child(*vc, "compute", ctx);
  if (!fe && !cn)
    ctx.fail(vc->GetLineNum(), "<vc>", "the document has neither a <frontend> nor a <compute> element");
  m.role = opts.role_override.value_or(detect_role(fe, cn));

  vcout::Provenance prov;
  if (m.role == Role::Frontend) {
    if (!fe)
      ctx.fail(vc->GetLineNum(), "<vc>",
               "this node is to be a frontend, but the document has no <frontend> element "
               "(is this a compute's vc-out.xml?)");
    prov.own_prefix = "<frontend>";
    frontend_identity(m, prov, *fe, cn, ctx);
  } else {
    if (!cn)
      ctx.fail(vc->GetLineNum(), "<vc>",
               "this node is to be a compute, but the document has no <compute> element");
    prov.own_prefix = "<compute>";
    compute_identity(m, prov, fe, *cn, ctx);
  }
  if (vc->Attribute("type") || vc->FirstChildElement("virtualization"))
    m.generation = VcOutGeneration::OpenNebula;

  m.dns = vcout::parse_dns(*vc, ctx);
  read_key(m, *vc, ctx);
  m.report = vcout::parse_report(*vc, ctx);
  m.host_keys = vcout::parse_host_keys(*vc, ctx);
  m.known_hosts = vcout::parse_known_hosts(*vc, ctx);
  vcout::validate_model(m, prov, ctx);
  m.source = "vcout:" + opts.file_name;
  return m;
}

}  // namespace vc
