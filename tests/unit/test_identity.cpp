#include <stdlib.h>

#include <algorithm>
#include <catch2/catch.hpp>
#include <chrono>
#include <filesystem>
#include <fstream>

#include "distro/identity.h"

namespace fs = std::filesystem;
using namespace vc;
using namespace vc::distro;

namespace {

RootView fixture(const char* name) { return RootView(std::string(VC_SOURCE_DIR) + "/tests/roots/" + name); }

netconf::IpAddress ip(const char* s) { return netconf::parse_ip(s).value(); }

Nic nic(const char* network, const char* addr) {
  Nic n;
  n.network = network;
  n.ip = ip(addr);
  n.prefix = 24;
  return n;
}

Model frontend() {
  Model m;
  m.role = Role::Frontend;
  m.name = "vc-fe";
  m.fqdn = "vc-fe.example.org";
  m.gateway = ip("198.51.100.1");
  m.nics = {nic("private", "10.1.1.1"), nic("public", "198.51.100.10"), nic("openflow", "192.168.50.1")};
  ComputeNode c0;
  c0.name = "compute-0";
  c0.cpus = 2;
  c0.nics = {nic("private", "10.1.255.254"), nic("openflow", "192.168.50.2")};
  ComputeNode c1;
  c1.name = "compute-1";
  c1.nics = {nic("private", "10.1.255.253")};
  m.computes = {c0, c1};
  m.dns = {ip("8.8.8.8"), ip("10.1.1.1")};
  return m;
}

Model compute() {
  Model m;
  m.role = Role::Compute;
  m.name = "compute-0";
  m.fe_name = "vc-fe";
  m.fe_fqdn = "vc-fe.example.org";
  m.gateway = ip("10.1.1.1");
  m.nics = {nic("private", "10.1.255.254")};
  m.dns = {ip("10.1.1.1")};
  return m;
}

const std::string kFeTable =
    "10.1.1.1\tvc-fe.local vc-fe\n"
    "198.51.100.10\tvc-fe.example.org\n"
    "192.168.50.1\tvc-fe.openflow\n"
    "10.1.255.254\tcompute-0.local compute-0\n"
    "192.168.50.2\tcompute-0.openflow\n"
    "10.1.255.253\tcompute-1.local compute-1\n";

const std::string kBlockBegin = "# BEGIN vc-agent managed block: edits inside are replaced on every run\n";
const std::string kBlockEnd = "# END vc-agent managed block\n";

struct TempRoot {
  std::string dir;
  TempRoot() {
    std::string tmpl = (fs::temp_directory_path() / "vc-identity-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  void write(const std::string& path, const std::string& content) {
    fs::path p = dir + path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
  }
  RootView view() const { return RootView(dir); }
};

const FileChange* find(const Plan& p, const std::string& path) {
  for (const auto& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("node_hostname follows vc-out-parser") {
  auto fe = frontend();
  CHECK(node_hostname(fe) == "vc-fe.example.org");
  fe.fqdn.clear();
  CHECK(node_hostname(fe) == "vc-fe");
  CHECK(node_hostname(compute()) == "compute-0.local");
}

TEST_CASE("hosts_table: frontend with two computes and an openflow NIC") {
  CHECK(hosts_table(frontend()) == kFeTable);
}

TEST_CASE("hosts_table: compute maps the frontend through its gateway") {
  auto cn = compute();
  CHECK(hosts_table(cn) == "10.1.255.254\tcompute-0.local compute-0\n10.1.1.1\tvc-fe.example.org vc-fe.local vc-fe\n");
  cn.fe_fqdn.clear();
  CHECK(hosts_table(cn) == "10.1.255.254\tcompute-0.local compute-0\n10.1.1.1\tvc-fe.local vc-fe\n");
  cn.fe_name.clear();
  CHECK(hosts_table(cn) == "10.1.255.254\tcompute-0.local compute-0\n");
}

TEST_CASE("merge_hosts on Debian's default file") {
  const std::string current = *fixture("debian12").read("/etc/hosts") + "192.0.2.9 nas\n";
  const std::string out = merge_hosts(current, kFeTable);
  CHECK(out ==
        "127.0.0.1\tlocalhost\n"
        "\n"
        "# The following lines are desirable for IPv6 capable hosts\n"
        "::1     localhost ip6-localhost ip6-loopback\n"
        "ff02::1 ip6-allnodes\n"
        "ff02::2 ip6-allrouters\n"
        "192.0.2.9 nas\n"
        "\n" +
            kBlockBegin + kFeTable + kBlockEnd);
  CHECK(merge_hosts(out, kFeTable) == out);
  CHECK(merge_hosts(merge_hosts(out, kFeTable), kFeTable) == out);
}

TEST_CASE("merge_hosts drops stale managed entries and replaces an old block") {
  const std::string current =
      "# my notes\n"
      "127.0.0.1   localhost compute-0.local\n"
      "127.0.1.1\tvc-fe.example.org vc-fe\n"
      "10.1.1.1 oldname\n"
      "10.9.9.9 VC-FE   # old address, wrong case\n"
      "::1 localhost6 VC-FE.local\n" +
      kBlockBegin + "10.1.0.99\tgone.local gone\n" + kBlockEnd + "192.0.2.9 nas\n\n\n";
  const std::string out = merge_hosts(current, kFeTable);
  CHECK(out ==
        "# my notes\n"
        "127.0.0.1\tlocalhost\n"
        "::1\tlocalhost6\n"
        "192.0.2.9 nas\n"
        "\n" +
            kBlockBegin + kFeTable + kBlockEnd);
  CHECK(merge_hosts(out, kFeTable) == out);
}

TEST_CASE("merge_hosts ensures localhost and handles a missing file") {
  const std::string expected =
      "127.0.0.1\tlocalhost.localdomain localhost\n\n" + kBlockBegin + kFeTable + kBlockEnd;
  CHECK(merge_hosts(std::nullopt, kFeTable) == expected);
  CHECK(merge_hosts(expected, kFeTable) == expected);
  // No trailing newline, and the only 127.0.0.1 line names just our host.
  CHECK(merge_hosts("127.0.0.1 vc-fe\n10.0.0.7 printer", kFeTable) ==
        "127.0.0.1\tlocalhost.localdomain localhost\n10.0.0.7 printer\n\n" + kBlockBegin + kFeTable +
            kBlockEnd);
}

TEST_CASE("merge_hosts compares addresses canonically and names case-insensitively") {
  const std::string table = "2001:db8::5\tnode-5.v6\n";
  CHECK(merge_hosts(std::string("2001:0db8:0000::0005 old-v6\n10.0.0.1 NODE-5.V6\n10.0.0.2 keep\n"), table) ==
        "127.0.0.1\tlocalhost.localdomain localhost\n10.0.0.2 keep\n\n" + kBlockBegin + table + kBlockEnd);
}

TEST_CASE("merge_hosts: a BEGIN without END does not swallow admin lines") {
  const std::string current = "127.0.0.1 localhost\n" + kBlockBegin + "192.0.2.9 nas\n";
  CHECK(merge_hosts(current, kFeTable) ==
        "127.0.0.1 localhost\n192.0.2.9 nas\n\n" + kBlockBegin + kFeTable + kBlockEnd);
}

TEST_CASE("merge_hosts on the Rocks file: rocks report lines for managed names or addresses go") {
  const std::string out = merge_hosts(fixture("rocks7").read("/etc/hosts"), kFeTable);
  CHECK(out ==
        "# Added by rocks report host #\n"
        "#        DO NOT MODIFY       #\n"
        "# Add any modifications to   #\n"
        "#    /etc/hosts.local file   #\n"
        "\n"
        "127.0.0.1\tlocalhost.localdomain localhost\n"
        "\n" +
            kBlockBegin + kFeTable + kBlockEnd);
}

TEST_CASE("plan_hosts writes /etc/hosts 0644") {
  Plan p;
  plan_hosts(compute(), fixture("el7"), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].path == "/etc/hosts");
  CHECK(p.files[0].mode == 0644);
  CHECK_FALSE(p.files[0].reason.empty());
  CHECK(p.files[0].content ==
        "127.0.0.1   localhost localhost.localdomain localhost4 localhost4.localdomain4\n"
        "::1         localhost localhost.localdomain localhost6 localhost6.localdomain6\n\n" +
            kBlockBegin + "10.1.255.254\tcompute-0.local compute-0\n10.1.1.1\tvc-fe.example.org vc-fe.local vc-fe\n" +
            kBlockEnd);
}

TEST_CASE("hosts_table and merge are fast for 100 000 computes") {
  Model m = frontend();
  m.computes.clear();
  m.computes.reserve(100000);
  for (int i = 0; i < 100000; ++i) {
    ComputeNode c;
    c.name = "compute-" + std::to_string(i);
    Nic n;
    n.network = "private";
    n.ip.bytes = {10, 1, static_cast<std::uint8_t>(i >> 8), static_cast<std::uint8_t>(i & 0xff)};
    c.nics = {n};
    m.computes.push_back(std::move(c));
  }
  auto t0 = std::chrono::steady_clock::now();
  auto table = hosts_table(m);
  auto t1 = std::chrono::steady_clock::now();
  auto merged = merge_hosts(std::string("127.0.0.1 localhost\n"), table);
  auto t2 = std::chrono::steady_clock::now();
  auto ms = [](auto d) { return std::chrono::duration_cast<std::chrono::milliseconds>(d).count(); };
  INFO("hosts_table " << ms(t1 - t0) << " ms, merge_hosts " << ms(t2 - t1) << " ms");
  CHECK(table.find("10.1.134.159\tcompute-99999.local compute-99999\n") != std::string::npos);
  CHECK(merged.size() > table.size());
  // The budget is for an optimised build; a shared debug build gets slack.
  CHECK(ms(t1 - t0) < 500);
  CHECK(ms(t2 - t1) < 500);
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
  Plan big;
  auto t0 = std::chrono::steady_clock::now();
  plan_machinefile(fe, big);
  auto ms =
      std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  CHECK(std::count(big.files[0].content.begin(), big.files[0].content.end(), '\n') == 400000);
  CHECK(ms < 500);
}
