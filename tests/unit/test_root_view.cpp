#include <catch2/catch.hpp>

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>

#include "agent/root_view.h"

namespace {

namespace sfs = std::filesystem;

struct Tree {
  std::string dir;
  Tree() {
    char tmpl[] = "/tmp/vc-rootview-XXXXXX";
    REQUIRE(::mkdtemp(tmpl) != nullptr);
    dir = tmpl;
  }
  ~Tree() {
    std::error_code ec;
    sfs::remove_all(dir, ec);
  }
  Tree(const Tree&) = delete;
  Tree& operator=(const Tree&) = delete;
  void file(const std::string& p, const std::string& text) {
    sfs::create_directories(sfs::path(dir + p).parent_path());
    std::ofstream(dir + p, std::ios::binary) << text;
  }
  void link(const std::string& p, const std::string& target) {
    sfs::create_directories(sfs::path(dir + p).parent_path());
    REQUIRE(::symlink(target.c_str(), (dir + p).c_str()) == 0);
  }
  void mkdir(const std::string& p) { sfs::create_directories(dir + p); }
};

}  // namespace

TEST_CASE("live root and trailing slashes", "[rootview]") {
  for (const char* r : {"", "/", "//"}) {
    vc::RootView live(r);
    CHECK(live.is_live_root());
    CHECK(live.root() == "");
    CHECK(live.host_path("/etc/hosts") == "/etc/hosts");
    CHECK(live.host_path("/") == "/");
  }
  vc::RootView v("/tmp/some/root/");
  CHECK(v.root() == "/tmp/some/root");
  CHECK_FALSE(v.is_live_root());
}

TEST_CASE("resolve follows links inside the root only", "[rootview]") {
  Tree t;
  t.file("/etc/real-hosts", "in root\n");
  t.link("/etc/hosts", "real-hosts");                  // relative
  t.link("/etc/abs", "/etc/real-hosts");                // absolute: restarts at the root
  t.link("/etc/escape", "../../../../../etc/real-hosts");  // ".." stops at the root
  t.link("/etcl", "etc");                               // directory link in the middle
  t.link("/etc/chain1", "chain2");
  t.link("/etc/chain2", "/etcl/abs");
  t.file("/os-release", "ID=fixture\n");
  t.link("/etc/os-release", "/os-release");
  vc::RootView v(t.dir);

  CHECK(v.resolve("/etc/hosts") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/etc/abs") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/etc/escape") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/etcl/hosts") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/etc/chain1") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/../../etc/./hosts") == t.dir + "/etc/real-hosts");
  CHECK(v.resolve("/") == t.dir);
  // Missing parts are kept literally (targets of new files).
  CHECK(v.resolve("/etcl/new/file") == t.dir + "/etc/new/file");
  CHECK(v.read("/etc/os-release") == std::string("ID=fixture\n"));
  CHECK(v.read("/etc/escape") == std::string("in root\n"));
}

TEST_CASE("link loops and the 40-link limit", "[rootview]") {
  Tree t;
  t.link("/a", "b");
  t.link("/b", "/a");
  t.file("/target", "x");
  // /l0 -> /l1 -> ... -> /l39 -> /target: 40 links is allowed.
  for (int i = 0; i < 40; ++i)
    t.link("/l" + std::to_string(i), i == 39 ? "target" : "l" + std::to_string(i + 1));
  t.link("/m", "l0");  // 41 links
  vc::RootView v(t.dir);
  CHECK(v.resolve("/a") == std::nullopt);
  CHECK(v.resolve("/a/x") == std::nullopt);
  CHECK(v.read("/a") == std::nullopt);
  CHECK_FALSE(v.exists("/a"));
  CHECK(v.resolve("/l0") == t.dir + "/target");
  CHECK(v.resolve("/m") == std::nullopt);
  CHECK(v.is_symlink("/a"));
}

TEST_CASE("host_path resolves the parent but not the last component", "[rootview]") {
  Tree t;
  t.file("/etc/real", "r");
  t.link("/etc/link", "real");
  t.link("/etcl", "/etc");
  vc::RootView v(t.dir);
  CHECK(v.host_path("/etc/link") == t.dir + "/etc/link");
  CHECK(v.host_path("/etcl/link") == t.dir + "/etc/link");
  CHECK(v.host_path("/etcl") == t.dir + "/etcl");
  CHECK(v.host_path("/nope/x") == t.dir + "/nope/x");
  CHECK(v.readlink("/etcl/link") == std::string("real"));
  CHECK(v.readlink("/etc/real") == std::nullopt);
  auto st = v.lstat("/etc/link");
  REQUIRE(st);
  CHECK(S_ISLNK(st->st_mode));
  CHECK_FALSE(v.lstat("/etc/none"));
}

TEST_CASE("read, exists, is_dir, list", "[rootview]") {
  Tree t;
  t.file("/etc/hosts", std::string("a\0b\n", 4));
  t.file("/etc/b", "");
  t.file("/etc/a", "");
  t.mkdir("/etc/ssh");
  t.link("/etc/sshl", "ssh");
  t.link("/etc/dangling", "/nowhere");
  REQUIRE(::mkfifo((t.dir + "/etc/fifo").c_str(), 0600) == 0);
  vc::RootView v(t.dir);

  CHECK(v.read("/etc/hosts") == std::string("a\0b\n", 4));
  CHECK(v.read("/etc/b") == std::string());
  CHECK(v.read("/etc/missing") == std::nullopt);
  CHECK(v.read("/etc/ssh") == std::nullopt);
  CHECK(v.read("/etc/fifo") == std::nullopt);  // and does not block
  CHECK(v.read("/etc/dangling") == std::nullopt);
  CHECK(v.exists("/etc/hosts"));
  CHECK(v.exists("/etc/sshl"));
  CHECK_FALSE(v.exists("/etc/dangling"));
  CHECK(v.is_dir("/etc/sshl"));
  CHECK_FALSE(v.is_dir("/etc/hosts"));
  CHECK(v.is_symlink("/etc/dangling"));
  CHECK_FALSE(v.is_symlink("/etc/hosts"));
  CHECK(v.list("/etc") ==
        std::vector<std::string>{"a", "b", "dangling", "fifo", "hosts", "ssh", "sshl"});
  CHECK(v.list("/etc/sshl").empty());
  CHECK(v.list("/missing").empty());
  CHECK(v.list("/etc/hosts").empty());
}
