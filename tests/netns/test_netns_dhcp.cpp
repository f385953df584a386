// Ephemeral DHCP for real (label `netns`): two namespaces joined by a veth pair,
// dnsmasq serving DHCP and a CloudStack-style user-data server on one side, the
// vc-agent binary on the other with the image's DHCP client (dhclient, and
// udhcpc with dhclient hidden). Checked: the lease's address is on the link
// while the user-data is fetched, the DHCP server the CloudStack reader uses is
// the one that gave the lease, and after the read the address, its routes and
// the client process are gone, and resolv.conf is the image's again. The agent runs in its own mount and UTS
// namespaces with /proc/cmdline, /etc/resolv.conf and /run replaced,
// so a DHCP client script cannot touch the test machine's files.
// Needs root, `ip netns`, unshare and dnsmasq; otherwise prints why and exits 77.
#define CATCH_CONFIG_RUNNER
#include <catch2/catch.hpp>

#include <httplib.h>
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <cstring>
#include <iostream>
#include <mutex>
#include <sstream>
#include <thread>

#include "../unit/test_support.h"

using namespace vctest;

namespace {

constexpr int kSkip = 77;
const char* const kServerIp = "10.77.0.1";

std::string tool(const std::string& name) {
  std::stringstream dirs(std::string(std::getenv("PATH") ? std::getenv("PATH") : "") + ":/usr/sbin:/sbin:/usr/bin:/bin");
  for (std::string d; std::getline(dirs, d, ':');)
    if (!d.empty() && ::access((d + "/" + name).c_str(), X_OK) == 0) return d + "/" + name;
  return {};
}

RunResult ok(const std::vector<std::string>& argv) {
  auto r = run(argv);
  if (r.exit_code != 0) throw std::runtime_error(argv[0] + " " + argv[1] + " … failed: " + r.err);
  return r;
}

// A namespace named for this process, deleted (with its links) on destruction.
struct Ns {
  std::string name;
  explicit Ns(const std::string& role) : name("vcdhcp-" + role + "-" + std::to_string(::getpid())) {
    ok({tool("ip"), "netns", "add", name});
  }
  ~Ns() { run({tool("ip"), "netns", "del", name}); }
  Ns(const Ns&) = delete;
  Ns& operator=(const Ns&) = delete;
  RunResult ip(std::vector<std::string> args) const {
    args.insert(args.begin(), {tool("ip"), "-n", name});
    return ok(args);
  }
};

// A process started in the background, killed and reaped on destruction.
struct Background {
  pid_t pid = -1;
  explicit Background(const std::vector<std::string>& argv, const std::string& log) {
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&fa, 1, log.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    posix_spawn_file_actions_adddup2(&fa, 1, 2);
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    if (posix_spawn(&pid, args[0], &fa, nullptr, args.data(), environ) != 0) pid = -1;
    posix_spawn_file_actions_destroy(&fa);
    if (pid < 0) throw std::runtime_error("cannot start " + argv[0]);
  }
  ~Background() {
    ::kill(pid, SIGTERM);
    ::waitpid(pid, nullptr, 0);
  }
  Background(const Background&) = delete;
  Background& operator=(const Background&) = delete;
};

// What the user-data server saw when the agent asked.
struct Seen {
  std::mutex m;
  std::string remote;     // the request's source address
  std::string addresses;  // `ip -4 addr` of the client's link at that moment
  std::string resolv;     // the client's /etc/resolv.conf then
};

// An HTTP server inside `ns` on 10.77.0.1:80, as a CloudStack virtual router serves user-data.
struct UserDataServer {
  httplib::Server srv;
  std::thread thread;
  std::atomic<int> state{0};  // 1 listening, -1 failed
  UserDataServer(const Ns& server, const Ns& client, const fs::path& client_resolv, Seen& seen) {
    const std::string body = slurp(source_dir() / "examples/compute-vc-out.xml");
    const std::string client_ns = client.name;
    srv.Get("/latest/user-data", [&seen, body, client_ns, client_resolv](const httplib::Request& req,
                                                                          httplib::Response& res) {
      const auto addr = run({tool("ip"), "-n", client_ns, "-4", "-o", "addr", "show", "dev", "vcdh0"});
      std::lock_guard<std::mutex> lock(seen.m);
      seen.remote = req.remote_addr;
      seen.addresses = addr.out;
      seen.resolv = slurp(client_resolv);
      res.set_content(body, "application/xml");
    });
    const std::string path = "/var/run/netns/" + server.name;
    thread = std::thread([this, path] {
      // setns applies to this thread only: the socket is made in the server's namespace.
      const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
      if (fd < 0 || ::setns(fd, CLONE_NEWNET) != 0 || !srv.bind_to_port(kServerIp, 80)) {
        state = -1;
        return;
      }
      ::close(fd);
      state = 1;
      srv.listen_after_bind();
    });
    while (state == 0) std::this_thread::sleep_for(std::chrono::milliseconds(5));
    if (state < 0) {
      thread.join();
      throw std::runtime_error("cannot listen on 10.77.0.1:80 in the server namespace");
    }
  }
  ~UserDataServer() {
    srv.stop();
    thread.join();
  }
};

// Live processes (not zombies: those have no command line) whose argv names `word`.
std::vector<std::string> processes_naming(const std::string& word) {
  std::vector<std::string> out;
  for (const auto& e : fs::directory_iterator("/proc")) {
    const std::string pid = e.path().filename();
    if (pid.find_first_not_of("0123456789") != std::string::npos) continue;
    std::string cmd;
    try {
      cmd = slurp(e.path() / "cmdline");
    } catch (...) {
      continue;
    }
    for (auto& c : cmd)
      if (c == '\0') c = ' ';
    if (cmd.find(word) != std::string::npos && cmd.find("test_netns_dhcp") == std::string::npos)
      out.push_back(pid + ": " + cmd);
  }
  return out;
}

void reap_orphans() {
  while (::waitpid(-1, nullptr, WNOHANG) > 0) {
  }
}

// One run of `vc-agent plan --source cloudstack` in the client namespace, with
// the client's DHCP lease served by dnsmasq. hide_dhclient: the image has udhcpc only.
void ephemeral_dhcp_round_trip(bool hide_dhclient) {
  TempDir tmp;
  ::chmod(tmp.path.c_str(), 0755);  // dnsmasq writes its lease file here
  spit(tmp.path / "cmdline", "ro quiet ds=cloudstack\n");
  spit(tmp.path / "resolv.conf", "nameserver 192.0.2.53\n");
  const std::string host_resolv = slurp("/etc/resolv.conf");

  Ns server("s"), client("c");
  server.ip({"link", "add", "vcs0", "type", "veth", "peer", "name", "vcdh0", "netns", client.name});
  server.ip({"addr", "add", std::string(kServerIp) + "/24", "dev", "vcs0"});
  server.ip({"link", "set", "vcs0", "up"});
  client.ip({"link", "set", "lo", "up"});  // vcdh0 stays down, as at early boot
  const std::string leases = (tmp.path / "dnsmasq.leases").string();
  Background dnsmasq({tool("ip"), "netns", "exec", server.name, tool("dnsmasq"), "--no-daemon", "--conf-file=/dev/null",
                      "--user=root", "--port=0", "--interface=vcs0", "--bind-interfaces",
                      "--dhcp-range=10.77.0.50,10.77.0.60,255.255.255.0,2m", "--dhcp-leasefile=" + leases,
                      "--dhcp-option=option:dns-server,10.77.0.53",
                      "--pid-file=" + (tmp.path / "dnsmasq.pid").string()},
                     (tmp.path / "dnsmasq.log").string());
  Seen seen;
  UserDataServer http(server, client, tmp.path / "resolv.conf", seen);

  const std::string self = fs::read_symlink("/proc/self/exe");
  auto r = run({tool("ip"), "netns", "exec", client.name, tool("unshare"), "--mount", "--uts", self, "--client",
                tmp.path.string(), hide_dhclient ? "udhcpc" : "dhclient", agent_bin(), "plan", "--source", "cloudstack",
                "-v", "--net-budget", "30"});
  reap_orphans();
  INFO("agent:\n" << r.out << r.err << "\ndnsmasq:\n" << slurp(tmp.path / "dnsmasq.log"));
  REQUIRE(r.exit_code == 0);
  const std::string client_name = hide_dhclient ? "udhcpc" : "dhclient";
  CHECK(r.err.find("source ephemeral-dhcp: used (" + client_name + " lease on vcdh0, released after the read") !=
        std::string::npos);
  // The reader used the server that gave the lease, and got the user-data from it.
  CHECK(r.err.find("names DHCP server 10.77.0.1: http://10.77.0.1/latest/user-data") != std::string::npos);
  CHECK(r.out.find("# vc-agent plan: compute compute-0") != std::string::npos);
  {
    std::lock_guard<std::mutex> lock(seen.m);
    INFO("request from '" << seen.remote << "', client addresses then:\n" << seen.addresses);
    CHECK(seen.remote.starts_with("10.77.0."));
    CHECK(seen.remote != kServerIp);
    CHECK(seen.addresses.find("inet " + seen.remote + "/24") != std::string::npos);
    // The client's script wrote the lease's DNS server into resolv.conf…
    CHECK(seen.resolv.find("nameserver 10.77.0.53") != std::string::npos);
  }
  // …and the agent put the image's file back with the lease.
  CHECK(slurp(tmp.path / "resolv.conf") == "nameserver 192.0.2.53\n");
  // Torn down: no address, no route, no client process left.
  CHECK(client.ip({"-4", "-o", "addr", "show", "dev", "vcdh0"}).out.find("inet ") == std::string::npos);
  CHECK(client.ip({"-4", "route", "show"}).out.empty());
  CHECK(processes_naming("vcdh0").empty());
  if (!hide_dhclient) {
    // dhclient -r sent a DHCPRELEASE: dnsmasq has dropped the lease.
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    CHECK(slurp(leases).find("10.77.0.") == std::string::npos);
  }
  CHECK(slurp("/etc/resolv.conf") == host_resolv);
}

void must_mount(const std::string& src, const std::string& dst, const char* type, unsigned long flags) {
  if (::mount(src.c_str(), dst.c_str(), type, flags, nullptr) != 0)
    throw std::runtime_error("mount " + src + " on " + dst + ": " + std::strerror(errno));
}

// --client TMP CLIENT AGENT ARGS…: inside `ip netns exec … unshare --mount --uts`
// (a private mount namespace): the agent's view of the machine, then exec.
int client_main(char** argv) {
  try {
    const std::string tmp = argv[2], client = argv[3];
    must_mount("none", "/", nullptr, MS_REC | MS_PRIVATE);
    must_mount(tmp + "/cmdline", "/proc/cmdline", nullptr, MS_BIND);
    must_mount(tmp + "/resolv.conf", "/etc/resolv.conf", nullptr, MS_BIND);
    must_mount("tmpfs", "/run", "tmpfs", 0);  // the agent's /run/vc-agent and the clients' files stay here
    if (client == "udhcpc") {
      // An image with busybox only: /usr/sbin holds udhcpc and ip, no dhclient
      // (the real ones are reached through a view of the original directory).
      const std::string orig = tmp + "/orig-sbin";
      fs::create_directories(orig);
      must_mount("/usr/sbin", orig, nullptr, MS_BIND);
      must_mount("tmpfs", "/usr/sbin", "tmpfs", 0);
      for (const char* name : {"udhcpc", "ip"}) {
        const std::string real = fs::exists(orig + "/" + name) ? orig + "/" + name : tool(name);
        fs::create_symlink(real, std::string("/usr/sbin/") + name);
      }
    }
    ::sethostname("vcdhcp-client", 13);
    ::execv(argv[4], argv + 4);
    std::cerr << "exec " << argv[4] << ": " << std::strerror(errno) << "\n";
  } catch (const std::exception& e) {
    std::cerr << e.what() << "\n";
  }
  return 120;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc > 4 && std::string(argv[1]) == "--client") return client_main(argv);
  std::string why;
  if (::geteuid() != 0) why = "not root (namespaces and DHCP need CAP_NET_ADMIN)";
  else if (tool("ip").empty()) why = "no `ip` (iproute2) found";
  else if (tool("unshare").empty()) why = "no `unshare` (util-linux) found";
  else if (tool("dnsmasq").empty()) why = "no dnsmasq (Debian: dnsmasq-base) for the DHCP server side";
  else if (tool("dhclient").empty() && tool("udhcpc").empty())
    why = "no DHCP client (Debian: isc-dhcp-client or udhcpc) for the agent's side";
  else {
    try {
      Ns probe("probe");
    } catch (const std::exception& e) {
      why = std::string("`ip netns` is unavailable: ") + e.what();
    }
  }
  if (!why.empty()) {
    std::cout << "SKIPPED: " << why << "\n";
    return kSkip;
  }
  // Daemonised DHCP clients are reparented to us, so that we can reap them.
  ::prctl(PR_SET_CHILD_SUBREAPER, 1);
  return Catch::Session().run(argc, argv);
}

TEST_CASE("netns: ephemeral DHCP with dhclient: leased during the read, gone after") {
  if (tool("dhclient").empty()) {
    WARN("no dhclient (isc-dhcp-client): not run");
    return;
  }
  ephemeral_dhcp_round_trip(false);
}

TEST_CASE("netns: ephemeral DHCP with udhcpc (busybox image): leased during the read, gone after") {
  if (tool("udhcpc").empty()) {
    WARN("no udhcpc (busybox): not run");
    return;
  }
  ephemeral_dhcp_round_trip(true);
}
