#!/usr/bin/env bash
# Packaging checks (ctest -L packaging).
# usage: check.sh CHECK SOURCE_DIR [DEV_AGENT_BIN [DEV_HOST_BIN]]
#   units   systemd-analyze verify of units/ and the SysV scripts' headers
#   man     vc-agent(8) and vc-host(8) render and document every option --help lists
#   dist    runs scripts/package.sh when dist/ is missing or older than the sources
#   static  dist/vc-agent: static, size, --version, plan and apply in an empty chroot, and
#           a plan from a nocloud-net seed on a loopback HTTP server (python3), in the chroot
#   notify  dist/vc-agent sends READY=1 to NOTIFY_SOCKET from inside the chroot
#   deb     both .debs: file lists, lintian, maintainer scripts, units in the package tree
#   rpm     file lists, scriptlets, spec for EL with and without systemd macros
# Exit 77 = skipped (ctest shows "Skipped"); the reason is printed first.
set -euo pipefail
CHECK=$1
SRC=$(cd "$2" && pwd)
DEV_BIN=${3:-}
DEV_HOST_BIN=${4:-}
DIST=$SRC/dist
# Issue 7's goal for the stripped static binary, 3 MiB, is the failing limit: the binary is
# 3,051,360 bytes (HTTP client in; libsodium and yaml-cpp rebuilt with per-function sections;
# docs/static-size.md), 94,368 under it. VC_SIZE_LIMIT overrides it for an experiment.
SIZE_GOAL=3145728
SIZE_LIMIT=${VC_SIZE_LIMIT:-$SIZE_GOAL}
# shellcheck source=tests/packaging/lib.sh
. "$SRC/tests/packaging/lib.sh"

VERSION=$(sed -n 's/^project(vc-agent VERSION \([0-9.]*\).*/\1/p' "$SRC/CMakeLists.txt")

