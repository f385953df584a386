// The #cloud-config subset, NoCloud meta-data and OpenStack meta_data.json parsers,
// and seed → Model (agent/cloud_config.h, agent/openstack_meta.h, agent/seed_model.h).
#include <catch2/catch.hpp>

#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/openstack_meta.h"
#include "agent/platform.h"
#include "agent/seed_model.h"
#include "netconf/inputs.h"

using namespace vc;

namespace {

const std::string kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAn3mSpJpIY6IomBZpQ/HEmy6Ioiq2THzK2l0zt1uRbj a@b";

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const InputError& e) {
    return e.message();
  }
  return "no error";
}

}  // namespace

TEST_CASE("cloud-config: the subset is read, every other key named in one warning") {
  auto cc = parse_cloud_config("#cloud-config\nhostname: n1\nfqdn: n1.example.org\nprefer_fqdn_over_hostname: yes\n"
                               "manage_etc_hosts: localhost\nruncmd: [ls]\nssh_deletekeys: false\n"
                               "ssh_genkeytypes: [ed25519, dsa]\ndisable_root: false\nssh_authorized_keys:\n  - " +
                                   kKey + "\npackages: [x]\n",
                               "user-data");
  CHECK(cc.present);
  CHECK(cc.hostname == "n1");
  CHECK(cc.fqdn == "n1.example.org");
  CHECK(cc.prefer_fqdn_over_hostname == true);
  CHECK(cc.manage_etc_hosts == true);
  CHECK(cc.ssh_deletekeys == false);
  CHECK(cc.ssh_genkeytypes == std::vector<std::string>{"ed25519"});
  CHECK(cc.disable_root == false);
  REQUIRE(cc.ssh_authorized_keys.size() == 1);
  CHECK(cc.ssh_authorized_keys[0].comment == "a@b");
  REQUIRE(cc.warnings.size() == 2);
  CHECK(cc.warnings[0].find("dsa host keys are not generated") != std::string::npos);
  CHECK(cc.warnings[1] == "user-data: cloud-config keys vc-agent does not apply, ignored: runcmd (line 6), packages (line 12)");
}

TEST_CASE("cloud-config: users, scripts and errors with file and line") {
  auto cc = parse_cloud_config("#cloud-config\nusers:\n  - default\n  - name: root\n    ssh_authorized_keys: [\"" + kKey +
                                   "\"]\n  - name: bob\n    sudo: ALL\n    ssh_authorized_keys: [\"" + kKey + "\"]\n",
                               "ud");
  CHECK(cc.root_user_keys.size() == 1);
  REQUIRE(cc.warnings.size() == 2);
  CHECK(cc.warnings[0].find("ud:7") != std::string::npos);
  CHECK(cc.warnings[1].find("user 'bob' ignored") != std::string::npos);

  auto script = parse_cloud_config("#!/bin/sh\necho hi\n", "ud");
  CHECK_FALSE(script.present);
  REQUIRE(script.warnings.size() == 1);
  CHECK(script.warnings[0].find("not #cloud-config") != std::string::npos);

  CHECK(error_of([] { parse_cloud_config("#cloud-config\nhostname: [a\n", "ud"); }).starts_with("ud:3: not valid YAML"));
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nfqdn: bad_name!\n", "ud"); }) ==
        "ud:2: fqdn: 'bad_name!' is not a valid host name (RFC 1123)");
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nssh_genkeytypes: [foo]\n", "ud"); }) ==
        "ud:2: ssh_genkeytypes[0]: 'foo' is not rsa, ecdsa or ed25519");
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nvc_cluster: {role: boss}\n", "ud"); }) ==
        "ud:2: vc_cluster.role: 'boss' is not frontend or compute");
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nssh_authorized_keys: [\"ssh-rsa !!!\"]\n", "ud"); })
            .starts_with("ud:2: "));
  // vc_report.url: what the agent's report client can send to, as vc-out.xml's <report url>.
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nvc_report:\n  url: https://10.0.0.1/r\n", "ud"); }) ==
        "ud:3: vc_report.url: not a usable report URL: https is not supported by the agent's report client; use "
        "http:// (the report is signed)");
  CHECK(error_of([] { parse_cloud_config("#cloud-config\nvc_report:\n  url: http://h.example/r\n", "ud"); })
            .starts_with("ud:3: vc_report.url: not a usable report URL: 'h.example' is not a numeric IP address"));
  CHECK(parse_cloud_config("#cloud-config\nvc_report:\n  url: http://10.0.0.1:8775/v1/report\n", "ud").report->url ==
        "http://10.0.0.1:8775/v1/report");
}

