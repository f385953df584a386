// Issue 4: lifecycle decisions, host keys and fingerprints, SGE planning, the
// state files and the command runner.
#include <catch2/catch.hpp>

#include "agent/lifecycle.h"
#include "agent/lifecycle_runner.h"
#include "agent/state_store.h"
#include "distro/rocks_internal.h"
#include "distro/sge.h"
#include "distro/ssh_hostkeys.h"
#include "test_support.h"

using namespace vc;
using namespace vc::distro;
using vctest::TempDir;

namespace {

RootView fixture(const char* name) { return RootView(std::string(VC_SOURCE_DIR) + "/tests/roots/" + name); }
netconf::IpAddress ip(const char* s) { return netconf::parse_ip(s).value(); }

Nic nic(const char* network, const char* addr, const char* mac) {
  Nic n;
  n.network = network;
  n.ip = ip(addr);
  n.prefix = 16;
  n.mac = mac;
  return n;
}

Model frontend() {
  Model m;
  m.role = Role::Frontend;
  m.name = "vc7";
  m.fqdn = "vc7.example.org";
  m.gateway = ip("198.51.100.1");
  m.nics = {nic("private", "10.1.1.1", "52:54:00:aa:00:01"), nic("public", "198.51.100.50", "52:54:00:aa:00:02")};
  m.nics[1].prefix = 24;
  for (const char* n : {"compute-0", "compute-1"}) {
    ComputeNode c;
    c.name = n;
    c.cpus = 2;
    c.nics = {nic("private", n[8] == '0' ? "10.1.255.254" : "10.1.255.253", "52:54:00:aa:01:00")};
    m.computes.push_back(c);
  }
  return m;
}

Model compute() {
  Model m;
  m.role = Role::Compute;
  m.name = "compute-0";
  m.fe_name = "vc7";
  m.fe_fqdn = "vc7.example.org";
  m.gateway = ip("10.1.1.1");
  m.nics = {nic("private", "10.1.255.254", "52:54:00:aa:01:00")};
  return m;
}

std::vector<std::string> argvs(const Plan& p) {
  std::vector<std::string> out;
  for (const auto& c : p.commands) out.push_back(describe(c));
  return out;
}

const FileChange* find(const Plan& p, const std::string& path) {
  for (const auto& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

PlannedCommand cmd(std::vector<std::string> argv, std::string step = "x") {
  PlannedCommand c;
  c.argv = std::move(argv);
  c.step = std::move(step);
  return c;
}

}  // namespace

TEST_CASE("lifecycle: sha256 and the vc-out instance id") {
  CHECK(sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  auto a = frontend();
  const auto id = instance_id_of(a);
  CHECK(id.rfind("vcout-", 0) == 0);
  CHECK(id.size() == 6 + 16);
  // Moving to another site changes addresses and the fqdn, not the instance.
  auto moved = a;
  moved.fqdn = "vc7.other-site.net";
  moved.nics[1].ip = ip("203.0.113.9");
  moved.gateway = ip("203.0.113.1");
  CHECK(instance_id_of(moved) == id);
  // A clone of the image on other NICs, or another cluster, is a new instance.
  auto clone = a;
  clone.nics[0].mac = "52:54:00:bb:00:01";
  CHECK(instance_id_of(clone) != id);
  auto other = a;
  other.name = "vc8";
  CHECK(instance_id_of(other) != id);
  CHECK(instance_id_of(a, std::string("i-0abc")) == "i-0abc");
}

TEST_CASE("lifecycle: run kinds and the per-instance table") {
  CHECK(classify({}, "id", "h") == RunKind::NewInstance);
  CHECK(classify({std::string("other"), std::string("h")}, "id", "h") == RunKind::NewInstance);
  CHECK(classify({std::string("id"), std::string("old")}, "id", "h") == RunKind::ChangedInput);
  CHECK(classify({std::string("id"), std::string("h")}, "id", "h") == RunKind::SameInput);
  CHECK(is_per_instance_step("ssh-host-keys"));
  CHECK_FALSE(is_per_instance_step("sge-frontend"));

  Plan base;
  base.commands = {cmd({"ssh-keygen"}, "ssh-host-keys"), cmd({"qconf", "-ah", "x"}, "sge-frontend")};
  auto p = base;
  select_commands(p, RunKind::NewInstance);
  REQUIRE(p.commands.size() == 2);
  CHECK(p.commands[0].per_instance);
  CHECK_FALSE(p.commands[1].per_instance);
  p = base;
  select_commands(p, RunKind::ChangedInput);
  REQUIRE(p.commands.size() == 1);
  CHECK(p.commands[0].argv[0] == "qconf");
  p = base;
  select_commands(p, RunKind::SameInput);
  CHECK(p.commands.empty());
}

TEST_CASE("lifecycle: state files, and a same-input run leaves late-pending alone") {
  TempDir t;
  RootView root(t.path.string());
  Plan p;
  p.commands = {cmd({"qconf", "-ah", "compute-0.local"})};
  plan_state_files(p, {RunKind::NewInstance, "vcout-1", "abc"}, root);
  REQUIRE(find(p, state::kInstanceId));
  CHECK(find(p, state::kInstanceId)->content == "vcout-1\n");
  CHECK(find(p, state::kInputHash)->content == "abc\n");
  CHECK(find(p, state::kFingerprints) == nullptr);  // no host keys in this root
  const auto* pending = find(p, state::kLatePending);
  REQUIRE(pending);
  CHECK(pending->content.find("\"compute-0.local\"") != std::string::npos);

  Plan same;
  plan_state_files(same, {RunKind::SameInput, "vcout-1", "abc"}, root);
  CHECK(find(same, state::kLatePending) == nullptr);

  Plan changed_none;
  plan_state_files(changed_none, {RunKind::ChangedInput, "vcout-1", "def"}, root);
  REQUIRE(find(changed_none, state::kLatePending));
  CHECK(find(changed_none, state::kLatePending)->op == FileChange::Op::Remove);
}

TEST_CASE("state: late-pending round trip keeps every command field") {
  state::Pending p;
  p.instance_id = "vcout-1";
  p.attempts = 2;
  p.last_error = "qconf -ah x: exit 1";
  auto c = cmd({"rocks", "report", "host", "dhcpd", "localhost"}, "rocks-regenerate");
  c.env = {"SGE_ROOT=/opt/gridengine"};
  c.pipe_to = {{"rocks", "report", "script"}, {"/bin/bash"}};
  c.stdout_to = "/etc/x";
  c.ok_if_output = {"already exists"};
  c.prune_keep = {"a"};
  c.prune_each = {"qconf", "-de"};
  p.commands = {c};
  TempDir t;
  RootView root(t.path.string());
  state::write_atomic(root, state::kLatePending, state::pending_text(p));
  auto back = state::read_pending(root);
  REQUIRE(back);
  CHECK(back->instance_id == "vcout-1");
  CHECK(back->attempts == 2);
  CHECK(back->last_error == p.last_error);
  REQUIRE(back->commands.size() == 1);
  CHECK(describe(back->commands[0]) == describe(c));
  CHECK(back->commands[0].env == c.env);
  CHECK(back->commands[0].ok_if_output == c.ok_if_output);

  vctest::spit(t.path / "var/lib/vc-agent/late-pending", "{not json");
  CHECK_THROWS_WITH(state::read_pending(root), Catch::Contains("late-pending is damaged"));
}

TEST_CASE("ssh: fingerprints are what ssh-keygen -lf prints") {
  const auto dir = std::string(VC_SOURCE_DIR) + "/tests/roots/debian12-sge/etc/ssh/";
  for (const char* t : {"ed25519", "rsa", "ecdsa"}) {
    const std::string pub = dir + "ssh_host_" + t + "_key.pub";
    auto r = vctest::run({"/usr/bin/ssh-keygen", "-lf", pub});
    REQUIRE(r.exit_code == 0);
    auto fp = fingerprint_line(vctest::slurp(pub));
    REQUIRE(fp);
    CHECK(*fp + "\n" == r.out);
  }
  CHECK(fingerprint_line("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj")->find(
            " no comment (ED25519)") != std::string::npos);
  CHECK_FALSE(fingerprint_line("not a key"));
  CHECK_FALSE(fingerprint_line("ssh-rsa AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj x"));
}

TEST_CASE("ssh: host keys are regenerated per type, DSA dropped, certificates kept") {
  TempDir t;
  vctest::copy_tree(std::string(VC_SOURCE_DIR) + "/tests/roots/debian12-sge", t.path);
  vctest::spit(t.path / "etc/ssh/ssh_host_dsa_key", "x");
  vctest::spit(t.path / "etc/ssh/ssh_host_dsa_key.pub", "ssh-dss AAAA x\n");
  RootView root(t.path.string());
  CHECK(host_key_paths(root) == std::vector<std::string>{"/etc/ssh/ssh_host_dsa_key", "/etc/ssh/ssh_host_ecdsa_key",
                                                         "/etc/ssh/ssh_host_ed25519_key", "/etc/ssh/ssh_host_rsa_key"});
  Plan p;
  auto m = frontend();
  plan_host_keys(m, root, p);
  CHECK(argvs(p) == std::vector<std::string>{
                        "ssh-keygen -q -N '' -t ecdsa -f /etc/ssh/ssh_host_ecdsa_key -C root@vc7.example.org",
                        "ssh-keygen -q -N '' -t ed25519 -f /etc/ssh/ssh_host_ed25519_key -C root@vc7.example.org",
                        "ssh-keygen -q -N '' -t rsa -f /etc/ssh/ssh_host_rsa_key -C root@vc7.example.org"});
  REQUIRE(p.files.size() == 2);
  CHECK(p.files[0].op == FileChange::Op::Remove);
  CHECK(p.files[1].path == "/etc/ssh/ssh_host_dsa_key.pub");
  for (const auto& c : p.commands) {
    CHECK(c.phase == Phase::Early);
    CHECK(c.step == "ssh-host-keys");
    REQUIRE(c.produces.size() == 2);
    CHECK(c.produces[0].mode == 0600);
    CHECK(c.produces[1].mode == 0644);
  }

  // sshd_config's HostKey lines win over the files present.
  vctest::spit(t.path / "etc/ssh/sshd_config", "HostKey /etc/ssh/ssh_host_ed25519_key\n#HostKey /etc/ssh/ssh_host_rsa_key\n");
  CHECK(host_key_paths(root) == std::vector<std::string>{"/etc/ssh/ssh_host_ed25519_key"});

  // Generated for real into a scratch dir: the outputs join the plan as files.
  Plan gen;
  plan_host_keys(m, root, gen);
  auto ran = materialize_outputs(gen, root);
  CHECK(root.list("/var/lib/vc-agent").empty());  // the scratch dir is gone
  CHECK(ran.size() == 1);
  CHECK(gen.commands.empty());
  const auto* pub = find(gen, "/etc/ssh/ssh_host_ed25519_key.pub");
  const auto* key = find(gen, "/etc/ssh/ssh_host_ed25519_key");
  REQUIRE(pub);
  REQUIRE(key);
  CHECK(key->mode == 0600);
  CHECK(key->content.find("OPENSSH PRIVATE KEY") != std::string::npos);
  CHECK(fingerprint_line(pub->content)->find(" root@vc7.example.org (ED25519)") != std::string::npos);
  CHECK(fingerprints_after(gen, root) == *fingerprint_line(pub->content) + "\n");
  // The certificate is no key file of its own and is never planned.
  CHECK(find(gen, "/etc/ssh/ssh_host_ed25519_key-cert.pub") == nullptr);
}

TEST_CASE("ssh: shosts.equiv lists the cluster's private names and addresses") {
  const std::string begin =
      "# BEGIN vc-agent managed block: this cluster's nodes, trusted for host-based SSH; replaced on every run\n";
  const std::string end = "# END vc-agent managed block\n";
  Plan p;
  plan_shosts_equiv(frontend(), fixture("debian12-sge"), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].content == begin +
                                  "10.1.1.1\nvc7.local\nvc7\nvc7.example.org\n10.1.255.254\ncompute-0.local\ncompute-0\n"
                                  "10.1.255.253\ncompute-1.local\ncompute-1\n" + end);
  Plan c;
  plan_shosts_equiv(compute(), fixture("debian12-sge"), c);
  const std::string compute_block =
      begin + "10.1.255.254\ncompute-0.local\ncompute-0\n10.1.1.1\nvc7.local\nvc7\nvc7.example.org\n" + end;
  CHECK(c.files.at(0).content == compute_block);
  Plan none;
  plan_shosts_equiv(frontend(), fixture("debian12"), none);  // no sshd
  CHECK(none.files.empty());

  // The admin's own trusted hosts stay; an earlier build's whole-file form is all ours.
  TempDir t;
  vctest::copy_tree(std::string(VC_SOURCE_DIR) + "/tests/roots/debian12-sge", t.path);
  vctest::spit(t.path / "etc/ssh/shosts.equiv", "login.example.org\n" + begin + "stale-node\n" + end);
  Plan admin;
  plan_shosts_equiv(compute(), RootView(t.path.string()), admin);
  CHECK(admin.files.at(0).content == "login.example.org\n\n" + compute_block);
  vctest::spit(t.path / "etc/ssh/shosts.equiv", "# Written by vc-agent: this cluster's nodes, trusted for host-based SSH\nold\n");
  Plan old;
  plan_shosts_equiv(compute(), RootView(t.path.string()), old);
  CHECK(old.files.at(0).content == compute_block);
}

TEST_CASE("sge: finding the cell") {
  auto deb = find_sge(fixture("debian12-sge"));
  REQUIRE(deb);
  CHECK(deb->root == "/var/lib/gridengine");
  CHECK(deb->cell == "default");
  CHECK(deb->qconf == "/usr/bin/qconf");
  CHECK(deb->found_by == "/etc/default/gridengine");
  auto rocks = find_sge(fixture("rocks7"));
  REQUIRE(rocks);
  CHECK(rocks->root == "/opt/gridengine");
  CHECK(rocks->qconf == "/opt/gridengine/bin/linux-x64/qconf");
  CHECK(rocks->found_by == "/etc/profile.d/sge-binaries.sh");
  CHECK_FALSE(find_sge(fixture("debian12")));
}

TEST_CASE("sge: host_aliases folds old names into the new ones, keeps others, is idempotent") {
  const std::string current = "vc-fe.local vc-fe.example.org vc-fe\nlogin.site.org login\n";
  std::vector<SgeAlias> nodes = {{"vc7.local", {"vc7.example.org", "vc7", "vc-fe.local", "vc-fe"}},
                                 {"compute-0.local", {"compute-0"}}};
  auto merged = merge_host_aliases(current, nodes);
  CHECK(merged ==
        "vc7.local vc7.example.org vc7 vc-fe.local vc-fe vc-fe.example.org\n"
        "compute-0.local compute-0\n"
        "login.site.org login\n");
  CHECK(merge_host_aliases(merged, nodes) == merged);
  // A name another node now owns is never folded into this one.
  auto stolen = merge_host_aliases(std::string("vc7.local compute-0\n"), {{"vc7.local", {}}, {"compute-0.local", {"compute-0"}}});
  CHECK(stolen == "vc7.local\ncompute-0.local compute-0\n");
  CHECK(merge_host_aliases(std::nullopt, {{"a.local", {"a", "a"}}}) == "a.local a\n");
}

TEST_CASE("sge: replace_word matches whole host-name words only") {
  CHECK(replace_word("SGE_CLUSTER_NAME=vc-fe\nvc-fe.local vc-fe2 xvc-fe\n", "vc-fe", "vc7") ==
        "SGE_CLUSTER_NAME=vc7\nvc7.local vc-fe2 xvc-fe\n");
  CHECK(replace_word("baseurl=http://1.2.3.4/x 1.2.3.45", "1.2.3.4", "5.6.7.8") == "baseurl=http://5.6.7.8/x 1.2.3.45");
}

TEST_CASE("sge: frontend plan on Debian gridengine") {
  Plan p;
  plan_sge(frontend(), fixture("debian12-sge"), p);
  const std::string common = "/var/lib/gridengine/default/common";
  REQUIRE(find(p, common + "/act_qmaster"));
  CHECK(find(p, common + "/act_qmaster")->content == "vc7.local\n");
  CHECK(find(p, common + "/host_aliases")->content ==
        "vc7.local vc7.example.org vc7 sge-image\ncompute-0.local compute-0\ncompute-1.local compute-1\n");
  CHECK(find(p, "/var/lib/vc-agent/sge/allhosts")->content ==
        "group_name @allhosts\nhostlist compute-0.local compute-1.local\n");
  const auto& q = find(p, "/var/lib/vc-agent/sge/all.q")->content;
  CHECK(q.find("hostlist              @allhosts\n") != std::string::npos);
  CHECK(q.find("slots                 1,[compute-0.local=2],[compute-1.local=2]\n") != std::string::npos);
  CHECK(q.find("s_vmem                INFINITY\nh_vmem                INFINITY\n") != std::string::npos);
  CHECK(find(p, "/var/lib/vc-agent/sge/exechost-compute-1.local")->content.rfind("hostname              compute-1.local\n", 0) == 0);
  CHECK(argvs(p) == std::vector<std::string>{
                        "/usr/bin/qconf -ah vc7.local (retried for up to 300 s)",
                        "/usr/bin/qconf -as vc7.local",
                        "/usr/bin/qconf -ah compute-0.local",
                        "/usr/bin/qconf -as compute-0.local",
                        "/usr/bin/qconf -Ae /var/lib/vc-agent/sge/exechost-compute-0.local",
                        "/usr/bin/qconf -ah compute-1.local",
                        "/usr/bin/qconf -as compute-1.local",
                        "/usr/bin/qconf -Ae /var/lib/vc-agent/sge/exechost-compute-1.local",
                        "/usr/bin/qconf -Ahgrp /var/lib/vc-agent/sge/allhosts",
                        "/usr/bin/qconf -Mhgrp /var/lib/vc-agent/sge/allhosts",
                        "/usr/bin/qconf -Aq /var/lib/vc-agent/sge/all.q",
                        "/usr/bin/qconf -aattr queue hostlist @allhosts all.q",
                        "/usr/bin/qconf -sel | for each name not in {compute-0.local compute-1.local}: /usr/bin/qconf -de NAME",
                        "/usr/bin/qconf -ss | for each name not in {compute-0.local compute-1.local vc7.local vc7.example.org vc7}: "
                        "/usr/bin/qconf -ds NAME"});
  for (const auto& c : p.commands) {
    CHECK(c.phase == Phase::Late);
    CHECK(c.env == std::vector<std::string>{"SGE_ROOT=/var/lib/gridengine", "SGE_CELL=default"});
  }
}

TEST_CASE("sge: a Rocks compute renames the cluster and restarts its execd") {
  Plan p;
  plan_sge(compute(), fixture("rocks7-compute"), p);
  const std::string common = "/opt/gridengine/default/common";
  CHECK(find(p, common + "/act_qmaster")->content == "vc7.local\n");
  CHECK(find(p, common + "/cluster_name")->content == "vc7\n");
  CHECK(find(p, common + "/settings.sh")->content.find("SGE_CLUSTER_NAME=vc7; export") != std::string::npos);
  CHECK(find(p, "/etc/init.d/sgeexecd.vc7")->mode == 0755);
  CHECK(find(p, "/etc/init.d/sgeexecd.vc-fe")->op == FileChange::Op::Remove);
  CHECK(find(p, common + "/host_aliases")->content ==
        "vc7.local vc7.example.org vc7 vc-fe.local vc-fe vc-fe.example.org\n"
        "compute-0.local compute-0 compute-0-0.local compute-0-0\n");
  CHECK(argvs(p) == std::vector<std::string>{"systemctl daemon-reload", "systemctl restart sgeexecd.vc7"});
}

TEST_CASE("runner: argv only, stdin, exit codes, timeout, missing program") {
  using namespace std::chrono_literals;
  auto r = run_program({"cat"}, {}, "hello $HOME; `x`\n", 5s);
  CHECK(r.exit_code == 0);
  CHECK(r.out == "hello $HOME; `x`\n");  // no shell ever sees it
  auto env = run_program({"env"}, {"SGE_ROOT=/opt/gridengine"}, "", 5s);
  CHECK(env.out.find("SGE_ROOT=/opt/gridengine\n") != std::string::npos);
  CHECK(env.out.find("LC_ALL=C\n") != std::string::npos);
  CHECK(run_program({"false"}, {}, "", 5s).exit_code == 1);
  auto slow = run_program({"sleep", "30"}, {}, "", 200ms);
  CHECK(slow.timed_out);
  CHECK(slow.exit_code == 128 + 15);
  CHECK(run_program({"no-such-program-vc"}, {}, "", 1s).spawn_error == "no such program in PATH");
}

TEST_CASE("runner: pipes, stdout_to, ok_if_output and prune") {
  using namespace std::chrono_literals;
  TempDir t;
  RootView root(t.path.string());
  auto c = cmd({"printf", "a b\\n"});
  c.pipe_to = {{"tr", "a-z", "A-Z"}};
  c.stdout_to = "/out.txt";
  auto o = run_command(c, root, 5s);
  CHECK(o.ok);
  CHECK(vctest::slurp(t.path / "out.txt") == "A B\n");
  CHECK(describe(c) == "printf 'a b\\n' | tr a-z A-Z > /out.txt");

  auto exists = cmd({"sh", "-c", "echo 'adminhost \"x\" already exists' >&2; exit 1"});
  CHECK_FALSE(run_command(exists, root, 5s).ok);
  exists.ok_if_output = {"already exists"};
  CHECK(run_command(exists, root, 5s).ok);

  auto prune = cmd({"printf", "HOST     MEMBERSHIP\\ncompute-0-0: Compute 1\\nold-1: Compute 1\\nno execution host defined\\n"});
  prune.prune_keep = {"compute-0-0"};
  prune.prune_each = {"true"};
  auto po = run_command(prune, root, 5s);
  CHECK(po.ok);
  CHECK(po.detail == "removed old-1");
  auto waits = cmd({"false"});
  waits.wait_seconds = 1;
  auto wo = run_command(waits, root, 5s);
  CHECK_FALSE(wo.ok);
  CHECK(wo.seconds >= 1.0);
  CHECK(wo.detail == "false: exit 1; 2 attempts");
  // A missing program is not waited for: no daemon start will install it.
  auto missing = cmd({"/nonexistent/qconf", "-sel"});
  missing.wait_seconds = 60;
  auto mo = run_command(missing, root, 5s);
  CHECK_FALSE(mo.ok);
  CHECK(mo.detail.find("/nonexistent/qconf") != std::string::npos);
  CHECK(mo.detail.find("attempts") == std::string::npos);
  prune.prune_each = {"false"};
  auto pf = run_command(prune, root, 5s);
  CHECK_FALSE(pf.ok);
  CHECK(pf.detail == "false old-1: exit 1");
}

TEST_CASE("rocks: a re-run passes an add that finds its record and a remove that finds none, nothing else") {
  using namespace std::chrono_literals;
  TempDir t;
  RootView root(t.path.string());
  // Each rocks verb, run as a stand-in that fails with `message`.
  auto outcome = [&](std::vector<std::string> args, const std::string& message) {
    auto c = rocks::rocks_cmd(std::move(args), "rocks-x", "test");
    REQUIRE(c.argv.front() == rocks::kRocks);
    c.argv = {"sh", "-c", "echo 'error - " + message + "' >&2; exit 1"};
    return run_command(c, root, 5s).ok;
  };
  CHECK(outcome({"add", "host", "compute-0-0"}, "host \"compute-0-0\" already exists"));
  CHECK(outcome({"add", "network", "private"}, "network \"private\" exists"));
  CHECK(outcome({"remove", "route", "0.0.0.0"}, "route not found"));
  CHECK(outcome({"remove", "host", "route", "fe", "address=0.0.0.0"}, "route does not exist"));
  CHECK(outcome({"set", "host", "name", "vc-fe", "vc7"}, "host \"vc-fe\" not found"));  // renamed already
  // A set whose host is gone has not made its change: the run must fail.
  CHECK_FALSE(outcome({"set", "host", "interface", "ip", "compute-0-0", "eth0", "10.1.1.1"}, "host not found"));
  CHECK_FALSE(outcome({"set", "network", "subnet", "private", "10.1.0.0"}, "network \"private\" does not exist"));
  CHECK_FALSE(outcome({"add", "host", "compute-0-0"}, "host not found"));
  CHECK_FALSE(outcome({"remove", "route", "0.0.0.0"}, "route already exists"));
  CHECK_FALSE(outcome({"sync", "config"}, "exists"));
}

TEST_CASE("rocks: the compute prune passes a removal whose host is already gone, nothing else") {
  // The prune's own ok_if_output (rocks_frontend.cpp) is in the rocks7 lifecycle golden.
  using namespace std::chrono_literals;
  TempDir t;
  RootView root(t.path.string());
  auto c = cmd({"printf", "HOST     MEMBERSHIP\\ncompute-0-0: Compute\\nold-1: Compute\\n"});
  c.ok_if_output = rocks::rocks_cmd({"remove", "host"}, "rocks-computes", "").ok_if_output;
  c.prune_keep = {"compute-0-0"};
  c.prune_each = {"sh", "-c", "echo \"error - host $0 not found\" >&2; exit 1"};
  auto gone = run_command(c, root, 5s);
  INFO(gone.detail);
  CHECK(gone.ok);
  c.prune_each = {"sh", "-c", "echo 'error - database is locked' >&2; exit 1"};
  CHECK_FALSE(run_command(c, root, 5s).ok);
}

TEST_CASE("runner: a failed late command stays pending with the rest, success clears it") {
  TempDir t;
  RootView root(t.path.string());
  state::Pending p;
  p.instance_id = "vcout-1";
  p.commands = {cmd({"true"}), cmd({"false"}), cmd({"true", "third"})};
  state::write_atomic(root, state::kLatePending, state::pending_text(p));
  std::ostringstream out;
  auto r = run_late_pending(root, out);
  CHECK(r.pending == 3);
  CHECK(r.done == 1);
  CHECK(r.failed);
  CHECK(r.error == "false: exit 1");
  auto left = state::read_pending(root);
  REQUIRE(left);
  CHECK(left->attempts == 1);
  REQUIRE(left->commands.size() == 2);
  CHECK(left->commands[0].argv == std::vector<std::string>{"false"});
  CHECK(out.str().find("vc-agent: late: false: FAILED") != std::string::npos);

  left->commands[0] = cmd({"true", "fixed"});
  state::write_atomic(root, state::kLatePending, state::pending_text(*left));
  std::ostringstream out2;
  auto r2 = run_late_pending(root, out2);
  CHECK_FALSE(r2.failed);
  CHECK(r2.done == 2);
  CHECK_FALSE(root.exists(state::kLatePending));
}
