// `vc-agent --version` is answered in main() before CLI11 (which would throw,
// expensive in the static binary); it must say the same as CLI11 would.
#include <catch2/catch.hpp>

#include "test_support.h"
#include "version.h"

using namespace vctest;

TEST_CASE("the version option prints the version and exits 0, by the fast path and by CLI11") {
  const std::string expect = std::string("vc-agent ") + VC_AGENT_VERSION + "\n";
  const auto fast = run({agent_bin(), "--version"});
  CHECK(fast.exit_code == 0);
  CHECK(fast.out == expect);
  CHECK(fast.err.empty());
  const auto cli11 = run({agent_bin(), "-v", "--version"});  // not the lone argument: CLI11 answers
  CHECK(cli11.exit_code == 0);
  CHECK(cli11.out == expect);
}
