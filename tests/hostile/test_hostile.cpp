// Runs the real binary on every attack listed in README.md against copies of
// two fixture roots: exit 2, a message naming the problem and its line, and
// a root whose every byte, mode, owner and link is as it was.
#include <catch2/catch.hpp>

#include <sys/stat.h>

#include <set>

#include "agent/vcout_parser.h"
#include "test_crash_walk_util.h"
#include "test_support.h"

using namespace vctest;

namespace {

const fs::path kDir = source_dir() / "tests/hostile";

struct Row {
  std::string file, attack;
  int line = 0;  // 0: a whole-file problem ("—")
  std::vector<std::string> expect;
  bool generated = false;
};

// Markdown cells split on '|', where "\|" is a literal bar.
std::vector<std::string> cells(const std::string& line) {
  std::vector<std::string> out(1);
  for (std::size_t i = 0; i < line.size(); ++i) {
    if (line[i] == '\\' && i + 1 < line.size() && line[i + 1] == '|') {
      out.back() += '|';
      ++i;
    } else if (line[i] == '|') {
      out.emplace_back();
    } else {
      out.back() += line[i];
    }
  }
  for (auto& c : out) {
    c.erase(0, c.find_first_not_of(' '));
    c.erase(c.find_last_not_of(' ') + 1);
  }
  return out;
}

// The code spans of a cell: a run of N backticks up to the next run of N
// (so ``…`id`…`` holds backticks), one padding space trimmed each side.
std::vector<std::string> code_spans(const std::string& cell) {
  std::vector<std::string> out;
  std::size_t pos = 0;
  while ((pos = cell.find('`', pos)) != std::string::npos) {
    const auto run_end = [&](std::size_t at) { return std::min(cell.find_first_not_of('`', at), cell.size()); };
    const std::size_t n = run_end(pos) - pos;
    std::size_t end = pos + n;
    for (;;) {
      end = cell.find('`', end);
      REQUIRE(end != std::string::npos);
      if (run_end(end) - end == n) break;
      end = run_end(end);
    }
    std::string span = cell.substr(pos + n, end - pos - n);
    if (n > 1 && span.size() > 1 && span.front() == ' ' && span.back() == ' ') span = span.substr(1, span.size() - 2);
    out.push_back(span);
    pos = end + n;
  }
  return out;
}

std::vector<Row> table() {
  std::vector<Row> rows;
  std::istringstream in(slurp(kDir / "README.md"));
  const std::string gen_mark = " (generated)";
  for (std::string line; std::getline(in, line);) {
    if (!line.starts_with("| ") || line.find(".xml") == std::string::npos) continue;
    auto c = cells(line);
    REQUIRE(c.size() == 6);
    Row r;
    r.file = c[1];
    if (r.file.ends_with(gen_mark)) {
      r.generated = true;
      r.file.resize(r.file.size() - gen_mark.size());
    }
    r.attack = c[2];
    r.line = c[3] == "—" ? 0 : std::stoi(c[3]);
    r.expect = code_spans(c[4]);
    REQUIRE(!r.expect.empty());
    rows.push_back(r);
  }
  return rows;
}

// The inputs too big or too strange to commit.
fs::path generate(const Row& r, const fs::path& dir) {
  const fs::path p = dir / r.file;
  if (fs::exists(p) || fs::is_symlink(p)) return p;
  if (r.file == "88-oversize-32MiB-plus-one.xml") {
    const std::string head = "<?xml version=\"1.0\"?>\n<vc>\n<!--", tail = "-->\n</vc>\n";
    std::string doc = head + std::string(vc::kMaxVcOutBytes + 1 - head.size() - tail.size(), ' ') + tail;
    spit(p, doc);
  } else if (r.file == "89-input-symlink-to-dev-zero.xml") {
    fs::create_symlink("/dev/zero", p);
  } else if (r.file == "90-input-fifo.xml") {
    REQUIRE(::mkfifo(p.c_str(), 0600) == 0);
  } else if (r.file == "91-deep-nesting-100000.xml") {
    std::string doc = "<?xml version=\"1.0\"?>\n<!-- 100 000 nested elements -->\n<vc>";
    for (int i = 0; i < 100000; ++i) doc += "<a>";
    for (int i = 0; i < 100000; ++i) doc += "</a>";
    spit(p, doc + "</vc>\n");
  } else {
    FAIL("README.md lists " << r.file << " as generated, but the test does not know how to make it");
  }
  return p;
}


void refuse_all(const char* root_name) {
  const auto rows = table();
  TempDir tmp;
  const fs::path root = tmp.path / "root";
  copy_tree(source_dir() / "tests/roots" / root_name, root);
  const auto before = snapshot(root);
  for (const auto& r : rows) {
    const fs::path input = r.generated ? generate(r, tmp.path) : kDir / r.file;
    auto res = run({agent_bin(), "apply", "--input", input.string(), "--root", root.string()});
    INFO(root_name << ": " << r.file << " (" << r.attack << ")\n" << res.out << res.err);
    CHECK(res.exit_code == 2);
    const std::string where = input.string() + (r.line > 0 ? ":" + std::to_string(r.line) : "") + ": ";
    CHECK(res.err.find(where) != std::string::npos);
    for (const auto& e : r.expect) CHECK(res.err.find(e) != std::string::npos);
    CHECK(res.err.find("nothing was changed") != std::string::npos);
    const auto after = snapshot(root);
    if (after != before) {
      FAIL_CHECK("the root changed:" << diff_keys(before, after));
      fs::remove_all(root);
      copy_tree(source_dir() / "tests/roots" / root_name, root);
    }
  }
}

}  // namespace

TEST_CASE("the table lists every hostile file, at least 50 attacks") {
  const auto rows = table();
  CHECK(rows.size() >= 50);
  std::set<std::string> listed, committed;
  for (const auto& r : rows) {
    CHECK(listed.insert(r.file).second);  // no row twice
    if (!r.generated) CHECK(fs::is_regular_file(kDir / r.file));
  }
  for (const auto& e : fs::directory_iterator(kDir))
    if (e.path().extension() == ".xml") committed.insert(e.path().filename().string());
  for (const auto& f : committed) {
    INFO(f << " is not in README.md");
    CHECK(listed.count(f) == 1);
  }
}

TEST_CASE("hostile inputs are refused on an el7 root, nothing changed") { refuse_all("el7"); }

TEST_CASE("hostile inputs are refused on a debian12 root, nothing changed") { refuse_all("debian12"); }
