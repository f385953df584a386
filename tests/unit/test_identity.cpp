// Hostname, resolver, SSH keys and machinefile planners on models and fixture roots
// (/etc/hosts: test_hosts.cpp).
#include <algorithm>
#include <catch2/catch.hpp>

#include "identity_fixtures.h"

using namespace idfix;

TEST_CASE("node_hostname follows vc-out-parser") {
  auto fe = frontend();
  CHECK(node_hostname(fe) == "vc-fe.example.org");
  fe.fqdn.clear();
  CHECK(node_hostname(fe) == "vc-fe");
  CHECK(node_hostname(compute()) == "compute-0.local");
}

TEST_CASE("plan_hostname: frontend on el7 sets hostname, sysconfig/network and the live name") {
  Plan p;
  DistroFacts f;
  f.family = Family::EL7;
  f.writes_etc_hostname = true;
  f.has_sysconfig_network = true;
  plan_hostname(frontend(), f, fixture("el7"), p);
  REQUIRE(p.files.size() == 2);
  CHECK(p.files[0].path == "/etc/hostname");
  CHECK(p.files[0].content == "vc-fe.example.org\n");
  CHECK(p.files[1].path == "/etc/sysconfig/network");
  CHECK(p.files[1].content ==
        "# Created by anaconda\nNETWORKING=yes\nHOSTNAME=vc-fe.example.org\nGATEWAY=198.51.100.1\n");
  for (const auto& c : p.files) CHECK_FALSE(c.reason.empty());
  REQUIRE(p.live.size() == 1);
  CHECK(p.live[0].kind == LiveAction::Kind::SetHostname);
  CHECK(p.live[0].args == std::vector<std::string>{"vc-fe.example.org"});
  CHECK_FALSE(p.live[0].reason.empty());
}

TEST_CASE("plan_hostname: compute on Rocks keeps other keys and the old GATEWAY") {
  Plan p;
  DistroFacts f;
  f.family = Family::Rocks;
  f.writes_etc_hostname = false;  // but /etc/hostname exists in the fixture
  f.has_sysconfig_network = true;
  plan_hostname(compute(), f, fixture("rocks7"), p);
  REQUIRE(find(p, "/etc/hostname"));
  CHECK(find(p, "/etc/hostname")->content == "compute-0.local\n");
  REQUIRE(find(p, "/etc/sysconfig/network"));
  CHECK(find(p, "/etc/sysconfig/network")->content ==
        "NETWORKING=yes\nHOSTNAME=compute-0.local\nGATEWAY=198.51.100.1\n");
}

TEST_CASE("plan_hostname: duplicate keys collapse and missing /etc/hostname is left alone on EL6") {
  TempRoot r;
  r.write("/etc/sysconfig/network", "HOSTNAME=old\nNETWORKING_IPV6=no\nHOSTNAME=older");
  Plan p;
  DistroFacts f;
  f.writes_etc_hostname = false;
  f.has_sysconfig_network = true;
  plan_hostname(compute(), f, r.view(), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].content == "HOSTNAME=compute-0.local\nNETWORKING_IPV6=no\nNETWORKING=yes\n");
}

TEST_CASE("plan_hostname on Debian writes only /etc/hostname") {
  Plan p;
  plan_hostname(compute(), DistroFacts{}, fixture("debian12"), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].path == "/etc/hostname");
  CHECK(p.files[0].mode == 0644);
}

TEST_CASE("plan_resolver: the three resolver modes on fixture roots") {
  SECTION("el7: plain file") {
    Plan p;
    plan_resolver(frontend(), detect(fixture("el7")), fixture("el7"), p);
    REQUIRE(p.files.size() == 1);
    CHECK(p.files[0].path == "/etc/resolv.conf");
    CHECK(p.files[0].content == "search local\nnameserver 8.8.8.8\nnameserver 10.1.1.1\n");
    CHECK(p.warnings.empty());
  }
  SECTION("ubuntu2204: systemd-resolved drop-in") {
    Plan p;
    plan_resolver(frontend(), detect(fixture("ubuntu2204")), fixture("ubuntu2204"), p);
    REQUIRE(p.dirs.size() == 1);
    CHECK(p.dirs[0].path == "/etc/systemd/resolved.conf.d");
    REQUIRE(p.files.size() == 1);
    CHECK(p.files[0].path == "/etc/systemd/resolved.conf.d/50-vc-agent.conf");
    CHECK(p.files[0].content == "[Resolve]\nDNS=8.8.8.8 10.1.1.1\nDomains=local\n");
  }
  SECTION("resolvconf: base file, more than three servers warn") {
    DistroFacts f;
    f.resolv = ResolvMode::Resolvconf;
    auto m = frontend();
    m.dns.push_back(ip("9.9.9.9"));
    m.dns.push_back(ip("2001:db8::53"));
    Plan p;
    plan_resolver(m, f, fixture("debian12"), p);
    REQUIRE(p.files.size() == 1);
    CHECK(p.files[0].path == "/etc/resolvconf/resolv.conf.d/base");
    CHECK(p.files[0].content ==
          "search local\nnameserver 8.8.8.8\nnameserver 10.1.1.1\nnameserver 9.9.9.9\nnameserver "
          "2001:db8::53\n");
    CHECK(p.warnings ==
          std::vector<std::string>{"resolver: 4 nameservers given; glibc uses only the first 3"});
  }
  SECTION("file mode over someone else's symlink replaces it with a warning") {
    DistroFacts f;
    f.resolv = ResolvMode::File;
    Plan p;
    plan_resolver(compute(), f, fixture("ubuntu2204"), p);
    REQUIRE(p.files.size() == 1);
    CHECK(p.files[0].path == "/etc/resolv.conf");
    CHECK(p.files[0].content == "search local\nnameserver 10.1.1.1\n");
    REQUIRE(p.warnings.size() == 1);
    CHECK(p.warnings[0].find("'../run/systemd/resolve/stub-resolv.conf'") != std::string::npos);
  }
  SECTION("no servers: no change, one warning") {
    auto m = compute();
    m.dns.clear();
    Plan p;
    plan_resolver(m, detect(fixture("el7")), fixture("el7"), p);
    CHECK(p.files.empty());
    CHECK(p.dirs.empty());
    CHECK(p.warnings.size() == 1);
  }
}

