// Seed host names follow vc-out.xml's rule: a loopback name (localhost,
// localhost.*, ip6-localhost, ip6-loopback, any case) is refused with file,
// line and key, exit 2 and nothing changed, where before it planned
// /etc/hostname=localhost.
#include <catch2/catch.hpp>

#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/openstack_meta.h"
#include "seed_fixture.h"

using namespace vctest;

namespace {

std::string error_of(auto&& f) {
  try {
    f();
  } catch (const vc::InputError& e) {
    return e.message();
  }
  return "no error";
}

const char* const kWhy = " is a loopback name (/etc/hosts keeps it for 127.0.0.1)";

}  // namespace

TEST_CASE("meta-data local-hostname: a loopback name is refused with file, line and key") {
  for (const std::string name : {"localhost", "LocalHost", "localhost.localdomain", "ip6-localhost", "ip6-loopback"}) {
    INFO(name);
    CHECK(error_of([&] { vc::parse_nocloud_meta("instance-id: i-1\nlocal-hostname: " + name + "\n", "md"); }) ==
          "md:2: local-hostname: '" + name + "'" + kWhy);
  }
  // Names that merely contain it are fine.
  CHECK(vc::parse_nocloud_meta("instance-id: i\nlocal-hostname: localhost1\n", "md").local_hostname == "localhost1");
  CHECK(vc::parse_nocloud_meta("instance-id: i\nlocal-hostname: my-localhost\n", "md").local_hostname ==
        "my-localhost");
}

TEST_CASE("OpenStack meta_data.json hostname or name: a loopback name is refused with file, line and key") {
  CHECK(error_of([] { vc::parse_openstack_meta("{\"uuid\": \"u\",\n \"hostname\": \"localhost\"}", "md.json"); }) ==
        std::string("md.json:2: hostname: 'localhost'") + kWhy);
  CHECK(error_of([] { vc::parse_openstack_meta("{\"uuid\": \"u\", \"name\": \"ip6-loopback\"}", "md.json"); }) ==
        std::string("md.json:1: name: 'ip6-loopback'") + kWhy);
  CHECK(vc::parse_openstack_meta("{\"uuid\": \"u\", \"hostname\": \"vm-localhost\"}", "md.json").local_hostname ==
        "vm-localhost");
}

TEST_CASE("cloud-config hostname, fqdn and vc_cluster names: loopback names refused") {
  CHECK(error_of([] { vc::parse_cloud_config("#cloud-config\nhostname: localhost\n", "ud"); }) ==
        std::string("ud:2: hostname: 'localhost'") + kWhy);
  CHECK(error_of([] { vc::parse_cloud_config("#cloud-config\nhostname: n1\nfqdn: localhost.localdomain\n", "ud"); }) ==
        std::string("ud:3: fqdn: 'localhost.localdomain'") + kWhy);
  CHECK(error_of([] {
          vc::parse_cloud_config("#cloud-config\nvc_cluster:\n  role: compute\n  frontend_fqdn: ip6-localhost\n", "ud");
        }) == std::string("ud:4: vc_cluster.frontend_fqdn: 'ip6-localhost'") + kWhy);
  CHECK(error_of([] {
          vc::parse_cloud_config("#cloud-config\nvc_cluster:\n  role: frontend\n  computes:\n"
                                 "    - {name: localhost, ip: 10.1.255.254/16}\n",
                                 "ud");
        }).starts_with("ud:5: vc_cluster.computes[0].name: 'localhost'"));
  CHECK(vc::parse_cloud_config("#cloud-config\nhostname: n1\nfqdn: n1.localhost.example\n", "ud").fqdn ==
        "n1.localhost.example");
}

TEST_CASE("a NoCloud seed naming the node localhost: exit 2, meta-data line named, nothing changed") {
  SeededRoot s("instance-id: iid-1\nlocal-hostname: localhost\n", "#cloud-config\nmanage_etc_hosts: true\n");
  const auto before = snapshot(s.root);
  auto r = s.apply();
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find((s.seed / "meta-data").string() + ":2: local-hostname: 'localhost' is a loopback name") !=
        std::string::npos);
  CHECK(r.err.find("nothing was changed") != std::string::npos);
  CHECK(snapshot(s.root) == before);
}
