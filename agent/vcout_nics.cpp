// Element-level readers: NICs, the compute list, DNS and <report>.
#include <cstring>
#include <set>

#include "agent/report_http.h"
#include "agent/vcout_internal.h"
#include "agent/vcout_parser.h"

namespace vc::vcout {

using tinyxml2::XMLElement;

std::string quote(std::string_view value) {
  static const char kHex[] = "0123456789abcdef";
  std::string out = "'";
  std::size_t n = 0;
  for (char ch : value) {
    if (++n > 80) {
      out += "…";
      break;
    }
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) {
      out += "\\x";
      out += kHex[c >> 4];
      out += kHex[c & 15];
    } else {
      out += ch;
    }
  }
  return out + "'";
}

std::optional<int> parse_int(std::string_view text, int lo, int hi) {
  if (text.empty() || text.size() > 9) return std::nullopt;
  int v = 0;
  for (char c : text) {
    if (c < '0' || c > '9') return std::nullopt;
    v = v * 10 + (c - '0');
  }
  if (v < lo || v > hi) return std::nullopt;
  return v;
}

std::optional<netconf::IpAddress> parse_ip_attr(const XMLElement& el, const char* name,
                                                std::string_view where_prefix, const Ctx& ctx) {
  const char* text = el.Attribute(name);
  if (!text) return std::nullopt;
  auto ip = netconf::parse_ip(text);
  if (!ip)
    ctx.fail(attr_line(el, name), elem_where(el, where_prefix) + " attribute " + name,
             quote(text) + " is not an IPv4 or IPv6 address (a gateway must be an address, e.g. 10.1.1.1)");
  return ip;
}

static std::string node_path(const XMLElement& node) {
  const char* name = node.Attribute("name");
  return std::string("<compute>/<node name=\"") + (name ? name : "") + "\">";
}

// `where` strings are built only on failure: a frontend file can hold 100 000 nodes.
Nic parse_nic(const XMLElement& el, std::string_view parent, const Ctx& ctx, const XMLElement* node) {
  const auto where = [&] { return elem_where(el, node ? node_path(*node) : std::string(parent)); };
  Nic nic;
  nic.network = el.Name();
  nic.line = el.GetLineNum();
  if (!is_valid_label(nic.network))
    ctx.fail(nic.line, where(),
             "the element name is used as the NIC's network name and must be a plain RFC 1123 label "
             "(letters, digits and '-', up to 63 characters)");

  const char* ip = el.Attribute("ip");
  if (!ip)
    ctx.fail(nic.line, where() + " attribute ip",
             "the attribute is missing; every NIC element needs ip=… and netmask=…");
  auto addr = netconf::parse_ip(ip);
  if (!addr)
    ctx.fail(attr_line(el, "ip"), where() + " attribute ip",
             quote(ip) + " is not an IPv4 or IPv6 address (expected e.g. 10.1.1.1 or fd00::1)");
  nic.ip = *addr;

  const char* mask = el.Attribute("netmask");
  if (!mask)
    ctx.fail(nic.line, where() + " attribute netmask",
             "the attribute is missing; every NIC element needs ip=… and netmask=…");
  auto prefix = netconf::parse_netmask(mask, nic.ip.bits());
  if (!prefix || *prefix == 0)
    ctx.fail(attr_line(el, "netmask"), where() + " attribute netmask",
             nic.ip.family == netconf::IpFamily::V4
                 ? quote(mask) + " is not a usable IPv4 netmask: expected a dotted mask with contiguous "
                                 "ones (e.g. 255.255.0.0) or a prefix length 1-32"
                 : quote(mask) + " is not a usable IPv6 prefix length: expected a number 1-128");
  nic.prefix = *prefix;

  if (const char* mtu = el.Attribute("mtu")) {
    auto v = parse_int(mtu, 68, 65535);
    if (!v)
      ctx.fail(attr_line(el, "mtu"), where() + " attribute mtu",
               quote(mtu) + " is not a valid MTU: expected a whole number from 68 to 65535");
    nic.mtu = *v;
  }
  // Empty mac='' is what old generators wrote for "unknown"; treat it as absent.
  if (const char* mac = el.Attribute("mac"); mac && *mac) {
    auto m = netconf::normalize_mac(mac);
    if (!m)
      ctx.fail(attr_line(el, "mac"), where() + " attribute mac",
               quote(mac) + " is not a MAC address: expected six hex octets such as 7a:77:6e:40:00:10");
    nic.mac = std::move(*m);
  }
  return nic;
}

