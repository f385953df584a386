// <hostkeys> and <known_hosts> (issue 4): what the parser accepts and rejects,
// and how the planner installs the keys (per instance only) and writes
// /etc/ssh/ssh_known_hosts (a managed block, idempotent).
#include <catch2/catch.hpp>

#include "agent/error.h"
#include "agent/lifecycle.h"
#include "agent/vcout_parser.h"
#include "distro/ssh_hostkeys.h"
#include "hostkey_fixtures.h"
#include "test_support.h"

using namespace vc;
using vctest::TempDir;

namespace {

const std::string& kEncrypted = vctest::kEncryptedKey;
const std::string& kEncryptedPub = vctest::kEncryptedKeyPub;

std::string fixture(const char* name) { return vctest::slurp(vctest::source_dir() / "tests/data/vcout/good" / name); }

// The compute fixture's own ed25519 pair, reused to build small documents.
const Model& compute_fixture() {
  static const Model m = parse_vcout(fixture("hostkeys-compute.xml"));
  return m;
}
const GivenHostKey& ed25519() { return compute_fixture().host_keys.at(0); }
const GivenHostKey& ecdsa() { return compute_fixture().host_keys.at(1); }

// A G1 compute document with `extra` after its <compute>; the first line of
// `extra` is line 6.
std::string doc(const std::string& extra) {
  return "<vc>\n<frontend fqdn=\"vc7.example.org\"/>\n<compute gw=\"10.1.1.1\" name=\"compute-0\">\n"
         "<private ip=\"10.1.255.254\" mac=\"52:54:00:aa:01:00\" netmask=\"255.255.0.0\"/>\n</compute>\n" +
         extra + "</vc>\n";
}

std::string hostkey(const std::string& type, const std::string& pub, const std::string& priv) {
  return "<hostkeys>\n<hostkey type=\"" + type + "\" public=\"" + pub + "\">\n" + priv + "</hostkey>\n</hostkeys>\n";
}

std::string pub_of(const GivenHostKey& k) { return k.public_key.type + " " + k.public_key.blob; }

InputError rejected(const std::string& text) {
  try {
    parse_vcout(text);
  } catch (const InputError& e) {
    return e;
  }
  FAIL("expected an InputError for:\n" << text);
  throw std::logic_error("unreachable");
}

#define REJECTS(text, line_, where_, part)                     \
  do {                                                         \
    const InputError e_ = rejected(text);                      \
    INFO(e_.message());                                        \
    CHECK(e_.line() == (line_));                               \
    CHECK(e_.where() == std::string(where_));                  \
    CHECK(e_.message().find(part) != std::string::npos);       \
  } while (0)

RootView fixture_root(const char* name) { return RootView((vctest::source_dir() / "tests/roots" / name).string()); }

const FileChange* find(const Plan& p, const std::string& path) {
  for (const auto& f : p.files)
    if (f.path == path) return &f;
  return nullptr;
}

}  // namespace

TEST_CASE("vc-out <hostkeys>/<known_hosts>: vc-host gen's files parse into the Model") {
  const auto cn = parse_vcout(fixture("hostkeys-compute.xml"));
  REQUIRE(cn.host_keys.size() == 3);
  CHECK(cn.host_keys[0].type == "ed25519");
  CHECK(cn.host_keys[1].type == "ecdsa");
  CHECK(cn.host_keys[2].type == "rsa");
  CHECK(cn.host_keys[0].public_key.type == "ssh-ed25519");
  CHECK(cn.host_keys[0].public_key.comment == "root@compute-0.local");
  CHECK(cn.host_keys[2].private_key.starts_with("-----BEGIN OPENSSH PRIVATE KEY-----\n"));
  CHECK(cn.host_keys[2].private_key.ends_with("\n-----END OPENSSH PRIVATE KEY-----\n"));
  // Every node of the 1+2 cluster, three key types each.
  REQUIRE(cn.known_hosts.size() == 9);
  CHECK(cn.known_hosts[0].names ==
        std::vector<std::string>{"vc7", "vc7.local", "vc7.example.org", "10.1.1.1", "198.51.100.50"});
  CHECK(cn.known_hosts[3].names == std::vector<std::string>{"compute-0", "compute-0.local", "10.1.255.254"});
  CHECK(cn.known_hosts[3].key.blob == cn.host_keys[0].public_key.blob);
  const auto fe = parse_vcout(fixture("hostkeys-frontend.xml"));
  CHECK(fe.host_keys.size() == 3);
  CHECK(fe.known_hosts.size() == 9);
  CHECK(fe.known_hosts[0].key.blob == fe.host_keys[0].public_key.blob);
  // Documents without the elements: nothing, as before.
  const auto plain = parse_vcout(vctest::slurp(vctest::source_dir() / "examples/compute-vc-out.xml"));
  CHECK(plain.host_keys.empty());
  CHECK(plain.known_hosts.empty());
}

