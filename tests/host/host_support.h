#pragma once
// Helpers for the vc-host loopback tests: a background `vc-host serve` on
// 127.0.0.1 with an ephemeral port, and a gen'd cluster.
#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <optional>
#include <stdexcept>
#include <string>
#include <vector>

#include "test_support.h"

namespace vctest {

inline std::string host_bin() { return VC_HOST_BIN; }
inline std::string burst_bin() { return VC_BURST_BIN; }

// `vc-host serve --listen 127.0.0.1:0 …` in the background; stopped (SIGTERM, then
// waited for) by the destructor. Its log goes to `log_path`.
class Server {
 public:
  Server(const std::string& db, const fs::path& log_path, std::vector<std::string> extra = {}) : log_(log_path) {
    int out[2];
    if (::pipe2(out, O_CLOEXEC) != 0) throw std::runtime_error("pipe");
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_adddup2(&fa, out[1], 1);
    posix_spawn_file_actions_addopen(&fa, 2, log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    std::vector<std::string> argv{host_bin(), "serve", "--listen", "127.0.0.1:0", "--db", db};
    argv.insert(argv.end(), extra.begin(), extra.end());
    std::vector<char*> args;
    for (auto& a : argv) args.push_back(a.data());
    args.push_back(nullptr);
    const int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    ::close(out[1]);
    if (rc != 0) throw std::runtime_error("spawn vc-host serve");
    // The first stdout line names the bound port.
    std::string line;
    char ch;
    while (::read(out[0], &ch, 1) == 1 && ch != '\n') line += ch;
    ::close(out[0]);
    const auto colon = line.rfind(':');
    if (!line.starts_with("vc-host: listening on http://127.0.0.1:") || colon == std::string::npos)
      throw std::runtime_error("serve did not start: '" + line + "' " + slurp(log_path));
    port_ = std::stoi(line.substr(colon + 1));
  }
  ~Server() { stop(); }
  Server(const Server&) = delete;
  Server& operator=(const Server&) = delete;

  int stop() {
    if (pid_ <= 0) return exit_;
    ::kill(pid_, SIGTERM);
    int status = 0;
    ::waitpid(pid_, &status, 0);
    pid_ = 0;
    exit_ = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
    return exit_;
  }
  int port() const { return port_; }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_) + "/v1/report"; }
  std::string log() const { return slurp(log_); }

 private:
  fs::path log_;
  pid_t pid_ = 0;
  int port_ = 0;
  int exit_ = -1;
};

// The vc7 example spec and key, copied next to each other with report_url moved
// to `url`; returns the spec's path.
inline fs::path vc7_spec(const fs::path& dir, const std::string& url, int computes = 2,
                         const std::string& cluster = "vc7") {
  std::string spec = slurp(source_dir() / "tests/host/data/vc7.yaml");
  spec.replace(spec.find("http://127.0.0.1:8775/v1/report"), 31, url);
  spec.replace(spec.find("count: 2"), 8, "count: " + std::to_string(computes));
  spec.replace(spec.find("cluster: vc7"), 12, "cluster: " + cluster);
  spit(dir / "spec.yaml", spec);
  spit(dir / "id_ed25519.pub", slurp(source_dir() / "tests/host/data/id_ed25519.pub"));
  return dir / "spec.yaml";
}

// A tool on PATH, as the program under test would find it.
inline std::optional<std::string> find_in_path(const std::string& tool) {
  const char* path = std::getenv("PATH");
  std::string dirs = path ? path : "/usr/sbin:/usr/bin:/sbin:/bin";
  for (std::size_t start = 0; start <= dirs.size();) {
    std::size_t end = dirs.find(':', start);
    if (end == std::string::npos) end = dirs.size();
    const fs::path candidate = fs::path(dirs.substr(start, end - start)) / tool;
    if (end > start && ::access(candidate.c_str(), X_OK) == 0) return candidate.string();
    start = end + 1;
  }
  return std::nullopt;
}

}  // namespace vctest
