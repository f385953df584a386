// /etc/hosts: the cluster table, and its merge with what the admin and the image
// already have there.
#include <string>
#include <catch2/catch.hpp>

#include "identity_fixtures.h"

using namespace idfix;

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

TEST_CASE("merge_hosts keeps an admin line's other names and reports a line it drops") {
  const std::string current =
      "127.0.0.1 localhost\n"
      "10.9.9.9 compute-0 nas   # moved\n"
      "10.1.255.254\tcompute-0 c0 nfs-home\n"
      "10.1.255.253 compute-1.local compute-1\n";
  std::vector<std::string> dropped;
  const std::string out = merge_hosts(current, kFeTable, &dropped);
  CHECK(out == "127.0.0.1 localhost\n10.9.9.9\tnas\n\n" + kBlockBegin + kFeTable + kBlockEnd);
  // Only the line that named something else is worth a word; the other held managed names only.
  CHECK(dropped == std::vector<std::string>{"10.1.255.254\tcompute-0 c0 nfs-home"});
  CHECK(merge_hosts(out, kFeTable) == out);

  TempRoot r;
  r.write("/etc/hosts", current);
  Plan p;
  plan_hosts(frontend(), r.view(), p);
  REQUIRE(p.warnings.size() == 1);
  CHECK(p.warnings[0].find("'10.1.255.254\tcompute-0 c0 nfs-home'") != std::string::npos);
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

// Size, not speed: timings are bench/run's (bench_hosts), never a test's.
TEST_CASE("hosts_table and merge_hosts at 100 000 computes") {
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
  const auto table = hosts_table(m);
  CHECK(table.find("10.1.134.159\tcompute-99999.local compute-99999\n") != std::string::npos);
  const auto merged = merge_hosts(std::string("127.0.0.1 localhost\n10.200.0.1 nas\n"), table);
  CHECK(merged == "127.0.0.1 localhost\n10.200.0.1 nas\n\n" + kBlockBegin + table + kBlockEnd);
  CHECK(merge_hosts(merged, table) == merged);
}

