// cloud-config ssh_keys (cloud-init's pre-generated host keys): read into the
// Model's host keys with the checks <hostkeys> has, refused with file, key path
// and line, and through the binary: exit 2 and nothing changed.
#include <catch2/catch.hpp>

#include <algorithm>

#include "agent/cloud_config.h"
#include "agent/error.h"
#include "agent/seed_model.h"
#include "agent/vcout_parser.h"
#include "hostkey_fixtures.h"
#include "test_support.h"

using namespace vc;

namespace {

// The compute fixture's own pairs (made by vc-host gen with ssh-keygen).
const Model& fixture() {
  static const Model m = parse_vcout(vctest::slurp(vctest::source_dir() / "tests/data/vcout/good/hostkeys-compute.xml"));
  return m;
}
const GivenHostKey& ed25519() { return fixture().host_keys.at(0); }
const GivenHostKey& ecdsa() { return fixture().host_keys.at(1); }

std::string pub_of(const GivenHostKey& k) { return k.public_key.line(); }
int private_lines(const GivenHostKey& k) {
  return static_cast<int>(std::count(k.private_key.begin(), k.private_key.end(), '\n'));
}

// "  <name>: |\n" + the block indented: the value's line is the key's.
std::string block(const std::string& name, const std::string& text) {
  std::string out = "  " + name + ": |\n";
  for (std::size_t at = 0; at < text.size();) {
    const auto nl = std::min(text.find('\n', at), text.size());
    out += "    " + text.substr(at, nl - at) + "\n";
    at = nl + 1;
  }
  return out;
}

std::string pair_yaml(const std::string& type, const std::string& priv, const std::string& pub) {
  return block(type + "_private", priv) + "  " + type + "_public: \"" + pub + "\"\n";
}

InputError rejected(const std::string& yaml) {
  try {
    parse_cloud_config(yaml, "user-data");
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError for:\n" << yaml);
  throw std::logic_error("unreachable");
}

const std::string& kEncrypted = vctest::kEncryptedKey;
const std::string& kEncryptedPub = vctest::kEncryptedKeyPub;

}  // namespace

TEST_CASE("ssh_keys: pairs become the Model's host keys, exactly as <hostkeys> gives them") {
  const std::string yaml = "#cloud-config\nssh_keys:\n" + pair_yaml("ed25519", ed25519().private_key, pub_of(ed25519())) +
                           pair_yaml("ecdsa", ecdsa().private_key, pub_of(ecdsa())) +
                           "  rsa_certificate: \"ssh-rsa-cert-v01@openssh.com AAAA\"\n";
  const auto cc = parse_cloud_config(yaml, "user-data");
  REQUIRE(cc.host_keys.size() == 2);
  for (std::size_t i = 0; i < 2; ++i) {
    const GivenHostKey& want = fixture().host_keys[i];
    CHECK(cc.host_keys[i].type == want.type);
    CHECK(cc.host_keys[i].private_key == want.private_key);
    CHECK(cc.host_keys[i].public_key.line() == want.public_key.line());
  }
  CHECK(cc.host_keys[0].line == 3);
  REQUIRE(cc.warnings.size() == 1);  // the certificate, never silently
  CHECK(cc.warnings[0].find("user-data:") == 0);
  CHECK(cc.warnings[0].find("host certificates are not installed") != std::string::npos);

  // → Model: the given types are the node's host keys, as cloud-init generates none then.
  SeedInput in;
  in.kind = "nocloud";
  in.where = "/seed";
  in.config = parse_cloud_config(yaml + "ssh_genkeytypes: [rsa]\n", "user-data");
  const Model m = model_from_seed(std::move(in));
  REQUIRE(m.host_keys.size() == 2);
  CHECK(m.host_keys[1].type == "ecdsa");
  CHECK(m.ssh_genkeytypes == std::vector<std::string>{"ed25519", "ecdsa"});
  bool said = false;
  for (const auto& w : m.warnings) said = said || w.find("ssh_genkeytypes is not used when ssh_keys") != std::string::npos;
  CHECK(said);

  SeedInput keep;
  keep.where = "/seed";
  keep.config = parse_cloud_config(yaml + "ssh_deletekeys: false\n", "user-data");
  const Model k = model_from_seed(std::move(keep));
  CHECK_FALSE(k.ssh_genkeytypes.has_value());
  said = false;
  for (const auto& w : k.warnings) said = said || w.find("ssh_keys is not installed") != std::string::npos;
  CHECK(said);
}

TEST_CASE("ssh_keys: every bad pair is refused with its key path and line") {
  const std::string head = "#cloud-config\nhostname: n1\nssh_keys:\n";  // entries start on line 4
  struct Bad {
    std::string yaml, where, part;
    int line;
  };
  const std::vector<Bad> bad = {
      {"  dsa_private: x\n", "ssh_keys.dsa_private", "OpenSSH dropped DSA", 4},
      {"  foo_private: x\n", "ssh_keys.foo_private", "not an ssh_keys entry", 4},
      {"  ed25519_secret: x\n", "ssh_keys.ed25519_secret", "not an ssh_keys entry", 4},
      {"  ed25519_public: \"" + pub_of(ed25519()) + "\"\n", "ssh_keys.ed25519_public", "no ed25519_private beside it", 4},
      {block("ed25519_private", ed25519().private_key), "ssh_keys.ed25519_private", "no ed25519_public beside it", 4},
      // The public line is an ecdsa key under ed25519.
      {pair_yaml("ed25519", ed25519().private_key, pub_of(ecdsa())), "ssh_keys.ed25519_public",
       "a ecdsa-sha2-nistp256 key is not a ed25519 key", 5 + private_lines(ed25519())},
      {pair_yaml("ed25519", ecdsa().private_key, pub_of(ed25519())), "ssh_keys.ed25519_private",
       "does not belong to the public key in ssh_keys.ed25519_public", 4},
      {pair_yaml("ed25519", kEncrypted, kEncryptedPub), "ssh_keys.ed25519_private", "encrypted (cipher aes256-ctr)", 4},
      {"  ed25519_private: not a key\n  ed25519_public: \"" + pub_of(ed25519()) + "\"\n", "ssh_keys.ed25519_private",
       "expected an unencrypted private key block", 4},
      {block("ed25519_public", pub_of(ed25519()) + "\n" + pub_of(ed25519())) +
           block("ed25519_private", ed25519().private_key),
       "ssh_keys.ed25519_public", "expected one public key line", 4},
  };
  for (const auto& b : bad) {
    INFO(b.yaml);
    const InputError e = rejected(head + b.yaml);
    INFO(e.message());
    CHECK(e.file() == "user-data");
    CHECK(e.where() == b.where);
    CHECK(e.line() == b.line);
    CHECK(e.message().find(b.part) != std::string::npos);
  }
}

TEST_CASE("ssh_keys: a bad key in a seed stops the run with exit 2 and changes nothing") {
  vctest::TempDir tmp;
  const auto root = tmp.path / "root";
  vctest::copy_tree(vctest::source_dir() / "tests/roots/debian12", root);
  const auto seed = tmp.path / "seed";
  vctest::copy_tree(vctest::source_dir() / "tests/data/sources/vchost-vc7-compute-0", seed);
  const std::string user_data = vctest::slurp(seed / "user-data");
  // ssh_keys: after the last line, rsa_private under it, then the block, then rsa_public.
  const int line = static_cast<int>(std::count(user_data.begin(), user_data.end(), '\n')) + 3 + private_lines(ed25519());
  vctest::spit(seed / "user-data", user_data + "ssh_keys:\n" +
                                             pair_yaml("rsa", ed25519().private_key, pub_of(ed25519())));
  const auto before = vctest::snapshot(root);
  const auto r = vctest::run({vctest::agent_bin(), "apply", "--input", seed.string(), "--root", root.string()});
  INFO(r.err);
  CHECK(r.exit_code == 2);
  CHECK(r.err.find("user-data:" + std::to_string(line) + ": ssh_keys.rsa_public: a ssh-ed25519 key is not a rsa key") !=
        std::string::npos);
  CHECK(vctest::snapshot(root) == before);
}
