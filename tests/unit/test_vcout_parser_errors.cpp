// One small bad input per rejection rule of the vc-out.xml parser, each
// checking the line, the element and the words of the message.
#include <catch2/catch.hpp>

#include <fstream>
#include <sstream>

#include "agent/error.h"
#include "agent/vcout_parser.h"

using namespace vc;

namespace {

const std::string kEd = "AAAAC3NzaC1lZDI1NTE5AAAAIJ9gPGoW1nDWF6hctMOf9gUbrdPWaW8oaIs/85PA4RfI";

std::string slurp(const std::string& name) {
  std::ifstream in(std::string(VC_SOURCE_DIR) + "/tests/data/vcout/" + name, std::ios::binary);
  REQUIRE(in);
  std::ostringstream s;
  s << in.rdbuf();
  return s.str();
}

InputError rejected(const std::string& doc, VcOutParseOptions opts = {}) {
  try {
    parse_vcout(doc, opts);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError for:\n" << doc);
  throw std::logic_error("unreachable");
}

#define REJECTS(doc, line_, where_, part)                         \
  do {                                                            \
    const InputError e_ = rejected(doc);                          \
    INFO(e_.message());                                           \
    CHECK(e_.line() == (line_));                                  \
    CHECK(e_.where() == std::string(where_));                     \
    CHECK_THAT(e_.message(), Catch::Contains(std::string(part))); \
  } while (0)

// A valid G1 frontend with one NIC line and one node line replaceable:
// line 1 <vc>, 2 <frontend>, 3 the NIC, 4 </frontend>, 5 <compute>, 6 the node.
std::string fe(const std::string& frontend_attrs, const std::string& nic, const std::string& node = "",
               const std::string& tail = "") {
  return "<vc>\n<frontend " + frontend_attrs + ">\n" + nic + "\n</frontend>\n<compute>\n" + node +
         "\n</compute>\n<network><dns ip='8.8.8.8'/></network>\n" + tail + "</vc>\n";
}
const std::string kFe = "fqdn='vc1.example.org' gw='10.1.1.254' name='vc1'";
const std::string kPriv = "<private ip='10.1.1.1' netmask='255.255.0.0' mac='7a:77:6e:40:00:10'/>";

// A valid G1 compute: line 1 <vc>, 2 <compute>, 3 the NIC, 4 </compute>, 5 <key>.
std::string cn(const std::string& compute_attrs, const std::string& nic, const std::string& key = "") {
  return "<vc>\n<compute " + compute_attrs + ">\n" + nic + "\n</compute>\n<key>" + key + "</key>\n</vc>\n";
}
const std::string kCn = "name='compute-0' gw='10.1.1.1'";
const std::string kCnPriv = "<private ip='10.1.255.254' netmask='16' mac='7a:77:6e:40:00:12'/>";

}  // namespace

TEST_CASE("the helpers' base documents are valid", "[vcout][errors]") {
  auto f = parse_vcout(fe(kFe, kPriv, "<node name='compute-0' ip='10.1.255.254'/>"));
  CHECK(f.computes.size() == 1);
  auto c = parse_vcout(cn(kCn, kCnPriv, "ssh-ed25519 " + kEd));
  CHECK(c.ssh_keys.size() == 1);
}

TEST_CASE("raw bytes: size, encoding, control characters", "[vcout][errors]") {
  REJECTS(std::string(kMaxVcOutBytes + 1, ' '), 0, "", "the limit is 33554432 bytes (32 MiB)");
  REJECTS("", 0, "", "the document is empty");
  REJECTS(slurp("bad/latin1.xml"), 3, "", "byte 0xE9 is not valid UTF-8");
  REJECTS("<vc>\n<!-- \xC0\xAF overlong -->\n</vc>", 2, "", "byte 0xC0 is not valid UTF-8");
  REJECTS("<vc>\n\n<!-- \xED\xA0\x80 surrogate -->\n</vc>", 3, "", "byte 0xED is not valid UTF-8");
  REJECTS("<vc>\n<!-- cut \xE2\x82", 2, "", "byte 0xE2 is not valid UTF-8");
  REJECTS("<vc>\n<compute name='c\x01'/>\n</vc>", 2, "", "control character 0x01 is not allowed");
  REJECTS("<vc>\n<compute name='c&#0;x'/>\n</vc>", 2, "", "the character reference &#0; names a character");
  REJECTS("<vc>\n\n<compute name='c&#x1B;x'/>\n</vc>", 3, "", "the character reference &#x1B; names a character");
  // Allowed references decode as usual.
  CHECK(parse_vcout(cn("name='c&#48;' gw='10.1.1.1'", kCnPriv)).name == "c0");
  // In a comment or CDATA "&#0;" is text, not a reference; one after them still counts.
  CHECK_NOTHROW(parse_vcout(cn(kCn, "<!-- quoting &#0; and &#x1B; -->" + kCnPriv)));
  CHECK_THAT(rejected(cn(kCn, kCnPriv, "<![CDATA[&#0;]]>")).message(),
             Catch::Contains("'&#0;' is not a known SSH public key type"));  // the key's text, taken as written
  REJECTS("<vc>\n<!-- &#0; -->\n<compute name='c&#x1B;x'/>\n</vc>", 3, "", "the character reference &#x1B;");
  REJECTS("<vc><![CDATA[&#0;]]>\n<compute name='c&#0;x'/>\n</vc>", 2, "", "the character reference &#0;");
  // Valid multi-byte UTF-8 is fine (in a comment, where it means nothing).
  CHECK_NOTHROW(parse_vcout(cn(kCn, "<!-- caf\xC3\xA9 \xE2\x82\xAC \xF0\x9F\x98\x80 -->" + kCnPriv)));
}

TEST_CASE("DTDs and entity declarations are refused", "[vcout][errors]") {
  REJECTS(slurp("bad/billion-laughs.xml"), 2, "<!DOCTYPE>", "DTD/entity declarations are not allowed");
  REJECTS("<!DOCTYPE vc>\n<vc/>", 1, "<!DOCTYPE>", "DTD/entity declarations are not allowed");
  REJECTS("<vc>\n<!ENTITY x 'y'>\n</vc>", 2, "<!ENTITY>", "DTD/entity declarations are not allowed");
  // The same text inside a comment or CDATA is just text.
  CHECK_NOTHROW(parse_vcout(cn(kCn, "<!-- <!DOCTYPE vc> -->" + kCnPriv, "<![CDATA[]]>")));
}

TEST_CASE("malformed XML and the wrong root", "[vcout][errors]") {
  // tinyxml2 names the line of the element left open.
  const InputError e = rejected("<vc>\n<frontend>\n</compute>\n</vc>\n");
  CHECK(e.line() == 2);
  CHECK_THAT(e.message(), Catch::StartsWith("vc-out.xml:2: the document is not well-formed XML, so it cannot be a "
                                            "vc-out.xml: an element is closed by the wrong end tag"));
  REJECTS("<vc>\n<frontend fqdn=vc1>\n</frontend></vc>", 2, "",
          "not well-formed XML, so it cannot be a vc-out.xml: an attribute is malformed");
  // Too deep is well-formed but refused, in words rather than tinyxml2's enum name.
  std::string deep = "<vc>\n";
  for (int i = 0; i < 200; ++i) deep += "<a>";
  const InputError d = rejected(deep);
  CHECK(d.line() == 2);
  CHECK(d.message() == "vc-out.xml:2: elements are nested too deeply (the parser stops at 100 levels; a vc-out.xml "
                       "needs 4)");
  REJECTS("<vc>\n<compute>\n<node>\n", 3, "", "not well-formed XML, so it cannot be a vc-out.xml: the document ends");
  REJECTS("<vc>\n<![CDATA[ x", 2, "", "a CDATA section is not closed with ]]>");
  REJECTS("<?xml version='1.0'?>\n<config>\n</config>", 2, "<config>", "the root element must be <vc>");
  REJECTS(cn(kCn, kCnPriv) + "<vc/>\n", 7, "<vc>", "a second top-level element");
  REJECTS("<vc>\n<network/>\n</vc>", 1, "<vc>", "neither a <frontend> nor a <compute>");
  REJECTS("<vc>\n<frontend/>\n<frontend/>\n</vc>", 3, "<frontend>", "a second <frontend> element");
  REJECTS(cn(kCn, kCnPriv).replace(0, 4, "<vc>\n<compute/>"), 3, "<compute>", "a second <compute> element");
}

TEST_CASE("frontend identity", "[vcout][errors]") {
  const std::string l63(63, 'a');
  const std::string kLong = l63 + "." + l63 + "." + l63 + "." + l63;  // 255 characters, every label fine
  CHECK(is_valid_hostname(l63 + "." + l63 + "." + l63 + "." + std::string(61, 'a')));  // exactly 253
  CHECK_FALSE(is_valid_hostname(kLong));
  REJECTS("<vc>\n<frontend fqdn='vc1.example.org'/>\n<compute><node name='c0' ip='10.1.1.2'/></compute>\n</vc>", 2,
          "<frontend>", "the frontend has no NICs");
  REJECTS("<vc>\n<frontend>\n<public ip='1.2.3.4' netmask='24'/>\n</frontend>\n</vc>", 2, "<frontend>",
          "the frontend's host name is missing: expected <frontend fqdn=…> (G1) or <public fqdn=…> (G0)");
  for (const std::string& bad : std::vector<std::string>{"vc1.example.org.", "vc 1.example.org", "vc1\";reboot;\".org", "$(reboot)",
                                "-vc1.org", "vc1-.org", "a..b", "vc_1.org", "vc1.exa`id`mple.org",
                                std::string(64, 'a') + ".org", kLong}) {
    REJECTS(fe("fqdn='" + bad + "' gw='10.1.1.254'", kPriv), 2, "<frontend> attribute fqdn",
            "is not a valid RFC 1123 host name");
  }
  REJECTS(fe("fqdn='vc1.example.org' name='vc1.example'", kPriv), 2, "<frontend> attribute name",
          "'vc1.example' is not a valid short host name");
  REJECTS("<vc>\n<frontend>\n<public fqdn='vc1.example.org' name='vc 1' ip='1.2.3.4' netmask='24'/>\n</frontend>"
          "\n</vc>",
          3, "<frontend>/<public> attribute name", "is not a valid short host name");
  REJECTS(fe("fqdn='vc1.example.org' gw='gateway'", kPriv), 2, "<frontend> attribute gw",
          "'gateway' is not an IPv4 or IPv6 address");
}

TEST_CASE("compute identity", "[vcout][errors]") {
  REJECTS(cn("gw='10.1.1.1'", "<private ip='10.1.1.30' netmask='16'/>"), 2, "<compute>",
          "the compute's name is missing: expected <compute name=…> (G1) or <private fqdn=…> (G0)");
  REJECTS(cn("name='compute 0'", kCnPriv), 2, "<compute> attribute name", "is not a valid short host name");
  REJECTS(cn("", "<private fqdn='c$(id)' ip='10.1.1.30' netmask='16' gw='10.1.1.1'/>"), 3,
          "<compute>/<private> attribute fqdn", "'c$(id)' is not a valid RFC 1123 host name");
  REJECTS(cn("", "<private fqdn='compute-0' ip='10.1.1.30' netmask='16' gw='10.1.1.300'/>"), 3,
          "<compute>/<private> attribute gw", "'10.1.1.300' is not an IPv4 or IPv6 address");
  REJECTS("<vc>\n<frontend fqdn='vc1.example.org'/>\n<compute name='VC1' gw='10.1.1.1'>\n" + kCnPriv +
              "\n</compute>\n</vc>",
          3, "<compute> attribute name", "the compute's name VC1 is the same as the frontend's");
  REJECTS("<vc>\n<frontend>\n<public fqdn='vc1..org'/>\n</frontend>\n<compute " + kCn + ">" + kCnPriv +
              "</compute>\n</vc>",
          3, "<frontend>/<public> attribute fqdn", "not a valid RFC 1123 host name");
  // A compute whose <compute> holds only <node>s is not a compute at all.
  VcOutParseOptions opts;
  opts.role_override = Role::Compute;
  const InputError e = rejected("<vc>\n<compute>\n<node name='c0' ip='10.1.1.2'/>\n</compute>\n</vc>", opts);
  CHECK(e.line() == 2);
  CHECK_THAT(e.message(), Catch::Contains("the compute has no NICs"));
  opts.role_override = Role::Frontend;
  const InputError f = rejected(cn(kCn, kCnPriv), opts);
  CHECK(f.line() == 1);
  CHECK_THAT(f.message(), Catch::Contains("no <frontend> element"));
}

TEST_CASE("NIC attributes", "[vcout][errors]") {
  const std::string w = "<frontend>/<private>";
  REJECTS(fe(kFe, "<pri_vate ip='10.1.1.1' netmask='16'/>"), 3, "<frontend>/<pri_vate>",
          "must be a plain RFC 1123 label");
  REJECTS(fe(kFe, "<private netmask='16'/>"), 3, w + " attribute ip",
          "the attribute is missing; every NIC element needs ip=… and netmask=…");
  REJECTS(fe(kFe, "<private ip='10.1.1.300' netmask='16'/>"), 3, w + " attribute ip",
          "'10.1.1.300' is not an IPv4 or IPv6 address");
  REJECTS(fe(kFe, "<private ip=' 10.1.1.1' netmask='16'/>"), 3, w + " attribute ip", "is not an IPv4 or IPv6");
  REJECTS(fe(kFe, "<private ip='fe80::1%eth0' netmask='64'/>"), 3, w + " attribute ip", "is not an IPv4 or IPv6");
  REJECTS(fe(kFe, "<private ip='10.1.1.1'/>"), 3, w + " attribute netmask", "the attribute is missing");
  REJECTS(fe(kFe, "<private ip='10.1.1.1' netmask='255.0.255.0'/>"), 3, w + " attribute netmask",
          "'255.0.255.0' is not a usable IPv4 netmask: expected a dotted mask with contiguous ones");
  REJECTS(fe(kFe, "<private ip='10.1.1.1' netmask='0.0.0.0'/>"), 3, w + " attribute netmask",
          "is not a usable IPv4 netmask");
  REJECTS(fe(kFe, "<private ip='10.1.1.1' netmask='33'/>"), 3, w + " attribute netmask",
          "is not a usable IPv4 netmask");
  REJECTS(fe("fqdn='vc1.example.org'", "<private ip='fd00::1' netmask='255.255.255.0'/>"), 3, w + " attribute netmask",
          "is not a usable IPv6 prefix length");
  for (const char* mtu : {"9000x", "67", "65536", "", "-1500"})
    REJECTS(fe(kFe, std::string("<private ip='10.1.1.1' netmask='16' mtu='") + mtu + "'/>"), 3, w + " attribute mtu",
            "is not a valid MTU: expected a whole number from 68 to 65535");
  REJECTS(fe(kFe, "<private ip='10.1.1.1' netmask='16' mac='7a:77:6e:40:00'/>"), 3, w + " attribute mac",
          "'7a:77:6e:40:00' is not a MAC address");
  REJECTS(fe(kFe, kPriv + "\n<private ip='10.1.1.2' netmask='16'/>"), 4, w, "a second <private> NIC");
  // Multi-line elements: the attribute's own line is reported.
  REJECTS(fe(kFe, "<private ip='10.1.1.1'\n   netmask='255.255.0.0'\n   mac='zz'/>"), 5, w + " attribute mac",
          "'zz' is not a MAC address");
}

TEST_CASE("compute nodes on the frontend", "[vcout][errors]") {
  const std::string w = "<compute>/<node name=\"c0\">";
  REJECTS(fe(kFe, kPriv, "<node ip='10.1.1.2'/>"), 6, "<compute>/<node>", "the attribute name is missing");
  REJECTS(fe(kFe, kPriv, "<node name='compute_0' ip='10.1.1.2'/>"), 6, "<compute>/<node> attribute name",
          "'compute_0' is not a valid short host name");
  REJECTS(fe(kFe, kPriv, "<node name='c0.local' ip='10.1.1.2'/>"), 6, "<compute>/<node> attribute name",
          "is not a valid short host name");
  for (const char* cpus : {"0", "4097", "two", "-1", "1.5"})
    REJECTS(fe(kFe, kPriv, std::string("<node name='c0' ip='10.1.1.2' cpus='") + cpus + "'/>"), 6,
            w + " attribute cpus", "is not a CPU count: expected a whole number from 1 to 4096");
  REJECTS(fe(kFe, kPriv, "<node name='c0' mac='7a:77:6e:40:00:20'/>"), 6, w + " attribute ip",
          "neither NIC child elements (G1) nor an ip attribute (G0)");
  REJECTS(fe(kFe, kPriv, "<node name='c0' ip='10.1.1'/>"), 6, w + " attribute ip", "'10.1.1' is not an IPv4");
  REJECTS(fe(kFe, kPriv, "<node name='c0' ip='10.1.1.2' mac='7a:77'/>"), 6, w + " attribute mac",
          "is not a MAC address");
  REJECTS(fe("fqdn='vc1.example.org'", "<public ip='198.202.88.50' netmask='24'/>", "<node name='c0' ip='10.1.1.2'/>"),
          6, w + " attribute ip", "the frontend has no <private> NIC");
  REJECTS(fe(kFe, kPriv, "<node name='c0' gw='10.1.1' ip='10.1.1.2'/>"), 6, "<compute>/<node> attribute gw",
          "'10.1.1' is not an IPv4 or IPv6 address");
  REJECTS(fe(kFe, kPriv, "<node name='c0'>\n<private ip='10.1.1.2'/>\n</node>"), 7, w + "/<private> attribute netmask",
          "the attribute is missing");
  REJECTS(fe(kFe, kPriv, "<node name='c0'>\n<private ip='10.1.1.2' netmask='16'/><private ip='10.1.1.3' netmask='16'/>"
                         "\n</node>"),
          7, w + "/<private>", "a second <private> NIC on the same node");
}

TEST_CASE("DNS servers", "[vcout][errors]") {
  const std::string doc = cn(kCn, kCnPriv) + "";
  REJECTS("<vc>\n<compute " + kCn + ">" + kCnPriv + "</compute>\n<network>\n<dns ip='8.8.8.8,8.8.8'/>\n</network>\n</vc>",
          4, "<network>/<dns> attribute ip", "'8.8.8' is not an IPv4 or IPv6 address; expected a comma-separated");
  auto m = parse_vcout(doc);  // no <network>: a warning, not an error
  CHECK(m.dns.empty());
  bool warned = false;
  for (const auto& w : m.warnings) warned = warned || w.starts_with("vc-out.xml:1: no <network><dns ip=…>");
  CHECK(warned);
}

TEST_CASE("SSH keys in <key>", "[vcout][errors][keys]") {
  const InputError e = rejected(slurp("bad/key-options.xml"));
  CHECK(e.line() == 7);
  CHECK(e.where() == "<key>");
  CHECK_THAT(e.message(), Catch::Contains("key options (command=, from=, no-pty, …) are not allowed"));
  REJECTS(cn(kCn, kCnPriv, "no-pty ssh-ed25519 " + kEd), 5, "<key>", "key options");
  REJECTS(cn(kCn, kCnPriv, "from=\"10.0.0.0/8\" ssh-ed25519 " + kEd), 5, "<key>", "key options");
  REJECTS(cn(kCn, kCnPriv, "ssh-foo " + kEd), 5, "<key>", "'ssh-foo' is not a known SSH public key type");
  REJECTS(cn(kCn, kCnPriv, "ssh-ed25519"), 5, "<key>", "no base64 key data");
  REJECTS(cn(kCn, kCnPriv, "ssh-ed25519 AAAA*C3NzaC1lZDI1NTE5"), 5, "<key>", "not valid base64");
  REJECTS(cn(kCn, kCnPriv, "ssh-ed25519 " + kEd.substr(0, kEd.size() - 1)), 5, "<key>", "not valid base64");
  REJECTS(cn(kCn, kCnPriv, "ssh-rsa " + kEd + " me"), 5, "<key>", "does not encode an ssh-rsa key");
  REJECTS(cn(kCn, kCnPriv, "ssh-ed25519 AAAA"), 5, "<key>", "does not encode an ssh-ed25519 key");
  REJECTS(cn(kCn, kCnPriv, "ssh-ed25519 " + kEd + " root\x7f[2J"), 5, "<key>", "control character");
  // Multi-line: the failing line is counted from <key>.
  REJECTS(cn(kCn, kCnPriv, "\n  ssh-ed25519 " + kEd + " a\n\n  ssh-ed25519 " + kEd + "x b\n"), 8, "<key>",
          "not valid base64");
  // Only the first <key> counts.
  std::string two = cn(kCn, kCnPriv, "ssh-ed25519 " + kEd + " first");
  two.insert(two.rfind("</vc>"), "<key>garbage</key>\n");
  auto m = parse_vcout(two);
  REQUIRE(m.ssh_keys.size() == 1);
  CHECK(m.ssh_keys[0].comment == "first");
}

TEST_CASE("parse_ssh_keys directly", "[vcout][keys]") {
  auto keys = parse_ssh_keys("# a comment\n\n  ssh-ed25519 " + kEd + "\t  two words  \r\n" + "ssh-ed25519 " + kEd + "\n",
                             "f", 10, "w");
  REQUIRE(keys.size() == 2);
  CHECK(keys[0].comment == "two words");
  CHECK(keys[1].comment.empty());
  CHECK(keys[1].line() == "ssh-ed25519 " + kEd);
  try {
    parse_ssh_keys("ssh-ed25519 " + kEd + "\n\ncert-authority ssh-ed25519 " + kEd, "f", 10, "w");
    FAIL("options must be refused");
  } catch (const InputError& e) {
    CHECK(e.line() == 12);
    CHECK(e.file() == "f");
    CHECK(e.where() == "w");
  }
}

TEST_CASE("<report>", "[vcout][errors]") {
  const std::string tail = cn(kCn, kCnPriv).substr(0, cn(kCn, kCnPriv).size() - 6);  // without "</vc>\n"
  REJECTS(tail + "<report url='ftp://h/x' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url",
          "'ftp://h/x' is not a usable report URL");
  REJECTS(tail + "<report url='https://' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url", "report URL");
  REJECTS(tail + "<report url='http://h/a b' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url", "report URL");
  REJECTS(tail + "<report key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url", "the attribute is missing");
  REJECTS(tail + "<report url='http://10.0.0.1/'/>\n</vc>", 6, "<report> attribute key", "the attribute is missing");
  REJECTS(tail + "<report url='http://10.0.0.1/' key='not base64!'/>\n</vc>", 6, "<report> attribute key",
          "not valid base64");
  REJECTS(tail + "<report url='http://10.0.0.1/' key='c2VjcmV0' node='a b'/>\n</vc>", 6, "<report> attribute node",
          "not a valid RFC 1123 host name");
  // What the report client cannot send to would leave the node unreported for ever.
  REJECTS(tail + "<report url='https://10.0.0.1/r' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url",
          "'https://10.0.0.1/r' is not a usable report URL: https is not supported by the agent's report client");
  REJECTS(tail + "<report url='http://vc-host.example.org/r' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url",
          "is not a numeric IP address");
  REJECTS(tail + "<report url='http://10.0.0.1:99999/r' key='c2VjcmV0'/>\n</vc>", 6, "<report> attribute url",
          "report URL");
  auto m = parse_vcout(tail + "<report url='http://10.0.0.1:8080/r' key='c2VjcmV0'/>\n</vc>");
  REQUIRE(m.report);
  CHECK(m.report->url == "http://10.0.0.1:8080/r");
  CHECK(m.report->node.empty());
}

TEST_CASE("duplicates, gateways and names across the document", "[vcout][errors]") {
  const InputError mac = rejected(slurp("bad/duplicate-mac.xml"));
  CHECK(mac.line() == 11);
  CHECK(mac.where() == "<compute>/<node name=\"compute-1\">/<private> attribute mac");
  CHECK_THAT(mac.message(), Catch::Contains("MAC 7a:77:6e:40:00:12 is already used by <compute>/<node "
                                            "name=\"compute-0\">/<private> attribute mac on line 8"));
  REJECTS(fe(kFe, kPriv, "<node name='c0' ip='10.1.1.1'/>"), 6, "<compute>/<node name=\"c0\"> attribute ip",
          "IP address 10.1.1.1 is already used by <frontend>/<private> attribute ip on line 3");
  REJECTS(fe(kFe, kPriv, "<node name='c0' ip='10.1.1.2' mac='7A-77-6E-40-00-10'/>"), 6,
          "<compute>/<node name=\"c0\"> attribute mac", "MAC 7a:77:6e:40:00:10 is already used");
  REJECTS(slurp("bad/unreachable-gateway.xml"), 2, "<frontend> attribute gw",
          "route via an unreachable gateway: 192.168.7.1 is not inside the subnet of any of this node's NICs");
  REJECTS(fe("fqdn='vc1.example.org' gw='fd00::1'", kPriv), 2, "<frontend> attribute gw",
          "route via an unreachable gateway");
  REJECTS(cn("name='c0' gw='10.2.0.1'", kCnPriv), 2, "<compute> attribute gw", "route via an unreachable gateway");
  REJECTS(fe(kFe, kPriv, "<node name='compute-0' ip='10.1.1.2'/>\n<node name='Compute-0' ip='10.1.1.3'/>"), 7,
          "<compute>/<node name=\"Compute-0\">", "the name Compute-0 is already used by the <node> on line 6");
  REJECTS(fe(kFe, kPriv, "<node name='vc1' ip='10.1.1.2'/>"), 6, "<compute>/<node name=\"vc1\">",
          "a compute node is named like the frontend (vc1)");
}

TEST_CASE("host addresses that are network or broadcast addresses only warn", "[vcout]") {
  auto m = parse_vcout(fe(kFe, kPriv, "<node name='c0' ip='10.1.255.255'/>"));
  REQUIRE(m.warnings.size() == 2);  // no <key>, and the broadcast address
  CHECK(m.warnings[1] == "vc-out.xml:6: <compute>/<node name=\"c0\">: 10.1.255.255 is the broadcast address of "
                         "10.1.0.0/16, not a host address");
}
