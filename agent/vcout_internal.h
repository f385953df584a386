#pragma once
// Pieces of the vc-out.xml parser shared between its translation units.
// Not a public interface: only agent/vcout_*.cpp and ssh_key_parse.cpp include it.
#include <tinyxml2.h>

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "agent/error.h"
#include "agent/model.h"

namespace vc::vcout {

// What every step needs to report a finding: the file name for messages and
// the list warnings go to.
struct Ctx {
  std::string file;
  std::vector<std::string>* warnings = nullptr;

  [[noreturn]] void fail(int line, std::string where, const std::string& what) const {
    throw InputError(file, line, std::move(where), what);
  }
  void warn(int line, const std::string& text) const {
    warnings->push_back(file + ":" + std::to_string(line) + ": " + text);
  }
};

// Raw-byte checks, before tinyxml2 sees anything: size, UTF-8, DTDs.
void check_raw_bytes(std::string_view bytes, const Ctx& ctx);
// Documents that are <vc> but not a vc-out.xml: vc-in.xml and the 2013 drafts.
void reject_foreign_shapes(const tinyxml2::XMLElement& vc, const Ctx& ctx);

// "<tag>" or "<parent>/<tag>".
std::string elem_where(const tinyxml2::XMLElement& el, std::string_view prefix = {});
int attr_line(const tinyxml2::XMLElement& el, const char* name);

// One NIC element under `parent` ("<frontend>"), or under a <compute>/<node>.
Nic parse_nic(const tinyxml2::XMLElement& el, std::string_view parent, const Ctx& ctx,
              const tinyxml2::XMLElement* node = nullptr);
// An address attribute (gateways): must be present-or-absent, and an IP if present.
std::optional<netconf::IpAddress> parse_ip_attr(const tinyxml2::XMLElement& el, const char* name,
                                                std::string_view where_prefix, const Ctx& ctx);

// FE only: the <node> list. `fe_private` is the FE's own private NIC (may be
// null): a G0 <node ip=…> borrows its netmask.
std::vector<ComputeNode> parse_computes(const tinyxml2::XMLElement& compute, const Nic* fe_private,
                                        const Ctx& ctx);
std::vector<netconf::IpAddress> parse_dns(const tinyxml2::XMLElement& vc, const Ctx& ctx);
std::optional<ReportTarget> parse_report(const tinyxml2::XMLElement& vc, const Ctx& ctx);
// <hostkeys>/<hostkey> and <known_hosts>/<host> (vcout_ssh.cpp); empty when absent.
std::vector<GivenHostKey> parse_host_keys(const tinyxml2::XMLElement& vc, const Ctx& ctx);
std::vector<KnownHost> parse_known_hosts(const tinyxml2::XMLElement& vc, const Ctx& ctx);

// Where the parts of the Model that do not carry a line came from.
struct Provenance {
  int gateway_line = 0;
  std::string gateway_where;  // "<frontend> attribute gw"
  std::string own_prefix;     // "<frontend>" or "<compute>": where own NICs live
  int name_line = 0;          // where the own name came from
  std::string name_where;
};

// Cross-element checks on a finished Model: duplicates, gateway reachability.
void validate_model(const Model& m, const Provenance& prov, const Ctx& ctx);

// Text fit for a message: quoted, control characters escaped, long values cut.
std::string quote(std::string_view value);
// A whole decimal number in [lo, hi]; nullopt otherwise (no sign, no blanks).
std::optional<int> parse_int(std::string_view text, int lo, int hi);

// The next uint32-length-prefixed string of an SSH wire blob (RFC 4251 §5),
// consumed from `blob`; nullopt when truncated.
std::optional<std::string_view> wire_string(std::string_view& blob);

// Strict RFC 4648 base64 (padding required). nullopt when invalid.
std::optional<std::string> base64_decode(std::string_view text);

}  // namespace vc::vcout
