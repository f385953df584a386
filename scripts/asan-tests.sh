#!/usr/bin/env bash
# The unit suite (and the fuzz replays and hostile inputs, which are cheap)
# once more with AddressSanitizer + UndefinedBehaviorSanitizer (issue 9), in
# build-asan. Every binary is instrumented, vc-agent included, so the tests
# that run the real binary check it too. Extra arguments go to ctest.
set -euo pipefail
cd "$(dirname "$0")/.."
build=${VC_ASAN_BUILD:-build-asan}
flags="-fsanitize=address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Debug -DCMAKE_CXX_FLAGS="$flags" >/dev/null
cmake --build "$build" -j"${VC_JOBS:-$(nproc)}"
cd "$build"
export ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1:abort_on_error=1:strict_string_checks=1}
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
ctest -L 'unit|fuzz|hostile' --output-on-failure -j"${VC_JOBS:-$(nproc)}" "$@"
