// The network sources against loopback servers: EC2 IMDSv2 (PUT token, GET with
// it), the v1 fallback, OpenStack's metadata service, nocloud-net and CloudStack;
// no request at all without a platform hint; a hung server bounded by the budget.
#include <catch2/catch.hpp>

#include <httplib.h>
#include <netinet/in.h>
#include <sys/socket.h>

#include <atomic>
#include <chrono>
#include <thread>

#include "test_support.h"

using namespace vctest;

namespace {

const fs::path kData = source_dir() / "tests/data/sources";
const std::string kKey = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAn3mSpJpIY6IomBZpQ/HEmy6Ioiq2THzK2l0zt1uRbj ec2@example";

// An httplib server on 127.0.0.1:<free port>, stopped and joined on destruction.
struct Loopback {
  httplib::Server srv;
  std::thread thread;
  int port = 0;
  std::atomic<int> requests{0};
  Loopback() {
    srv.set_pre_routing_handler([this](const httplib::Request&, httplib::Response&) {
      ++requests;
      return httplib::Server::HandlerResponse::Unhandled;
    });
  }
  void start() {
    port = srv.bind_to_any_port("127.0.0.1");
    thread = std::thread([this] { srv.listen_after_bind(); });
    while (!srv.is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ~Loopback() {
    srv.stop();
    if (thread.joinable()) thread.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

// Accepts connections into its backlog and never answers: a hung metadata service.
struct HungServer {
  int fd = -1, port = 0;
  HungServer() {
    fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
    ::listen(fd, 16);
    socklen_t len = sizeof a;
    ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
    port = ntohs(a.sin_port);
  }
  ~HungServer() { ::close(fd); }
};

struct Root {
  TempDir tmp;
  fs::path root = tmp.path / "root";
  Root() { copy_tree(source_dir() / "tests/roots/debian12", root); }
  RunResult agent(std::vector<std::string> args, const std::string& url) const {
    args.insert(args.begin(), agent_bin());
    args.insert(args.end(), {"--root", root.string(), "-v"});
    return run(args, {"VC_AGENT_METADATA_URL=" + url});
  }
  // `file` (in the root) holds `text`; the plan against `url` must succeed.
  RunResult plan_with(const char* file, const std::string& text, const std::string& url) const {
    spit(root / file, text);
    auto r = agent({"plan"}, url);
    INFO(r.err);
    REQUIRE(r.exit_code == 0);
    return r;
  }
};

bool has(const std::string& text, const std::string& what) { return text.find(what) != std::string::npos; }

void ec2_routes(Loopback& s, bool v2, std::atomic<int>& with_token,
                const std::string& hostname = "ip-10-0-0-5.ec2.internal") {
  if (v2) {
    s.srv.Put("/latest/api/token", [](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token-ttl-seconds").empty()) res.status = 400;
      else res.set_content("TOKEN-1", "text/plain");
    });
  }
  auto md = [v2, &with_token](const std::string& body) {
    return [v2, &with_token, body](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token") == "TOKEN-1") ++with_token;
      else if (v2) {
        res.status = 401;
        return;
      }
      res.set_content(body, "text/plain");
    };
  };
  s.srv.Get("/latest/meta-data/instance-id", md("i-0abc"));
  s.srv.Get("/latest/meta-data/local-hostname", md(hostname));
  s.srv.Get("/latest/meta-data/public-keys/", md("0=mykey\n"));
  s.srv.Get("/latest/meta-data/public-keys/0/openssh-key", md(kKey));
  s.srv.Get("/latest/user-data", md("#cloud-config\ndisable_root: false\n"));
}

}  // namespace

TEST_CASE("imds: IMDSv2 token first, then every GET carries it") {
  Loopback s;
  std::atomic<int> with_token{0};
  ec2_routes(s, true, with_token);
  s.start();
  Root r;
  auto plan = r.plan_with("sys/class/dmi/id/sys_vendor", "Amazon EC2\n", s.url());
  CHECK(has(plan.err, "source imds: used (DMI names Amazon EC2: EC2 IMDS " + s.url() + " (IMDSv2))"));
  CHECK(has(plan.out, "+i-0abc\n"));
  CHECK(has(plan.out, "ec2@example"));  // disable_root: false in user-data
  CHECK(has(plan.out, "+ip-10-0-0-5.ec2.internal\n"));
  CHECK(with_token == 5);
}

TEST_CASE("imds: a loopback or invalid local-hostname is left out with a warning; the node keeps its name") {
  for (const std::string name : {"localhost.localdomain", "bad_name\nx"}) {
    INFO(name);
    Loopback s;
    std::atomic<int> with_token{0};
    ec2_routes(s, true, with_token, name);
    s.start();
    Root r;
    const std::string old_name = slurp(r.root / "etc/hostname");
    auto plan = r.plan_with("sys/class/dmi/id/sys_vendor", "Amazon EC2\n", s.url());
    const std::string why = name == "localhost.localdomain" ? "'localhost.localdomain' is a loopback name"
                                                            : "not a valid host name (RFC 1123)";
    CHECK(has(plan.err, "warning: " + s.url() + "/latest/meta-data/local-hostname: " + why +
                            "; the host name is left unchanged"));
    CHECK_FALSE(has(plan.out, "+localhost"));
    CHECK_FALSE(has(plan.out, "bad_name"));
    CHECK(has(plan.out, "+i-0abc\n"));  // the rest of the seed is used
    CHECK(slurp(r.root / "etc/hostname") == old_name);
  }
}

TEST_CASE("imds: the network config comes from meta-data/network/interfaces/macs/, primary DHCP") {
  Loopback s;
  std::atomic<int> with_token{0};
  ec2_routes(s, true, with_token);
  const std::string macs = "/latest/meta-data/network/interfaces/macs/";
  auto text = [](std::string body) {
    return [body](const httplib::Request& req, httplib::Response& res) {
      if (req.get_header_value("X-aws-ec2-metadata-token") != "TOKEN-1") res.status = 401;
      else res.set_content(body, "text/plain");
    };
  };
  s.srv.Get(macs, text("06:17:04:d7:26:09/\n06:17:04:d7:26:08/"));
  s.srv.Get(macs + "06:17:04:d7:26:09/device-number", text("0"));
  s.srv.Get(macs + "06:17:04:d7:26:09/local-ipv4s", text("10.0.0.5"));
  s.srv.Get(macs + "06:17:04:d7:26:09/subnet-ipv4-cidr-block", text("10.0.0.0/24"));
  s.srv.Get(macs + "06:17:04:d7:26:08/device-number", text("1"));
  std::atomic<bool> bad_ip{false};
  s.srv.Get(macs + "06:17:04:d7:26:08/local-ipv4s", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(bad_ip ? "10.0.1.7\n10.0.1.800" : "10.0.1.7\n10.0.1.8", "text/plain");
  });
  s.srv.Get(macs + "06:17:04:d7:26:08/subnet-ipv4-cidr-block", text("10.0.1.0/24"));
  s.start();
  Root r;
  spit(r.root / "sys/class/net/ens5/address", "06:17:04:d7:26:09\n");
  spit(r.root / "sys/class/net/ens6/address", "06:17:04:d7:26:08\n");
  auto plan = r.plan_with("sys/class/dmi/id/sys_vendor", "Amazon EC2\n", s.url());
  INFO(plan.out << plan.err);
  CHECK(has(plan.err, "(IMDSv2))"));
  CHECK(has(plan.out, "iface ens5 inet dhcp"));
  CHECK(has(plan.out, "iface ens6 inet dhcp"));
  CHECK(has(plan.out, "10.0.1.8"));                                 // ens6's secondary address, static
  CHECK(has(plan.out, "+10.0.0.5\tip-10-0-0-5.ec2.internal"));      // the primary's lease address names the node
  CHECK_FALSE(has(plan.err, "no network configuration"));

  // A bad value from the service: exit 2 naming the URL and the line.
  bad_ip = true;
  auto bad = r.agent({"plan"}, s.url());
  CHECK(bad.exit_code == 2);
  CHECK(has(bad.err, macs + "06:17:04:d7:26:08/local-ipv4s:2: local-ipv4s: '10.0.1.800' is not an IPv4 address"));
}

TEST_CASE("imds: no token service gives IMDSv1, no platform hint gives not one request") {
  Loopback s;
  std::atomic<int> with_token{0};
  ec2_routes(s, false, with_token);
  s.start();
  Root r;
  auto none = r.agent({"plan"}, s.url());
  CHECK(none.exit_code == 0);
  CHECK(has(none.out, "nothing to do"));
  CHECK(has(none.err, "source imds: absent (DMI (sys_vendor '', product_name '') and the command line name no "
                      "metadata service)"));
  CHECK(s.requests == 0);

  auto v1 = r.plan_with("proc/cmdline", "ro ds=ec2\n", s.url());
  CHECK(has(v1.err, "(IMDSv1))"));
  CHECK(with_token == 0);
}

TEST_CASE("imds: a hung metadata service costs the budget, no more") {
  HungServer hung;
  Root r;
  spit(r.root / "sys/class/dmi/id/product_name", "OpenStack Nova\n");
  spit(r.root / "proc/cmdline", "ro ds=cloudstack\n");
  spit(r.root / "var/lib/dhcp/dhclient.eth0.leases", "lease {\n  option dhcp-server-identifier 127.0.0.1;\n}\n");
  const auto t0 = std::chrono::steady_clock::now();
  auto res = r.agent({"plan", "--net-budget", "1.5"}, "http://127.0.0.1:" + std::to_string(hung.port));
  const double secs = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  INFO(res.err);
  CHECK(res.exit_code == 0);
  CHECK(has(res.out, "nothing to do"));
  CHECK(has(res.err, "source imds: absent ("));
  CHECK(has(res.err, "timed out"));
  CHECK(has(res.err, "source cloudstack: skipped (the network budget (--net-budget) was spent)"));
  CHECK(secs < 4.0);
}

TEST_CASE("openstack metadata service, nocloud-net and cloudstack over loopback") {
  Loopback s;
  const auto cd = kData / "configdrive/openstack/latest";
  s.srv.Get("/openstack/latest/meta_data.json", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(slurp(cd / "meta_data.json"), "application/json");
  });
  s.srv.Get("/seed/(meta-data|user-data|network-config)", [&](const httplib::Request& req, httplib::Response& res) {
    res.set_content(slurp(kData / "vchost-vc7-compute-0" / req.matches[1].str()), "text/plain");
  });
  s.srv.Get("/latest/user-data", [&](const httplib::Request&, httplib::Response& res) {
    res.set_content(slurp(source_dir() / "examples/compute-vc-out.xml"), "application/xml");
  });
  s.start();

  Root os;
  auto o = os.plan_with("sys/class/dmi/id/product_name", "OpenStack Compute\n", s.url());
  CHECK(has(o.out, "(openstack:" + s.url() + ")"));
  CHECK(has(o.out, "+83679162-1378-4288-a2d4-70e13ec132aa\n"));

  Root net;
  auto n = net.plan_with("proc/cmdline", "ro ds=nocloud;s=" + s.url() + "/seed/\n", s.url());
  CHECK(has(n.err, "source nocloud-net: used (kernel command line ds=nocloud;s=" + s.url() + "/seed/)"));
  CHECK(has(n.out, "+10.1.255.254\tcompute-0.local compute-0\n"));

  Root cs;
  spit(cs.root / "proc/cmdline", "ro ds=cloudstack\n");
  auto none = cs.agent({"plan"}, s.url());
  CHECK(has(none.err, "source cloudstack: absent (no DHCP lease names a server"));
  auto c = cs.plan_with("var/lib/dhcp/dhclient.eth0.leases",
                        "lease {\n  option dhcp-server-identifier 10.0.2.2;\n}\n", s.url());
  CHECK(has(c.out, "# vc-agent plan: compute "));
  CHECK(has(c.err, "/var/lib/dhcp/dhclient.eth0.leases names DHCP server 10.0.2.2"));
}
