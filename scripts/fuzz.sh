#!/usr/bin/env bash
# Fuzzing (issue 9): builds every tests/fuzz target with clang as a libFuzzer
# binary, the whole of vc_core instrumented with ASan + UBSan, in build-fuzz,
# and runs each target for VC_FUZZ_SECONDS (default 30) through `ctest -L fuzz`.
# A crash, sanitizer report, leak, timeout or any exception other than
# vc::InputError fails the test; libFuzzer leaves the input as crash-*/leak-*/
# timeout-* in the build dir (copy it into tests/fuzz/corpus/<target>/ once fixed).
#
#   scripts/fuzz.sh                    # every target, 30 s each
#   (CI: scripts/test.sh runs it as the ctest test sanitizers_clang_fuzz, 20 s each)
#   VC_FUZZ_SECONDS=600 scripts/fuzz.sh
#   scripts/fuzz.sh -R vcout           # extra arguments go to ctest
# Long runs by hand (docs/performance.md has the figures):
#   build-fuzz/tests/fuzz/fuzz_vcout -runs=10000000 -dict=tests/fuzz/vcout.dict \
#       build-fuzz/tests/fuzz/corpus/vcout tests/fuzz/corpus/vcout tests/data/vcout examples tests/hostile
set -euo pipefail
cd "$(dirname "$0")/.."
build=${VC_FUZZ_BUILD:-build-fuzz}
seconds=${VC_FUZZ_SECONDS:-30}
if ! command -v clang++ >/dev/null; then
  echo "fuzz.sh: clang++ not found (apt-get install clang libclang-rt-14-dev)" >&2
  # By hand the gcc build's replay tests still ran the corpora; CI must not skip silently.
  [ "${CI:-}" = true ] && exit 3
  exit 0
fi
flags="-fsanitize=fuzzer-no-link,address,undefined -fno-sanitize-recover=all -fno-omit-frame-pointer"
# -Werror stays with the gcc build: a clang-only warning must not hide a fuzz run.
CC=clang CXX=clang++ cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=RelWithDebInfo -DVC_WERROR=OFF \
  -DCMAKE_CXX_FLAGS="$flags" -DVC_FUZZ=ON -DVC_FUZZ_SECONDS="$seconds" >/dev/null
cmake --build "$build" --target fuzz_all -j"${VC_JOBS:-$(nproc)}"
cd "$build"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
ctest -L fuzz --output-on-failure "$@"
