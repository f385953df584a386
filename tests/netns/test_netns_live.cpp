// Live apply for real (label `netns`): the vc-agent binary renames, addresses and
// routes veth NICs inside a throwaway network namespace, and the result is read
// back with `ip -j`. Needs root and `ip netns`; otherwise it prints why and exits
// 77 (ctest SKIP). Namespaces are deleted by RAII, also when a check fails. Only
// 10.x and 198.51.100.x addresses are used, on veths whose peers stay down: no
// packet leaves the namespace.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <signal.h>
#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <regex>
#include <iostream>
#include <nlohmann/json.hpp>
#include <sstream>

#include "../unit/test_support.h"

using namespace vctest;
using nlohmann::json;

namespace {

constexpr int kSkip = 77;

std::string find_tool(const std::string& name) {
  std::string path = std::getenv("PATH") ? std::getenv("PATH") : "";
  path += ":/usr/sbin:/sbin:/usr/bin:/bin";
  std::stringstream dirs(path);
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && ::access((d + "/" + name).c_str(), X_OK) == 0) return d + "/" + name;
  return {};
}

const std::string& ip_bin() {
  static const std::string p = find_tool("ip");
  return p;
}
const std::string& unshare_bin() {
  static const std::string p = find_tool("unshare");
  return p;
}

RunResult must(const std::vector<std::string>& argv) {
  auto r = run(argv);
  if (r.exit_code != 0) {
    std::string cmd;
    for (const auto& a : argv) cmd += a + " ";
    throw std::runtime_error(cmd + "failed: " + r.err);
  }
  return r;
}

// One network namespace, deleted with everything in it when this goes away.
class Netns {
 public:
  explicit Netns(int n) : name_("vcns" + std::to_string(n) + "-" + std::to_string(::getpid())) {
    must({ip_bin(), "netns", "add", name_});
  }
  ~Netns() { run({ip_bin(), "netns", "del", name_}); }
  Netns(const Netns&) = delete;
  Netns& operator=(const Netns&) = delete;

  const std::string& name() const { return name_; }

  // A veth pair created inside the namespace: it never exists in ours.
  void veth(const std::string& name, const std::string& mac, const std::string& peer, const std::string& peer_mac) {
    must({ip_bin(), "-n", name_, "link", "add", name, "address", mac, "type", "veth", "peer", "name", peer, "address",
          peer_mac});
  }
  void ip(const std::vector<std::string>& args) {
    std::vector<std::string> argv{ip_bin(), "-n", name_};
    argv.insert(argv.end(), args.begin(), args.end());
    must(argv);
  }
  json ip_json(const std::vector<std::string>& args) {
    std::vector<std::string> argv{ip_bin(), "-n", name_, "-j"};
    argv.insert(argv.end(), args.begin(), args.end());
    return json::parse(must(argv).out);
  }
  // The agent in the namespace, and in its own UTS namespace: --live also sets the hostname.
  RunResult agent(const std::vector<std::string>& args) {
    std::vector<std::string> argv{ip_bin(), "netns", "exec", name_, unshare_bin(), "--uts", agent_bin()};
    argv.insert(argv.end(), args.begin(), args.end());
    return run(argv);
  }

 private:
  std::string name_;
};

// RAII cannot run when a run is killed (ctest timeout): a later run deletes the
// namespaces this test made in a process that no longer exists.
void remove_stale_namespaces() {
  auto r = run({ip_bin(), "-j", "netns", "list"});
  if (r.exit_code != 0 || r.out.find('[') == std::string::npos) return;
  static const std::regex ours("vcns[0-9]+-([0-9]+)");
  for (const auto& n : json::parse(r.out)) {
    const std::string name = n.value("name", "");
    std::smatch m;
    if (!std::regex_match(name, m, ours)) continue;
    if (::kill(static_cast<pid_t>(std::stol(m[1])), 0) != 0 && errno == ESRCH) run({ip_bin(), "netns", "del", name});
  }
}

struct LinkInfo {
  int ifindex = 0;
  std::string mac;
  int mtu = 0;
  bool up = false;
};

