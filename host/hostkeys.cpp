#include "host/hostkeys.h"

#include <unistd.h>

#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <filesystem>

#include "agent/error.h"
#include "agent/fs_util.h"
#include "host/spawn.h"

namespace vc::host {
namespace {

namespace stdfs = std::filesystem;

// The private keys exist on disk only here, only for as long as gen reads them.
struct PrivateTempDir {
  std::string path;
  PrivateTempDir() {
    const char* tmp = std::getenv("TMPDIR");
    std::string tmpl = std::string(tmp && *tmp ? tmp : "/tmp") + "/vc-host-keys-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw EnvError("mkdtemp " + tmpl + ": " + std::strerror(errno));
    path = tmpl;  // mkdtemp makes it 0700
  }
  ~PrivateTempDir() {
    std::error_code ec;
    stdfs::remove_all(path, ec);
  }
  PrivateTempDir(const PrivateTempDir&) = delete;
  PrivateTempDir& operator=(const PrivateTempDir&) = delete;
};

}  // namespace

std::vector<NodeHostKey> generate_host_keys(const std::vector<std::string>& types, const std::string& comment) {
  std::vector<NodeHostKey> out;
  if (types.empty()) return out;
  PrivateTempDir dir;
  for (const auto& type : types) {
    const std::string file = dir.path + "/ssh_host_" + type + "_key";
    std::vector<std::string> argv{"ssh-keygen", "-q", "-N", "", "-t", type, "-C", comment, "-f", file};
    // 3072 bits is OpenSSH's own RSA default since 8.0; said explicitly so an
    // older ssh-keygen on the host does not make 2048-bit keys.
    if (type == "rsa") argv.insert(argv.begin() + 6, {"-b", "3072"});
    const int rc = run_quiet(argv);
    if (rc != 0)
      throw EnvError("ssh-keygen -t " + type + (rc < 0 ? ": could not be run (is openssh-client installed?)"
                                                       : ": exit status " + std::to_string(rc)));
    NodeHostKey k;
    k.type = type;
    k.private_key = fs::read_all(file);
    k.public_line = fs::read_all(file + ".pub");
    while (!k.public_line.empty() && (k.public_line.back() == '\n' || k.public_line.back() == '\r'))
      k.public_line.pop_back();
    out.push_back(std::move(k));
  }
  return out;
}

std::string frontend_names(const ClusterSpec& c) {
  return c.fe_name + "," + c.fe_name + ".local," + c.fqdn + "," + c.fe_private.ip.str() + "," + c.fe_public.ip.str();
}

std::string compute_names(const ComputeSpec& n) {
  return n.name + "," + n.name + ".local," + n.private_nic.ip.str();
}

std::string key_without_comment(const std::string& public_line) {
  const auto first = public_line.find(' ');
  const auto second = first == std::string::npos ? first : public_line.find(' ', first + 1);
  return public_line.substr(0, second);
}

std::vector<KnownHostEntry> cluster_known_hosts(const ClusterSpec& c) {
  std::vector<KnownHostEntry> out;
  const std::string fe = frontend_names(c);
  for (const auto& k : c.fe_host_keys) out.push_back({c.fe_name, fe, key_without_comment(k.public_line)});
  for (const auto& n : c.computes) {
    const std::string names = compute_names(n);
    for (const auto& k : n.host_keys) out.push_back({n.name, names, key_without_comment(k.public_line)});
  }
  return out;
}

}  // namespace vc::host