TEST_CASE("meta-data: instance-id is required, and OpenStack meta_data.json") {
  auto m = parse_nocloud_meta("instance-id: i-1\nlocal-hostname: h1\nfoo: 1\n", "meta-data");
  CHECK(m.instance_id == "i-1");
  CHECK(m.local_hostname == "h1");
  REQUIRE(m.warnings.size() == 1);
  CHECK(m.warnings[0].find("meta-data:3") != std::string::npos);
  CHECK(error_of([] { parse_nocloud_meta("local-hostname: h1\n", "meta-data"); }) ==
        "meta-data:1: instance-id: a value is required");
  CHECK(error_of([] { parse_nocloud_meta("instance-id: [\n", "meta-data"); }).starts_with("meta-data:2: not valid YAML"));

  auto os = parse_openstack_meta("{\"uuid\": \"u-1\", \"hostname\": \"vm.novalocal\",\n \"public_keys\": {\"k\": \"" +
                                     kKey + "\"}}",
                                 "meta_data.json");
  CHECK(os.instance_id == "u-1");
  CHECK(os.local_hostname == "vm.novalocal");
  CHECK(os.public_keys.size() == 1);
  CHECK(error_of([] { parse_openstack_meta("{\n\"uuid\": \"x\",\n}", "meta_data.json"); })
            .starts_with("meta_data.json:3: not valid JSON"));
  CHECK(error_of([] { parse_openstack_meta("{\"hostname\": \"a\"}", "meta_data.json"); }) ==
        "meta_data.json:1: uuid: a value is required");
}

TEST_CASE("seed → Model: vc_cluster roles, NICs from the network, hostname and key rules") {
  SeedInput in;
  in.kind = "nocloud";
  in.where = "/seed";
  in.meta = parse_nocloud_meta("instance-id: vc7-compute-0\nlocal-hostname: compute-0\n", "meta-data");
  in.config = parse_cloud_config("#cloud-config\nhostname: compute-0\nfqdn: compute-0.local\nssh_authorized_keys: [\"" +
                                     kKey + "\"]\nvc_cluster:\n  role: compute\n  frontend_fqdn: vc7.example.org\n"
                                     "  networks: {eth0: private}\n",
                                 "user-data");
  in.network = netconf::from_network_config(
      "version: 2\nethernets:\n  eth0:\n    match: {macaddress: \"52:54:00:aa:01:00\"}\n    set-name: eth0\n"
      "    addresses: [10.1.255.254/16]\n    routes: [{to: 0.0.0.0/0, via: 10.1.1.1}]\n"
      "    nameservers: {addresses: [198.51.100.53]}\n",
      "network-config");
  Model m = model_from_seed(in);
  CHECK(m.role == Role::Compute);
  CHECK(m.name == "compute-0");
  CHECK(m.fqdn.empty());
  CHECK(m.fe_fqdn == "vc7.example.org");
  CHECK(m.fe_name == "vc7");
  CHECK(m.instance_id == "vc7-compute-0");
  REQUIRE(m.nics.size() == 1);
  CHECK(m.nics[0].network == "private");
  CHECK(m.nics[0].ip.str() == "10.1.255.254");
  CHECK(m.nics[0].prefix == 16);
  CHECK(m.nics[0].mac == "52:54:00:aa:01:00");
  REQUIRE(m.gateway);
  CHECK(m.gateway->str() == "10.1.1.1");
  REQUIRE(m.dns.size() == 1);
  CHECK(m.ssh_keys.empty());  // disable_root not false: cloud-init's default keeps root shut
  CHECK(m.warnings.back().find("not given to root") != std::string::npos);
  CHECK(m.source == "nocloud:/seed");

  // A plain seed: standalone (frontend) node; prefer_fqdn_over_hostname decides the hostname.
  SeedInput plain;
  plain.kind = "nocloud";
  plain.where = "/s";
  plain.meta = parse_nocloud_meta("instance-id: i\nlocal-hostname: web1.example.org\n", "meta-data");
  plain.config = parse_cloud_config("#cloud-config\nprefer_fqdn_over_hostname: false\nmanage_etc_hosts: false\n", "ud");
  Model p = model_from_seed(plain);
  CHECK(p.role == Role::Frontend);
  CHECK(p.name == "web1");
  CHECK(p.fqdn == "web1.example.org");
  CHECK(p.static_hostname == "web1");
  CHECK_FALSE(p.manage_etc_hosts);
  CHECK_FALSE(p.manage_network);
  plain.role_override = Role::Compute;
  CHECK(model_from_seed(plain).role == Role::Compute);
}

