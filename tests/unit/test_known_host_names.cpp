// The helpers both known-hosts inputs share: the names check of one entry and
// the project's one trim.
#include <catch2/catch.hpp>

#include "agent/known_host_names.h"
#include "agent/text.h"

using namespace vc;

static_assert(trim("  a b \r\n") == "a b");
static_assert(trim(" \t ").empty());
static_assert(trim("x\r", " \t") == "x\r");

TEST_CASE("trim drops only the caller's characters, from both ends") {
  CHECK(trim("\r\n\tvalue\t\r\n") == "value");
  CHECK(trim(" value \r", " \t\r") == "value");
  CHECK(trim("\nvalue\n", " \t") == "\nvalue\n");
  const std::string_view nul_padded{"KVM\n\0\0", 6};
  CHECK(trim(nul_padded, std::string_view{" \t\r\n\0", 5}) == "KVM");
  CHECK(trim("").empty());
}

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
