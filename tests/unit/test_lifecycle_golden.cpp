// Golden tests of issue 4 with the real binary on copies of fixture roots: the
// planned commands (qconf, rocks, ssh-keygen) and the change set of the first
// apply (tests/golden/lifecycle/<case>.txt; VC_UPDATE_GOLDEN=1 rewrites them);
// a reboot changes nothing, a changed input keeps the host keys, the late phase
// retries what failed, and bad input changes nothing.
#include <catch2/catch.hpp>

#include <cstdlib>
#include <nlohmann/json.hpp>
#include <regex>

#include "test_support.h"

using namespace vctest;

namespace {

struct Case {
  const char* name;
  const char* root;
  const char* input;
  int host_keys;  // key pairs the fixture has, all regenerated on a new instance
};

const std::vector<Case>& cases() {
  static const std::vector<Case> c = {
      {"debian12-sge-frontend", "debian12-sge", "examples/frontend-vc-out.xml", 3},
      {"debian12-sge-compute", "debian12-sge", "examples/compute-vc-out.xml", 3},
      {"rocks7-frontend", "rocks7", "examples/frontend-vc-out.xml", 0},
      {"rocks7-compute", "rocks7-compute", "examples/compute-vc-out.xml", 0},
  };
  return c;
}

std::vector<std::string> agent(std::vector<std::string> args) {
  args.insert(args.begin(), agent_bin());
  return args;
}

bool is_host_key(const std::string& path) { return path.rfind("/etc/ssh/ssh_host_", 0) == 0; }

// Freshly generated keys differ on every run: shown by type and comment only.
std::string masked(const std::string& path, const std::string& desc) {
  if (!is_host_key(path)) return desc;
  auto sp = desc.find(' ', desc.find(' ') + 1);
  std::string head = desc.substr(0, sp + 1), body = desc.substr(sp + 1);
  if (path.ends_with(".pub")) {
    static const std::regex pub(R"(^(\S+) \S+ (.*)\n$)");
    return head + std::regex_replace(body, pub, "$1 <new key> $2\n");
  }
  CHECK(body.rfind("-----BEGIN OPENSSH PRIVATE KEY-----", 0) == 0);
  return head + "<new private key>\n";
}

std::string change_set(const std::map<std::string, std::string>& before, const std::map<std::string, std::string>& after) {
  std::string text;
  for (const auto& [path, desc] : after) {
    auto it = before.find(path);
    if (it != before.end() && it->second == desc) continue;
    auto d = masked(path, desc);
    auto sp = d.find(' ', d.find(' ') + 1);
    text += "=== " + path + " " + d.substr(0, sp) + "\n" + d.substr(sp + 1);
    if (!text.empty() && text.back() != '\n') text += "\n\\ no newline\n";
  }
  for (const auto& [path, desc] : before)
    if (!after.count(path)) text += "=== " + path + " removed\n";
  return text;
}

std::string planned_commands(const std::string& plan_out) {
  std::string out;
  std::size_t i = 0;
  while (i < plan_out.size()) {
    auto nl = plan_out.find('\n', i);
    auto line = plan_out.substr(i, nl - i);
    if (line.rfind("# run: ", 0) == 0) out += line + "\n";
    i = nl == std::string::npos ? plan_out.size() : nl + 1;
  }
  return out;
}

// The agent's state dir minus what differs per run (backups, timings, the lock).
std::map<std::string, std::string> snapshot_golden(const fs::path& root) {
  auto s = snapshot(root);
  std::erase_if(s, [](const auto& kv) {
    const auto& p = kv.first;
    return p.rfind("/var/lib/vc-agent/backup", 0) == 0 || p == "/var/lib/vc-agent/last-run.json" ||
           p == "/var/lib/vc-agent/lock" || p == "/var/lib/vc-agent/host-key-fingerprints" ||
           p == "/var/lib/vc-agent/instance-id" || p == "/var/lib/vc-agent/input-sha256" || p == "/var/lib/vc-agent";
  });
  return s;
}

nlohmann::json status_json(const fs::path& root) {
  auto r = run(agent({"status", "--root", root.string(), "--json"}));
  REQUIRE(r.exit_code == 0);
  return nlohmann::json::parse(r.out);
}

}  // namespace

