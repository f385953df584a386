#!/usr/bin/env bash
# Makes (once) the Debian 12 chroot bench/run times cloud-init in: debootstrap
# --variant=minbase bookworm from the mirror this machine's apt uses, then
# cloud-init from Debian (22.4.x in bookworm) inside it. Cached: a chroot that
# already has cloud-init is left alone. Needs root and the network.
#   bench/cloud-init-chroot.sh [DIR]     (default /var/tmp/vc-bench-chroot)
set -euo pipefail
dir=${1:-${VC_BENCH_CHROOT:-/var/tmp/vc-bench-chroot}}
if [ -x "$dir/usr/bin/cloud-init" ]; then
  exit 0
fi
mirror=$(grep -h '^URIs:' /etc/apt/sources.list.d/*.sources 2>/dev/null | awk '{print $2}' | grep -v security | head -n1 || true)
if [ -z "$mirror" ]; then
  mirror=$(grep -h '^deb ' /etc/apt/sources.list 2>/dev/null | awk '{print $2}' | head -n1 || true)
fi
mirror=${mirror:-http://deb.debian.org/debian}
command -v debootstrap >/dev/null || apt-get install -y -qq debootstrap >/dev/null
echo "cloud-init-chroot: debootstrap bookworm into $dir from $mirror" >&2
rm -rf "$dir"
debootstrap --variant=minbase bookworm "$dir" "$mirror" >"$dir.log" 2>&1 || {
  echo "cloud-init-chroot: debootstrap failed; see $dir.log" >&2
  exit 1
}
chroot "$dir" env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends cloud-init \
  >>"$dir.log" 2>&1 || {
  echo "cloud-init-chroot: apt-get install cloud-init failed; see $dir.log" >&2
  exit 1
}
chroot "$dir" dpkg-query -W -f '${Version}\n' cloud-init >&2
