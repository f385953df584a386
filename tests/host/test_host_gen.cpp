// vc-host gen: the spec → G1 vc-out.xml / NoCloud, checked against pragma_boot's
// shape (the repository's examples are exactly what gen writes for the vc7 spec
// with `host_keys: []`; test_host_keys.cpp covers the key elements).
#include <catch2/catch.hpp>

#include "agent/error.h"
#include "agent/vcout_parser.h"
#include "host/gen.h"
#include "host/spec.h"
#include "test_support.h"

using namespace vctest;
using namespace vc::host;

namespace {

const std::string kKey =
    "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj admin@vc7-site";

ClusterSpec vc7() {
  const auto path = source_dir() / "tests/host/data/vc7.yaml";
  return parse_spec({path.string(), slurp(path)}, kKey + "\n");
}

// The example without its explanatory comment.
std::string example(const char* name) {
  std::string x = slurp(source_dir() / "examples" / name);
  const auto c = x.find("<!--");
  if (c != std::string::npos) x.erase(c, x.find("-->\n") + 4 - c);
  return x;
}

std::string without_report(std::string x) {
  const auto r = x.find("  <report ");
  REQUIRE(r != std::string::npos);
  return x.erase(r, x.find('\n', r) + 1 - r);
}

std::string spec_error(const std::string& yaml) {
  try {
    parse_spec({"spec.yaml", yaml}, kKey);
  } catch (const vc::InputError& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("the vc7 example spec resolves like pragma_boot's allocate") {
  const auto c = vc7();
  CHECK(c.cluster == "vc7");
  CHECK(c.fe_name == "vc7");
  CHECK(c.fe_gw.str() == "198.51.100.1");
  CHECK(vc::host::ssh_key_path({"x", slurp(source_dir() / "tests/host/data/vc7.yaml")}) == "id_ed25519.pub");
  REQUIRE(c.computes.size() == 2);
  CHECK(c.computes[0].name == "compute-0");
  CHECK(c.computes[0].private_nic.ip.str() == "10.1.255.254");
  CHECK(c.computes[0].private_nic.mac == "52:54:00:aa:01:00");
  CHECK(c.computes[1].private_nic.ip.str() == "10.1.255.253");
  CHECK(c.computes[1].private_nic.mac == "52:54:00:aa:01:01");
  CHECK(c.computes[1].cpus == 2);
  CHECK(c.report_url == "http://127.0.0.1:8775/v1/report");
}

TEST_CASE("gen writes pragma_boot's G1 files plus <report>") {
  auto c = vc7();
  c.fe_key_base64 = "RkVLRVk=";
  c.computes[0].key_base64 = "QzBLRVk=";
  c.computes[1].key_base64 = "QzFLRVk=";
  const auto fe = render_frontend_vcout(c);
  CHECK(without_report(fe) == example("frontend-vc-out.xml"));
  CHECK(fe.find("  <report cluster=\"vc7\" key=\"RkVLRVk=\" node=\"vc7\" url=\"http://127.0.0.1:8775/v1/report\"/>\n"
                "</vc>\n") != std::string::npos);
  const auto c0 = render_compute_vcout(c, c.computes[0]);
  CHECK(without_report(c0) == example("compute-vc-out.xml"));
  CHECK(c0.find("node=\"compute-0\"") != std::string::npos);

  // The agent reads them back: role, name and report target.
  auto m = vc::parse_vcout(c0, {});
  CHECK(m.role == vc::Role::Compute);
  CHECK(m.name == "compute-0");
  REQUIRE(m.report);
  CHECK(m.report->node == "compute-0");
  CHECK(m.report->key_base64 == "QzBLRVk=");
  auto fm = vc::parse_vcout(fe, {});
  CHECK(fm.role == vc::Role::Frontend);
  CHECK(fm.computes.size() == 2);
  CHECK(fm.report->node == "vc7");
}

TEST_CASE("gen --format nocloud: meta-data, #cloud-config and network-config v2") {
  auto c = vc7();
  c.computes[1].key_base64 = "QzFLRVk=";
  const auto seed = render_compute_nocloud(c, c.computes[1]);
  CHECK(seed.at("meta-data") == "instance-id: \"vc7-compute-1\"\nlocal-hostname: \"compute-1\"\n");
  CHECK(seed.at("user-data") ==
        "#cloud-config\nhostname: \"compute-1\"\nfqdn: \"compute-1.local\"\nprefer_fqdn_over_hostname: false\n"
        "disable_root: false\nssh_authorized_keys:\n  - \"" + kKey + "\"\n"
        "vc_report:\n  url: \"http://127.0.0.1:8775/v1/report\"\n  cluster: \"vc7\"\n  node: \"compute-1\"\n"
        "  key: \"QzFLRVk=\"\nvc_cluster:\n  role: compute\n  frontend_fqdn: \"vc7.example.org\"\n"
        "  networks: {eth0: private}\n");
  CHECK(seed.at("network-config") ==
        "network:\n  version: 2\n  ethernets:\n    eth0:\n      match:\n        macaddress: \"52:54:00:aa:01:01\"\n"
        "      set-name: eth0\n      addresses: [10.1.255.253/16]\n      routes:\n        - to: 0.0.0.0/0\n"
        "          via: 10.1.1.1\n      nameservers:\n        search: [local]\n        addresses: [198.51.100.53]\n");
  const auto fe = render_frontend_nocloud(c);
  CHECK(fe.at("network-config").find("    eth1:\n      match:\n        macaddress: \"52:54:00:aa:00:02\"\n") !=
        std::string::npos);
  CHECK(fe.at("network-config").find("via: 198.51.100.1") != std::string::npos);
  CHECK(fe.at("user-data").find("fqdn: \"vc7.example.org\"\n") != std::string::npos);
}

TEST_CASE("spec errors name the key and its line") {
  const std::string ok_fe =
      "frontend:\n  fqdn: a.example.org\n  public: {ip: 192.0.2.5, netmask: 255.255.255.0, gw: 192.0.2.1, mac: "
      "\"52:54:00:00:00:02\"}\n  private: {ip: 10.1.1.1, netmask: 255.255.0.0, mac: \"52:54:00:00:00:01\"}\n";
  CHECK(spec_error("cluster: a\n" + ok_fe + "computes: {count: 1, mac_prefix: \"52:54:00:01\"}\n") == "no error");
  CHECK(spec_error("cluster: a\n" + ok_fe + "computes: {count: 1, mac_prefix: \"52:54:00:01\"}\nfoo: 1\n") ==
        "spec.yaml:7: foo: unknown key");
  CHECK(spec_error("cluster: a\n" + ok_fe + "computes: {count: x, mac_prefix: \"52:54:00:01\"}\n") ==
        "spec.yaml:6: computes.count: 'x' is not an integer in 0..4096");
  CHECK(spec_error("cluster: a\n" + ok_fe + "computes: {count: 1, mac_prefix: \"52:54\"}\n") ==
        "spec.yaml:6: computes.mac_prefix: expected 3 to 5 octets, e.g. \"52:54:00:aa:01\"");
  CHECK(spec_error("cluster: a\n" + ok_fe + "computes: {count: 1}\n") == "spec.yaml:6: computes.mac_prefix: missing");
  CHECK(spec_error("cluster: a b\n" + ok_fe + "computes: {count: 0}\n") ==
        "spec.yaml:1: cluster: 'a b' is not a DNS label");
  std::string bad_ip = ok_fe;
  bad_ip.replace(bad_ip.find("10.1.1.1"), 8, "10.1.1.300");
  CHECK(spec_error("cluster: a\n" + bad_ip + "computes: {count: 0}\n") ==
        "spec.yaml:5: frontend.private.ip: '10.1.1.300' is not an IPv4 address");
  std::string small = ok_fe;
  small.replace(small.find("255.255.0.0"), 11, "255.255.255.252");
  CHECK(spec_error("cluster: a\n" + small + "computes: {count: 2, mac_prefix: \"52:54:00:01\"}\n") ==
        "spec.yaml:6: computes.count: 2 computes do not fit in the private subnet");
  CHECK(spec_error("cluster: [\n") .starts_with("spec.yaml:2: "));
}
