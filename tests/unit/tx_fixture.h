#pragma once
// Scratch roots and tree snapshots shared by the transaction tests.
#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <map>
#include <sstream>
#include <string>

#include "agent/plan.h"
#include "agent/root_view.h"
#include "agent/transaction.h"

namespace vctx {

namespace sfs = std::filesystem;
using vc::DirEnsure;
using vc::FileChange;
using vc::Plan;
using vc::RootView;

struct Tree {
  std::string dir;
  Tree() {
    char tmpl[] = "/tmp/vc-tx-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~Tree() {
    std::error_code ec;
    sfs::remove_all(dir, ec);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  std::string p(const std::string& in_root) const { return dir + in_root; }
  void file(const std::string& path, const std::string& text, unsigned mode = 0644, uid_t uid = 0,
            gid_t gid = 0) {
    sfs::create_directories(sfs::path(p(path)).parent_path());
    std::ofstream(p(path), std::ios::binary | std::ios::trunc) << text;
    REQUIRE(::chown(p(path).c_str(), uid, gid) == 0);
    REQUIRE(::chmod(p(path).c_str(), mode) == 0);
  }
  void mkdir(const std::string& path, unsigned mode = 0755) {
    sfs::create_directories(p(path));
    REQUIRE(::chmod(p(path).c_str(), mode) == 0);
  }
  void link(const std::string& path, const std::string& target) {
    REQUIRE(::symlink(target.c_str(), p(path).c_str()) == 0);
  }
  std::string read(const std::string& path) const {
    std::ifstream f(p(path), std::ios::binary);
    std::ostringstream s;
    s << f.rdbuf();
    return s.str();
  }
  struct stat st(const std::string& path) const {
    struct stat s {};
    REQUIRE(::lstat(p(path).c_str(), &s) == 0);
    return s;
  }
  bool exists(const std::string& path) const {
    struct stat s {};
    return ::lstat(p(path).c_str(), &s) == 0;
  }
};

// Everything under the root except the agent's own state, one line per entry:
// type, mode, owner and bytes (or link target). Equal dumps = equal trees.
inline std::string dump(const Tree& t) {
  std::map<std::string, std::string> lines;
  for (auto it = sfs::recursive_directory_iterator(t.dir); it != sfs::recursive_directory_iterator();
       ++it) {
    std::string rel = it->path().string().substr(t.dir.size());
    if (rel == "/var" || rel.rfind("/var/", 0) == 0) continue;
    struct stat s {};
    REQUIRE(::lstat(it->path().c_str(), &s) == 0);
    std::ostringstream line;
    line << rel << " " << std::oct << (s.st_mode & 07777) << std::dec << " " << s.st_uid << ":"
         << s.st_gid << " ";
    if (S_ISLNK(s.st_mode)) {
      line << "-> " << sfs::read_symlink(it->path()).string();
    } else if (S_ISDIR(s.st_mode)) {
      line << "dir";
    } else {
      line << "[" << t.read(rel) << "]";
    }
    lines[rel] = line.str();
  }
  std::string out;
  for (const auto& [k, v] : lines) out += v + "\n";
  return out;
}

inline FileChange write(const std::string& path, const std::string& content, unsigned mode = 0644,
                 bool enforce = false) {
  FileChange f;
  f.path = path;
  f.content = content;
  f.mode = mode;
  f.enforce_mode = enforce;
  f.reason = "test";
  return f;
}

inline FileChange remove_change(const std::string& path) {
  FileChange f;
  f.op = FileChange::Op::Remove;
  f.path = path;
  return f;
}

// The 5-file plan: 2 existing files rewritten, 2 new files (one in a new
// directory), 1 file removed, 1 new directory.
inline void old_state(Tree& t) {
  t.mkdir("/etc");
  t.file("/etc/hosts", "127.0.0.1 localhost\n", 0644);
  t.file("/etc/owned", "owned by 1234\n", 0640, 1234, 1234);
  t.file("/etc/old.conf", "going away\n", 0600);
  t.file("/etc/keep", "untouched\n", 0644);
}

inline Plan five_file_plan() {
  Plan p;
  DirEnsure d;
  d.path = "/etc/newdir";
  d.mode = 0750;
  p.dirs.push_back(d);
  p.files.push_back(write("/etc/hosts", "127.0.0.1 localhost\n10.1.1.1 fe\n"));
  p.files.push_back(write("/etc/owned", "rewritten\n", 0600));
  p.files.push_back(write("/etc/new.conf", "fresh\n", 0600));
  p.files.push_back(write("/etc/newdir/file", "in new dir\n", 0644));
  p.files.push_back(remove_change("/etc/old.conf"));
  return p;
}

inline const char* const kNewState =
    "/etc 755 0:0 dir\n"
    "/etc/hosts 644 0:0 [127.0.0.1 localhost\n10.1.1.1 fe\n]\n"
    "/etc/keep 644 0:0 [untouched\n]\n"
    "/etc/new.conf 600 0:0 [fresh\n]\n"
    "/etc/newdir 750 0:0 dir\n"
    "/etc/newdir/file 644 0:0 [in new dir\n]\n"
    "/etc/owned 640 1234:1234 [rewritten\n]\n";

inline std::string state_dir(const Tree& t) { return t.p("/var/lib/vc-agent"); }

// Runs fn in a child; returns its exit status (or -signal).
inline int in_child(const std::function<void()>& fn) {
  pid_t pid = ::fork();
  REQUIRE(pid >= 0);
  if (pid == 0) {
    try {
      fn();
    } catch (...) {
      ::_exit(98);
    }
    ::_exit(0);
  }
  int status = 0;
  REQUIRE(::waitpid(pid, &status, 0) == pid);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -WTERMSIG(status);
}

// Runs the recovery crashed after each of its steps in turn (in children, whose
// stderr is dropped), ending with one that completes.
inline void recover_through_crashes(const Tree& t) {
  for (int m = 1;; ++m) {
    vc::TxOptions ro;
    ro.crash_after = m;
    int rc = in_child([&] {
      std::cerr.rdbuf(nullptr);
      vc::recover_unfinished(RootView(t.dir), ro);
    });
    if (rc == 0) return;
    REQUIRE(rc == 99);
  }
}

}  // namespace vctx