check_units() {
  need systemd-analyze
  stub_root "$WORK/root"
  local out
  out=$(systemd-analyze verify --man=no --root="$WORK/root" vc-agent.service 2>&1) \
    || fail "systemd-analyze verify vc-agent.service failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify vc-agent.service warned: $out"
  echo "systemd-analyze verify vc-agent.service: clean"
  # A boot of this machine's own units (networkd, ssh, ... where installed) with the
  # agent pulled in: systemd breaks ordering cycles by dropping jobs and says so.
  mkdir -p "$WORK/host"
  sed 's#^ExecStart=.*#ExecStart=/bin/true#' "$SRC/units/vc-agent.service" > "$WORK/host/vc-agent.service"
  local unit
  for unit in vc-agent-late.service vc-host.service; do
    sed 's#^ExecStart=.*#ExecStart=/bin/true#' "$SRC/units/$unit" > "$WORK/host/$unit"
  done
  printf '[Unit]\nDescription=boot with vc-agent\nWants=vc-agent.service vc-agent-late.service vc-host.service sysinit.target multi-user.target network-online.target\n' \
    > "$WORK/host/vc-boot.target"
  out=$(cd "$WORK/host" && systemd-analyze verify --man=no vc-agent.service vc-agent-late.service vc-host.service vc-boot.target 2>&1) \
    || fail "systemd-analyze verify against the host's units failed: $out"
  grep -qi 'cycle' <<<"$out" && fail "ordering cycle with the host's units: $out"
  # The late unit and vc-host.service use the default dependencies (sysinit, basic),
  # so they are verified here, against a real unit set, rather than in the stub root.
  grep -E 'vc-agent-late|vc-host' <<<"$out" && fail "systemd-analyze verify vc-agent-late.service/vc-host.service warned: $out"
  echo "systemd-analyze verify vc-agent.service vc-agent-late.service vc-host.service against the host's units: clean, no cycle"

  local u=$SRC/units/vc-agent.service
  expect_line "$u" 'Type=notify'
  expect_line "$u" 'DefaultDependencies=no'
  # Skipped, not failed, without an input, unless NIC names must be re-asserted.
  expect_line "$u" 'ConditionPathExists=|/root/vc-out.xml'
  expect_line "$u" 'ConditionPathExists=|/var/lib/vc-agent/nic-names'
  expect_line "$u" 'Wants=network-pre.target'
  expect_line "$u" 'ExecStart=/usr/bin/vc-agent apply --phase early $VC_AGENT_ARGS'
  # What must start after the agent: network, SSH, both Grid Engine packagings.
  local before
  before=$(sed -n 's/^Before=//p' "$u" | tr ' ' '\n')
  for t in network-pre.target ssh.service sshd.service gridengine-master.service \
           gridengine-exec.service sgemaster.service sgeexecd.service; do
    grep -qx "$t" <<<"$before" || fail "vc-agent.service is not ordered Before=$t"
  done
  grep -q '^Requires=' "$u" && fail "vc-agent.service must not hard-require anything (upstream bug: foundation-mysql)"

  # The late phase: only when something is pending, after the network and the daemons.
  local l=$SRC/units/vc-agent-late.service
  expect_line "$l" 'Type=oneshot'
  expect_line "$l" 'ConditionPathExists=|/var/lib/vc-agent/late-pending'
  expect_line "$l" 'ConditionPathExists=|/var/lib/vc-agent/report-target.json'
  expect_line "$l" 'ExecStart=/usr/bin/vc-agent apply --phase late'
  expect_line "$l" 'After=network-online.target'
  expect_line "$l" 'Wants=network-online.target'
  local after
  after=$(sed -n 's/^After=//p' "$l" | tr ' ' '\n')
  for t in vc-agent.service gridengine-master.service sgemaster.service foundation-mysql.service; do
    grep -qx "$t" <<<"$after" || fail "vc-agent-late.service is not ordered After=$t"
  done
  grep -q '^Requires=' "$l" && fail "vc-agent-late.service must not hard-require anything"

  local i=$SRC/units/vc-agent.init
  sh -n "$i" || fail "units/vc-agent.init: shell syntax error"
  expect_line "$i" '# chkconfig: 2345 05 95'
  expect_line "$i" '# Required-Start:    $local_fs'
  expect_line "$i" '# X-Start-Before:    $network'
  expect_line "$i" '# Default-Start:     2 3 4 5'
  # No gate of its own: the agent looks for vc-out.xml and the cloud-init sources and
  # re-asserts NIC names; with nothing to do it exits 0 (the unit has conditions instead).
  grep -q 'exit 0' "$(dirname "$i")/vc-agent.init" || fail "units/vc-agent.init never exits 0"
  grep -q '"$AGENT" apply --phase early' "$i" || fail "units/vc-agent.init does not run the early phase"
  # The late phase's SysV twin: after the network and the daemons, on the unit's conditions.
  i=$SRC/units/vc-agent-late.init
  sh -n "$i" || fail "units/vc-agent-late.init: shell syntax error"
  expect_line "$i" '# chkconfig: 2345 98 02'
  expect_line "$i" '# Provides:          vc-agent-late'
  expect_line "$i" '# Required-Start:    $local_fs $network $remote_fs vc-agent'
  expect_line "$i" '# Default-Start:     2 3 4 5'
  expect_line "$i" '    [ -f "$STATE/late-pending" ] || [ -f "$STATE/report-target.json" ] || exit 0'
  expect_line "$i" '    "$AGENT" apply --phase late'
  grep -q '^# Should-Start:.*sgemaster.*foundation-mysql' "$i" || fail "vc-agent-late.init does not start after SGE and the Rocks database"

  # vc-host serve: configurable, confined, enabled for boot.
  local h=$SRC/units/vc-host.service
  expect_line "$h" 'ExecStart=/usr/bin/vc-host serve $VC_HOST_ARGS'
  expect_line "$h" 'EnvironmentFile=-/etc/default/vc-host'
  expect_line "$h" 'EnvironmentFile=-/etc/sysconfig/vc-host'
  expect_line "$h" 'StateDirectory=vc-host'
  for want in 'CapabilityBoundingSet=' 'NoNewPrivileges=yes' 'ProtectSystem=strict' 'ProtectHome=yes' \
              'PrivateTmp=yes' 'RestrictAddressFamilies=AF_UNIX AF_INET AF_INET6 AF_VSOCK' 'WantedBy=multi-user.target'; do
    expect_line "$h" "$want"
  done
  echo "units: all checks passed"
}