namespace {

ComputeNode parse_node(const XMLElement& node, const Nic* fe_private, const Ctx& ctx) {
  ComputeNode cn;
  cn.line = node.GetLineNum();
  const char* name = node.Attribute("name");
  if (!name)
    ctx.fail(cn.line, "<compute>/<node>", "the attribute name is missing; every <node> needs name=…");
  cn.name = name;
  const auto where = [&] { return node_path(node); };
  if (is_loopback_name(cn.name))
    ctx.fail(attr_line(node, "name"), "<compute>/<node> attribute name",
             quote(cn.name) + " is a loopback name (/etc/hosts keeps it for 127.0.0.1)");
  if (!is_valid_label(cn.name))
    ctx.fail(attr_line(node, "name"), "<compute>/<node> attribute name",
             quote(cn.name) + " is not a valid short host name: expected one RFC 1123 label "
                              "(letters, digits and '-', not starting or ending with '-', 1-63 characters)");
  if (const char* cpus = node.Attribute("cpus")) {
    auto v = parse_int(cpus, 1, 4096);
    if (!v)
      ctx.fail(attr_line(node, "cpus"), where() + " attribute cpus",
               quote(cpus) + " is not a CPU count: expected a whole number from 1 to 4096");
    cn.cpus = *v;
  }
  parse_ip_attr(node, "gw", "<compute>", ctx);

  if (node.FirstChildElement()) {  // G1: one child per NIC
    for (const auto* c = node.FirstChildElement(); c; c = c->NextSiblingElement()) {
      Nic nic = parse_nic(*c, "", ctx, &node);
      for (const auto& other : cn.nics)  // a node has a handful of NICs: no set needed
        if (other.network == nic.network)
          ctx.fail(c->GetLineNum(), where() + "/" + elem_where(*c),
                   "a second <" + nic.network + "> NIC on the same node; each network appears once");
      cn.nics.push_back(std::move(nic));
    }
    return cn;
  }
  // G0: the node's private address and MAC are attributes of <node> itself.
  const char* ip = node.Attribute("ip");
  if (!ip)
    ctx.fail(cn.line, where() + " attribute ip",
             "the node has neither NIC child elements (G1) nor an ip attribute (G0); expected "
             "<node name=… ip=… mac=…/> or <node name=…><private ip=… netmask=… mac=…/></node>");
  Nic nic;
  nic.network = "private";
  nic.line = cn.line;
  auto addr = netconf::parse_ip(ip);
  if (!addr)
    ctx.fail(attr_line(node, "ip"), where() + " attribute ip",
             quote(ip) + " is not an IPv4 or IPv6 address (expected e.g. 10.1.255.254)");
  nic.ip = *addr;
  if (!fe_private || fe_private->ip.family != nic.ip.family)
    ctx.fail(attr_line(node, "ip"), where() + " attribute ip",
             "a G0 node takes its netmask from the frontend's <private netmask=…>, but the frontend has no "
             "<private> NIC of the same address family");
  nic.prefix = fe_private->prefix;
  if (const char* mac = node.Attribute("mac"); mac && *mac) {
    auto m = netconf::normalize_mac(mac);
    if (!m)
      ctx.fail(attr_line(node, "mac"), where() + " attribute mac",
               quote(mac) + " is not a MAC address: expected six hex octets such as 7a:77:6e:40:00:10");
    nic.mac = std::move(*m);
  }
  cn.nics.push_back(std::move(nic));
  return cn;
}

}  // namespace

std::vector<ComputeNode> parse_computes(const XMLElement& compute, const Nic* fe_private, const Ctx& ctx) {
  std::vector<ComputeNode> out;
  std::size_t n = 0;
  for (const auto* c = compute.FirstChildElement("node"); c; c = c->NextSiblingElement("node")) ++n;
  out.reserve(n);
  bool warned_other = false;
  for (const auto* c = compute.FirstChildElement(); c; c = c->NextSiblingElement()) {
    if (std::strcmp(c->Name(), "node") != 0) {
      if (!warned_other)
        ctx.warn(c->GetLineNum(), "<compute>/" + elem_where(*c) +
                                      " is not a <node>; a frontend's <compute> lists only <node> elements, "
                                      "so it is ignored");
      warned_other = true;
      continue;
    }
    out.push_back(parse_node(*c, fe_private, ctx));
  }
  if (const char* count = compute.Attribute("count")) {
    auto n = parse_int(count, 0, 1 << 30);
    if (!n || static_cast<std::size_t>(*n) != out.size())
      ctx.warn(attr_line(compute, "count"), "<compute count=" + quote(count) + "> but " +
                                                std::to_string(out.size()) + " <node> elements are listed");
  }
  return out;
}