TEST_CASE("vc-out <hostkeys>: a key sshd could not use, or that is not the one announced, is refused") {
  const auto& k = ed25519();
  CHECK_NOTHROW(parse_vcout(doc(hostkey("ed25519", pub_of(k), k.private_key))));
  REJECTS(doc(hostkey("dsa", pub_of(k), k.private_key)), 7, "<hostkeys>/<hostkey> attribute type",
          "expected ed25519, rsa or ecdsa");
  REJECTS(doc(hostkey("rsa", pub_of(k), k.private_key)), 7, "<hostkeys>/<hostkey type=rsa> attribute public",
          "a ssh-ed25519 key is not a rsa key");
  REJECTS(doc(hostkey("ed25519", "ssh-ed25519 AAAA", k.private_key)), 7,
          "<hostkeys>/<hostkey type=ed25519> attribute public", "does not encode");
  REJECTS(doc(hostkey("ed25519", kEncryptedPub, k.private_key)), 7, "<hostkeys>/<hostkey type=ed25519>",
          "does not belong to the public key");
  REJECTS(doc(hostkey("ed25519", kEncryptedPub, kEncrypted)), 7, "<hostkeys>/<hostkey type=ed25519>",
          "is encrypted");
  REJECTS(doc(hostkey("ed25519", pub_of(k), "ssh-ed25519 AAAA\n")), 7, "<hostkeys>/<hostkey type=ed25519>",
          "expected an unencrypted private key block");
  auto cut = k.private_key.substr(0, k.private_key.find("-----END"));
  REJECTS(doc(hostkey("ed25519", pub_of(k), cut)), 7, "<hostkeys>/<hostkey type=ed25519>",
          "no matching '-----END OPENSSH PRIVATE KEY-----' line");
  REJECTS(doc(hostkey("ed25519", pub_of(k), "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n")), 7,
          "<hostkeys>/<hostkey type=ed25519>", "is not a ed25519 private key");
  REJECTS(doc("<hostkeys>\n<hostkey type=\"ed25519\" public=\"" + pub_of(k) + "\">\n" + k.private_key +
              "</hostkey>\n<hostkey type=\"ed25519\" public=\"" + pub_of(k) + "\">\n" + k.private_key +
              "</hostkey>\n</hostkeys>\n"),
          16, "<hostkeys>/<hostkey type=ed25519>", "a second ed25519 host key (the first is on line 7)");
  REJECTS(doc("<hostkeys>\n<key type=\"ed25519\"/>\n</hostkeys>\n"), 7, "<hostkeys>/<key>", "unexpected element");
}

TEST_CASE("vc-out <known_hosts>: names must be host names or addresses, one key per name and type") {
  const auto& k = ed25519();
  const auto host = [&](const std::string& names, const std::string& key) {
    return "<host names=\"" + names + "\" key=\"" + key + "\"/>\n";
  };
  const auto m = parse_vcout(doc("<known_hosts>\n" + host("vc7,10.1.1.1,fe80::1", pub_of(k)) +
                                 host("vc7", pub_of(ecdsa())) + "</known_hosts>\n"));
  REQUIRE(m.known_hosts.size() == 2);
  CHECK(m.known_hosts[0].names == std::vector<std::string>{"vc7", "10.1.1.1", "fe80::1"});
  CHECK(m.known_hosts[0].line == 7);
  REJECTS(doc("<known_hosts>\n" + host("vc7,,x", pub_of(k)) + "</known_hosts>\n"), 7,
          "<known_hosts>/<host> attribute names", "'' is neither a valid RFC 1123 host name nor an IP address");
  REJECTS(doc("<known_hosts>\n" + host("vc7 x", pub_of(k)) + "</known_hosts>\n"), 7,
          "<known_hosts>/<host> attribute names", "is neither");
  REJECTS(doc("<known_hosts>\n" + host("*.local", pub_of(k)) + "</known_hosts>\n"), 7,
          "<known_hosts>/<host> attribute names", "is neither");
  REJECTS(doc("<known_hosts>\n" + host("vc7,10.1.1.1", pub_of(k)) + host("10.1.1.1", pub_of(k)) + "</known_hosts>\n"),
          8, "<known_hosts>/<host> attribute names", "'10.1.1.1' already has a ssh-ed25519 key (line 7)");
  REJECTS(doc("<known_hosts>\n" + host("vc7", "command=&quot;x&quot; " + pub_of(k)) + "</known_hosts>\n"), 7,
          "<known_hosts>/<host> attribute key", "key options");
  REJECTS(doc("<known_hosts>\n" + host("vc7", "") + "</known_hosts>\n"), 7, "<known_hosts>/<host> attribute key",
          "the attribute is missing");
  REJECTS(doc("<known_hosts>\n<node/>\n</known_hosts>\n"), 7, "<known_hosts>/<node>", "unexpected element");
  REJECTS(doc("<known_hosts/>\n<known_hosts/>\n"), 7, "<known_hosts>", "a second <known_hosts>");
}

