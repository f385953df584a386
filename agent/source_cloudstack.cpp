// CloudStack: the virtual router that answered DHCP serves user-data at
// http://<DHCP server>/latest/user-data; on a pragma_boot CloudStack site that is
// a vc-out.xml (vc-out-parser parity). Asked only when a DHCP lease names a server.
#include <cstdlib>

#include "agent/error.h"
#include "agent/http_get.h"
#include "agent/platform.h"
#include "agent/source.h"
#include "agent/vcout_parser.h"

namespace vc {
namespace {

// Where the DHCP clients keep their leases (dhclient on Debian and EL, networkd,
// udhcpc's script output on Alpine-style images).
const char* const kLeaseDirs[] = {"/var/lib/dhcp", "/var/lib/dhclient", "/run/systemd/netif/leases", "/run/udhcpc",
                                  "/run/vc-agent"};

}  // namespace

std::optional<SourceHit> read_cloudstack(const SourceEnv& env, std::string& why) {
  const auto hint = platform_hint(read_dmi(env.root), env.root.read("/proc/cmdline").value_or(""));
  // Every libvirt guest has a DHCP lease; only a CloudStack guest's router serves user-data.
  if (!hint.cloudstack) {
    why = "no CloudStack platform named (" + hint.why + ")";
    return std::nullopt;
  }
  env.need_network();  // an ephemeral lease (in /run/vc-agent) names the router too
  std::optional<std::string> server;
  std::string lease_file;
  for (const char* dir : kLeaseDirs) {
    for (const auto& name : env.root.list(dir)) {
      auto text = env.root.read(std::string(dir) + "/" + name);
      if (!text) continue;
      if (auto s = lease_dhcp_server(*text)) {
        server = s;
        lease_file = std::string(dir) + "/" + name;
      }
    }
  }
  if (!server) {
    why = "no DHCP lease names a server (/var/lib/dhcp, /var/lib/dhclient, /run/systemd/netif/leases)";
    return std::nullopt;
  }
  // VC_AGENT_METADATA_URL stands in for the router in tests.
  const std::string base = std::getenv("VC_AGENT_METADATA_URL") ? metadata_base_url() : "http://" + *server;
  const std::string url = base + "/latest/user-data";
  why = hint.why + ", ";
  auto r = http_request({"GET", url, {}}, env.budget.deadline(), kMaxVcOutBytes);
  if (r.status != 200) {
    why += lease_file + " names " + *server + "; " + url + ": " + (r.status ? "HTTP " + std::to_string(r.status) : r.error);
    return std::nullopt;
  }
  if (r.body.find("<vc") == std::string::npos) {
    why += url + " holds no vc-out.xml";
    return std::nullopt;
  }
  VcOutParseOptions popts;
  popts.file_name = url;
  popts.role_override = env.options.role;
  SourceHit hit;
  hit.model = parse_vcout(r.body, popts);
  hit.model.source = "cloudstack:" + url;
  hit.bytes = std::move(r.body);
  why += lease_file + " names DHCP server " + *server + ": " + url;
  return hit;
}

}  // namespace vc