check_man() {
  need scdoc
  [ -x "$DEV_BIN" ] || skip "no dev build of vc-agent at '$DEV_BIN'"
  man_page vc-agent "$DEV_BIN" apply plan render rollback status
  if [ -x "$DEV_HOST_BIN" ]; then
    man_page vc-host "$DEV_HOST_BIN" gen serve wait status known-hosts
  else
    echo "NOTE: no dev build of vc-host; vc-host(8) not checked against its --help"
  fi
}

man_page() {  # NAME BIN COMMAND...: docs/NAME.8.scd renders and documents the CLI
  local name=$1 bin=$2; shift 2
  local scd=$SRC/docs/$name.8.scd
  scdoc < "$scd" > "$WORK/$name.8" || fail "scdoc rejected docs/$name.8.scd"
  grep -q "^\.TH \"$name\" \"8\"" "$WORK/$name.8" || fail "rendered page has no .TH $name 8 header"
  # Every option and subcommand the CLI offers is documented (help2man would do this
  # by itself, but its page has no FILES, EXIT STATUS or units sections).
  local help opts s missing=()
  help=$("$bin" --help; for s in "$@"; do "$bin" "$s" --help; done)
  opts=$(grep -oE '(^|[ ,])--[a-z][a-z-]+' <<<"$help" | tr -d ' ,' | sort -u)
  for o in $opts; do grep -qF -- "*$o*" "$scd" || missing+=("$o"); done
  for s in "$@"; do
    grep -qE "^\*($s)\*$|\*$name $s\*" "$scd" || missing+=("command $s")
  done
  [ ${#missing[@]} -eq 0 ] || fail "docs/$name.8.scd does not document: ${missing[*]}"
  echo "man: $name(8) renders and documents $(wc -w <<<"$opts") options and $# commands"
}

check_dist() {
  local rc=0
  bash "$SRC/scripts/package.sh" --if-stale || rc=$?
  [ $rc -eq 3 ] && skip "scripts/package.sh cannot install its tools (not root)"
  [ $rc -eq 0 ] || fail "scripts/package.sh failed (exit $rc)"
  cat "$DIST/BUILDINFO"
}

check_static() {
  need_dist
  local bin=$DIST/vc-agent f size
  f=$(file -b "$bin")
  grep -q 'statically linked' <<<"$f" || fail "dist/vc-agent is not static: $f"
  size=$(stat -c %s "$bin")
  echo "dist/vc-agent: $f"
  echo "dist/vc-agent stripped size: $size bytes (limit $SIZE_LIMIT, goal $SIZE_GOAL; $((SIZE_LIMIT - size)) bytes to spare)"
  [ "$size" -le "$SIZE_LIMIT" ] \
    || fail "dist/vc-agent is $size bytes, $((size - SIZE_LIMIT)) over the $SIZE_LIMIT-byte limit (scripts/size-report.sh shows where the bytes go)"
  [ "$("$bin" --version)" = "vc-agent $VERSION" ] || fail "--version says '$("$bin" --version)', want 'vc-agent $VERSION'"

  [ "$(id -u)" -eq 0 ] || skip "chroot needs root; static/size/--version checks passed"
  # An empty chroot: the binary, its input and a copy of a fixture root, nothing else
  # (no libc, no /etc/nsswitch.conf, no /proc, no /dev).
  local jail=$WORK/jail
  mkdir -p "$jail"
  cp "$bin" "$jail/vc-agent"
  cp "$SRC/examples/frontend-vc-out.xml" "$jail/vc-out.xml"
  cp -a "$SRC/tests/roots/debian12" "$jail/root-copy"
  [ "$(chroot "$jail" /vc-agent --version)" = "vc-agent $VERSION" ] || fail "--version in the chroot"
  chroot "$jail" /vc-agent plan --input /vc-out.xml --root /root-copy > "$WORK/plan.out" 2> "$WORK/plan.err" \
    || fail "plan in the empty chroot failed: $(cat "$WORK/plan.err")"
  grep -q '^--- a/etc/hosts' "$WORK/plan.out" || fail "plan in the chroot shows no /etc/hosts change: $(cat "$WORK/plan.out")"
  diff -r "$SRC/tests/roots/debian12" "$jail/root-copy" >/dev/null || fail "plan changed the root"
  echo "plan in an empty chroot: exit 0, $(grep -c '^--- ' "$WORK/plan.out") file diffs, root untouched"

  # apply there must produce the same tree as the dev build applying the same input.
  chroot "$jail" /vc-agent apply --input /vc-out.xml --root /root-copy > "$WORK/apply.out" 2>&1 \
    || fail "apply in the empty chroot failed: $(cat "$WORK/apply.out")"
  if [ -x "$DEV_BIN" ]; then
    cp -a "$SRC/tests/roots/debian12" "$WORK/dev-root"
    "$DEV_BIN" apply --input "$jail/vc-out.xml" --root "$WORK/dev-root" > "$WORK/dev.out" 2>&1 \
      || fail "dev build apply failed: $(cat "$WORK/dev.out")"
    diff -r --exclude=vc-agent "$WORK/dev-root" "$jail/root-copy" > "$WORK/tree.diff" \
      || fail "static apply in the chroot differs from the dev build: $(head -40 "$WORK/tree.diff")"
    echo "apply in an empty chroot: same files as the dev build"
  fi
  static_fetch "$jail"
}

# The static binary has a working HTTP client: a nocloud-net seed served on 127.0.0.1
# (python3's http.server) is fetched from inside the empty chroot, by numeric URL,
# with no resolver or NSS files there.
static_fetch() {
  local jail=$1 port=""
  command -v python3 >/dev/null 2>&1 || { echo "NOTE: no python3; the static nocloud-net fetch is not checked"; return 0; }
  mkdir -p "$WORK/www/seed"
  cp "$SRC"/tests/data/sources/vchost-vc7-compute-0/{meta-data,user-data,network-config} "$WORK/www/seed/"
  python3 -u -m http.server --bind 127.0.0.1 --directory "$WORK/www" 0 > "$WORK/http.log" 2>&1 &
  SERVER_PID=$!
  for _ in $(seq 100); do
    port=$(sed -n 's/^Serving HTTP on 127\.0\.0\.1 port \([0-9]*\) .*/\1/p' "$WORK/http.log")
    [ -n "$port" ] && break
    sleep 0.1
  done
  [ -n "$port" ] || fail "python3 -m http.server did not start: $(cat "$WORK/http.log")"
  cp -a "$SRC/tests/roots/debian12" "$jail/net-root"
  mkdir -p "$jail/net-root/proc"
  echo "ro ds=nocloud-net;s=http://127.0.0.1:$port/seed/" > "$jail/net-root/proc/cmdline"
  chroot "$jail" /vc-agent plan --root /net-root -v > "$WORK/net.out" 2> "$WORK/net.err" \
    || fail "plan from a nocloud-net seed in the empty chroot failed: $(cat "$WORK/net.err")"
  kill "$SERVER_PID" 2>/dev/null || true
  wait "$SERVER_PID" 2>/dev/null || true
  SERVER_PID=
  grep -q "^source nocloud-net: used (kernel command line ds=nocloud-net;s=http://127.0.0.1:$port/seed/)" "$WORK/net.err" \
    || fail "the static agent did not use the nocloud-net seed: $(cat "$WORK/net.err")"
  for f in meta-data user-data network-config; do
    grep -q "\"GET /seed/$f HTTP/1.1\" 200" "$WORK/http.log" || fail "the seed server saw no GET of $f: $(cat "$WORK/http.log")"
  done
  grep -q '^# vc-agent plan: compute compute-0 (nocloud:http://127.0.0.1:' "$WORK/net.out" \
    || fail "the plan is not the seed's node: $(head -3 "$WORK/net.out")"
  echo "nocloud-net in an empty chroot: meta-data, user-data and network-config fetched over loopback HTTP"
}

check_notify() {
  need_dist
  [ "$(id -u)" -eq 0 ] || skip "chroot needs root"
  need python3
  # libsystemd's sd_notify names the variable: absent, the agent does not call it yet.
  grep -qa 'NOTIFY_SOCKET' "$DIST/vc-agent" \
    || skip "vc-agent does not call notify_systemd yet (agent/commands.cpp must send READY=1; Type=notify waits for it)"
  local jail=$WORK/jail
  mkdir -p "$jail"
  cp "$DIST/vc-agent" "$jail/vc-agent"
  cp "$SRC/examples/frontend-vc-out.xml" "$jail/vc-out.xml"
  cp -a "$SRC/tests/roots/debian12" "$jail/root-copy"
  python3 "$SRC/tests/packaging/notify_listen.py" "$jail/notify" "$jail" \
    /vc-agent apply --input /vc-out.xml --root /root-copy
}

check_deb() {
  need_dist
  need dpkg-deb lintian systemd-analyze
  local deb hdeb
  deb=$(ls "$DIST"/vc-agent_"$VERSION"_*.deb 2>/dev/null | head -1)
  hdeb=$(ls "$DIST"/vc-host_"$VERSION"_*.deb 2>/dev/null | head -1)
  [ -n "$deb" ] || fail "no dist/vc-agent_${VERSION}_*.deb"
  [ -n "$hdeb" ] || fail "no dist/vc-host_${VERSION}_*.deb"
  deb_files "$deb" /etc/default/vc-agent /etc/init.d/vc-agent /etc/init.d/vc-agent-late \
    /lib/systemd/system/vc-agent.service /lib/systemd/system/vc-agent-late.service \
    /lib/systemd/system-preset/80-vc-agent.preset /usr/bin/vc-agent /usr/share/doc/vc-agent/changelog.gz /usr/share/doc/vc-agent/copyright \
    /usr/share/doc/vc-agent/image-builders.md.gz /usr/share/lintian/overrides/vc-agent \
    /usr/share/man/man8/vc-agent.8.gz
  deb_files "$hdeb" /etc/default/vc-host /lib/systemd/system/vc-host.service \
    /lib/systemd/system-preset/80-vc-host.preset /usr/bin/vc-host /usr/share/doc/vc-host/changelog.gz \
    /usr/share/doc/vc-host/copyright /usr/share/man/man8/vc-host.8.gz
  dpkg-deb --fsys-tarfile "$deb" | tar -xO ./usr/bin/vc-agent | cmp -s - "$DIST/vc-agent" \
    || fail "the .deb's /usr/bin/vc-agent differs from dist/vc-agent"
  dpkg-deb -f "$deb" Built-Using | grep -q 'glibc (= ' || fail "the .deb has no Built-Using for glibc"
  dpkg-deb -f "$hdeb" Depends | grep -q 'libsqlite3-0' || fail "vc-host's Depends lacks the shared libraries: $(dpkg-deb -f "$hdeb" Depends)"

  # Installing enables the units for the next boot and starts nothing.
  deb_enables_only "$deb" vc-agent.service vc-agent-late.service
  grep -q 'update-rc.d vc-agent defaults' "$WORK/ctl/postinst" || fail "postinst does not register the SysV script"
  grep -q 'update-rc.d vc-agent-late defaults' "$WORK/ctl/postinst" || fail "postinst does not register the late SysV script"
  deb_enables_only "$hdeb" vc-host.service

  # The units as installed, with the real binaries beside them.
  dpkg-deb -x "$deb" "$WORK/root"
  dpkg-deb -x "$hdeb" "$WORK/root"
  local out
  out=$(systemd-analyze verify --man=no --root="$WORK/root" vc-agent.service 2>&1) \
    || fail "systemd-analyze verify (package tree) failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify (package tree) warned: $out"
  echo "systemd-analyze verify vc-agent.service in the package tree: clean"
  # All three units as installed, beside this machine's unit set (the late unit and
  # vc-host.service need sysinit/basic/multi-user targets, which no package tree has).
  cp -an /lib/systemd/system/. "$WORK/root/lib/systemd/system/" 2>/dev/null || true
  out=$(systemd-analyze verify --man=no --root="$WORK/root" vc-agent.service vc-agent-late.service vc-host.service 2>&1) \
    || fail "systemd-analyze verify of the installed units failed: $out"
  [ -z "$out" ] || fail "systemd-analyze verify of the installed units warned: $out"
  echo "systemd-analyze verify vc-agent.service vc-agent-late.service vc-host.service in the package tree: clean"

  # lintian as non-root is quieter; as root it prints a notice, which is not a tag.
  local d
  for d in "$deb" "$hdeb"; do
    lintian --pedantic --display-info "$d" > "$WORK/lintian" 2>&1 || true
    echo "lintian --pedantic --display-info $(basename "$d"):"
    grep -v 'running with root privileges' "$WORK/lintian" || echo "  (no tags)"
    if grep -qE '^E: ' "$WORK/lintian"; then fail "lintian reports errors for $(basename "$d")"; fi
  done
  echo "deb: all checks passed"
}

deb_files() {  # DEB PATH...: the package holds exactly these regular files
  local deb=$1; shift
  dpkg-deb -c "$deb" | awk '{print $6}' | sed 's#^\./#/#' | grep -v '/$' | sort > "$WORK/files"
  expect_files "$WORK/files" "$@"
}

deb_enables_only() {  # DEB UNIT...: postinst enables the units and starts nothing
  local deb=$1 u; shift
  rm -rf "$WORK/ctl" && dpkg-deb -e "$deb" "$WORK/ctl"
  for u in "$@"; do
    grep -qE "deb-systemd-helper enable '?$u'?" "$WORK/ctl/postinst" \
      || fail "$(basename "$deb"): postinst does not enable $u"
  done
  if grep -nE 'deb-systemd-invoke (start|restart)|invoke-rc.d .*(start|restart)|systemctl .*(start|restart)' "$WORK/ctl/postinst"; then
    fail "$(basename "$deb"): postinst starts a service; it must only enable it"
  fi
}

check_rpm() {
  need_dist
  need rpm rpmspec rpm2cpio cpio
  local r
  r=$(ls "$DIST"/vc-agent-"$VERSION"-*.rpm 2>/dev/null | head -1)
  [ -n "$r" ] || fail "no dist/vc-agent-$VERSION-*.rpm"
  rpm -qlp "$r" 2>/dev/null | sort > "$WORK/files"
  expect_files "$WORK/files" /etc/init.d/vc-agent /etc/init.d/vc-agent-late /etc/sysconfig/vc-agent /usr/bin/vc-agent \
    /usr/lib/systemd/system-preset/80-vc-agent.preset /usr/lib/systemd/system/vc-agent.service \
    /usr/lib/systemd/system/vc-agent-late.service \
    "/usr/share/doc/vc-agent-$VERSION" "/usr/share/doc/vc-agent-$VERSION/image-builders.md" \
    /usr/share/man/man8/vc-agent.8
  (cd "$WORK" && rpm2cpio "$r" | cpio -idm --quiet ./usr/bin/vc-agent)
  cmp -s "$WORK/usr/bin/vc-agent" "$DIST/vc-agent" || fail "the .rpm's /usr/bin/vc-agent differs from dist/vc-agent"
  rpm -qp --configfiles "$r" 2>/dev/null | grep -qx /etc/sysconfig/vc-agent || fail "/etc/sysconfig/vc-agent is not %config"
  rpm -qp --scripts "$r" 2>/dev/null > "$WORK/scripts"
  grep -q 'systemctl --no-reload preset vc-agent.service vc-agent-late.service' "$WORK/scripts" || fail "%post does not preset (enable) the units"
  grep -q 'chkconfig --add vc-agent-late' "$WORK/scripts" || fail "%post does not register the late SysV script"
  if grep -nE 'systemctl [^|]*(start|restart)|service vc-agent start' "$WORK/scripts"; then
    fail "the rpm scriptlets start the agent; they must only enable it"
  fi

  # The spec as EL9 sees it: the systemd scriptlet macros expand where they exist.
  rpmspec -P --define 'rhel 9' --define 'systemd_post() SYSTEMD_POST %*' \
    --define 'systemd_preun() SYSTEMD_PREUN %*' --define 'systemd_postun() SYSTEMD_POSTUN %*' \
    --define 'systemd_requires Requires(post): systemd' "$SRC/rpm/vc-agent.spec" > "$WORK/el9.spec" 2>&1 \
    || fail "rpmspec cannot parse rpm/vc-agent.spec for EL9: $(cat "$WORK/el9.spec")"
  for want in 'SYSTEMD_POST vc-agent.service' 'SYSTEMD_PREUN vc-agent.service' \
              'SYSTEMD_POSTUN vc-agent.service' 'BuildRequires:  systemd-rpm-macros' \
              'BuildRequires:  pkgconfig(libsystemd)' 'BuildRequires:  pkgconfig(cpp-httplib)' \
              'BuildRequires:  pkgconfig(sqlite3)' 'BuildRequires:  pkgconfig(yaml-cpp)' \
              'BuildRequires:  pkgconfig(libsodium)' '%package -n vc-host' 'SYSTEMD_POST vc-host.service' \
              'SYSTEMD_PREUN vc-host.service' 'cmake --install build'; do
    grep -qF "$want" "$WORK/el9.spec" || fail "EL9 view of the spec lacks '$want'"
  done

  # The vc-host subpackage as the spec builds it (from the Debian-linked vc-host, so
  # kept out of dist/ by scripts/package.sh: its file list and scriptlets are the check).
  local h
  h=$(ls "$SRC"/build-static/rpm-check/vc-host-"$VERSION"-*.rpm 2>/dev/null | head -1)
  [ -n "$h" ] || fail "no build-static/rpm-check/vc-host-$VERSION-*.rpm from scripts/package.sh"
  rpm -qlp "$h" 2>/dev/null | sort > "$WORK/hfiles"
  expect_files "$WORK/hfiles" /etc/sysconfig/vc-host /usr/bin/vc-host \
    /usr/lib/systemd/system-preset/80-vc-host.preset /usr/lib/systemd/system/vc-host.service \
    /usr/share/man/man8/vc-host.8
  rpm -qp --configfiles "$h" 2>/dev/null | grep -qx /etc/sysconfig/vc-host || fail "/etc/sysconfig/vc-host is not %config"
  rpm -qp --scripts "$h" 2>/dev/null > "$WORK/hscripts"
  grep -q 'systemctl --no-reload preset vc-host.service' "$WORK/hscripts" || fail "vc-host %post does not preset (enable) the unit"
  if grep -nE 'systemctl [^|]*(start|restart)|service vc-host start' "$WORK/hscripts"; then
    fail "the vc-host scriptlets start the service; they must only enable it"
  fi
  echo "rpm: all checks passed"
}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vc-packaging.XXXXXX")
SERVER_PID=
trap '[ -z "$SERVER_PID" ] || kill "$SERVER_PID" 2>/dev/null; rm -rf "$WORK"' EXIT
case "$CHECK" in
  units|man|dist|static|notify|deb|rpm) "check_$CHECK" ;;
  *) echo "unknown check $CHECK" >&2; exit 2 ;;
esac
