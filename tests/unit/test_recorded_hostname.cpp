// The name an image had before the run (SGE host_aliases and Rocks rename it):
// a loopback name is no old name.
#include <catch2/catch.hpp>

#include "distro/sge.h"
#include "test_support.h"

using vctest::spit;
using vctest::TempDir;

namespace {

std::string recorded(const std::string& hostname, const std::string& sysconfig = "") {
  TempDir t;
  if (!hostname.empty()) spit(t.path / "etc/hostname", hostname);
  if (!sysconfig.empty()) spit(t.path / "etc/sysconfig/network", sysconfig);
  return vc::distro::recorded_hostname(vc::RootView(t.path.string()));
}

}  // namespace

TEST_CASE("recorded_hostname: /etc/hostname, else sysconfig's HOSTNAME, never a loopback name") {
  CHECK(recorded("compute-0-0.local\n") == "compute-0-0.local");
  CHECK(recorded("", "NETWORKING=yes\nHOSTNAME=fe.example.org\n") == "fe.example.org");
  CHECK(recorded("# comment only\n", "HOSTNAME=old-fe\n") == "old-fe");
  CHECK(recorded("localhost\n").empty());
  CHECK(recorded("localhost.localdomain\n", "HOSTNAME=old-fe\n").empty());
  CHECK(recorded("", "HOSTNAME=localhost.localdomain\n").empty());
  CHECK(recorded("LOCALHOST\n").empty());
  CHECK(recorded("").empty());
}
