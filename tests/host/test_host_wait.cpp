// vc-host wait --timeout: a finite number of seconds >= 0 (0: no limit); anything
// else is exit 2 naming --timeout, not a silent wait forever.
#include <catch2/catch.hpp>

#include <cmath>
#include <limits>
#include <sstream>

#include "agent/report_sign.h"
#include "host/commands.h"
#include "host/store.h"
#include "host_support.h"

using namespace vctest;
using namespace vc::host;

TEST_CASE("wait refuses a negative, infinite, NaN or malformed --timeout") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  // A node that never reports: a refused timeout must not turn into waiting for it.
  Store(db).put_cluster("vc7", "u", {{"compute-0", "compute", vc::report::new_key_base64()}});
  for (const char* bad : {"-1", "-0.5", "nan", "NaN", "inf", "-inf", "1e999", "ten", "5s", ""}) {
    INFO("--timeout '" << bad << "'");
    auto r = run({host_bin(), "wait", "vc7", "--timeout", bad, "--db", db});
    CHECK(r.exit_code == 2);
    CHECK(r.err.find("--timeout") != std::string::npos);
    CHECK(r.out.empty());
  }
  std::ostringstream out, err;
  CHECK(run_wait(db, "vc7", std::nan(""), out, err) == 2);
  CHECK(run_wait(db, "vc7", -1, out, err) == 2);
  CHECK(run_wait(db, "vc7", std::numeric_limits<double>::infinity(), out, err) == 2);
  CHECK(err.str().find("--timeout: expected a finite number of seconds >= 0 (0: no limit)") != std::string::npos);
  CHECK(out.str().empty());
}

TEST_CASE("wait --timeout: a positive value times out (124), 0 means no limit") {
  TempDir t;
  const std::string db = (t.path / "state.db").string();
  Store(db).put_cluster("vc7", "u", {{"compute-0", "compute", vc::report::new_key_base64()}});
  auto r = run({host_bin(), "wait", "vc7", "--timeout", "0.2", "--db", db});
  CHECK(r.exit_code == 124);
  CHECK(r.out.find("vc7: timed out after 0.2 s; still waiting for compute-0") != std::string::npos);
  // 0 is accepted: with nothing pending it returns at once.
  Store(db).put_cluster("vc8", "u", {});
  auto none = run({host_bin(), "wait", "vc8", "--timeout", "0", "--db", db});
  CHECK(none.exit_code == 0);
  CHECK(none.out == "vc8: 0 of 0 ready\n");
}
