// A real cidata ISO (xorriso -as mkisofs, as `vc-host gen` and cloud-init's docs make
// it), attached to a loop device, found by label with libblkid and mounted read-only
// by CidataMount, then read as a NoCloud seed. Needs root, loop devices and xorriso:
// without them the test says why and exits 77 (ctest: Skipped).
#include <catch2/catch.hpp>

#include <unistd.h>

#include <cstdlib>
#include <iostream>

#include "agent/cidata_mount.h"
#include "agent/cli.h"
#include "agent/source.h"
#include "test_support.h"

using namespace vctest;

namespace {

std::string find_tool(const std::string& name) {
  for (const char* dir : {"/usr/bin", "/usr/sbin", "/bin", "/sbin"})
    if (::access((std::string(dir) + "/" + name).c_str(), X_OK) == 0) return std::string(dir) + "/" + name;
  return "";
}

// A loop device for `file`, detached again at scope exit.
struct Loop {
  std::string losetup, dev, why;
  explicit Loop(const fs::path& file) : losetup(find_tool("losetup")) {
    if (losetup.empty()) {
      why = "losetup is not installed";
      return;
    }
    auto r = run({losetup, "--find", "--show", "--read-only", file.string()});
    if (r.exit_code != 0) {
      why = "losetup failed (no loop devices or no privilege here): " + r.err;
      return;
    }
    dev = r.out.substr(0, r.out.find('\n'));
  }
  ~Loop() {
    if (!dev.empty()) run({losetup, "--detach", dev});
  }
};

// ctest reports exit 77 as Skipped (tests/CMakeLists.txt); the reason is printed.
[[noreturn]] void skip(const std::string& why) {
  std::cout << "SKIPPED: " << why << std::endl;
  std::exit(77);
}

}  // namespace

TEST_CASE("cidata ISO: found by label, mounted read-only, read as NoCloud, unmounted") {
  const std::string xorriso = find_tool("xorriso");
  if (xorriso.empty()) {
    skip("xorriso is not installed (apt-get install xorriso; scripts/deps.txt lists it)");
  }
  if (::geteuid() != 0) {
    skip("mounting a loop device needs root");
  }
  TempDir t;
  const auto seed = source_dir() / "tests/data/sources/vchost-vc7-compute-0";
  // A label of its own for the by-label search, so a cidata disk of the machine (or of
  // a parallel run) cannot answer instead; the NoCloud read uses the real label below.
  const std::string label = "VCT" + std::to_string(::getpid());
  for (const auto& [iso, volid] : {std::pair{t.path / "unique.iso", label}, std::pair{t.path / "cidata.iso", std::string("cidata")}}) {
    auto mk = run({xorriso, "-as", "mkisofs", "-quiet", "-output", iso.string(), "-volid", volid, "-joliet", "-rock",
                   (seed / "meta-data").string(), (seed / "user-data").string(), (seed / "network-config").string()});
    INFO(mk.err);
    REQUIRE(mk.exit_code == 0);
  }

  Loop unique(t.path / "unique.iso");
  if (unique.dev.empty()) {
    skip(unique.why);
  }
  std::string dir;
  {
    std::string why;
    auto m = vc::CidataMount::find_and_mount({label}, why);
    INFO(why);
    if (!m && why.starts_with("mount " + unique.dev + " ")) {
      // libblkid found the ISO by its label; this kernel (a container's) cannot mount it.
      skip("the label search passed; the mount half cannot run: " + why + " (the kernel has no iso9660 driver here)");
    }
    REQUIRE(m);
    CHECK(m->device() == unique.dev);
    dir = m->dir();
    CHECK((fs::status(dir).permissions() & fs::perms::others_all) == fs::perms::none);
    CHECK(slurp(fs::path(dir) / "meta-data") == slurp(seed / "meta-data"));
    // Read-only: nothing on the seed can be changed through the mount.
    std::ofstream probe(fs::path(dir) / "probe");
    CHECK_FALSE(probe.good());
  }
  CHECK_FALSE(fs::exists(dir));  // unmounted and removed with the object

  std::string why;
  CHECK_FALSE(vc::CidataMount::find_and_mount({"no-such-label-vc"}, why));
  CHECK(why == "no filesystem labelled no-such-label-vc");

  Loop cidata(t.path / "cidata.iso");
  REQUIRE_FALSE(cidata.dev.empty());
  auto m = vc::CidataMount::mount_device(cidata.dev, why);
  INFO(why);
  REQUIRE(m);
  vc::Options o;
  vc::RootView root("/");
  vc::netconf::LinkTable links;
  vc::NetBudget budget(1);
  auto hit = vc::nocloud_from_dir({o, root, links, budget}, m->dir(), cidata.dev);
  REQUIRE(hit);
  CHECK(hit->model.name == "compute-0");
  CHECK(hit->model.role == vc::Role::Compute);
  CHECK(hit->model.instance_id == "vc7-compute-0");
  CHECK(hit->model.source == "nocloud:" + cidata.dev);
}
