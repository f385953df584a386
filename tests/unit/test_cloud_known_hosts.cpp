// cloud-config write_files: the /etc/ssh/ssh_known_hosts entry (what vc-host's
// NoCloud seeds carry) becomes the Model's known hosts; every other path is
// named in the ignored-keys warning; bad lines exit 2 with file, line and key.
#include <catch2/catch.hpp>

#include "agent/cloud_config.h"
#include "agent/error.h"

using namespace vc;

namespace {

const std::string kEd = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAn3mSpJpIY6IomBZpQ/HEmy6Ioiq2THzK2l0zt1uRbj";

std::string error_of(const std::string& text) {
  try {
    parse_cloud_config(text, "user-data");
  } catch (const InputError& e) {
    return e.message();
  }
  return "no error";
}

std::string seed(const std::string& content_lines) {
  return "#cloud-config\nwrite_files:\n  - path: /etc/ssh/ssh_known_hosts\n    permissions: \"0644\"\n"
         "    content: |\n" + content_lines;
}

}  // namespace

TEST_CASE("write_files: the known hosts entry is read, other files are named as ignored") {
  auto cc = parse_cloud_config(
      "#cloud-config\nwrite_files:\n  - path: /etc/motd\n    content: hi\n"
      "  - path: /etc/ssh/ssh_known_hosts\n    content: |\n      # BEGIN block\n\n"
      "      vc7,vc7.local,10.1.1.1 " + kEd + " root@vc7\n      compute-0 " + kEd + "\n",
      "user-data");
  REQUIRE(cc.known_hosts.size() == 2);
  CHECK(cc.known_hosts[0].names == std::vector<std::string>{"vc7", "vc7.local", "10.1.1.1"});
  CHECK(cc.known_hosts[0].key.type == "ssh-ed25519");
  CHECK(cc.known_hosts[0].line == 9);
  CHECK(cc.known_hosts[1].names == std::vector<std::string>{"compute-0"});
  REQUIRE(cc.warnings.size() == 1);
  CHECK(cc.warnings[0].find("write_files /etc/motd (line 2)") != std::string::npos);
}

TEST_CASE("write_files: a bad known hosts line names file, line and entry") {
  CHECK(error_of(seed("      bad_name! " + kEd + "\n")) ==
        "user-data:6: write_files[0].content line 1: 'bad_name!' is neither a valid RFC 1123 host name nor an IP "
        "address");
  CHECK(error_of(seed("      a " + kEd + "\n      b,a " + kEd + "\n")).find(
            "user-data:7: write_files[0].content line 2: 'a' already has a ssh-ed25519 key (line 6)") == 0);
  CHECK(error_of(seed("      @cert-authority *.example " + kEd + "\n")).find("markers") != std::string::npos);
  CHECK(error_of(seed("      onlyname\n")).find("expected 'names keytype base64") != std::string::npos);
  CHECK(error_of(seed("      a ssh-ed25519 !!notbase64\n")).find("user-data:6") == 0);
  CHECK(error_of("#cloud-config\nwrite_files:\n  - path: /etc/ssh/ssh_known_hosts\n    encoding: gzip\n"
                 "    content: H4sI\n")
            .find("'gzip' content is not decoded") != std::string::npos);
  CHECK(error_of("#cloud-config\nwrite_files:\n  - path: /etc/ssh/ssh_known_hosts\n    content: a " + kEd +
                 "\n  - path: /etc/ssh/ssh_known_hosts\n    content: b " + kEd + "\n")
            .find("a second entry") != std::string::npos);
  CHECK(error_of("#cloud-config\nwrite_files: [just-a-string]\n").find("is a mapping") != std::string::npos);
}
