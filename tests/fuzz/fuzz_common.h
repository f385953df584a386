#pragma once
// What every fuzz target shares: the one expected way to refuse input is
// vc::InputError (exit 2 in the binary). Any other exception escaping a
// parser would reach main() as a crash or a wrong exit code, so it is a
// finding: print it and abort, which libFuzzer and the replay driver both
// report with the input that caused it.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string_view>

#include "agent/error.h"

namespace vcfuzz {

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
  return {reinterpret_cast<const char*>(data), size};
}

template <class Fn>
int expect_only_input_errors(const char* target, Fn&& fn) {
  try {
    fn();
  } catch (const vc::InputError& e) {
    // The message is what the user sees; building it must not fail either.
    if (e.message().empty()) {
      std::fprintf(stderr, "%s: InputError with an empty message\n", target);
      std::abort();
    }
  } catch (const std::exception& e) {
    std::fprintf(stderr, "%s: unexpected exception: %s\n", target, e.what());
    std::abort();
  } catch (...) {
    std::fprintf(stderr, "%s: unexpected non-std exception\n", target);
    std::abort();
  }
  return 0;
}

}  // namespace vcfuzz