std::map<std::string, LinkInfo> links(Netns& ns) {
  std::map<std::string, LinkInfo> out;
  for (const auto& l : ns.ip_json({"link", "show"})) {
    LinkInfo i;
    i.ifindex = l.value("ifindex", 0);
    i.mac = l.value("address", "");
    i.mtu = l.value("mtu", 0);
    for (const auto& f : l.value("flags", json::array()))
      if (f == "UP") i.up = true;
    out[l.at("ifname").get<std::string>()] = i;
  }
  return out;
}

// "10.1.1.1/16" for every global IPv4 address of dev.
std::vector<std::string> inet(Netns& ns, const std::string& dev) {
  std::vector<std::string> out;
  for (const auto& l : ns.ip_json({"-4", "addr", "show", "dev", dev}))
    for (const auto& a : l.value("addr_info", json::array()))
      out.push_back(a.at("local").get<std::string>() + "/" + std::to_string(a.at("prefixlen").get<int>()));
  return out;
}

// "default via 198.51.100.1 dev eth1" for every IPv4 route with a gateway.
std::vector<std::string> gateway_routes(Netns& ns) {
  std::vector<std::string> out;
  for (const auto& r : ns.ip_json({"-4", "route", "show"}))
    if (r.contains("gateway"))
      out.push_back(r.at("dst").get<std::string>() + " via " + r.at("gateway").get<std::string>() + " dev " +
                    r.at("dev").get<std::string>());
  return out;
}

// The "# live:" lines of a dry run, without sethostname (a fresh UTS namespace each time).
std::vector<std::string> live_lines(const std::string& plan_out) {
  std::vector<std::string> out;
  std::stringstream s(plan_out);
  for (std::string line; std::getline(s, line);)
    if (line.rfind("# live: ", 0) == 0 && line.find("sethostname") == std::string::npos) out.push_back(line.substr(8));
  return out;
}

constexpr const char* kKey =
    "<key>ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAP2+mXOO00rW9fuMPGMx1cE1tH1ai2iEEwwinRGgmXj admin@vc7-site</key>\n";

std::string frontend_input() {
  return std::string(
             "<?xml version=\"1.0\" ?>\n<vc>\n"
             "  <frontend fqdn=\"vcns.example.org\" gw=\"198.51.100.1\" name=\"vcns\">\n"
             "    <private ip=\"10.1.1.1\" mac=\"52:54:00:5e:00:01\" mtu=\"9000\" netmask=\"255.255.0.0\" subnet=\"10.1.0.0\"/>\n"
             "    <public ip=\"198.51.100.50\" mac=\"52:54:00:5e:00:02\" mtu=\"1500\" netmask=\"255.255.255.0\" "
             "subnet=\"198.51.100.0\"/>\n"
             "  </frontend>\n"
             "  <network>\n    <dns domain=\"\" ip=\"198.51.100.53\" search=\"local\"/>\n  </network>\n  ") +
         kKey + "</vc>\n";
}

std::string compute_input() {
  return std::string(
             "<?xml version=\"1.0\" ?>\n<vc>\n"
             "  <frontend fqdn=\"vcns.example.org\"/>\n"
             "  <compute gw=\"10.1.1.1\" name=\"compute-0\">\n"
             "    <private ip=\"10.1.255.254\" mac=\"52:54:00:5e:01:00\" mtu=\"1500\" netmask=\"255.255.0.0\" subnet=\"10.1.0.0\"/>\n"
             "  </compute>\n"
             "  <network>\n    <dns domain=\"\" ip=\"198.51.100.53\" search=\"local\"/>\n  </network>\n  ") +
         kKey + "</vc>\n";
}

// A fixture root and an input file in a temp dir.
struct Scenario {
  TempDir tmp;
  std::string root = (tmp.path / "root").string();
  std::string input = (tmp.path / "vc-out.xml").string();
  explicit Scenario(const std::string& xml) {
    copy_tree(source_dir() / "tests/roots/debian12", root);
    spit(input, xml);
  }
  std::vector<std::string> args(const char* cmd) const { return {cmd, "--input", input, "--root", root, "--live"}; }
};

}  // namespace

