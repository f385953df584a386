#!/usr/bin/env bash
# Builds the static archives Debian does not ship (libsystemd.a for sd-bus/sd_notify,
# libtinyxml2.a) or ships without per-function sections (libnl-3.a, libnl-route-3.a,
# libsodium.a, libyaml-cpp.a)
# from their Debian source packages, into one prefix for
# `cmake -DVC_STATIC=ON -DVC_STATIC_PREFIX=<prefix>`.
#
# usage: scripts/build-static-deps.sh [DEPS_DIR]      (default: <repo>/build-static-deps)
# Prints the prefix directory on its last line of stdout; everything else goes to stderr.
#
# Each library is cached under DEPS_DIR/<source>-<debian version>/ and rebuilt only
# when bookworm publishes a new source version, so a rerun takes seconds. The system
# apt configuration is never touched: a private sources file with a deb-src entry and
# private lists live in DEPS_DIR/apt/.
set -euo pipefail

REPO=$(cd "$(dirname "$0")/.." && pwd)
DEPS_DIR=$(mkdir -p "${1:-$REPO/build-static-deps}" && cd "${1:-$REPO/build-static-deps}" && pwd)
JOBS=${VC_DEPS_JOBS:-2}
log() { echo "build-static-deps: $*" >&2; }

# Packages the source builds need (meson refuses to configure systemd v252 without
# libmount, libcap, jinja2 and gperf even with skip-deps; libnl3 wants bison and flex;
# libsodium's Debian source needs autoreconf).
BUILD_DEPS=(meson ninja-build gperf libcap-dev libmount-dev python3-jinja2 pkg-config dpkg-dev cmake g++ bison flex
            autoconf automake libtool)
missing=()
for p in "${BUILD_DEPS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  [ "$(id -u)" -eq 0 ] || { log "missing build packages (need root to install): ${missing[*]}"; exit 3; }
  log "installing ${missing[*]}"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}" >&2
fi

APT_DIR=$DEPS_DIR/apt
mkdir -p "$APT_DIR/lists/partial"
cat > "$APT_DIR/src.sources" <<'EOF'
Types: deb-src
URIs: http://deb.debian.org/debian
Suites: bookworm bookworm-updates
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg

Types: deb-src
URIs: http://deb.debian.org/debian-security
Suites: bookworm-security
Components: main
Signed-By: /usr/share/keyrings/debian-archive-keyring.gpg
EOF
APTO=(-o Dir::Etc::SourceList="$APT_DIR/src.sources" -o Dir::Etc::SourceParts=/nonexistent
      -o Dir::State::Lists="$APT_DIR/lists" -o Dir::Cache="$APT_DIR/cache" -o APT::Sandbox::User=root)
mkdir -p "$APT_DIR/cache/archives/partial"

# The Sources index is refreshed at most once a day; offline, the last index (and
# therefore the last cached build) is used.
stamp=$APT_DIR/lists/.updated
if [ -z "$(find "$stamp" -mmin -1440 2>/dev/null)" ]; then
  if apt-get "${APTO[@]}" update -qq >&2; then touch "$stamp"
  else log "apt-get update failed; using the previous source index if any"; fi
fi

src_version() {  # newest version of a source package in the private index
  apt-cache "${APTO[@]}" showsrc "$1" 2>/dev/null | sed -n 's/^Version: //p' | sort -V | tail -1
}

