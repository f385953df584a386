// The binary's contract on bad input, missing input, broken environments and
// crashes: the right exit code, a message that names the problem, and an
// unchanged root.
#include <catch2/catch.hpp>

#include "test_support.h"

using namespace vctest;

namespace {

const std::string kGoodFe = "examples/frontend-vc-out.xml";

struct Fixture {
  TempDir tmp;
  fs::path root = tmp.path / "root";
  explicit Fixture(const char* name = "debian12") { copy_tree(source_dir() / "tests/roots" / name, root); }
  RunResult agent(std::vector<std::string> args, const std::vector<std::string>& env = {}) const {
    args.insert(args.begin(), agent_bin());
    return run(args, env);
  }
};

std::string with_line_replaced(const std::string& text, const std::string& from, const std::string& to) {
  auto s = text;
  auto pos = s.find(from);
  REQUIRE(pos != std::string::npos);
  s.replace(pos, from.size(), to);
  return s;
}

}  // namespace

TEST_CASE("invalid input: exit 2, element and line named, nothing changed") {
  Fixture f;
  const auto before = snapshot(f.root);
  const auto good = slurp(source_dir() / kGoodFe);
  struct Bad {
    std::string text, expect;
  };
  const std::vector<Bad> bad = {
      {with_line_replaced(good, "52:54:00:aa:01:01", "52:54:00:AA:01:00"), ":14:"},  // duplicate MAC
      {with_line_replaced(good, "10.1.255.253", "10.1.255.256"), ":14:"},
      {with_line_replaced(good, "name=\"compute-1\"", "name=\"compute-1;reboot\""), ":13:"},
      {with_line_replaced(good, "ssh-ed25519 ", "command=\"/bin/sh\" ssh-ed25519 "), "option"},
      {"<vc><frontend", "vc-out"},
  };
  for (const auto& b : bad) {
    const auto input = f.tmp.path / "bad.xml";
    spit(input, b.text);
    auto r = f.agent({"apply", "--input", input.string(), "--root", f.root.string()});
    INFO(r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(b.expect) != std::string::npos);
    CHECK(r.err.find("nothing was changed") != std::string::npos);
    CHECK(snapshot(f.root) == before);
  }
}

TEST_CASE("input discovery: default path consumed, explicit path kept, none is not an error") {
  Fixture f;
  auto none = f.agent({"apply", "--root", f.root.string()});
  CHECK(none.exit_code == 0);
  CHECK(none.out.find("nothing to do") != std::string::npos);

  auto missing = f.agent({"apply", "--input", (f.tmp.path / "nope.xml").string(), "--root", f.root.string()});
  CHECK(missing.exit_code == 2);
  CHECK(missing.err.find("nope.xml") != std::string::npos);

  fs::copy_file(source_dir() / kGoodFe, f.root / "root/vc-out.xml");
  auto applied = f.agent({"apply", "--root", f.root.string()});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(!fs::exists(f.root / "root/vc-out.xml"));
  CHECK(fs::exists(f.root / "root/vc-out.xml.old"));
}

TEST_CASE("consuming the default input is part of the transaction: an earlier .old survives in the backup") {
  Fixture f;
  spit(f.root / "root/vc-out.xml.old", "<the input of an earlier cluster/>\n");
  fs::copy_file(source_dir() / kGoodFe, f.root / "root/vc-out.xml");
  fs::permissions(f.root / "root/vc-out.xml", fs::perms::owner_read | fs::perms::owner_write);
  const std::string input = slurp(f.root / "root/vc-out.xml");
  const auto before = snapshot(f.root, "/var/lib/vc-agent");

  auto dry = f.agent({"apply", "--dry-run", "--root", f.root.string()});
  REQUIRE(dry.exit_code == 0);
  CHECK(dry.out.find("/root/vc-out.xml.old") != std::string::npos);
  CHECK(dry.out.find("<key>") == std::string::npos);  // the input's content is not shown
  CHECK(snapshot(f.root, "/var/lib/vc-agent") == before);

  auto applied = f.agent({"apply", "--root", f.root.string()});
  INFO(applied.err);
  REQUIRE(applied.exit_code == 0);
  CHECK(!fs::exists(f.root / "root/vc-out.xml"));
  CHECK(slurp(f.root / "root/vc-out.xml.old") == input);
  CHECK((fs::status(f.root / "root/vc-out.xml.old").permissions() & fs::perms::all) ==
        (fs::perms::owner_read | fs::perms::owner_write));

  auto rb = f.agent({"rollback", "--root", f.root.string()});
  REQUIRE(rb.exit_code == 0);
  CHECK(snapshot(f.root, "/var/lib/vc-agent") == before);  // both files as they were
  CHECK(slurp(f.root / "root/vc-out.xml.old") == "<the input of an earlier cluster/>\n");
}

TEST_CASE("environment problems exit 3, a bad --distro is invalid input") {
  Fixture f;
  TempDir empty;
  auto r = f.agent({"plan", "--input", (source_dir() / kGoodFe).string(), "--root", empty.path.string()});
  CHECK(r.exit_code == 3);
  CHECK(r.err.find("--distro") != std::string::npos);
  auto d = f.agent({"plan", "--input", (source_dir() / kGoodFe).string(), "--root", f.root.string(), "--distro", "beos"});
  CHECK(d.exit_code == 2);
}