TEST_CASE("lifecycle golden: planned commands and first-apply change sets") {
  const bool update = std::getenv("VC_UPDATE_GOLDEN") != nullptr;
  for (const auto& gc : cases()) {
    SECTION(gc.name) {
      TempDir tmp;
      const auto root = tmp.path / "root";
      copy_tree(source_dir() / "tests/roots" / gc.root, root);
      const std::string input = (source_dir() / gc.input).string();
      const auto before = snapshot(root);

      auto plan = run(agent({"plan", "--input", input, "--root", root.string()}));
      INFO(plan.err);
      REQUIRE(plan.exit_code == 0);
      CHECK(snapshot(root) == before);

      auto first = run(agent({"apply", "--input", input, "--root", root.string()}));
      INFO(first.err);
      REQUIRE(first.exit_code == 0);
      CHECK(first.out.find("late phase pending in /var/lib/vc-agent/late-pending (--root without --live)") !=
            std::string::npos);
      const auto after = snapshot(root);
      const std::string golden_text = "## planned commands (vc-agent plan: \"# run:\" lines)\n" +
                                      planned_commands(plan.out) + "## changes of the first apply\n" +
                                      change_set(snapshot_without(before, "/var/lib/vc-agent"), snapshot_golden(root));
      const auto golden = source_dir() / "tests/golden/lifecycle" / (std::string(gc.name) + ".txt");
      if (update) spit(golden, golden_text);
      CHECK(golden_text == slurp(golden));

      // hostname -f agrees with /etc/hosts: the name is the first name of a real
      // address's line, and no loopback line maps it (SGE, cloud-init #2215).
      {
        std::string host = slurp(root / "etc/hostname");
        host = host.substr(0, host.find('\n'));
        std::istringstream hosts(slurp(root / "etc/hosts"));
        int canonical = 0;
        for (std::string line; std::getline(hosts, line);) {
          std::istringstream f(line.substr(0, line.find('#')));
          std::string addr, first, name;
          if (!(f >> addr >> first)) continue;
          if (addr.rfind("127.", 0) == 0 || addr == "::1") {
            for (name = first; !name.empty(); name.clear(), f >> name) CHECK(name != host);
          } else if (first == host) {
            ++canonical;
          }
        }
        CHECK(canonical == 1);
      }

      // status: the instance, and the fingerprints of the keys now on disk.
      auto st = status_json(root);
      CHECK(st["instance_id"].get<std::string>().rfind("vcout-", 0) == 0);
      CHECK(st["last_run"]["run"] == "new-instance");
      CHECK(st["late_pending"]["commands"].size() > 0);
      REQUIRE(st["host_keys"].size() == static_cast<std::size_t>(gc.host_keys));
      for (const auto& t : {"ecdsa", "ed25519", "rsa"}) {
        const auto pub = root / (std::string("etc/ssh/ssh_host_") + t + "_key.pub");
        if (!fs::exists(pub)) continue;
        auto fp = run({"/usr/bin/ssh-keygen", "-lf", pub.string()});
        bool listed = false;
        for (const auto& k : st["host_keys"]) listed = listed || k.get<std::string>() + "\n" == fp.out;
        CHECK(listed);
        CHECK(slurp(pub) != slurp(source_dir() / "tests/roots" / gc.root / pub.lexically_relative(root)));
      }

      // A reboot with the same input: not one byte changes, state included.
      auto second = run(agent({"apply", "--input", input, "--root", root.string()}));
      REQUIRE(second.exit_code == 0);
      CHECK(second.out.find("nothing to change") != std::string::npos);
      CHECK(snapshot(root) == after);

      // rollback restores the old tree, host keys included.
      auto rb = run(agent({"rollback", "--root", root.string()}));
      REQUIRE(rb.exit_code == 0);
      CHECK(snapshot(root, "/var/lib/vc-agent") == snapshot_without(before, "/var/lib/vc-agent"));
    }
  }
}

TEST_CASE("lifecycle: a changed input re-applies everything but keeps the host keys") {
  TempDir tmp;
  const auto root = tmp.path / "root";
  copy_tree(source_dir() / "tests/roots/debian12-sge", root);
  const std::string input = (source_dir() / "examples/frontend-vc-out.xml").string();
  REQUIRE(run(agent({"apply", "--input", input, "--root", root.string()})).exit_code == 0);
  const auto keys = slurp(root / "etc/ssh/ssh_host_ed25519_key");
  const auto id = status_json(root)["instance_id"];

  // Moved to another site: new public address and gateway, same VM.
  std::string moved = slurp(input);
  for (auto [from, to] : {std::pair{"198.51.100.50", "203.0.113.50"}, std::pair{"198.51.100.1\"", "203.0.113.1\""},
                          std::pair{"198.51.100.0", "203.0.113.0"}})
    moved.replace(moved.find(from), std::string(from).size(), to);
  spit(tmp.path / "moved.xml", moved);
  auto r = run(agent({"apply", "--input", (tmp.path / "moved.xml").string(), "--root", root.string()}));
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(root / "etc/ssh/ssh_host_ed25519_key") == keys);
  CHECK(slurp(root / "etc/hosts").find("203.0.113.50\tvc7.example.org") != std::string::npos);
  auto st = status_json(root);
  CHECK(st["instance_id"] == id);
  CHECK(st["last_run"]["run"] == "changed-input");
  CHECK(st["last_run"]["generated"].empty());
  CHECK(st["late_pending"]["commands"][0]["argv"][1] == "-ah");

  // Another VM (other MACs): a new instance, new keys.
  std::string clone = slurp(input);
  clone.replace(clone.find("52:54:00:aa:00:01"), 17, "52:54:00:bb:00:01");
  spit(tmp.path / "clone.xml", clone);
  REQUIRE(run(agent({"apply", "--input", (tmp.path / "clone.xml").string(), "--root", root.string()})).exit_code == 0);
  CHECK(slurp(root / "etc/ssh/ssh_host_ed25519_key") != keys);
  CHECK(status_json(root)["last_run"]["run"] == "new-instance");
}