TEST_CASE("netns: eth0/eth1 swapped by the kernel are renamed by MAC, addressed and routed") {
  Netns ns(1);
  // The private NIC (…:01) came up as eth1, the public one (…:02) as eth0 and up.
  ns.veth("eth1", "52:54:00:5e:00:01", "peer0", "52:54:00:5f:00:01");
  ns.veth("eth0", "52:54:00:5e:00:02", "peer1", "52:54:00:5f:00:02");
  ns.veth("ens9", "52:54:00:5e:00:09", "peer9", "52:54:00:5f:00:09");  // not in the input
  ns.ip({"link", "set", "eth0", "up"});
  ns.ip({"addr", "add", "10.9.9.9/24", "dev", "eth1"});  // a stale address on the private NIC
  ns.ip({"addr", "add", "10.8.8.8/24", "dev", "ens9"});
  Scenario sc(frontend_input());
  const std::string tmp_name = "vctmp" + std::to_string(links(ns).at("eth1").ifindex);

  // --root has no /sys/class/net: the input's NICs take their positional names
  // (private → eth0, public → eth1), the opposite of the kernel's.
  auto plan = ns.agent(sc.args("plan"));
  INFO(plan.out << plan.err);
  REQUIRE(plan.exit_code == 0);
  CHECK(live_lines(plan.out) == std::vector<std::string>{
                                    "rename 52:54:00:5e:00:01 eth1 \u2192 " + tmp_name + " (to free eth1)",
                                    "link down eth0 (52:54:00:5e:00:02) (to rename it)",
                                    "rename 52:54:00:5e:00:02 eth0 \u2192 eth1",
                                    "rename 52:54:00:5e:00:01 " + tmp_name + " \u2192 eth0",
                                    "mtu 9000 on eth0 (was 1500)",
                                    "delete 10.9.9.9/24 from eth0 (not in the input)",
                                    "add 10.1.1.1/16 on eth0",
                                    "link up eth0",
                                    "add 198.51.100.50/24 on eth1",
                                    "link up eth1",
                                    "route default via 198.51.100.1 dev eth1",
                                });
  CHECK(links(ns).at("eth1").mac == "52:54:00:5e:00:01");  // a dry run changed nothing

  auto apply = ns.agent(sc.args("apply"));
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);

  auto l = links(ns);
  CHECK(l.at("eth0").mac == "52:54:00:5e:00:01");
  CHECK(l.at("eth0").mtu == 9000);
  CHECK(l.at("eth0").up);
  CHECK(l.at("eth1").mac == "52:54:00:5e:00:02");
  CHECK(l.at("eth1").mtu == 1500);
  CHECK(l.at("eth1").up);
  CHECK(l.count(tmp_name) == 0);
  // The NIC the input does not mention is untouched.
  CHECK(l.at("ens9").mac == "52:54:00:5e:00:09");
  CHECK_FALSE(l.at("ens9").up);
  CHECK(inet(ns, "ens9") == std::vector<std::string>{"10.8.8.8/24"});
  CHECK(inet(ns, "eth0") == std::vector<std::string>{"10.1.1.1/16"});
  CHECK(inet(ns, "eth1") == std::vector<std::string>{"198.51.100.50/24"});
  CHECK(gateway_routes(ns) == std::vector<std::string>{"default via 198.51.100.1 dev eth1"});

  // Converged: a second run plans no live step and changes nothing.
  auto again = ns.agent(sc.args("plan"));
  REQUIRE(again.exit_code == 0);
  CHECK(live_lines(again.out).empty());
  auto reapply = ns.agent(sc.args("apply"));
  INFO(reapply.out << reapply.err);
  REQUIRE(reapply.exit_code == 0);
  CHECK(links(ns).at("eth0").mac == "52:54:00:5e:00:01");
  CHECK(gateway_routes(ns) == std::vector<std::string>{"default via 198.51.100.1 dev eth1"});
}