TEST_CASE("network-config: config: disabled leaves the network alone") {
  CHECK(network_config_disabled("network: {config: disabled}\n"));
  CHECK(network_config_disabled("config: disabled\n"));
  CHECK_FALSE(network_config_disabled("version: 2\nethernets: {}\n"));
  CHECK_FALSE(network_config_disabled("network: [\n"));
}

TEST_CASE("platform: ds= lines, DMI hints, DHCP leases") {
  auto d = find_ds_line("BOOT_IMAGE=/vmlinuz ro ds=nocloud;s=http://10.0.0.1:8000/__dmi.system-serial-number__/;i=x quiet");
  REQUIRE(d);
  CHECK(d->ds == "nocloud");
  CHECK(d->seedfrom == "http://10.0.0.1:8000/__dmi.system-serial-number__/");
  CHECK(d->instance_id == "x");
  CHECK(expand_dmi(d->seedfrom, {{"system-serial-number", "abc"}}) == "http://10.0.0.1:8000/abc/");
  CHECK(find_ds_line("ds=nocloud-net,s=/srv/seed/\n")->seedfrom == "/srv/seed/");
  CHECK_FALSE(find_ds_line("ro quiet"));
  CHECK_FALSE(find_ds_line("ds=ec2"));

  CHECK(platform_hint({"QEMU", "OpenStack Nova", "", ""}, "").openstack);
  CHECK(platform_hint({"Amazon EC2", "m5.large", "", ""}, "").ec2);
  CHECK(platform_hint({"", "", "OpenTelekomCloud", ""}, "").openstack);
  auto none = platform_hint({"QEMU", "Standard PC (Q35 + ICH9, 2009)", "", ""}, "ro");
  CHECK_FALSE(none.openstack);
  CHECK_FALSE(none.ec2);
  CHECK(none.why.find("name no metadata service") != std::string::npos);
  CHECK(platform_hint({}, "ds=ec2").ec2);

  CHECK(lease_dhcp_server("lease {\n  option dhcp-server-identifier 10.0.0.1;\n}\nlease {\n"
                          "  option dhcp-server-identifier 10.0.0.2;\n}\n") == "10.0.0.2");
  CHECK(lease_dhcp_server("ADDRESS=10.0.0.5\nSERVER_ADDRESS=10.0.0.1\n") == "10.0.0.1");
  CHECK_FALSE(lease_dhcp_server("SERVER_ADDRESS=nonsense\n"));
}
