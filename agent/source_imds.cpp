// The metadata services at 169.254.169.254: OpenStack first (its layout is the
// config drive's), then EC2 IMDS (IMDSv2 session token, v1 when no token is to be
// had). Asked only when DMI or the kernel command line names such a platform.
#include <cstdlib>

#include "agent/cloud_config.h"
#include "agent/ec2_network.h"
#include "agent/error.h"
#include "agent/http_get.h"
#include "agent/platform.h"
#include "agent/seed_model.h"
#include "agent/source.h"
#include "agent/text.h"
#include "agent/vcout_parser.h"
#include "netconf/inputs.h"

namespace vc {
namespace {

constexpr const char* kTokenHeader = "X-aws-ec2-metadata-token";

// GET url: the body on 200, nullopt on 404; anything else ends the source.
struct Fetcher {
  const NetBudget& budget;
  std::vector<std::pair<std::string, std::string>> headers;
  std::string failure;  // why the last fetch failed (not 404)

  std::optional<std::string> get(const std::string& url) {
    auto r = http_request({"GET", url, headers}, budget.deadline());
    if (r.status == 200) return r.body;
    if (r.status != 404) failure = url + ": " + (r.status ? "HTTP " + std::to_string(r.status) : r.error);
    return std::nullopt;
  }
};

std::optional<SourceHit> openstack(const SourceEnv& env, const std::string& base, std::string& why) {
  Fetcher f{env.budget, {}, {}};
  OpenStackFiles files;
  files.base = base + "/openstack/latest/";
  files.meta = f.get(files.base + "meta_data.json");
  if (!files.meta) {
    why = f.failure.empty() ? files.base + "meta_data.json: 404" : f.failure;
    return std::nullopt;
  }
  files.user = f.get(files.base + "user_data");
  files.net = f.get(files.base + "network_data.json");
  if (!f.failure.empty()) throw EnvError("OpenStack metadata service: " + f.failure);
  why = "OpenStack metadata service " + base;
  return openstack_hit(env, files, "openstack", base);
}

// public-keys/ lists "0=name" lines; each key is at public-keys/<n>/openssh-key.
std::string ec2_keys(Fetcher& f, const std::string& md) {
  std::string keys;
  auto list = f.get(md + "public-keys/");
  if (!list) return keys;
  for (std::string_view rest = *list; !rest.empty();) {
    const std::string_view line = next_line(rest);
    const auto eq = line.find('=');
    if (eq == std::string_view::npos || eq == 0) continue;
    if (auto k = f.get(md + "public-keys/" + std::string(line.substr(0, eq)) + "/openssh-key")) keys += *k + "\n";
  }
  return keys;
}

// network/interfaces/macs/ lists "<mac>/" lines; a few values per NIC, only
// those the network config is built from (never a crawl of the tree).
std::vector<Ec2NicMeta> ec2_nics(Fetcher& f, const std::string& md, std::string& listing) {
  std::vector<Ec2NicMeta> out;
  const std::string base = md + "network/interfaces/macs/";
  auto list = f.get(base);
  if (!list) return out;
  listing = *list;
  for (std::string_view rest = *list; !rest.empty();) {
    std::string mac(next_line(rest));
    while (!mac.empty() && (mac.back() == '/' || mac.back() == '\r' || mac.back() == ' ')) mac.pop_back();
    if (mac.empty()) continue;
    Ec2NicMeta n;
    n.url = base + mac + "/";
    n.mac = mac;
    n.network_card = f.get(n.url + "network-card");
    n.device_number = f.get(n.url + "device-number");
    n.local_ipv4s = f.get(n.url + "local-ipv4s");
    n.ipv4_cidr = f.get(n.url + "subnet-ipv4-cidr-block");
    n.ipv6s = f.get(n.url + "ipv6s");
    if (n.ipv6s && n.ipv6s->find('\n') != std::string::npos) n.ipv6_cidr = f.get(n.url + "subnet-ipv6-cidr-blocks");
    out.push_back(std::move(n));
  }
  return out;
}

// The machine's NICs as cloud-init configures them on EC2 (ec2_network.h).
void ec2_network(const SourceEnv& env, const std::vector<Ec2NicMeta>& nics, const std::string& md, SeedInput& in,
                 std::vector<std::string>& warnings) {
  if (nics.empty()) return;
  Ec2Network net = ec2_network_config(nics, env.links.available ? &env.links.by_mac : nullptr);
  warnings.insert(warnings.end(), net.warnings.begin(), net.warnings.end());
  if (net.yaml.empty()) return;
  in.network = netconf::from_network_config(net.yaml, md + "network/interfaces/macs/", &warnings, 2);
  for (const auto& p : net.primary) in.dhcp_addresses[p.ifname] = {p.ip, p.prefix};
}

std::optional<SourceHit> ec2(const SourceEnv& env, const std::string& base, std::string& why) {
  Fetcher f{env.budget, {}, {}};
  // IMDSv2: a session token first. No token (an old or v1-only service): v1 requests.
  auto tok = http_request({"PUT", base + "/latest/api/token", {{"X-aws-ec2-metadata-token-ttl-seconds", "300"}}},
                          env.budget.deadline());
  std::string mode = "IMDSv1";
  if (tok.status == 200 && !tok.body.empty()) {
    f.headers.emplace_back(kTokenHeader, tok.body);
    mode = "IMDSv2";
  } else if (tok.status == 0 && env.budget.expired()) {
    why = "EC2 IMDS " + base + ": token request: " + tok.error;
    return std::nullopt;
  }
  const std::string md = base + "/latest/meta-data/";
  auto id = f.get(md + "instance-id");
  if (!id) {
    why = "EC2 IMDS " + base + ": " + (f.failure.empty() ? "no instance-id" : f.failure);
    return std::nullopt;
  }
  auto host = f.get(md + "local-hostname");
  const std::string keys = ec2_keys(f, md);
  auto user = f.get(base + "/latest/user-data");
  std::string listing;
  const auto nics = ec2_nics(f, md, listing);
  if (!f.failure.empty()) throw EnvError("EC2 IMDS: " + f.failure);

  SeedInput in;
  in.kind = "ec2";
  in.where = base;
  in.role_override = env.options.role;
  in.meta.instance_id = *id;
  std::vector<std::string> net_warnings;
  // The service's answer, not a file an admin wrote: a name we cannot use is
  // left out (the node keeps its name) and said, rather than failing the boot.
  if (host && is_valid_hostname(*host) && !is_loopback_name(*host)) in.meta.local_hostname = *host;
  else if (host)
    net_warnings.push_back(md + "local-hostname: " +
                           (is_valid_hostname(*host) ? "'" + *host + "' is a loopback name"  // safe to echo
                                                     : std::string("not a valid host name (RFC 1123)")) +
                           "; the host name is left unchanged");
  if (!keys.empty()) in.meta.public_keys = parse_ssh_keys(keys, md + "public-keys/", 1, "openssh-key");
  if (user) in.config = parse_cloud_config(*user, base + "/latest/user-data");
  ec2_network(env, nics, md, in, net_warnings);
  SourceHit hit;
  hit.model = model_from_seed(std::move(in));
  hit.model.warnings.insert(hit.model.warnings.end(), net_warnings.begin(), net_warnings.end());
  std::string nic_bytes = listing;  // what the network config was made from, for the input hash
  for (const auto& n : nics)
    for (const auto* v : {&n.network_card, &n.device_number, &n.local_ipv4s, &n.ipv4_cidr, &n.ipv6s, &n.ipv6_cidr})
      nic_bytes += "\n" + v->value_or("-");
  const std::optional<std::string> idv = id, keyv = keys, netv = nic_bytes;
  hit.bytes = nics.empty() ? seed_bytes({&idv, &host, &keyv, &user}) : seed_bytes({&idv, &host, &keyv, &user, &netv});
  why = "EC2 IMDS " + base + " (" + mode + ")";
  return hit;
}

}  // namespace

DmiInfo read_dmi(const RootView& root) {
  auto f = [&](const char* name) { return root.read(std::string("/sys/class/dmi/id/") + name).value_or(""); };
  return {f("sys_vendor"), f("product_name"), f("chassis_asset_tag"), f("board_vendor")};
}

std::string metadata_base_url() {
  const char* u = std::getenv("VC_AGENT_METADATA_URL");
  std::string base = u && *u ? u : "http://169.254.169.254";
  while (!base.empty() && base.back() == '/') base.pop_back();
  return base;
}

std::optional<SourceHit> read_imds(const SourceEnv& env, std::string& why) {
  const auto hint = platform_hint(read_dmi(env.root), env.root.read("/proc/cmdline").value_or(""));
  // Never crawl: without a platform that has one, no request goes out at all.
  if (!hint.openstack && !hint.ec2) {
    why = hint.cloudstack ? "no EC2 or OpenStack platform named (" + hint.why + ")" : hint.why;
    return std::nullopt;
  }
  const std::string base = metadata_base_url();
  env.need_network();
  std::string os_why, ec2_why;
  if (hint.openstack) {
    if (auto hit = openstack(env, base, os_why)) {
      why = hint.why + ": " + os_why;
      return hit;
    }
  }
  // OpenStack also serves the EC2 layout; EC2 proper has only that.
  if (auto hit = ec2(env, base, ec2_why)) {
    why = hint.why + ": " + ec2_why;
    return hit;
  }
  why = hint.why + ": " + (os_why.empty() ? "" : os_why + "; ") + ec2_why;
  return std::nullopt;
}

}  // namespace vc
