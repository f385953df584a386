#!/usr/bin/env bash
# Where the static vc-agent's bytes go, and what each size step buys (issue 7: goal
# <= 3 MiB stripped). Relinks build-static/'s objects (fat LTO objects: they link
# with and without LTO) in a scratch dir; builds nothing, changes nothing.
#
# usage: scripts/size-report.sh [BUILD_DIR]      (default: build-static, after scripts/package.sh)
# Prints one line per link variant (stripped bytes) and the kept bytes per archive
# of the final link (from the linker map).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
B=$(cd "${1:-$REPO/build-static}" && pwd)
[ -f "$B/libvc_core.a" ] && [ -f "$B/CMakeFiles/vc-agent.dir/link.txt" ] \
  || { echo "size-report: no static build in $B (run scripts/package.sh)" >&2; exit 3; }
W=$(mktemp -d "${TMPDIR:-/tmp}/vc-size.XXXXXX")
trap 'rm -rf "$W"' EXIT

# The real link line, split into compiler flags (dropped: each variant sets its own)
# and the inputs after "-o vc-agent".
read -r -a link < "$B/CMakeFiles/vc-agent.dir/link.txt"
inputs=() flags=() seen_o=0 skip=0
for a in "${link[@]:1}"; do
  a=${a//\"/}   # CMake quotes object paths
  if [ $skip -eq 1 ]; then skip=0; continue; fi
  case "$a" in
    -o) seen_o=1; skip=1 ;;
    -Os|-O2|-flto*|-ffat-lto-objects|-fuse-ld=*|-Wl,--icf=*|-Wl,--gc-sections) ;;
    *) if [ $seen_o -eq 1 ] || [[ "$a" == *.o ]]; then inputs+=("$a"); else flags+=("$a"); fi ;;
  esac
done

variant() {  # NAME FLAGS...: link, strip, print the stripped size
  local name=$1; shift
  (cd "$B" && "${link[0]}" "${flags[@]}" "$@" -o "$W/$name" "${inputs[@]}") 2>"$W/$name.log" \
    || { echo "size-report: link '$name' failed:" >&2; tail -5 "$W/$name.log" >&2; return 1; }
  strip --strip-all --remove-section=.comment --remove-section=.note -o "$W/$name.s" "$W/$name"
  printf '%10d  %s  (%s)\n' "$(stat -c %s "$W/$name.s")" "$name" "$*"
}

echo "stripped bytes, per link variant of the same objects (-Os -ffunction-sections -fdata-sections):"
variant plain -Os -fno-lto
variant gc-sections -Os -fno-lto -Wl,--gc-sections
variant lto -Os -flto=auto -Wl,--gc-sections
variant lto-gold-icf -Os -ffunction-sections -fdata-sections -flto=auto -fuse-ld=gold -Wl,--gc-sections -Wl,--icf=safe \
  -Wl,-Map,"$W/final.map"

echo "kept bytes per input archive in the last variant (linker map, sections kept after gc):"
awk '
  function hex(s,   i, v) { v = 0; s = tolower(substr(s, 3))
    for (i = 1; i <= length(s); i++) v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
    return v }
  /^(Linker script and memory map|Memory map)$/ { on = 1; next }   # ld.bfd | gold
  !on { next }
  /^ \.[^ ]+$/ { pend = $1; next }                       # long section name: numbers on the next line
  {
    if ($1 ~ /^\./ && $2 ~ /^0x/ && $3 ~ /^0x/) { sec = $1; sz = $3; f = $4 }
    else if (pend != "" && $1 ~ /^0x/ && $2 ~ /^0x/) { sec = pend; sz = $2; f = $3 }
    else { pend = ""; next }
    pend = ""
    if (sec ~ /^\.(debug|comment|note|bss|tbss)/ || f == "") next   # no file bytes
    sub(/\(.*\)$/, "", f); n = split(f, p, "/"); f = p[n]
    if (f ~ /^[^.]*ltrans/ || f ~ /\.ltrans/) f = "LTO output (vc_core, main.cpp)"
    bytes[f] += hex(sz)
  }
  END { for (f in bytes) printf "%10d  %s\n", bytes[f], f }
' "$W/final.map" | sort -rn | head -20
