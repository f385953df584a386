#include <stdlib.h>
#include <unistd.h>

#include <catch2/catch.hpp>
#include <filesystem>
#include <fstream>

#include "agent/error.h"
#include "distro/distro.h"

namespace fs = std::filesystem;
using namespace vc;
using namespace vc::distro;

namespace {

RootView fixture(const char* name) { return RootView(std::string(VC_SOURCE_DIR) + "/tests/roots/" + name); }

// A scratch root removed again at the end of the test.
struct TempRoot {
  std::string dir;
  TempRoot() {
    std::string tmpl = (fs::temp_directory_path() / "vc-distro-XXXXXX").string();
    REQUIRE(::mkdtemp(tmpl.data()) != nullptr);
    dir = tmpl;
  }
  ~TempRoot() {
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  TempRoot(const TempRoot&) = delete;
  TempRoot& operator=(const TempRoot&) = delete;
  TempRoot& write(const std::string& path, const std::string& content) {
    fs::path p = dir + path;
    fs::create_directories(p.parent_path());
    std::ofstream(p, std::ios::binary) << content;
    return *this;
  }
  TempRoot& mkdir(const std::string& path) {
    fs::create_directories(dir + path);
    return *this;
  }
  TempRoot& symlink(const std::string& target, const std::string& path) {
    fs::path p = dir + path;
    fs::create_directories(p.parent_path());
    fs::create_symlink(target, p);
    return *this;
  }
  RootView view() const { return RootView(dir); }
};

std::string os_release(const std::string& id, const std::string& version, const std::string& like = "") {
  std::string s = "NAME=\"Test\"\nID=" + id + "\nVERSION_ID=\"" + version + "\"\n";
  if (!like.empty()) s += "ID_LIKE=\"" + like + "\"\n";
  return s;
}

}  // namespace

TEST_CASE("el7 fixture: CentOS 7 with ifcfg and sysconfig/network") {
  auto f = detect(fixture("el7"));
  CHECK(f.family == Family::EL7);
  CHECK(f.id == "centos");
  CHECK(f.version_id == "7");
  CHECK(f.pretty_name == "CentOS Linux 7 (Core)");
  CHECK(f.renderer == NetRenderer::IfcfgRhel);
  CHECK(f.resolv == ResolvMode::File);
  CHECK(f.writes_etc_hostname);
  CHECK(f.has_sysconfig_network);
  CHECK(f.detected_by == "/etc/os-release ID=centos VERSION_ID=7; ifcfg (EL7 network-scripts)");
}

TEST_CASE("el9 fixture: Rocky 9 uses NetworkManager keyfiles") {
  auto f = detect(fixture("el9"));
  CHECK(f.family == Family::EL9);
  CHECK(f.id == "rocky");
  CHECK(f.version_id == "9.3");
  CHECK(f.renderer == NetRenderer::NetworkManager);
  CHECK(f.resolv == ResolvMode::File);
  CHECK(f.writes_etc_hostname);
  CHECK_FALSE(f.has_sysconfig_network);
}

TEST_CASE("debian12 fixture: ifupdown") {
  auto f = detect(fixture("debian12"));
  CHECK(f.family == Family::Debian);
  CHECK(f.id == "debian");
  CHECK(f.version_id == "12");
  CHECK(f.pretty_name == "Debian GNU/Linux 12 (bookworm)");
  CHECK(f.renderer == NetRenderer::Eni);
  CHECK(f.resolv == ResolvMode::File);
  CHECK_FALSE(f.has_sysconfig_network);
  CHECK(f.detected_by == "/etc/os-release ID=debian VERSION_ID=12; /etc/network/interfaces");
}

TEST_CASE("ubuntu2204 fixture: netplan and systemd-resolved through a relative link") {
  auto f = detect(fixture("ubuntu2204"));
  CHECK(f.family == Family::Ubuntu);
  CHECK(f.version_id == "22.04");
  CHECK(f.renderer == NetRenderer::Netplan);
  CHECK(f.resolv == ResolvMode::SystemdResolved);
}

TEST_CASE("rocks7 fixture: rocks-release wins over the CentOS base") {
  auto f = detect(fixture("rocks7"));
  CHECK(f.family == Family::Rocks);
  CHECK(f.id == "centos");
  CHECK(f.renderer == NetRenderer::IfcfgRhel);
  CHECK(f.has_sysconfig_network);
  CHECK(f.writes_etc_hostname);  // it has /etc/hostname
  CHECK(f.detected_by.starts_with(
      "/etc/rocks-release \"Rocks release 7.0 (Manzanita)\"; /etc/os-release ID=centos"));
}

TEST_CASE("synthetic roots: fedora, SUSE, EL8 with and without network-scripts") {
  SECTION("fedora is EL9-like") {
    TempRoot r;
    r.write("/etc/os-release", os_release("fedora", "40"));
    auto f = detect(r.view());
    CHECK(f.family == Family::EL9);
    CHECK(f.renderer == NetRenderer::NetworkManager);
  }
  SECTION("opensuse-leap") {
    TempRoot r;
    r.write("/usr/lib/os-release", os_release("\"opensuse-leap\"", "15.5", "suse opensuse"))
        .mkdir("/etc/sysconfig/network");
    auto f = detect(r.view());
    CHECK(f.family == Family::SUSE);
    CHECK(f.id == "opensuse-leap");
    CHECK(f.renderer == NetRenderer::IfcfgSuse);
    CHECK_FALSE(f.has_sysconfig_network);  // a directory on SUSE, not the EL file
    CHECK(f.detected_by.starts_with("/usr/lib/os-release ID=opensuse-leap VERSION_ID=15.5"));
  }
  SECTION("sles") {
    TempRoot r;
    r.write("/etc/os-release", os_release("sles", "15-SP5"));
    CHECK(detect(r.view()).family == Family::SUSE);
  }
  SECTION("almalinux 8 with ifcfg files") {
    TempRoot r;
    r.write("/etc/os-release", os_release("almalinux", "8.9", "rhel centos fedora"))
        .write("/etc/sysconfig/network-scripts/ifcfg-eth0", "DEVICE=eth0\nBOOTPROTO=dhcp\n");
    auto f = detect(r.view());
    CHECK(f.family == Family::EL8);
    CHECK(f.renderer == NetRenderer::IfcfgRhel);
  }
  SECTION("almalinux 8 with network-scripts installed but no ifcfg yet") {
    TempRoot r;
    r.write("/etc/os-release", os_release("almalinux", "8.9"))
        .write("/etc/sysconfig/network-scripts/ifup-eth", "#!/bin/bash\n");
    CHECK(detect(r.view()).renderer == NetRenderer::IfcfgRhel);
  }
  SECTION("almalinux 8 with only ifcfg-lo and .keep: NetworkManager") {
    TempRoot r;
    r.write("/etc/os-release", os_release("almalinux", "8.9"))
        .write("/etc/sysconfig/network-scripts/ifcfg-lo", "DEVICE=lo\n")
        .write("/etc/sysconfig/network-scripts/.keep", "");
    auto f = detect(r.view());
    CHECK(f.family == Family::EL8);
    CHECK(f.renderer == NetRenderer::NetworkManager);
  }
}

TEST_CASE("Debian and Ubuntu renderer ladders") {
  SECTION("debian without ifupdown: networkd") {
    TempRoot r;
    r.write("/etc/os-release", os_release("debian", "12")).mkdir("/etc/systemd/network");
    CHECK(detect(r.view()).renderer == NetRenderer::Networkd);
  }
  SECTION("debian with netplan") {
    TempRoot r;
    r.write("/etc/os-release", os_release("debian", "12")).mkdir("/etc/netplan");
    CHECK(detect(r.view()).renderer == NetRenderer::Netplan);
  }
  SECTION("debian with NetworkManager only") {
    TempRoot r;
    r.write("/etc/os-release", os_release("debian", "12")).mkdir("/etc/NetworkManager");
    CHECK(detect(r.view()).renderer == NetRenderer::NetworkManager);
  }
  SECTION("ubuntu without netplan but with ifupdown") {
    TempRoot r;
    r.write("/etc/os-release", os_release("ubuntu", "16.04")).write("/etc/network/interfaces", "auto lo\n");
    CHECK(detect(r.view()).renderer == NetRenderer::Eni);
  }
  SECTION("ubuntu with neither") {
    TempRoot r;
    r.write("/etc/os-release", os_release("ubuntu", "24.04"));
    CHECK(detect(r.view()).renderer == NetRenderer::Networkd);
  }
}

TEST_CASE("ID_LIKE fallback and generic systemd") {
  SECTION("rhel-like 8") {
    TempRoot r;
    r.write("/etc/os-release", os_release("navy", "8.6", "rhel centos fedora"));
    auto f = detect(r.view());
    CHECK(f.family == Family::EL8);
    CHECK(f.id == "navy");
    CHECK(f.detected_by.find("ID_LIKE=\"rhel centos fedora\"") != std::string::npos);
  }
  SECTION("debian-like") {
    TempRoot r;
    r.write("/etc/os-release", os_release("raspbian", "12", "debian")).write("/etc/network/interfaces", "");
    auto f = detect(r.view());
    CHECK(f.family == Family::Debian);
    CHECK(f.renderer == NetRenderer::Eni);
  }
  SECTION("unknown ID: generic, networkd") {
    TempRoot r;
    r.write("/etc/os-release", "ID=arch\nBUILD_ID=rolling\n").mkdir("/etc/systemd/network");
    auto f = detect(r.view());
    CHECK(f.family == Family::GenericSystemd);
    CHECK(f.renderer == NetRenderer::Networkd);
  }
  SECTION("generic with NetworkManager and an empty networkd dir") {
    TempRoot r;
    r.write("/etc/os-release", "ID=arch\n")
        .mkdir("/etc/NetworkManager")
        .write("/etc/systemd/network/.keep", "");
    CHECK(detect(r.view()).renderer == NetRenderer::NetworkManager);
    r.write("/etc/systemd/network/20-wired.network", "[Match]\nName=en*\n");
    CHECK(detect(r.view()).renderer == NetRenderer::Networkd);
  }
  SECTION("no os-release but systemd present") {
    TempRoot r;
    r.mkdir("/usr/lib/systemd");
    auto f = detect(r.view());
    CHECK(f.family == Family::GenericSystemd);
    CHECK(f.detected_by == "no os-release; systemd present; networkd");
  }
}

TEST_CASE("os-release quoting, escapes and comments") {
  TempRoot r;
  r.write("/etc/os-release",
          "# a comment with ID=wrong\n"
          "  \n"
          "ID='centos'\n"
          "VERSION_ID=7\n"
          "PRETTY_NAME=\"My \\\"Quoted\\\" OS \\$5\"\n"
          "not an assignment\n");
  auto f = detect(r.view());
  CHECK(f.id == "centos");
  CHECK(f.family == Family::EL7);
  CHECK(f.pretty_name == "My \"Quoted\" OS $5");
}

TEST_CASE("EL6-era and Rocks 6 roots without os-release") {
  SECTION("CentOS 6: redhat-release only, no /etc/hostname") {
    TempRoot r;
    r.write("/etc/redhat-release", "CentOS release 6.10 (Final)\n")
        .write("/etc/sysconfig/network", "NETWORKING=yes\nHOSTNAME=localhost.localdomain\n");
    auto f = detect(r.view());
    CHECK(f.family == Family::EL7);
    CHECK(f.id == "centos");
    CHECK(f.version_id == "6.10");
    CHECK(f.renderer == NetRenderer::IfcfgRhel);
    CHECK_FALSE(f.writes_etc_hostname);
    CHECK(f.has_sysconfig_network);
    CHECK(f.detected_by.starts_with("/etc/redhat-release \"CentOS release 6.10 (Final)\""));
  }
  SECTION("Rocks 6 without /etc/hostname") {
    TempRoot r;
    r.write("/etc/redhat-release", "CentOS release 6.6 (Final)\n")
        .write("/etc/rocks-release", "Rocks release 6.2 (SideWinder)\n");
    auto f = detect(r.view());
    CHECK(f.family == Family::Rocks);
    CHECK_FALSE(f.writes_etc_hostname);
  }
  SECTION("Red Hat 7 redhat-release") {
    TempRoot r;
    r.write("/etc/redhat-release", "Red Hat Enterprise Linux Server release 7.9 (Maipo)\n");
    auto f = detect(r.view());
    CHECK(f.family == Family::EL7);
    CHECK(f.id == "rhel");
    CHECK(f.writes_etc_hostname);
  }
}

TEST_CASE("resolv.conf managed by resolvconf") {
  TempRoot r;
  r.write("/etc/os-release", os_release("debian", "11"))
      .symlink("../run/resolvconf/resolv.conf", "/etc/resolv.conf");
  CHECK(detect(r.view()).resolv == ResolvMode::Resolvconf);
}

TEST_CASE("unrecognisable root is an environment error") {
  TempRoot r;
  r.mkdir("/etc");
  try {
    detect(r.view());
    FAIL("expected EnvError");
  } catch (const EnvError& e) {
    CHECK(
        std::string(e.what()) ==
        "cannot detect the distribution under " + r.dir +
            ": no /etc/os-release, /usr/lib/os-release or /etc/redhat-release and no systemd; use --distro");
  }
}

TEST_CASE("from_name: family names, os-release IDs, versions") {
  TempRoot empty;
  auto v = empty.view();
  CHECK(from_name("el8", v).family == Family::EL8);
  CHECK(from_name("el8", v).renderer == NetRenderer::NetworkManager);
  CHECK(from_name("debian", v).renderer == NetRenderer::Eni);  // the family default on a bare root
  CHECK(from_name("ubuntu", v).renderer == NetRenderer::Netplan);
  CHECK(from_name("systemd", v).renderer == NetRenderer::Networkd);
  CHECK(from_name("suse", v).renderer == NetRenderer::IfcfgSuse);
  CHECK(from_name("centos", v).family == Family::EL7);
  CHECK(from_name("rhel", v).family == Family::EL7);
  CHECK(from_name("rocky", v).family == Family::EL9);
  CHECK(from_name("almalinux", v).family == Family::EL9);
  CHECK(from_name("fedora", v).family == Family::EL9);
  CHECK(from_name("opensuse-leap", v).family == Family::SUSE);
  CHECK(from_name("sles", v).family == Family::SUSE);
  CHECK(from_name("ROCKY", v).family == Family::EL9);
  auto r8 = from_name("rocky8", v);
  CHECK(r8.family == Family::EL8);
  CHECK(r8.id == "rocky");
  CHECK(r8.version_id == "8");
  CHECK(from_name("centos-8", v).family == Family::EL8);
  CHECK(from_name("ubuntu22.04", v).family == Family::Ubuntu);
  CHECK(from_name("rocks", v).family == Family::Rocks);
  CHECK_FALSE(from_name("rocks", v).writes_etc_hostname);
  CHECK(from_name("el7", v).detected_by == "--distro el7; ifcfg (EL7 network-scripts)");
}

TEST_CASE("from_name still reads root-dependent facts") {
  auto f = from_name("debian", fixture("ubuntu2204"));
  CHECK(f.family == Family::Debian);
  CHECK(f.resolv == ResolvMode::SystemdResolved);
  CHECK(f.renderer == NetRenderer::Netplan);  // /etc/netplan is there
  auto r = from_name("rocks", fixture("el7"));
  CHECK(r.has_sysconfig_network);
  CHECK(r.writes_etc_hostname);  // /etc/hostname exists
}

TEST_CASE("from_name rejects unknown names with an InputError") {
  TempRoot empty;
  for (const char* bad : {"windows", "", "8", "el"}) {
    try {
      from_name(bad, empty.view());
      FAIL("expected InputError for '" << bad << "'");
    } catch (const InputError& e) {
      CHECK(e.where() == "--distro");
      CHECK(e.line() == 0);
      CHECK(
          e.message().starts_with(std::string("input: --distro: unknown distribution '") + bad +
                                  "'; expected one of el7, el8, el9, debian, ubuntu, suse, rocks, systemd"));
    }
  }
}

TEST_CASE("names round-trip") {
  for (auto r : {NetRenderer::IfcfgRhel, NetRenderer::IfcfgSuse, NetRenderer::NetworkManager,
                 NetRenderer::Netplan, NetRenderer::Eni, NetRenderer::Networkd})
    CHECK(renderer_from_name(renderer_name(r)) == r);
  CHECK_FALSE(renderer_from_name("wicked").has_value());
  CHECK(std::string(family_name(Family::GenericSystemd)) == "systemd");
  CHECK(std::string(family_name(Family::EL9)) == "el9");
  TempRoot empty;
  for (auto f : {Family::EL7, Family::EL8, Family::EL9, Family::Debian, Family::Ubuntu, Family::SUSE,
                 Family::Rocks, Family::GenericSystemd})
    CHECK(from_name(family_name(f), empty.view()).family == f);
}
