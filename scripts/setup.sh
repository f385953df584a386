#!/usr/bin/env bash
# Installs the build dependencies (Debian 12), builds, and shows what vc-agent
# would change on a bundled example (a dry run: nothing is written).
set -euo pipefail
cd "$(dirname "$0")/.."

# deps.txt builds and unit-tests; deps-packaging.txt adds what the static build,
# the .deb/.rpm and their tests use (ctest -L packaging).
mapfile -t pkgs < <(cat scripts/deps.txt scripts/deps-packaging.txt | grep -v '^#' | sed '/^$/d')
missing=()
for p in "${pkgs[@]}"; do dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -eq 0 ] || SUDO=sudo
  $SUDO apt-get update -q
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q --no-install-recommends "${missing[@]}"
fi

cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo
cmake --build build -j"$(nproc)"

echo
echo "== vc-agent plan of examples/frontend-vc-out.xml on the Debian 12 example root (dry run) =="
./build/vc-agent plan --input examples/frontend-vc-out.xml --root tests/roots/debian12
