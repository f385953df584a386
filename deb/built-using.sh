#!/bin/sh
# Prints the Built-Using value for the static vc-agent: the installed source versions
# of the Debian -dev packages whose .a files are linked in, plus the source packages
# scripts/build-static-deps.sh built (its versions.txt: "<source> <version>" lines).
set -eu
{
  dpkg-query -W -f='${source:Package} (= ${source:Version})\n' \
    libc6-dev libstdc++-12-dev libgcc-12-dev libnl-3-dev libnl-route-3-dev libcap-dev \
    libyaml-cpp-dev libsodium-dev
  if [ -r "${1:-}" ]; then awk 'NF == 2 { printf "%s (= %s)\n", $1, $2 }' "$1"; fi
} | sort -u | paste -sd, - | sed 's/,/, /g'
