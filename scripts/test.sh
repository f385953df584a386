#!/usr/bin/env bash
# Builds (if needed) and runs every test. Exit status is ctest's.
# With VC_SANITIZER_TESTS=ON this includes the two `sanitize` tests (issue 9):
# the unit suite under ASan + UBSan (scripts/asan-tests.sh, in build-asan) and
# a bounded clang fuzz run of every target (scripts/fuzz.sh, in build-fuzz,
# VC_CI_FUZZ_SECONDS each). Skip them by hand with `scripts/test.sh -LE sanitize`.
set -euo pipefail
cd "$(dirname "$0")/.."
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVC_SANITIZER_TESTS=ON >/dev/null
cmake --build build -j"$(nproc)"
cd build && ctest --output-on-failure -j"$(nproc)" "$@"