fetch_source() {  # $1=source package, $2=version, $3=dir to unpack into; prints the tree
  local work=$3
  rm -rf "$work" && mkdir -p "$work"
  (cd "$work" && apt-get "${APTO[@]}" source --download-only "$1=$2" >&2 \
     && dpkg-source -x ./*.dsc src >/dev/null)
  echo "$work/src"
}

SECTION_FLAGS="-O2 -ffunction-sections -fdata-sections"

build_systemd() {  # $1=version $2=install prefix
  local w=$DEPS_DIR/work-systemd src
  src=$(fetch_source systemd "$1" "$w")
  local off="seccomp selinux apparmor smack polkit ima acl audit blkid fdisk kmod pam pwquality
    microhttpd libcryptsetup libcryptsetup-plugins libcurl idn libidn2 libidn libiptc qrencode gcrypt
    gnutls openssl p11kit libfido2 tpm2 elfutils zlib bzip2 xz lz4 zstd xkbcommon pcre2 glib dbus
    gnu-efi efi bpf-framework tpm homed importd remote repart sysupdate nss-mymachines nss-resolve
    nss-myhostname nss-systemd log-message-verification analyze kernel-install tests man html
    translations valgrind dns-over-tls"
  local opts=()
  for o in $off; do opts+=("-D$o=false"); done
  meson setup "$w/build" "$src" --buildtype=release -Dmode=release \
    -Dstatic-libsystemd=pic -Dstatic-libudev=false -Dskip-deps=true \
    -Dc_args="$SECTION_FLAGS" "${opts[@]}" >"$w/meson.log" 2>&1 \
    || { tail -30 "$w/meson.log" >&2; return 1; }
  # v252's libsystemd.a target does not depend on the generated version.h: name it.
  ninja -C "$w/build" -j"$JOBS" version.h libsystemd.a >"$w/ninja.log" 2>&1 \
    || { tail -30 "$w/ninja.log" >&2; return 1; }
  mkdir -p "$2/lib" "$2/include/systemd"
  cp "$w/build/libsystemd.a" "$2/lib/"
  cp "$src"/src/systemd/{_sd-common,sd-bus,sd-bus-protocol,sd-bus-vtable,sd-daemon,sd-event,sd-id128,sd-login,sd-journal}.h \
     "$2/include/systemd/"
  rm -rf "$w"
}

build_tinyxml2() {  # $1=version $2=install prefix
  local w=$DEPS_DIR/work-tinyxml2 src
  src=$(fetch_source tinyxml2 "$1" "$w")
  cmake -S "$src" -B "$w/build" -DCMAKE_BUILD_TYPE=Release -DBUILD_SHARED_LIBS=OFF \
    -DBUILD_TESTING=OFF -Dtinyxml2_BUILD_TESTING=OFF -DCMAKE_POSITION_INDEPENDENT_CODE=ON \
    -DCMAKE_CXX_FLAGS="$SECTION_FLAGS" -DCMAKE_INSTALL_PREFIX="$2" -DCMAKE_INSTALL_LIBDIR=lib \
    >"$w/cmake.log" 2>&1 || { tail -30 "$w/cmake.log" >&2; return 1; }
  cmake --build "$w/build" -j"$JOBS" >"$w/build.log" 2>&1 || { tail -30 "$w/build.log" >&2; return 1; }
  cmake --install "$w/build" >/dev/null
  rm -rf "$w"
}

build_libnl3() {  # $1=version $2=install prefix
  # Debian's libnl-3.a has no per-function sections, so --gc-sections keeps all of
  # addr.o and utils.o, and with them getaddrinfo/getprotobyname: glibc's resolver, NSS
  # and dlopen (~130 KB, and NSS in a static binary). Rebuilt, only what we call stays.
  local w=$DEPS_DIR/work-libnl3 src
  src=$(fetch_source libnl3 "$1" "$w")
  (cd "$src" && ./configure --prefix="$2" --libdir="$2/lib" --disable-shared --enable-static \
     --with-pic --disable-cli --disable-debug CFLAGS="$SECTION_FLAGS") >"$w/configure.log" 2>&1 \
    || { tail -30 "$w/configure.log" >&2; return 1; }
  make -C "$src" -j"$JOBS" lib/libnl-3.la lib/libnl-route-3.la >"$w/make.log" 2>&1 \
    || { tail -30 "$w/make.log" >&2; return 1; }
  mkdir -p "$2/lib"
  cp "$src"/lib/.libs/libnl-3.a "$src"/lib/.libs/libnl-route-3.a "$2/lib/"
  rm -rf "$w"
}

build_libsodium() {  # $1=version $2=install prefix
  # Debian's libsodium.a has no per-function sections either: any use pulls in core.o
  # (sodium_misuse), and with it sodium_init and every implementation it can pick
  # (argon2, blake2b, poly1305, curve25519, chacha20, salsa20): ~180 KB the agent never
  # calls. Rebuilt, --gc-sections keeps SHA-256, HMAC, randombytes and the codecs.
  local w=$DEPS_DIR/work-libsodium src
  src=$(fetch_source libsodium "$1" "$w")
  # The Debian source ships no configure script (dh regenerates it): autoreconf first.
  (cd "$src" && autoreconf -fi && ./configure --prefix="$2" --libdir="$2/lib" --disable-shared --enable-static \
     --with-pic --disable-dependency-tracking CFLAGS="$SECTION_FLAGS") >"$w/configure.log" 2>&1 \
    || { tail -30 "$w/configure.log" >&2; return 1; }
  make -C "$src/src/libsodium" -j"$JOBS" install >"$w/make.log" 2>&1 \
    || { tail -30 "$w/make.log" >&2; return 1; }
  rm -rf "$2/lib/pkgconfig" "$2/lib/libsodium.la"
  rm -rf "$w"
}

build_yaml_cpp() {  # $1=version $2=install prefix
  # Debian's libyaml-cpp.a has per-function sections only for inline functions, so
  # --gc-sections keeps every object the parser touches whole.
  local w=$DEPS_DIR/work-yaml-cpp src
  src=$(fetch_source yaml-cpp "$1" "$w")
  cmake -S "$src" -B "$w/build" -DCMAKE_BUILD_TYPE=Release -DYAML_BUILD_SHARED_LIBS=OFF \
    -DYAML_CPP_BUILD_TESTS=OFF -DYAML_CPP_BUILD_TOOLS=OFF -DYAML_CPP_BUILD_CONTRIB=OFF \
    -DCMAKE_POSITION_INDEPENDENT_CODE=ON -DCMAKE_CXX_FLAGS="-ffunction-sections -fdata-sections" \
    -DCMAKE_CXX_FLAGS_RELEASE="-Os -DNDEBUG" \
    -DCMAKE_INSTALL_PREFIX="$2" -DCMAKE_INSTALL_LIBDIR=lib >"$w/cmake.log" 2>&1 \
    || { tail -30 "$w/cmake.log" >&2; return 1; }
  cmake --build "$w/build" -j"$JOBS" >"$w/build.log" 2>&1 || { tail -30 "$w/build.log" >&2; return 1; }
  cmake --install "$w/build" >/dev/null
  rm -rf "$2/lib/pkgconfig" "$2/lib/cmake" "$2/share"
  rm -rf "$w"
}

PREFIX=$DEPS_DIR/prefix
rm -rf "$PREFIX.new" && mkdir -p "$PREFIX.new"
for pkg in systemd tinyxml2 libnl3 libsodium yaml-cpp; do
  ver=$(src_version "$pkg")
  if [ -z "$ver" ]; then
    # No index (offline, first run): reuse the newest cached build if there is one.
    cached=$(ls -d "$DEPS_DIR/$pkg"-*/ 2>/dev/null | sort -V | tail -1 || true)
    [ -n "$cached" ] || { log "no source index and no cached build for $pkg"; exit 3; }
    ver=${cached%/}; ver=${ver##*/"$pkg"-}
    log "$pkg: no source index; using cached $ver"
  fi
  out=$DEPS_DIR/$pkg-$ver
  if [ -f "$out/.complete" ]; then
    log "$pkg $ver: cached"
  else
    log "$pkg $ver: building from the Debian source package"
    start=$SECONDS
    rm -rf "$out"
    "build_${pkg//-/_}" "$ver" "$out"
    echo "$pkg $ver built in $((SECONDS - start)) s" > "$out/.complete"
    log "$pkg $ver: built in $((SECONDS - start)) s"
  fi
  cp -a "$out"/. "$PREFIX.new"/
  echo "$pkg $ver" >> "$PREFIX.new/versions.txt"
  rm -f "$PREFIX.new/.complete"
done
rm -rf "$PREFIX" && mv "$PREFIX.new" "$PREFIX"
echo "$PREFIX"
