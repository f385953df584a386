#include "agent/lifecycle_runner.h"

#include <fcntl.h>
#include <signal.h>
#include <spawn.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ostream>
#include <set>
#include <thread>

#include "agent/error.h"
#include "agent/fs_util.h"
#include "agent/state_store.h"
#include "agent/text.h"

namespace vc {
namespace {

using Clock = std::chrono::steady_clock;
constexpr const char* kSafePath = "/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin";
constexpr std::size_t kMaxOutput = 16u << 20;

fs::Fd memfd(const char* name) {
  fs::Fd fd(::memfd_create(name, MFD_CLOEXEC));
  if (!fd) fs::fail("memfd_create", name, errno);
  return fd;
}

std::string read_back(int fd) {
  std::string out;
  if (::lseek(fd, 0, SEEK_SET) < 0) return out;
  char buf[65536];
  for (;;) {
    ssize_t n = ::read(fd, buf, sizeof buf);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) break;
    out.append(buf, static_cast<std::size_t>(n));
    if (out.size() > kMaxOutput) break;
  }
  return out;
}

std::string find_program(const std::string& name) {
  if (name.find('/') != std::string::npos) return name;
  std::string dirs;
  if (const char* p = std::getenv("PATH")) dirs = std::string(p) + ":";
  dirs += kSafePath;
  std::size_t i = 0;
  while (i <= dirs.size()) {
    auto j = dirs.find(':', i);
    if (j == std::string::npos) j = dirs.size();
    std::string dir = dirs.substr(i, j - i);
    if (!dir.empty()) {
      std::string p = dir + "/" + name;
      if (::access(p.c_str(), X_OK) == 0) return p;
    }
    i = j + 1;
  }
  return {};
}

// Waits for pid; past the deadline the whole group gets SIGTERM, then SIGKILL.
int wait_for(pid_t pid, Clock::time_point deadline, bool& timed_out) {
  int status = 0;
  bool termed = false;
  Clock::time_point kill_at{};
  for (;;) {
    pid_t r = ::waitpid(pid, &status, WNOHANG);
    if (r == pid) break;
    if (r < 0 && errno != EINTR) return -1;
    auto now = Clock::now();
    if (!termed && now >= deadline) {
      timed_out = termed = true;
      ::kill(-pid, SIGTERM);
      kill_at = now + std::chrono::seconds(5);
    } else if (termed && now >= kill_at) {
      ::kill(-pid, SIGKILL);
      kill_at = now + std::chrono::hours(1);
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  return WIFEXITED(status) ? WEXITSTATUS(status) : 128 + WTERMSIG(status);
}

std::string quote(const std::string& a) {
  if (a.empty()) return "''";
  if (a.find_first_of(" \t\n'\"$|&;<>*?") == std::string::npos) return a;
  std::string out = "'";
  for (char ch : a) out += ch == '\'' ? std::string("'\\''") : std::string(1, ch);
  return out + "'";
}

std::string join_argv(const std::vector<std::string>& argv) {
  std::string s;
  for (const auto& a : argv) s += (s.empty() ? "" : " ") + quote(a);
  return s;
}

bool output_says(const ProgramResult& r, const std::vector<std::string>& needles) {
  return std::any_of(needles.begin(), needles.end(), [&](const std::string& n) {
    return r.out.find(n) != std::string::npos || r.err.find(n) != std::string::npos;
  });
}

std::string failure(const std::vector<std::string>& argv, const ProgramResult& r) {
  std::string what = join_argv(argv) + ": ";
  if (!r.spawn_error.empty()) return what + r.spawn_error;
  if (r.timed_out) return what + "timed out";
  std::string msg = r.err.empty() ? r.out : r.err;
  msg = msg.substr(0, msg.find('\n'));
  return what + "exit " + std::to_string(r.exit_code) + (msg.empty() ? "" : ": " + msg);
}

// First field of each line, ':' dropped; a line with more fields and no ':' is
// a table header or a message ("no execution host defined"), not a name.
std::vector<std::string> listed_names(const std::string& text) {
  std::vector<std::string> names;
  std::string_view t = text;
  while (!t.empty()) {
    auto line = next_line(t);
    auto b = line.find_first_not_of(" \t\r");
    if (b == std::string_view::npos) continue;
    line.remove_prefix(b);
    auto e = line.find_first_of(" \t\r");
    auto first = line.substr(0, e);
    const bool more = e != std::string_view::npos && line.find_first_not_of(" \t\r", e) != std::string_view::npos;
    if (first.ends_with(':')) first.remove_suffix(1);
    else if (more) continue;
    if (!first.empty()) names.emplace_back(first);
  }
  return names;
}

void write_output_file(const RootView& root, const std::string& path, const std::string& data) {
  const std::string host = root.host_path(path);
  const std::string tmp = host + ".vc-agent-tmp";
  fs::write_new_file(tmp, data, 0644, std::nullopt, std::nullopt);
  if (::rename(tmp.c_str(), host.c_str()) != 0) fs::fail("rename", host, errno);
}

}  // namespace

std::chrono::milliseconds command_timeout() {
  if (const char* t = std::getenv("VC_AGENT_COMMAND_TIMEOUT")) {
    char* end = nullptr;
    double s = std::strtod(t, &end);
    if (end != t && s > 0) return std::chrono::milliseconds(static_cast<long long>(s * 1000));
  }
  return std::chrono::seconds(300);
}

ProgramResult run_program(const std::vector<std::string>& argv, const std::vector<std::string>& env,
                          const std::string& input, std::chrono::milliseconds timeout) {
  ProgramResult r;
  if (argv.empty()) {
    r.spawn_error = "empty command";
    return r;
  }
  const std::string exe = find_program(argv[0]);
  if (exe.empty()) {
    r.spawn_error = "no such program in PATH";
    return r;
  }
  fs::Fd in = memfd("vc-stdin"), out = memfd("vc-stdout"), err = memfd("vc-stderr");
  fs::write_all(in.get(), input, "stdin");
  ::lseek(in.get(), 0, SEEK_SET);

  posix_spawn_file_actions_t fa;
  posix_spawn_file_actions_init(&fa);
  posix_spawn_file_actions_adddup2(&fa, in.get(), 0);
  posix_spawn_file_actions_adddup2(&fa, out.get(), 1);
  posix_spawn_file_actions_adddup2(&fa, err.get(), 2);
  posix_spawnattr_t attr;
  posix_spawnattr_init(&attr);
  sigset_t none, all;
  sigemptyset(&none);
  sigfillset(&all);
  posix_spawnattr_setsigmask(&attr, &none);
  posix_spawnattr_setsigdefault(&attr, &all);
  posix_spawnattr_setpgroup(&attr, 0);
  posix_spawnattr_setflags(&attr, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);

  std::vector<std::string> env_store = {std::string("PATH=") + kSafePath, "LC_ALL=C"};
  env_store.insert(env_store.end(), env.begin(), env.end());
  std::vector<char*> envp, args;
  for (auto& e : env_store) envp.push_back(e.data());
  envp.push_back(nullptr);
  std::vector<std::string> argv_store(argv);
  for (auto& a : argv_store) args.push_back(a.data());
  args.push_back(nullptr);

  pid_t pid = 0;
  const auto deadline = Clock::now() + timeout;
  int rc = ::posix_spawn(&pid, exe.c_str(), &fa, &attr, args.data(), envp.data());
  posix_spawn_file_actions_destroy(&fa);
  posix_spawnattr_destroy(&attr);
  if (rc != 0) {
    r.spawn_error = std::string("cannot start: ") + std::strerror(rc);
    return r;
  }
  r.exit_code = wait_for(pid, deadline, r.timed_out);
  r.out = read_back(out.get());
  r.err = read_back(err.get());
  return r;
}

std::string describe(const PlannedCommand& c) {
  std::string s = join_argv(c.argv);
  for (const auto& p : c.pipe_to) s += " | " + join_argv(p);
  if (!c.stdout_to.empty()) s += " > " + c.stdout_to;
  if (c.wait_seconds > 0) s += " (retried for up to " + std::to_string(c.wait_seconds) + " s)";
  if (!c.prune_each.empty()) {
    std::string keep;
    for (const auto& k : c.prune_keep) keep += (keep.empty() ? "" : " ") + k;
    s += " | for each name not in {" + keep + "}: " + join_argv(c.prune_each) + " NAME";
  }
  return s;
}

namespace {

CommandOutcome run_once(const PlannedCommand& c, const RootView& root, std::chrono::milliseconds timeout) {
  CommandOutcome o;
  const auto start = Clock::now();
  auto done = [&](bool ok, std::string detail) {
    o.ok = ok;
    o.detail = std::move(detail);
    o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
    return o;
  };
  std::vector<std::vector<std::string>> stages{c.argv};
  stages.insert(stages.end(), c.pipe_to.begin(), c.pipe_to.end());
  ProgramResult r;
  for (const auto& argv : stages) {
    r = run_program(argv, c.env, r.out, timeout);
    if (!r.spawn_error.empty()) {
      o.retryable = false;
      return done(false, failure(argv, r));
    }
    if (r.exit_code != 0 && !output_says(r, c.ok_if_output)) return done(false, failure(argv, r));
    if (r.exit_code != 0) return done(true, "already done");
  }
  if (!c.stdout_to.empty()) write_output_file(root, c.stdout_to, r.out);
  if (c.prune_each.empty()) return done(true, "");

  const std::set<std::string> keep(c.prune_keep.begin(), c.prune_keep.end());
  std::string removed;
  for (const auto& name : listed_names(r.out)) {
    if (keep.count(name)) continue;
    auto argv = c.prune_each;
    argv.push_back(name);
    auto rr = run_program(argv, c.env, "", timeout);
    o.retryable = rr.spawn_error.empty();
    if (rr.exit_code != 0 && !output_says(rr, c.ok_if_output)) return done(false, failure(argv, rr));
    removed += (removed.empty() ? "removed " : " ") + name;
  }
  return done(true, removed);
}

}  // namespace

CommandOutcome run_command(const PlannedCommand& c, const RootView& root, std::chrono::milliseconds timeout) {
  const auto start = Clock::now();
  const auto until = start + std::chrono::seconds(c.wait_seconds);
  for (int attempt = 1;; ++attempt) {
    auto o = run_once(c, root, timeout);
    if (o.ok || !o.retryable || Clock::now() >= until) {
      o.seconds = std::chrono::duration<double>(Clock::now() - start).count();
      if (attempt > 1) o.detail += (o.detail.empty() ? "" : "; ") + std::to_string(attempt) + " attempts";
      return o;
    }
    std::this_thread::sleep_for(std::min<Clock::duration>(std::chrono::seconds(5), until - Clock::now()));
  }
}

std::vector<std::string> materialize_outputs(Plan& plan, const RootView& root) {
  std::vector<std::string> ran;
  std::vector<PlannedCommand> rest;
  for (auto& c : plan.commands) {
    if (c.produces.empty()) {
      rest.push_back(std::move(c));
      continue;
    }
    // Not /tmp: early at boot systemd-tmpfiles may be emptying it, and the keys
    // are secrets. The state dir is private (0700) and on the target filesystem.
    const std::string dir = root.host_path(state::kDir);
    fs::mkdir_p(dir, 0700);
    std::string tmpl = dir + "/scratch-XXXXXX";
    if (!::mkdtemp(tmpl.data())) throw EnvError("mkdtemp " + tmpl + ": " + std::strerror(errno));
    const std::string scratch = tmpl;
    struct Cleanup {
      std::string dir;
      ~Cleanup() { fs::remove_tree(dir); }
    } cleanup{scratch};
    auto scratch_of = [&](const std::string& p) { return scratch + "/" + p.substr(p.rfind('/') + 1); };
    PlannedCommand run = c;
    for (auto& a : run.argv)
      if (a == c.produces[0].path) a = scratch_of(a);
    auto r = run_program(run.argv, run.env, "", command_timeout());
    if (r.exit_code != 0) throw EnvError(failure(run.argv, r) + " (nothing was changed)");
    for (const auto& out : c.produces) {
      FileChange f;
      f.path = out.path;
      try {
        f.content = fs::read_all(scratch_of(out.path));
      } catch (const ApplyError& e) {
        throw EnvError(describe(c) + " did not write " + out.path + ": " + e.what());
      }
      f.mode = out.mode;
      // A generated secret (a host private key) must never inherit a looser mode
      // from the file it replaces.
      f.enforce_mode = true;
      f.reason = c.reason;
      plan.files.push_back(std::move(f));
    }
    ran.push_back(describe(c));
  }
  plan.commands = std::move(rest);
  return ran;
}

LateRun run_late_pending(const RootView& root, std::ostream& out) {
  LateRun lr;
  auto pending = state::read_pending(root);
  if (!pending) return lr;
  lr.pending = static_cast<int>(pending->commands.size());
  const auto timeout = command_timeout();
  std::size_t i = 0;
  for (; i < pending->commands.size(); ++i) {
    const auto& c = pending->commands[i];
    auto o = run_command(c, root, timeout);
    char secs[32];
    std::snprintf(secs, sizeof secs, "%.2f s", o.seconds);
    out << "vc-agent: late: " << describe(c) << ": " << (o.ok ? "ok" : "FAILED") << " (" << secs << ")"
        << (o.detail.empty() ? "" : "; " + o.detail) << "\n";
    if (!o.ok) {
      lr.failed = true;
      lr.error = o.detail;
      break;
    }
    ++lr.done;
  }
  if (!lr.failed) {
    state::remove_file(root, state::kLatePending);
    return lr;
  }
  pending->commands.erase(pending->commands.begin(), pending->commands.begin() + static_cast<long>(i));
  pending->attempts += 1;
  pending->last_error = lr.error;
  state::write_atomic(root, state::kLatePending, state::pending_text(*pending));
  return lr;
}

}  // namespace vc