std::vector<netconf::IpAddress> parse_dns(const XMLElement& vc, const Ctx& ctx) {
  std::vector<netconf::IpAddress> out;
  std::set<netconf::IpAddress> seen;
  for (const auto* net = vc.FirstChildElement("network"); net; net = net->NextSiblingElement("network")) {
    for (const auto* dns = net->FirstChildElement("dns"); dns; dns = dns->NextSiblingElement("dns")) {
      const char* ips = dns->Attribute("ip");
      if (!ips) continue;
      std::string_view rest(ips);
      while (!rest.empty()) {
        const std::size_t end = std::min(rest.find_first_of(", \t\r\n"), rest.size());
        const std::string_view item = rest.substr(0, end);
        rest.remove_prefix(std::min(end + 1, rest.size()));
        if (item.empty()) continue;
        auto ip = netconf::parse_ip(item);
        if (!ip)
          ctx.fail(attr_line(*dns, "ip"), "<network>/<dns> attribute ip",
                   quote(item) + " is not an IPv4 or IPv6 address; expected a comma-separated list of "
                                 "name server addresses such as 8.8.8.8,8.8.4.4");
        if (seen.insert(*ip).second) out.push_back(*ip);
      }
    }
  }
  if (out.empty())
    ctx.warn(vc.GetLineNum(), "no <network><dns ip=…> name servers given; name resolution is left as it is");
  return out;
}

namespace {

bool printable(std::string_view s) {
  for (char ch : s) {
    const auto c = static_cast<unsigned char>(ch);
    if (c < 0x20 || c == 0x7f) return false;
  }
  return true;
}

}  // namespace

std::optional<ReportTarget> parse_report(const XMLElement& vc, const Ctx& ctx) {
  const XMLElement* el = vc.FirstChildElement("report");
  if (!el) return std::nullopt;
  if (const auto* second = el->NextSiblingElement("report"))
    ctx.warn(second->GetLineNum(), "a second <report> element is ignored; only the first is used");
  ReportTarget r;
  const char* url = el->Attribute("url");
  if (!url) ctx.fail(el->GetLineNum(), "<report> attribute url", "the attribute is missing");
  r.url = url;
  const bool scheme = r.url.starts_with("http://") || r.url.starts_with("https://");
  const std::size_t host_at = r.url.find("//") + 2;
  if (!scheme || host_at >= r.url.size() || r.url.find_first_of(" \"'<>\\`") != std::string::npos ||
      !printable(r.url))
    ctx.fail(attr_line(*el, "url"), "<report> attribute url",
             quote(r.url) + " is not a usable report URL: expected http://host[:port]/path or https://…");
  // What the report client can send to, or the node would never report and
  // `vc-host wait` would wait for it in vain.
  std::string why;
  if (!report::parse_http_target(r.url, why))
    ctx.fail(attr_line(*el, "url"), "<report> attribute url", quote(r.url) + " is not a usable report URL: " + why);
  const char* key = el->Attribute("key");
  if (!key) ctx.fail(el->GetLineNum(), "<report> attribute key", "the attribute is missing");
  r.key_base64 = key;
  auto decoded = base64_decode(r.key_base64);
  if (!decoded || decoded->empty())
    ctx.fail(attr_line(*el, "key"), "<report> attribute key",
             "the signing key is not valid base64 (RFC 4648, with '=' padding)");
  if (const char* cluster = el->Attribute("cluster")) {
    r.cluster = cluster;
    if (r.cluster.empty() || r.cluster.size() > 253 || !printable(r.cluster))
      ctx.fail(attr_line(*el, "cluster"), "<report> attribute cluster",
               quote(r.cluster) + " is not a usable cluster name: expected 1-253 printable characters");
  }
  if (const char* node = el->Attribute("node")) {
    r.node = node;
    if (!is_valid_hostname(r.node))
      ctx.fail(attr_line(*el, "node"), "<report> attribute node",
               quote(r.node) + " is not a valid RFC 1123 host name");
  }
  return r;
}

}  // namespace vc::vcout