TEST_CASE("a failure part-way rolls back: exit 1 and the old tree") {
  Fixture f;
  // /tmp/machinefile as a non-empty directory: its rename fails after other
  // files have already been replaced.
  fs::create_directories(f.root / "tmp/machinefile/x");
  const auto before = snapshot(f.root, "/var/lib/vc-agent");
  auto r = f.agent({"apply", "--input", (source_dir() / kGoodFe).string(), "--root", f.root.string()});
  INFO(r.out + r.err);
  CHECK(r.exit_code == 1);
  CHECK(r.err.find("rolled back") != std::string::npos);
  CHECK(snapshot(f.root, "/var/lib/vc-agent") == before);
}

TEST_CASE("a crash at any transaction step: the next run completes the new state") {
  Fixture reference;
  const std::string input = (source_dir() / kGoodFe).string();
  REQUIRE(reference.agent({"apply", "--input", input, "--root", reference.root.string()}).exit_code == 0);
  const auto want = snapshot(reference.root, "/var/lib/vc-agent");

  for (int step = 1;; ++step) {
    Fixture f;
    auto crashed = f.agent({"apply", "--input", input, "--root", f.root.string()},
                           {"VC_AGENT_CRASH_AFTER=" + std::to_string(step)});
    if (crashed.exit_code == 0) break;  // past the last step: the run completed
    INFO("crash after step " << step << ": " << crashed.err);
    REQUIRE(crashed.exit_code == 99);
    auto again = f.agent({"apply", "--input", input, "--root", f.root.string()});
    REQUIRE(again.exit_code == 0);
    CHECK(snapshot(f.root, "/var/lib/vc-agent") == want);
    REQUIRE(step < 200);
  }
}

// Row N7 of docs/conformance-divergences.md: cloud-init renders a v2 bond
// whose members the document never defines (its from_v2_bond_mtu test); a
// bond on missing devices is one of the bad inputs, so render refuses
// it with the file, line and key path, exit 2, and writes nothing.
TEST_CASE("render: a v2 bond over undefined members is exit 2 with its key path, nothing written") {
  TempDir tmp;
  const auto input = tmp.path / "nc.yaml";
  spit(input,
       "version: 2\nbonds:\n  bond0:\n    addresses:\n    - 10.101.8.65/26\n    interfaces:\n    - enp0s0\n"
       "    - enp0s1\n    mtu: 1334\n    parameters: {}\n");
  const auto out = tmp.path / "out";
  for (const char* format : {"ifcfg", "ifcfg-suse", "nm", "netplan", "eni", "networkd"}) {
    auto r = run({agent_bin(), "render", "--input", input.string(), "--input-format", "v2", "--format", format,
                  "--output", out.string()});
    INFO(format << ": " << r.err);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("nc.yaml:7: bonds.bond0.interfaces[0]: 'enp0s0' names no interface defined in this file") !=
          std::string::npos);
    CHECK(r.err.find("nothing was changed") != std::string::npos);
    CHECK_FALSE(fs::exists(out));
  }
}

// A search domain or bond option with a newline would write its own lines into
// the rendered files (ENI "post-up …", an NM [ipv4] group): render refuses the
// input with the key path, exit 2, and writes nothing in any format.
TEST_CASE("render: a newline in a search domain or a bond option is exit 2, nothing written") {
  TempDir tmp;
  const std::string head = "version: 1\nconfig:\n  - type: physical\n    name: eth0\n";
  struct Bad {
    std::string yaml, expect;
  };
  const std::vector<Bad> bad = {
      {head + "    subnets:\n      - type: static\n        address: 10.0.0.5/24\n"
              "        dns_search: [\"example.com\\n\\tpost-up touch /tmp/pwned\\n[ipv4]\\nmethod=disabled\"]\n",
       "nc.yaml:8: config[0].subnets[0].dns_search[0]: 'example.com\\x0a\\x09post-up touch /tmp/pwned\\x0a[ipv4]"
       "\\x0amethod=disabled' is not a DNS domain name"},
      {head + "  - type: bond\n    name: bond0\n    bond_interfaces: [eth0]\n    params:\n"
              "      bond-min-links: \"1\\n\\tup touch /tmp/pwned2\"\n",
       "nc.yaml:9: config[1].params.bond-min-links: bond option min_links: '1\\x0a\\x09up touch /tmp/pwned2' is not "
       "one word of A-Z, a-z, 0-9 and ._:+-"},
  };
  const auto input = tmp.path / "nc.yaml";
  const auto out = tmp.path / "out";
  for (const auto& b : bad) {
    spit(input, b.yaml);
    for (const char* format : {"ifcfg", "ifcfg-suse", "nm", "netplan", "eni", "networkd"}) {
      auto r = run({agent_bin(), "render", "--input", input.string(), "--input-format", "v1", "--format", format,
                    "--output", out.string()});
      INFO(format << ": " << r.err);
      CHECK(r.exit_code == 2);
      CHECK(r.err.find(b.expect) != std::string::npos);
      CHECK(r.err.find("nothing was changed") != std::string::npos);
      CHECK_FALSE(fs::exists(out));
    }
  }
}