TEST_CASE("lifecycle: the late phase runs only with --live, retries what failed, never undoes the early phase") {
  TempDir tmp;
  const auto root = tmp.path / "root";
  copy_tree(source_dir() / "tests/roots/debian12", root);
  spit(root / "var/lib/vc-agent/late-pending",
       R"({"instance_id":"vcout-x","attempts":0,"commands":[)"
       R"({"argv":["true"],"step":"a","reason":"first"},)"
       R"({"argv":["sh","-c","test -e \"$0\"","/nonexistent-vc-flag"],"step":"b","reason":"fails until fixed"},)"
       R"({"argv":["true","last"],"step":"c","reason":"third"}]})");
  spit(root / "etc/marker", "early phase file\n");
  const auto base = std::vector<std::string>{"apply", "--phase", "late", "--root", root.string()};

  auto dry = run(agent(base));  // --root without --live: listed, not run
  REQUIRE(dry.exit_code == 0);
  CHECK(dry.out.find("# run: true (late): first") != std::string::npos);
  CHECK(dry.out.find("3 late command(s) pending; not run: --root without --live") != std::string::npos);

  auto live = base;
  live.push_back("--live");
  auto failed = run(agent(live));
  CHECK(failed.exit_code == 1);
  CHECK(failed.out.find("vc-agent: late: true: ok") != std::string::npos);
  CHECK(failed.err.find("late phase failed: sh -c") != std::string::npos);
  CHECK(failed.err.find("the remaining 2 command(s) run again on the next boot") != std::string::npos);
  CHECK(slurp(root / "etc/marker") == "early phase file\n");
  auto st = status_json(root);
  CHECK(st["late_pending"]["attempts"] == 1);
  CHECK(st["late_pending"]["commands"].size() == 2);
  CHECK(st["last_run"]["result"] == "late-failed");

  std::string pending = slurp(root / "var/lib/vc-agent/late-pending");
  for (auto at = pending.find("/nonexistent-vc-flag"); at != std::string::npos; at = pending.find("/nonexistent-vc-flag"))
    pending.replace(at, 20, "/");
  spit(root / "var/lib/vc-agent/late-pending", pending);
  auto ok = run(agent(live));
  CHECK(ok.exit_code == 0);
  CHECK(ok.out.find("vc-agent: late phase: 2 command(s) done") != std::string::npos);
  CHECK_FALSE(fs::exists(root / "var/lib/vc-agent/late-pending"));
  CHECK(status_json(root)["last_run"]["result"] == "ok");
  CHECK(run(agent(live)).out == "vc-agent: late phase: nothing pending\n");
  auto text = run(agent({"status", "--root", root.string()}));
  CHECK(text.out.rfind("instance:     (none: no input applied yet)\nlast run:     ", 0) == 0);
  CHECK(text.out.find(", phase late: ok, ") != std::string::npos);
  CHECK(text.out.find("late phase:   nothing pending\nhost keys:    (none recorded)\n") != std::string::npos);
}

TEST_CASE("lifecycle: bad input (name collisions, key options) exits 2 and changes nothing") {
  const std::string fe = slurp(source_dir() / "examples/frontend-vc-out.xml");
  struct Bad {
    std::string from, to, message;
  };
  const std::vector<Bad> bad = {
      {"name=\"compute-1\"", "name=\"compute-0\"", "is already used by the <node> on line"},
      {"name=\"compute-1\"", "name=\"vc7\"", "a compute node is named like the frontend"},
      {"<key>ssh-ed25519", "<key>command=\"/bin/sh\" ssh-ed25519", "key options (command=, from=, no-pty, …) are not allowed"},
      {"<key>ssh-ed25519", "<key>from=\"10.0.0.0/8\" ssh-ed25519", "key options (command=, from=, no-pty, …) are not allowed"},
  };
  for (const auto& b : bad) {
    TempDir tmp;
    const auto root = tmp.path / "root";
    copy_tree(source_dir() / "tests/roots/debian12-sge", root);
    std::string text = fe;
    text.replace(text.find(b.from), b.from.size(), b.to);
    spit(tmp.path / "bad.xml", text);
    const auto before = snapshot(root);
    auto r = run(agent({"apply", "--input", (tmp.path / "bad.xml").string(), "--root", root.string()}));
    INFO(b.to);
    CHECK(r.exit_code == 2);
    CHECK(r.err.find(b.message) != std::string::npos);
    CHECK(r.err.find("nothing was changed") != std::string::npos);
    CHECK(snapshot(root) == before);
  }
}
