#pragma once
// Helpers for tests that run the real binary against copies of fixture roots.
#include <fcntl.h>
#include <spawn.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <map>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

extern char** environ;

namespace vctest {

namespace fs = std::filesystem;

struct TempDir {
  fs::path path;
  TempDir() {
    std::string tmpl = (fs::temp_directory_path() / "vc-test-XXXXXX").string();
    if (!::mkdtemp(tmpl.data())) throw std::runtime_error("mkdtemp failed");
    path = tmpl;
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path, ec);
  }
  TempDir(const TempDir&) = delete;
  TempDir& operator=(const TempDir&) = delete;
};

inline std::string slurp(const fs::path& p) {
  std::ifstream f(p, std::ios::binary);
  std::ostringstream s;
  s << f.rdbuf();
  return s.str();
}

inline void spit(const fs::path& p, const std::string& text) {
  fs::create_directories(p.parent_path());
  std::ofstream f(p, std::ios::binary | std::ios::trunc);
  f << text;
}

struct RunResult {
  int exit_code = -1;
  std::string out, err;
};

// Runs argv (no shell) with extra "K=V" environment entries; captures output.
inline RunResult run(const std::vector<std::string>& argv, const std::vector<std::string>& extra_env = {}) {
  TempDir io;
  const std::string out_path = (io.path / "out").string(), err_path = (io.path / "err").string();
  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_addopen(&fa, 0, "/dev/null", O_RDONLY, 0);
  posix_spawn_file_actions_addopen(&fa, 1, out_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  posix_spawn_file_actions_addopen(&fa, 2, err_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
  std::vector<char*> args;
  for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
  args.push_back(nullptr);
  std::vector<std::string> env_store(extra_env);
  for (char** e = environ; *e; ++e) env_store.emplace_back(*e);
  std::vector<char*> envp;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  pid_t pid = 0;
  int rc = posix_spawn(&pid, args[0], &fa, nullptr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  if (rc != 0) throw std::runtime_error("posix_spawn " + argv[0] + " failed");
  int status = 0;
  waitpid(pid, &status, 0);
  RunResult r;
  r.exit_code = WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
  r.out = slurp(out_path);
  r.err = slurp(err_path);
  return r;
}

// A copy that keeps symlinks as symlinks and empty dirs; drops .keep markers.
inline void copy_tree(const fs::path& from, const fs::path& to) {
  fs::create_directories(to);
  fs::copy(from, to, fs::copy_options::recursive | fs::copy_options::copy_symlinks);
  std::vector<fs::path> markers;
  for (const auto& e : fs::recursive_directory_iterator(to))
    if (e.path().filename() == ".keep") markers.push_back(e.path());
  for (const auto& m : markers) fs::remove(m);
}

// Every entry under dir (relative path) → type, mode, owner and bytes/target.
inline std::map<std::string, std::string> snapshot(const fs::path& dir, const std::string& skip_prefix = "") {
  std::map<std::string, std::string> snap;
  for (auto it = fs::recursive_directory_iterator(dir); it != fs::recursive_directory_iterator(); ++it) {
    std::string rel = "/" + fs::relative(it->path(), dir).string();
    if (!skip_prefix.empty() && rel.rfind(skip_prefix, 0) == 0) continue;
    struct stat st {};
    ::lstat(it->path().c_str(), &st);
    std::ostringstream d;
    d << std::oct << st.st_mode << std::dec << " " << st.st_uid << ":" << st.st_gid << " ";
    if (S_ISLNK(st.st_mode)) d << "-> " << fs::read_symlink(it->path()).string();
    else if (S_ISREG(st.st_mode)) d << slurp(it->path());
    snap[rel] = d.str();
  }
  return snap;
}

inline std::map<std::string, std::string> snapshot_without(std::map<std::string, std::string> snap,
                                                           const std::string& prefix) {
  std::erase_if(snap, [&](const auto& kv) { return kv.first.rfind(prefix, 0) == 0; });
  return snap;
}

inline fs::path source_dir() { return VC_SOURCE_DIR; }
inline fs::path shared_dir() { return VC_SHARED_DIR; }
inline std::string agent_bin() { return VC_AGENT_BIN; }

}  // namespace vctest