TEST_CASE("netns: a compute node's ens3 becomes eth0 with its address and default route") {
  Netns ns(2);
  ns.veth("ens3", "52:54:00:5e:01:00", "peer0", "52:54:00:5f:01:00");
  ns.ip({"link", "set", "ens3", "up"});
  Scenario sc(compute_input());

  auto apply = ns.agent(sc.args("apply"));
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  auto l = links(ns);
  REQUIRE(l.count("eth0") == 1);
  CHECK(l.count("ens3") == 0);
  CHECK(l.at("eth0").mac == "52:54:00:5e:01:00");
  CHECK(l.at("eth0").up);
  CHECK(inet(ns, "eth0") == std::vector<std::string>{"10.1.255.254/16"});
  CHECK(gateway_routes(ns) == std::vector<std::string>{"default via 10.1.1.1 dev eth0"});

  auto again = ns.agent(sc.args("plan"));
  REQUIRE(again.exit_code == 0);
  CHECK(live_lines(again.out).empty());
}

int main(int argc, char** argv) {
  std::string why;
  if (::geteuid() != 0) why = "not root (live apply needs CAP_NET_ADMIN to create namespaces)";
  else if (ip_bin().empty()) why = "no `ip` (iproute2) found";
  else if (unshare_bin().empty()) why = "no `unshare` (util-linux) found";
  else {
    try {
      Netns probe(0);
    } catch (const std::exception& e) {
      why = std::string("`ip netns` is unavailable: ") + e.what();
    }
  }
  if (!why.empty()) {
    std::cout << "SKIPPED: " << why << "\n";
    return kSkip;
  }
  remove_stale_namespaces();
  return Catch::Session().run(argc, argv);
}

TEST_CASE("netns: after a reboot that swapped the kernel names, a run without input renames the NICs back") {
  Netns ns(1);
  ns.veth("ens3", "52:54:00:5e:00:01", "peer0", "52:54:00:5f:00:01");
  ns.veth("ens4", "52:54:00:5e:00:02", "peer1", "52:54:00:5f:00:02");
  Scenario sc(frontend_input());
  auto apply = ns.agent(sc.args("apply"));
  INFO(apply.out << apply.err);
  REQUIRE(apply.exit_code == 0);
  CHECK(slurp(fs::path(sc.root) / "var/lib/vc-agent/nic-names") ==
        "# vc-agent: NIC names by MAC, re-asserted at every boot\n52:54:00:5e:00:01 eth0\n52:54:00:5e:00:02 eth1\n");

  // The next boot: the kernel hands out eth0/eth1 the other way round, one link up.
  ns.ip({"link", "set", "eth0", "name", "tmpx"});
  ns.ip({"link", "set", "eth1", "name", "eth0"});
  ns.ip({"link", "set", "tmpx", "name", "eth1"});
  ns.ip({"link", "set", "eth0", "up"});
  REQUIRE(links(ns).at("eth0").mac == "52:54:00:5e:00:02");
  const auto before = snapshot(sc.root);

  // The early unit's run: no input (it was consumed), only the names to re-assert.
  auto boot = ns.agent({"apply", "--phase", "early", "--root", sc.root, "--live"});
  INFO(boot.out << boot.err);
  REQUIRE(boot.exit_code == 0);
  CHECK(boot.out.find("rename 52:54:00:5e:00:02 eth0 \u2192 eth1") != std::string::npos);
  auto l = links(ns);
  CHECK(l.at("eth0").mac == "52:54:00:5e:00:01");
  CHECK(l.at("eth1").mac == "52:54:00:5e:00:02");
  CHECK(l.at("eth1").up);  // up before its rename, up after
  CHECK(snapshot(sc.root) == before);  // no file written

  // Names already right: nothing to do, and still nothing written.
  auto again = ns.agent({"apply", "--phase", "early", "--root", sc.root, "--live"});
  REQUIRE(again.exit_code == 0);
  CHECK(again.out.find("nothing to do") != std::string::npos);

  // A damaged state file is an input error naming the file and line, and renames nothing.
  spit(fs::path(sc.root) / "var/lib/vc-agent/nic-names", "52:54:00:5e:00:01 eth0\nnot-a-mac eth1\n");
  auto bad = ns.agent({"apply", "--phase", "early", "--root", sc.root, "--live"});
  CHECK(bad.exit_code == 2);
  CHECK(bad.err.find("var/lib/vc-agent/nic-names:2: expected 'MAC NAME', got 'not-a-mac eth1'") != std::string::npos);
}
