# Helpers for check.sh (sourced). fail = exit 1; skip = exit 77, which ctest reports as
# "Skipped" (SKIP_RETURN_CODE), always with the reason on the first line.
fail() { echo "FAIL: $*" >&2; exit 1; }
skip() { echo "SKIP: $*"; exit 77; }

need() {
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 || skip "'$t' is not installed (scripts/deps-packaging.txt lists the packages)"
  done
}

need_dist() {
  [ -x "$DIST/vc-agent" ] || skip "dist/ was not built (see the packaging_dist test for why)"
}

expect_line() {  # FILE LINE: the exact line is present
  grep -qxF -- "$2" "$1" || fail "$(basename "$1") lacks the line: $2"
}

expect_files() {  # LIST_FILE PATH...: the sorted list holds exactly these regular files
  local list=$1; shift
  printf '%s\n' "$@" | sort > "$list.want"
  diff -u "$list.want" "$list" >&2 || fail "package file list differs (- expected, + actual)"
  echo "files:"; sed 's/^/  /' "$list"
}

stub_root() {  # DIR: the units at their Debian paths, with an executable where ExecStart points
  mkdir -p "$1/lib/systemd/system" "$1/usr/bin"
  cp "$SRC/units/vc-agent.service" "$SRC/units/vc-agent-late.service" "$1/lib/systemd/system/"
  printf '#!/bin/sh\nexit 0\n' > "$1/usr/bin/vc-agent"
  chmod 755 "$1/usr/bin/vc-agent"
}
