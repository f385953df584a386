// The names check both known-hosts inputs share (vc-out.xml <known_hosts>,
// cloud-config write_files).
#include <catch2/catch.hpp>

#include "agent/known_host_names.h"

using namespace vc;

TEST_CASE("KnownHostNames splits names and refuses a second key of one type for a name") {
  KnownHostNames seen;
  std::vector<std::string> names;
  CHECK(seen.add("fe,fe.local,10.1.1.1,fd00::1", "ssh-ed25519", 3, names).empty());
  CHECK(names == std::vector<std::string>{"fe", "fe.local", "10.1.1.1", "fd00::1"});

  std::vector<std::string> other;
  CHECK(seen.add("fe", "ssh-rsa", 4, other).empty());  // another key type for the same name is fine
  CHECK(seen.add("c1,10.1.1.1", "ssh-ed25519", 5, other) == "'10.1.1.1' already has a ssh-ed25519 key (line 3)");
}

TEST_CASE("KnownHostNames refuses names ssh_known_hosts would misread") {
  KnownHostNames seen;
  std::vector<std::string> names;
  CHECK(seen.add("", "ssh-rsa", 1, names) == "'' is neither a valid RFC 1123 host name nor an IP address");
  CHECK(seen.add("a,,b", "ssh-rsa", 1, names) == "'' is neither a valid RFC 1123 host name nor an IP address");
  CHECK(seen.add("bad_name!", "ssh-rsa", 1, names) ==
        "'bad_name!' is neither a valid RFC 1123 host name nor an IP address");
  CHECK(seen.add("*.cluster", "ssh-rsa", 1, names).find("is neither") != std::string::npos);
  CHECK(seen.add("[fe]:2222", "ssh-rsa", 1, names).find("is neither") != std::string::npos);
  CHECK(seen.add("evil\nhost", "ssh-rsa", 1, names).find("is neither") != std::string::npos);
}
