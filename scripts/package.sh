#!/usr/bin/env bash
# Builds the portable release into dist/:
#   dist/vc-agent            the fully static, stripped binary
#   dist/vc-agent_*.deb      Debian/Ubuntu package (dpkg-buildpackage from deb/)
#   dist/vc-host_*.deb       the host side (dynamically linked against Debian 12)
#   dist/vc-agent-*.rpm      EL/Rocks package (rpmbuild from rpm/vc-agent.spec)
#   dist/BUILDINFO, dist/SHA256SUMS
# Both vc-agent packages carry the same binary bytes as dist/vc-agent. The spec's
# vc-host subpackage, built here from the Debian-linked vc-host, is kept out of dist/
# (build-static/rpm-check/): it is a check of the spec, not an EL package.
#
# usage: scripts/package.sh [--if-stale]
#   --if-stale  do nothing when dist/ was built from exactly the current sources
#               (the packaging tests use this so that only the first run pays).
# Exit status: 0 built (or up to date), 1 failed, 3 tools missing and not root to install them.
# Environment: VC_JOBS (default: all cores), VC_STATIC_DEPS_DIR (default build-static-deps).
set -euo pipefail
REPO=$(cd "$(dirname "$0")/.." && pwd)
cd "$REPO"
DIST=$REPO/dist
BUILD=$REPO/build-static
JOBS=${VC_JOBS:-$(nproc)}
log() { echo "package.sh: $*" >&2; }
die() { log "$*"; exit 1; }

# The source files a package is made of: tracked and untracked-but-not-ignored, so a
# checkout with uncommitted work packages what is on disk (build*/ and dist/ are ignored).
source_files() {
  if git -C "$REPO" rev-parse --is-inside-work-tree >/dev/null 2>&1; then
    git -C "$REPO" ls-files -co --exclude-standard | while IFS= read -r f; do
      [ -e "$f" ] || [ -L "$f" ] && printf '%s\n' "$f"
    done | LC_ALL=C sort
  else
    find . -path ./dist -prune -o -path './build*' -prune -o -path ./.git -prune -o \
      \( -type f -o -type l \) -print | sed 's#^\./##' | LC_ALL=C sort
  fi
}
sources_hash() {  # symlinks (some fixture roots have dangling ones) count by their target
  source_files | while IFS= read -r f; do
    if [ -L "$f" ]; then printf 'L %s %s\n' "$f" "$(readlink "$f")"
    else printf 'F %s %s\n' "$f" "$(sha256sum < "$f" | cut -c1-64)"; fi
  done | sha256sum | cut -c1-64
}

if [ "${1:-}" = "--if-stale" ]; then
  if [ -f "$DIST/.sources-sha256" ] && [ -x "$DIST/vc-agent" ] \
     && [ "$(cat "$DIST/.sources-sha256")" = "$(sources_hash)" ]; then
    log "dist/ is up to date with the sources; nothing to do"
    exit 0
  fi
  log "dist/ is missing or stale: building"
fi

HASH=$(sources_hash)   # before building: sources may change while we build

# ---- tools -------------------------------------------------------------------------
mapfile -t pkgs < <(grep -v '^#' scripts/deps-packaging.txt | sed '/^$/d')
missing=()
for p in "${pkgs[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  # Exit 3 (environment), which the packaging tests report as a skip, not a failure.
  [ "$(id -u)" -eq 0 ] || { log "missing packages (install them as root): ${missing[*]}"; exit 3; }
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

VERSION=$(sed -n 's/^project(vc-agent VERSION \([0-9.]*\).*/\1/p' CMakeLists.txt)
[ -n "$VERSION" ] || die "cannot read the project version from CMakeLists.txt"
DEB_VERSION=$(dpkg-parsechangelog -l deb/changelog -S Version)
RPM_VERSION=$(sed -n 's/^Version:[[:space:]]*//p' rpm/vc-agent.spec)
[ "$DEB_VERSION" = "$VERSION" ] || die "deb/changelog is $DEB_VERSION, CMakeLists.txt is $VERSION"
[ "$RPM_VERSION" = "$VERSION" ] || die "rpm/vc-agent.spec is $RPM_VERSION, CMakeLists.txt is $VERSION"

# ---- static dependencies -----------------------------------------------------------
t0=$SECONDS
PREFIX=$(bash scripts/build-static-deps.sh "${VC_STATIC_DEPS_DIR:-$REPO/build-static-deps}" | tail -1)
t_deps=$((SECONDS - t0))

# ---- static binary -----------------------------------------------------------------
t0=$SECONDS
# -O2 for vc-host's own objects; CMakeLists.txt gives vc_core and vc-agent -Os and
# LTO under VC_STATIC. The hardening flags are the ones deb/rules gets from
# dpkg-buildflags (a root boot agent, a network service).
HARDEN="-D_FORTIFY_SOURCE=2 -fstack-protector-strong -fstack-clash-protection -fcf-protection -Wformat -Werror=format-security"
mkdir -p "$BUILD"
cmake -S . -B "$BUILD" -DCMAKE_BUILD_TYPE=Release -DCMAKE_CXX_FLAGS_RELEASE="-O2 -DNDEBUG $HARDEN" \
  -DCMAKE_EXE_LINKER_FLAGS="-Wl,-z,relro -Wl,-z,now" \
  -DVC_STATIC=ON -DVC_STATIC_PREFIX="$PREFIX" -DBUILD_TESTING=OFF >"$BUILD/package-cmake.log" 2>&1 \
  || { cat "$BUILD/package-cmake.log" >&2; die "cmake configure failed"; }
