// NoCloud meta-data public-keys in every shape cloud-init's
// normalize_pubkey_data takes (a string, a list, a map of names to a string or
// a list) plus the EC2 tree {name: {openssh-key: …}}; keys checked as always.
#include <catch2/catch.hpp>

#include "agent/cloud_config.h"
#include "agent/error.h"
#include "seed_fixture.h"

using namespace vctest;

namespace {

const std::string kA = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIAn3mSpJpIY6IomBZpQ/HEmy6Ioiq2THzK2l0zt1uRbj a@b";
const std::string kB = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIGm2ZbqAc4m1n9qSg6nTg5a3kNnD3ZpE4h2oVj2bq0xS c@d";

std::vector<std::string> comments(const std::string& public_keys_yaml) {
  auto m = vc::parse_nocloud_meta("instance-id: i-1\npublic-keys:" + public_keys_yaml, "md");
  std::vector<std::string> out;
  for (const auto& k : m.public_keys) out.push_back(k.comment);
  return out;
}

std::string error_of(const std::string& public_keys_yaml) {
  try {
    vc::parse_nocloud_meta("instance-id: i-1\npublic-keys:" + public_keys_yaml, "md");
  } catch (const vc::InputError& e) {
    return e.message();
  }
  return "no error";
}

using V = std::vector<std::string>;

}  // namespace

TEST_CASE("public-keys: a string, one key a line") {
  CHECK(comments(" \"" + kA + "\"\n") == V{"a@b"});
  CHECK(comments(" |\n  " + kA + "\n  " + kB + "\n") == V{"a@b", "c@d"});
}

TEST_CASE("public-keys: a list of strings") {
  CHECK(comments("\n  - " + kA + "\n  - " + kB + "\n") == V{"a@b", "c@d"});
  CHECK(comments(" [\"" + kA + "\", \"\"]\n") == V{"a@b"});  // an empty entry is skipped
}

TEST_CASE("public-keys: a map of names to a string or a list (the reviewer's meta-data)") {
  CHECK(comments(" {mykey: \"" + kA + "\"}\n") == V{"a@b"});
  CHECK(comments("\n  one: " + kA + "\n  two:\n    - " + kB + "\n    - \"\"\n") == V{"a@b", "c@d"});
  auto m = vc::parse_nocloud_meta("instance-id: i-1\npublic-keys: {mykey: \"" + kA + "\"}\n", "md");
  CHECK(m.warnings.empty());
}

TEST_CASE("public-keys: the EC2 form {name: {openssh-key: ...}} is read, with a warning") {
  auto m = vc::parse_nocloud_meta("instance-id: i-1\npublic-keys:\n  mykey:\n    openssh-key: " + kA + "\n", "md");
  REQUIRE(m.public_keys.size() == 1);
  CHECK(m.public_keys[0].comment == "a@b");
  REQUIRE(m.warnings.size() == 1);
  CHECK(m.warnings[0].starts_with("md:3: public-keys.mykey: the EC2 form"));
  CHECK(error_of("\n  mykey:\n    other: " + kA + "\n") ==
        "md:3: public-keys.mykey: expected the key as a string, a list of strings, or {openssh-key: ...}");
}

TEST_CASE("public-keys: empty gives none; bad keys fail with file, line and key") {
  CHECK(comments("\n").empty());
  CHECK(comments(" \"\"\n").empty());
  CHECK(comments(" []\n").empty());
  CHECK(error_of(" {mykey: \"ssh-ed25519 !!!\"}\n").starts_with("md:2: public-keys.mykey: "));
  CHECK(error_of("\n  a: " + kA + "\n  b: \"command=\\\"x\\\" " + kB + "\"\n")
            .starts_with("md:4: public-keys.b: key options"));
  CHECK(error_of("\n  - " + kA + "\n  - ssh-foo AAAA\n").starts_with("md:4: public-keys[1]: 'ssh-foo'"));
  CHECK(error_of("\n  a:\n    openssh-key: {x: 1}\n").starts_with("md:4: public-keys.a.openssh-key: expected a single"));
}

TEST_CASE("a NoCloud seed with public-keys as a map: applied, the key in root's authorized_keys") {
  SeededRoot s("instance-id: iid-1\nlocal-hostname: node1\npublic-keys: {mykey: \"" + kA + "\"}\n",
               "#cloud-config\ndisable_root: false\n");
  auto r = s.apply();
  INFO(r.err);
  REQUIRE(r.exit_code == 0);
  CHECK(slurp(s.root / "root/.ssh/authorized_keys").find(kA) != std::string::npos);
}