namespace {
const char* kEd = "AAAAC3NzaC1lZDI1NTE5AAAAIJv2yV5Ym0Qn3oXk1d2hV5Zr9m0wQb2lS8K7t4Hc0kVa";
const char* kRsa = "AAAAB3NzaC1yc2EAAAADAQABAAABAQDd3tR0Yg";
SshKey key(const char* type, const char* blob, const char* comment) { return SshKey{type, blob, comment}; }
}  // namespace

TEST_CASE("plan_authorized_keys: new file, modes enforced") {
  auto m = compute();
  m.ssh_keys = {key("ssh-ed25519", kEd, "admin@host"), key("ssh-ed25519", kEd, "same key again")};
  Plan p;
  plan_authorized_keys(m, fixture("el7"), p);
  REQUIRE(p.dirs.size() == 1);
  CHECK(p.dirs[0].path == "/root/.ssh");
  CHECK(p.dirs[0].mode == 0700);
  CHECK(p.dirs[0].enforce_mode);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].path == "/root/.ssh/authorized_keys");
  CHECK(p.files[0].mode == 0600);
  CHECK(p.files[0].enforce_mode);
  CHECK(p.files[0].content == std::string("ssh-ed25519 ") + kEd + " admin@host\n");
}

TEST_CASE("plan_authorized_keys: existing lines kept, option-prefixed key counts as present") {
  TempRoot r;
  const std::string existing = std::string("# managed by hand\nfrom=\"10.0.0.0/8\",no-pty ssh-ed25519 ") +
                               kEd + " old-comment\nssh-dss AAAAB3NzaC1kc3MAAACBAP";  // no final newline
  r.write("/root/.ssh/authorized_keys", existing);
  auto m = compute();
  m.ssh_keys = {key("ssh-ed25519", kEd, "new-comment"), key("ssh-rsa", kRsa, "")};
  Plan p;
  plan_authorized_keys(m, r.view(), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].content == existing + "\nssh-rsa " + kRsa + "\n");

  m.ssh_keys = {key("ssh-ed25519", kEd, "")};
  Plan none;
  plan_authorized_keys(m, r.view(), none);
  // Every key present: the file is planned unchanged (only its mode is enforced).
  REQUIRE(none.files.size() == 1);
  CHECK(none.files[0].content == existing);
  CHECK(none.files[0].enforce_mode);

  m.ssh_keys.clear();
  Plan empty;
  plan_authorized_keys(m, r.view(), empty);
  CHECK(empty.files.empty());
  CHECK(empty.dirs.empty());
}

TEST_CASE("plan_machinefile") {
  Plan p;
  plan_machinefile(frontend(), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].path == "/tmp/machinefile");
  CHECK(p.files[0].content == "compute-0\ncompute-0\ncompute-1\n");

  auto fe = frontend();
  fe.computes.clear();
  Plan empty;
  plan_machinefile(fe, empty);
  REQUIRE(empty.files.size() == 1);
  CHECK(empty.files[0].content.empty());

  Plan cn;
  plan_machinefile(compute(), cn);
  CHECK(cn.files.empty());

  fe.computes.resize(100000);
  for (std::size_t i = 0; i < fe.computes.size(); ++i) {
    fe.computes[i].name = "compute-" + std::to_string(i);
    fe.computes[i].cpus = 4;
  }
  Plan big;  // size, not speed: bench/run times it
  plan_machinefile(fe, big);
  CHECK(std::count(big.files[0].content.begin(), big.files[0].content.end(), '\n') == 400000);
}
