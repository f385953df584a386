#include "host/hostkeys.h"

#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <deque>
#include <filesystem>
#include <thread>

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

std::vector<std::vector<NodeHostKey>> generate_host_keys(const std::vector<std::string>& types,
                                                         const std::vector<std::string>& comments) {
  std::vector<std::vector<NodeHostKey>> out(comments.size(), std::vector<NodeHostKey>(types.size()));
  if (types.empty() || comments.empty()) return out;
  PrivateTempDir dir;
  struct Job {
    std::size_t node, type;
    std::string file;
    int pid;
  };
  std::deque<Job> running;
  std::string failure;
  // Reaps the oldest job; a failure is remembered, the others still reaped, so
  // no ssh-keygen outlives the temp dir.
  const auto reap = [&] {
    Job j = std::move(running.front());
    running.pop_front();
    const int rc = wait_exit(j.pid);
    if (!failure.empty()) return;
    const std::string& type = types[j.type];
    if (rc != 0) {
      failure = "ssh-keygen -t " + type +
                (rc < 0 ? ": could not be run (is openssh-client installed?)" : ": exit status " + std::to_string(rc));
      return;
    }
    NodeHostKey& k = out[j.node][j.type];
    k.type = type;
    try {
      k.private_key = fs::read_all(j.file);
      k.public_line = fs::read_all(j.file + ".pub");
    } catch (const std::exception& e) {
      failure = "ssh-keygen -t " + type + ": " + e.what();
    }
    while (!k.public_line.empty() && (k.public_line.back() == '\n' || k.public_line.back() == '\r'))
      k.public_line.pop_back();
  };
  const std::size_t jobs = std::max(1u, std::thread::hardware_concurrency());
  for (std::size_t n = 0; n < comments.size() && failure.empty(); ++n)
    for (std::size_t t = 0; t < types.size() && failure.empty(); ++t) {
      const std::string file = dir.path + "/" + std::to_string(n) + "_" + types[t];
      std::vector<std::string> argv{"ssh-keygen", "-q", "-N", "", "-t", types[t], "-C", comments[n], "-f", file};
      // 3072 bits is OpenSSH's own RSA default since 8.0; said explicitly so an
      // older ssh-keygen on the host does not make 2048-bit keys.
      if (types[t] == "rsa") argv.insert(argv.begin() + 6, {"-b", "3072"});
      running.push_back({n, t, file, spawn_quiet(argv)});
      if (running.size() >= jobs) reap();
    }
  while (!running.empty()) reap();
  if (!failure.empty()) throw EnvError(failure);
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
