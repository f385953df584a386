// Expected strings were produced by GNU diff 3.8:
//   diff -u --label a/etc/hosts --label b/etc/hosts OLD NEW
#include <catch2/catch.hpp>

#include <string>

#include "agent/unified_diff.h"

using vc::unified_diff;

namespace {
std::string numbered(int from, int to) {
  std::string s;
  for (int i = from; i <= to; ++i) s += std::to_string(i) + "\n";
  return s;
}
std::string replace_line(std::string text, const std::string& line, const std::string& with) {
  auto pos = text.find("\n" + line + "\n");
  REQUIRE(pos != std::string::npos);
  return text.replace(pos + 1, line.size(), with);
}
}  // namespace

TEST_CASE("identical or both absent gives nothing", "[diff]") {
  CHECK(unified_diff("/etc/hosts", std::string("a\n"), std::string("a\n")) == "");
  CHECK(unified_diff("/etc/hosts", std::nullopt, std::nullopt) == "");
  CHECK(unified_diff("/etc/hosts", std::string(""), std::string("")) == "");
}

TEST_CASE("one changed line with three lines of context", "[diff]") {
  std::string old_text = numbered(1, 10);
  CHECK(unified_diff("/etc/hosts", old_text, replace_line(old_text, "5", "five")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+five\n 6\n 7\n 8\n");
}

TEST_CASE("changes 7 lines apart make two hunks, 6 or fewer one", "[diff]") {
  std::string old_text = numbered(1, 20);
  std::string two = replace_line(replace_line(old_text, "5", "X"), "13", "Y");
  CHECK(unified_diff("/etc/hosts", old_text, two) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -2,7 +2,7 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n"
        "@@ -10,7 +10,7 @@\n 10\n 11\n 12\n-13\n+Y\n 14\n 15\n 16\n");
  std::string six = replace_line(replace_line(old_text, "5", "X"), "12", "Y");
  CHECK(unified_diff("/etc/hosts", old_text, six) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -2,14 +2,14 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n 9\n"
        " 10\n 11\n-12\n+Y\n 13\n 14\n 15\n");
  std::string five = replace_line(replace_line(old_text, "5", "X"), "11", "Y");
  CHECK(unified_diff("/etc/hosts", old_text, five) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -2,13 +2,13 @@\n 2\n 3\n 4\n-5\n+X\n 6\n 7\n 8\n 9\n"
        " 10\n-11\n+Y\n 12\n 13\n 14\n");
}

TEST_CASE("changes at the first and last line", "[diff]") {
  CHECK(unified_diff("/etc/hosts", "first\n2\n3\n4\n5\n6\n7\n8\n9\nlast\n",
                     std::string("FIRST\n2\n3\n4\n5\n6\n7\n8\n9\nLAST\n")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,4 +1,4 @@\n-first\n+FIRST\n 2\n 3\n 4\n"
        "@@ -7,4 +7,4 @@\n 7\n 8\n 9\n-last\n+LAST\n");
}

TEST_CASE("pure deletion and pure insertion", "[diff]") {
  CHECK(unified_diff("/etc/hosts", numbered(1, 8), std::string("1\n2\n7\n8\n")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,8 +1,4 @@\n 1\n 2\n-3\n-4\n-5\n-6\n 7\n 8\n");
  CHECK(unified_diff("/etc/hosts", numbered(1, 3), numbered(0, 5)) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,3 +1,6 @@\n+0\n 1\n 2\n 3\n+4\n+5\n");
}

TEST_CASE("deletions are printed before additions in a change", "[diff]") {
  CHECK(unified_diff("/etc/hosts",
                     "127.0.0.1 localhost\n10.1.1.1 fe\n10.1.1.2 c0\n10.1.1.3 c1\n",
                     std::string("127.0.0.1 localhost\n10.1.1.1 fe fe.local\n10.1.1.3 c1\n"
                                 "10.1.1.4 c2\n")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,4 +1,4 @@\n 127.0.0.1 localhost\n"
        "-10.1.1.1 fe\n-10.1.1.2 c0\n+10.1.1.1 fe fe.local\n 10.1.1.3 c1\n+10.1.1.4 c2\n");
}

TEST_CASE("missing final newline is marked as diff does", "[diff]") {
  CHECK(unified_diff("/etc/hosts", std::string("a\nb"), std::string("a\nb\n")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,2 +1,2 @@\n a\n-b\n"
        "\\ No newline at end of file\n+b\n");
  CHECK(unified_diff("/etc/hosts", std::string("a\nb\nc\n"), std::string("a\nB\nc")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1,3 +1,3 @@\n a\n-b\n-c\n+B\n+c\n"
        "\\ No newline at end of file\n");
  CHECK(unified_diff("/etc/hosts", std::string("x"), std::string("y")) ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -1 +1 @@\n-x\n\\ No newline at end of file\n"
        "+y\n\\ No newline at end of file\n");
}

TEST_CASE("new, emptied and removed files", "[diff]") {
  CHECK(unified_diff("/etc/hosts", std::nullopt, std::string("a\nb\n")) ==
        "--- /dev/null\n+++ b/etc/hosts\n@@ -0,0 +1,2 @@\n+a\n+b\n");
  CHECK(unified_diff("/etc/hosts", std::string("a\nb\n"), std::nullopt) ==
        "--- a/etc/hosts\n+++ /dev/null\n@@ -1,2 +0,0 @@\n-a\n-b\n");
  CHECK(unified_diff("/f", std::string(""), std::string("x\n")) ==
        "--- a/f\n+++ b/f\n@@ -0,0 +1 @@\n+x\n");
  CHECK(unified_diff("/f", std::string("x\n"), std::string("")) ==
        "--- a/f\n+++ b/f\n@@ -1 +0,0 @@\n-x\n");
  CHECK(unified_diff("/etc/hosts", std::nullopt, std::string("x")) ==
        "--- /dev/null\n+++ b/etc/hosts\n@@ -0,0 +1 @@\n+x\n\\ No newline at end of file\n");
  // diff(1) prints nothing for an empty file against none; a plan still shows it.
  CHECK(unified_diff("/etc/empty", std::nullopt, std::string("")) ==
        "--- /dev/null\n+++ b/etc/empty\n");
  CHECK(unified_diff("/etc/empty", std::string(""), std::nullopt) ==
        "--- a/etc/empty\n+++ /dev/null\n");
}

// Size, not speed (a quadratic diff would hit ctest's timeout; times are bench/run's).
TEST_CASE("100 000-line files", "[diff]") {
  std::string hosts;
  for (int i = 0; i < 100000; ++i)
    hosts += "10." + std::to_string(i / 65536) + "." + std::to_string((i / 256) % 256) + "." +
             std::to_string(i % 256) + " node" + std::to_string(i) + "\n";
  std::string created = unified_diff("/etc/hosts", std::nullopt, hosts);
  std::string removed = unified_diff("/etc/hosts", hosts, std::nullopt);
  std::string changed = hosts;
  changed.replace(changed.find("node50000\n"), 9, "node50000 renamed");
  std::string small = unified_diff("/etc/hosts", hosts, changed);
  const std::string created_head = "--- /dev/null\n+++ b/etc/hosts\n@@ -0,0 +1,100000 @@\n";
  const std::string removed_head = "--- a/etc/hosts\n+++ /dev/null\n@@ -1,100000 +0,0 @@\n";
  CHECK(created.substr(0, created_head.size()) == created_head);
  CHECK(removed.substr(0, removed_head.size()) == removed_head);
  CHECK(created.size() == created_head.size() + hosts.size() + 100000);
  CHECK(created.substr(created_head.size(), 25) == "+10.0.0.0 node0\n+10.0.0.1");
  CHECK(small ==
        "--- a/etc/hosts\n+++ b/etc/hosts\n@@ -49998,7 +49998,7 @@\n"
        " 10.0.195.77 node49997\n 10.0.195.78 node49998\n 10.0.195.79 node49999\n"
        "-10.0.195.80 node50000\n+10.0.195.80 node50000 renamed\n"
        " 10.0.195.81 node50001\n 10.0.195.82 node50002\n 10.0.195.83 node50003\n");
}