cmake --build "$BUILD" --target vc-agent vc-host vc-agent-man vc-host-man -j"$JOBS" >"$BUILD/package-build.log" 2>&1 \
  || { tail -40 "$BUILD/package-build.log" >&2; die "static build failed (log: $BUILD/package-build.log)"; }
t_bin=$((SECONDS - t0))

# No NSS lookups in our own code: a static glibc would dlopen the image's own
# libnss_*.so (sss, ldap on EL) and can crash. libsystemd.a's few NSS users sit on
# paths the agent never takes (see docs/image-builders.md).
nss='^(getpw|getgr|getspnam|initgroups|getaddrinfo|getnameinfo|gethostby|getservby|getprotoby|getnetby|dlopen)'
own_objs=$(find "$BUILD/CMakeFiles" -name '*.o')
# shellcheck disable=SC2086 # a list of object files
if bad=$(nm -u --format=posix $own_objs 2>/dev/null | awk '{print $1}' | grep -E "$nss" | sort -u) \
   && [ -n "$bad" ]; then
  die "our own code calls NSS/dlopen functions, unsafe in a static binary: $(echo $bad)"
fi

STAGE=$BUILD/stage
rm -rf "$STAGE" && mkdir -p "$STAGE"
# Stripped the way dh_strip would, so dh_strip and rpm's brp-strip are skipped and
# dist/vc-agent, the .deb and the .rpm hold the same bytes.
strip --strip-all --remove-section=.comment --remove-section=.note -o "$STAGE/vc-agent" "$BUILD/vc-agent"
strip --strip-all --remove-section=.comment --remove-section=.note -o "$STAGE/vc-host" "$BUILD/host/vc-host"
cp "$BUILD/man/vc-agent.8" "$BUILD/man/vc-host.8" "$STAGE/"
cp "$PREFIX/versions.txt" "$STAGE/versions.txt"
file -b "$STAGE/vc-agent" | grep -q 'statically linked' || die "vc-agent is not statically linked: $(file -b "$STAGE/vc-agent")"
file -b "$STAGE/vc-host" | grep -q 'dynamically linked' || die "vc-host is not dynamically linked: $(file -b "$STAGE/vc-host")"

rm -rf "$DIST" && mkdir -p "$DIST"
cp "$STAGE/vc-agent" "$DIST/vc-agent"

# ---- a clean copy of the sources (for dpkg-buildpackage and the rpm tarball) ------
TMP=$(mktemp -d "${TMPDIR:-/tmp}/vc-package.XXXXXX")
trap 'rm -rf "$TMP"' EXIT
SRC=$TMP/vc-agent-$VERSION
mkdir -p "$SRC"
source_files | tar -cf - --no-recursion -T - | tar -xf - -C "$SRC"

# ---- .deb ----------------------------------------------------------------------------
t0=$SECONDS
cp -a "$SRC/deb" "$SRC/debian"   # relative symlinks in deb/ point into ../units
(cd "$SRC" && VC_PREBUILT="$STAGE" dpkg-buildpackage -b -uc -us >"$TMP/deb.log" 2>&1) \
  || { tail -40 "$TMP/deb.log" >&2; die "dpkg-buildpackage failed"; }
rm -rf "$SRC/debian"
mv "$TMP"/*.deb "$DIST/"
t_deb=$((SECONDS - t0))

# ---- .rpm ----------------------------------------------------------------------------
t0=$SECONDS
tar -C "$TMP" -czf "$TMP/vc-agent-$VERSION.tar.gz" "vc-agent-$VERSION"
mkdir -p "$TMP/rpmbuild"
# --nodeps: the BuildRequires name EL packages, which Debian's rpm cannot see.
rpmbuild -bb --nodeps rpm/vc-agent.spec \
  --define "_topdir $TMP/rpmbuild" --define "_sourcedir $TMP" \
  --define "vc_prebuilt $STAGE" --define "_build_id_links none" >"$TMP/rpm.log" 2>&1 \
  || { tail -40 "$TMP/rpm.log" >&2; die "rpmbuild failed"; }
rm -rf "$BUILD/rpm-check" && mkdir -p "$BUILD/rpm-check"
find "$TMP/rpmbuild/RPMS" -name 'vc-host-*.rpm' -exec mv {} "$BUILD/rpm-check/" \;
find "$TMP/rpmbuild/RPMS" -name '*.rpm' -exec mv {} "$DIST/" \;
t_rpm=$((SECONDS - t0))

# ---- summary -------------------------------------------------------------------------
size=$(stat -c %s "$DIST/vc-agent")
{
  echo "vc-agent $VERSION"
  echo "static dependencies: $(tr '\n' ';' < "$PREFIX/versions.txt")"
  echo "stripped size: $size bytes (vc-host: $(stat -c %s "$STAGE/vc-host") bytes, dynamic)"
  echo "file: $(file -b "$DIST/vc-agent")"
  echo "times (s): static deps $t_deps, static binary $t_bin, deb $t_deb, rpm $t_rpm"
} > "$DIST/BUILDINFO"
(cd "$DIST" && sha256sum vc-agent ./*.deb ./*.rpm > SHA256SUMS)
echo "$HASH" > "$DIST/.sources-sha256"
cat "$DIST/BUILDINFO" >&2
ls -l "$DIST" >&2
