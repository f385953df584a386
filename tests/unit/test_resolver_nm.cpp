// A resolv.conf vc-agent writes itself must survive NetworkManager: with NM
// installed, a `dns=none` drop-in goes with it; other resolver modes and roots
// without NM get none.
#include <catch2/catch.hpp>

#include <filesystem>
#include <fstream>

#include "distro/distro.h"
#include "distro/identity.h"

using namespace vc;
using namespace vc::distro;

namespace {

RootView fixture(const char* name) { return RootView(std::string(VC_SOURCE_DIR) + "/tests/roots/" + name); }

Model with_dns() {
  Model m;
  m.role = Role::Compute;
  m.name = "compute-0";
  m.dns = {netconf::parse_ip("10.1.1.1").value()};
  return m;
}

const FileChange* find(const Plan& p, const std::string& path) {
  for (const auto& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

constexpr const char* kDropIn = "/etc/NetworkManager/conf.d/90-vc-agent-dns.conf";

}  // namespace

TEST_CASE("detect: NetworkManager installed or not") {
  CHECK(detect(fixture("el9")).network_manager);
  CHECK_FALSE(detect(fixture("el7")).network_manager);
  CHECK_FALSE(detect(fixture("debian12")).network_manager);
  // --distro still reads it from the root.
  CHECK(from_name("el8", fixture("el9")).network_manager);
}

TEST_CASE("plan_resolver: NetworkManager is told to leave the written resolv.conf alone") {
  SECTION("el9 (NM installed, plain resolv.conf)") {
    Plan p;
    plan_resolver(with_dns(), detect(fixture("el9")), fixture("el9"), p);
    REQUIRE(find(p, "/etc/resolv.conf"));
    const FileChange* d = find(p, kDropIn);
    REQUIRE(d);
    CHECK(d->mode == 0644);
    CHECK(d->content.find("\n[main]\ndns=none\n") != std::string::npos);
    REQUIRE(p.dirs.size() == 1);
    CHECK(p.dirs[0].path == "/etc/NetworkManager/conf.d");
  }
  SECTION("el7 root without NM: resolv.conf only") {
    Plan p;
    plan_resolver(with_dns(), detect(fixture("el7")), fixture("el7"), p);
    CHECK(find(p, "/etc/resolv.conf"));
    CHECK_FALSE(find(p, kDropIn));
  }
  SECTION("NM installed but resolv.conf belongs to systemd-resolved: NM is not touched") {
    DistroFacts f = detect(fixture("el9"));
    f.resolv = ResolvMode::SystemdResolved;
    Plan p;
    plan_resolver(with_dns(), f, fixture("el9"), p);
    CHECK_FALSE(find(p, kDropIn));
    CHECK_FALSE(find(p, "/etc/resolv.conf"));
  }
}