TEST_CASE("ssh: host keys from the input are installed per instance, other types still generated") {
  TempDir t;
  vctest::copy_tree(vctest::source_dir() / "tests/roots/debian12-sge", t.path);
  RootView root(t.path.string());
  auto m = parse_vcout(fixture("hostkeys-compute.xml"));
  m.host_keys.erase(m.host_keys.begin() + 1);  // no ecdsa key given: that one is generated
  Plan p;
  distro::plan_host_keys(m, root, p);
  REQUIRE(p.commands.size() == 1);
  CHECK(p.commands[0].argv.at(5) == "ecdsa");
  const auto* key = find(p, "/etc/ssh/ssh_host_ed25519_key");
  const auto* pub = find(p, "/etc/ssh/ssh_host_ed25519_key.pub");
  REQUIRE(key);
  REQUIRE(pub);
  CHECK(key->content == m.host_keys[0].private_key);
  CHECK(key->mode == 0600);
  CHECK((key->enforce_mode && key->per_instance && key->secret));
  CHECK(pub->content == m.host_keys[0].public_key.line() + "\n");
  CHECK(pub->mode == 0644);
  CHECK((pub->per_instance && !pub->secret));
  CHECK(find(p, "/etc/ssh/ssh_host_rsa_key"));
  CHECK(find(p, "/etc/ssh/ssh_host_ed25519_key-cert.pub") == nullptr);

  // Never on a reboot or a changed input: the same rule as generated keys.
  for (auto kind : {RunKind::SameInput, RunKind::ChangedInput}) {
    Plan again = p;
    select_commands(again, kind);
    CHECK(find(again, "/etc/ssh/ssh_host_ed25519_key") == nullptr);
    CHECK(again.commands.empty());
  }
  Plan fresh = p;
  select_commands(fresh, RunKind::NewInstance);
  CHECK(find(fresh, "/etc/ssh/ssh_host_ed25519_key"));
  CHECK(fresh.commands.size() == 1);

  // An image without key files (they are made at first boot) gets the given
  // ones at sshd's standard paths, and their fingerprints are known at once.
  Plan bare;
  const auto el7 = fixture_root("el7");
  distro::plan_host_keys(m, el7, bare);
  CHECK(bare.commands.empty());
  CHECK(find(bare, "/etc/ssh/ssh_host_rsa_key.pub"));
  const std::string fps = fingerprints_after(bare, el7);
  CHECK(fps.find("root@compute-0.local (ED25519)") != std::string::npos);
  CHECK(fps.find("(RSA)") != std::string::npos);
  // No sshd at all: nothing installed, and a warning says so.
  Plan none;
  distro::plan_host_keys(m, fixture_root("debian12"), none);
  CHECK(none.files.empty());
  CHECK(none.warnings.size() == 2);
}

TEST_CASE("ssh: /etc/ssh/ssh_known_hosts is a managed block, admin lines kept, idempotent") {
  const auto m = parse_vcout(fixture("hostkeys-compute.xml"));
  const std::string block = distro::known_hosts_block(m.known_hosts);
  CHECK(block.starts_with("vc7,vc7.local,vc7.example.org,10.1.1.1,198.51.100.50 ssh-ed25519 AAAA"));
  CHECK(std::count(block.begin(), block.end(), '\n') == 9);
  const std::string fresh = distro::merge_known_hosts(std::nullopt, block);
  CHECK(fresh == "# BEGIN vc-agent managed block: this cluster's host keys, replaced on every run\n" + block +
                     "# END vc-agent managed block\n");
  const std::string admin = "# site keys\ngw.example.org ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIJ9gPGoW1nDWF6hctMOf9gUbrdPWaW8oaIs/85PA4RfI\n\n\n";
  const std::string merged = distro::merge_known_hosts(admin, block);
  CHECK(merged.starts_with("# site keys\ngw.example.org ssh-ed25519 "));
  CHECK(merged.find("\n\n# BEGIN vc-agent") != std::string::npos);
  CHECK(distro::merge_known_hosts(merged, block) == merged);
  // A new cluster replaces the old block, the admin's lines stay.
  const std::string other = distro::merge_known_hosts(merged, "x ssh-ed25519 AAAA\n");
  CHECK(other.find(block) == std::string::npos);
  CHECK(other.starts_with("# site keys\n"));
  // A BEGIN without an END does not swallow what follows.
  CHECK(distro::merge_known_hosts(std::string("# BEGIN vc-agent managed block\nkeep me\n"), "b\n").starts_with("keep me\n"));

  Plan p;
  distro::plan_known_hosts(m, fixture_root("el7"), p);
  REQUIRE(p.files.size() == 1);
  CHECK(p.files[0].path == "/etc/ssh/ssh_known_hosts");
  CHECK(p.files[0].content == fresh);
  Plan none;
  distro::plan_known_hosts(parse_vcout(vctest::slurp(vctest::source_dir() / "examples/compute-vc-out.xml")),
                           fixture_root("el7"), none);
  CHECK(none.files.empty());
}
