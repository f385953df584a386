// The CPU (SHA-NI) and portable SHA-256 must agree byte for byte: the digest is
// stored in the saved state and compared on every boot.
#include <catch2/catch.hpp>

#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>

#include "agent/sha256.h"

namespace {
// Inside the test cases, not at start-up: test discovery runs the binary too.
// ctest's SKIP_RETURN_CODE 77 makes it a printed skip (Catch2 v2 has no per-case skip).
void require_sha_extensions() {
  if (vc::sha256_uses_cpu_extensions()) return;
  std::printf("SKIP: this CPU has no SHA extensions, so only the portable SHA-256 runs "
              "(test_lifecycle checks its known answers)\n");
  std::exit(77);
}
}  // namespace

TEST_CASE("sha256 known answers through the CPU path") {
  require_sha_extensions();
  CHECK(vc::sha256_hex("") == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  CHECK(vc::sha256_hex("abc") == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  CHECK(vc::sha256_hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq") ==
        "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
  CHECK(vc::sha256_hex(std::string(1000000, 'a')) ==
        "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("sha256 CPU and portable paths agree on every length around the block edges") {
  require_sha_extensions();
  std::mt19937 rng(42);
  std::string data;
  for (std::size_t len = 0; len <= 300; ++len) {
    INFO("length " << len);
    CHECK(vc::sha256_hex(data) == vc::sha256_hex_portable(data));
    data.push_back(static_cast<char>(rng() & 0xff));
  }
  for (std::size_t len : {4095u, 4096u, 4097u, 44110u, 65536u + 55u}) {
    std::string big(len, '\0');
    for (auto& c : big) c = static_cast<char>(rng() & 0xff);
    INFO("length " << len);
    CHECK(vc::sha256_hex(big) == vc::sha256_hex_portable(big));
  }
}
