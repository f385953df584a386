#!/usr/bin/env bash
# End-to-end test (issue 8; ctest -L e2e): a frontend and two computes, Debian 12
# containers booted by systemd-nspawn with the project's .deb installed and only
# /root/vc-out.xml written, on bridges in network namespaces this script makes.
#
# usage: run.sh [SOURCE_DIR [BUILD_DIR]]     (as root)
# Environment:
#   VC_E2E_CACHE   image cache (default BUILD_DIR/e2e-cache; the debootstrap'd root)
#   VC_E2E_DEB     use this .deb instead of scripts/package.sh --if-stale's
#   VC_HOST        the vc-host binary (default BUILD_DIR/host/vc-host)
#   VC_E2E_BENCH=0 skip the cloud-init benchmark node
#   VC_E2E_STRICT=1 a skipped assertion fails the run (ctest sets it)
#   VC_E2E_KEEP=1  leave the containers running at the end (debugging; Ctrl-C cleans up)
#   VC_E2E_PREBOOT_HOOK=CMD  debugging only: run CMD NODE_ROOT on each node's disk before
#                  its first boot (e.g. to try a unit drop-in without rebuilding the .deb)
# Exit: 0 no assertion failed (skips are listed), 1 a failure, 77 this machine cannot
# run it (not root, no network namespaces, packages not installable).
set -euo pipefail
E2E_DIR=$(cd "$(dirname "$0")" && pwd)
SRC=$(cd "${1:-$E2E_DIR/../..}" && pwd)
BUILD=$(mkdir -p "${2:-$SRC/build}" && cd "${2:-$SRC/build}" && pwd)
for f in lib net image cluster node features checks checks_cluster bench; do
  # shellcheck source=/dev/null
  . "$E2E_DIR/$f.sh"
done

# ---- what this machine must offer ---------------------------------------------------
[ "$(id -u)" -eq 0 ] || skip_all "needs root (network namespaces, mounts, systemd-nspawn)"
unshare -n true 2>/dev/null || skip_all "cannot create a network namespace here"
need_tools() {
  local pkg=$1; shift
  local t
  for t in "$@"; do
    command -v "$t" >/dev/null 2>&1 && continue
    apt_install "$pkg" || skip_all "'$t' is missing and apt-get install $pkg failed"
    return
  done
}
need_tools systemd-container systemd-nspawn
need_tools debootstrap debootstrap
need_tools openssh-client ssh ssh-keygen
need_tools iputils-ping ping
need_tools iproute2 ip bridge

# ---- state: everything this run makes is listed, for cleanup even after a kill -9 --
STATE_DIR=/run/vc-e2e
mkdir -p "$STATE_DIR"
for old in "$STATE_DIR"/*.state; do
  [ -f "$old" ] || continue
  read -r _ owner owner_start < "$old" || true
  [ -n "${owner:-}" ] && [ "$(proc_start "$owner")" = "${owner_start:-x}" ] && continue
  log "cleaning up after an earlier run that did not finish: $old"
  state_cleanup "$old"
  rm -f "$old"
done
CACHE=${VC_E2E_CACHE:-$BUILD/e2e-cache}
RUN_DIR=$BUILD/e2e-run          # the last run's logs and consoles stay for reading
findmnt -rn -o TARGET | grep -q "^$RUN_DIR/" && die "something is still mounted under $RUN_DIR (another run in $BUILD?)"
RUN_ID=$(printf '%04x' $((RANDOM % 65536)))
STATE=$STATE_DIR/$RUN_ID.state
echo "owner $$ $(proc_start $$)" > "$STATE"
rm -rf "$RUN_DIR"
mkdir -p "$CACHE" "$RUN_DIR/nodes"
SERVE_PID=

cleanup() {
  local rc=$?
  set +e
  trap - EXIT INT TERM
  if [ "${VC_E2E_KEEP:-0}" = 1 ] && [ "$rc" -ne 130 ]; then
    log "VC_E2E_KEEP=1: containers left running; state in $STATE (Ctrl-C to clean up)"
    trap 'state_cleanup "$STATE"; rm -f "$STATE"; exit 130' INT TERM
    while :; do sleep 3600; done
  fi
  log "cleaning up (namespaces, containers, mounts)"
  local n
  for n in "${!NSPAWN_PID[@]}"; do [ -n "${NSPAWN_PID[$n]}" ] && kill -TERM "${NSPAWN_PID[$n]}" 2>/dev/null; done
  [ -n "$SERVE_PID" ] && kill -TERM "$SERVE_PID" 2>/dev/null
  state_cleanup "$STATE"
  rm -f "$STATE"
  exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# ---- the package and the image --------------------------------------------------------
t0=$SECONDS
if [ -n "${VC_E2E_DEB:-}" ]; then
  DEB=$VC_E2E_DEB
else
  set +e
  VC_JOBS=${VC_JOBS:-1} bash "$SRC/scripts/package.sh" --if-stale > "$RUN_DIR/package.log" 2>&1
  rc=$?
  set -e
  [ $rc -eq 3 ] && skip_all "scripts/package.sh cannot install its tools: $(tail -1 "$RUN_DIR/package.log")"
  [ $rc -eq 0 ] || { tail -20 "$RUN_DIR/package.log" >&2; die "scripts/package.sh failed (log: $RUN_DIR/package.log)"; }
  DEB=$(ls "$SRC"/dist/vc-agent_*.deb 2>/dev/null | head -1)
fi
[ -f "$DEB" ] || die "no vc-agent .deb (looked in $SRC/dist)"
cp "$DEB" "$RUN_DIR/" && DEB=$RUN_DIR/$(basename "$DEB")   # dist/ may be rebuilt meanwhile
dpkg-deb -x "$DEB" "$RUN_DIR/deb-tree"
AGENT=$RUN_DIR/deb-tree/usr/bin/vc-agent
timing "package (scripts/package.sh --if-stale): $((SECONDS - t0)) s"

t0=$SECONDS
image_base
timing "image ready: $((SECONDS - t0)) s"

VC_HOST=${VC_HOST:-$BUILD/host/vc-host}
VC_HOST_DB=$RUN_DIR/vc-host.db
USER_KEY=$RUN_DIR/user_key
ssh-keygen -q -t ed25519 -N '' -C e2e-user@site -f "$USER_KEY"
probe_features "$AGENT"

# ---- the site network and vc-host serve ---------------------------------------------
net_site_up
if [ "${FEAT[vchost]}" = 1 ]; then
  # Not through in_site: a function run with & is a subshell, and $! would be its
  # pid, not vc-host's, so cleanup killed the subshell and left serve running.
  ip netns exec "$SITE_NS" "$VC_HOST" --db "$VC_HOST_DB" serve --listen "0.0.0.0:$REPORT_PORT" -v \
    > "$RUN_DIR/vc-host-serve.log" 2>&1 &
  SERVE_PID=$!
  echo "pid $SERVE_PID $(proc_start $SERVE_PID)" >> "$STATE"
fi

# use_input SET: generates the inputs and points the site's addresses at them.
use_input() {
  input_set "$1"
  gen_inputs "$RUN_DIR/input-$1"
  net_site_addr br-private "$SITE_PRIV/$PRIV_PREFIX"
  net_site_addr br-public "$PUB_GW/$PUB_PREFIX"
}
install_input() {  # NODE: only /root/vc-out.xml, as pragma_boot writes it
  local root
  root=$(node_root "$1")
  install -m 0600 "$(input_file_of "$RUN_DIR/input-$INPUT" "$1")" "$root/root/vc-out.xml"
}

# boot_all LABEL [restart]: boots every node, waits for readiness and prints the
# time. `vc-host wait` after each `vc-host gen` (which makes every node pending);
# a restart with the same input leaves them ready from before, so its readiness is
# every node's agent units having finished (or been skipped), polled.
boot_all() {
  local label=$1 n t_start t_ready slug=${1// /-}
  PHASE=$label
  for n in "${NODES[@]}"; do node_boot "$n"; done
  t_start=${BOOT_MS[$FE]}
  if [ "${FEAT[vchost]}" = 1 ] && [ "${2:-}" != restart ]; then
    if in_site "$VC_HOST" --db "$VC_HOST_DB" wait "$CLUSTER" --timeout 120 > "$RUN_DIR/wait-$slug.log" 2>&1; then
      t_ready=$(now_ms)
      pass "$label: vc-host wait returned 0" "$(tail -1 "$RUN_DIR/wait-$slug.log")"
      timing "$label: container start → vc-host wait success: $((t_ready - t_start)) ms"
    else
      fail "$label: vc-host wait returned 0" "$(tail -3 "$RUN_DIR/wait-$slug.log" | paste -sd' ')"
    fi
  else
    [ "${2:-}" = restart ] || skip "$label: vc-host wait returned 0" "${FEAT_WHY[vchost]}"
    if wait_for 180 all_agents_done; then
      t_ready=$(now_ms)
      timing "$label: container start → every node's agent units done: $((t_ready - t_start)) ms (polled)"
    fi
  fi
  local early="" late=""
  for n in "${NODES[@]}"; do
    wait_for 120 node_booted "$n" || log "$n: boot not finished after 120 s: $(in_node "$n" systemctl is-system-running 2>&1)"
    in_node "$n" sh -c 'cat /run/vc-agent/status.json 2>/dev/null' > "$RUN_DIR/status-$slug-$n.json" || true
    early="$early $n $(unit_active_after_ms "$n" vc-agent.service)"
    late="$late $n $(unit_active_after_ms "$n" vc-agent-late.service)"
  done
  timing "$label: container start → vc-agent.service (early) done, ms:$early; vc-agent-late.service done, ms:$late"
}
all_agents_done() {
  local n st u p
  for n in "${NODES[@]}"; do
    for u in vc-agent.service vc-agent-late.service; do
      [ "$u" = vc-agent-late.service ] && [ "${FEAT[phase]}" != 1 ] && continue
      # Skipped counts once the condition was evaluated (its timestamp is set).
      st=$(for p in ActiveState ConditionResult ConditionTimestampMonotonic; do
             in_node "$n" systemctl show -p "$p" --value "$u"; done 2>/dev/null | paste -sd' ') || return 1
      case $st in "active "*|"failed "*) ;; "inactive no 0") return 1 ;; "inactive no "*) ;; *) return 1 ;; esac
    done
  done
}

# ---- first boot (input A) -------------------------------------------------------------
use_input A
for n in "${NODES[@]}"; do
  node_prepare "$n" "$BASE_ROOT"
  install_input "$n"
  if [ -n "${VC_E2E_PREBOOT_HOOK:-}" ]; then
    log "VC_E2E_PREBOOT_HOOK: $VC_E2E_PREBOOT_HOOK $(node_root "$n")"
    $VC_E2E_PREBOOT_HOOK "$(node_root "$n")"
  fi
done
boot_all "A first boot"
for n in "${NODES[@]}"; do check_node "$n" run; done
check_ssh
gated hostkeys "$PHASE: every node has its own SSH host keys" "" t_hostkeys_unique
check_sge

# ---- restart with the same input: nothing rewritten, host keys kept ------------------
for n in "${NODES[@]}"; do
  snapshot "$n" > "$RUN_DIR/snap-before-$n"
  host_key_sums "$n" > "$RUN_DIR/keys-$n"
done
t0=$(now_ms)
node_stop "${NODES[@]}"
log "stopped all containers in $(( $(now_ms) - t0 )) ms"
boot_all "A restart" restart
for n in "${NODES[@]}"; do
  snapshot "$n" > "$RUN_DIR/snap-after-$n"
  check "$PHASE: $n: nothing rewritten" "agent files' inode/mtime/size, backup count" \
    t_same_snapshot "$RUN_DIR/snap-before-$n" "$RUN_DIR/snap-after-$n"
  check "$PHASE: $n: host keys unchanged" "" t_same_hostkeys "$RUN_DIR/keys-$n" "$n"
  check_node "$n" restart
done
check_ssh

# ---- new input (new address ranges) and reboot: re-converge ---------------------------
node_stop "${NODES[@]}"
use_input B
for n in "${NODES[@]}"; do install_input "$n"; done
boot_all "B new input"
for n in "${NODES[@]}"; do
  check "$PHASE: $n: host keys unchanged" "" t_same_hostkeys "$RUN_DIR/keys-$n" "$n"
  check_node "$n" run
done
check_ssh
check_sge

# ---- benchmark: the same node configured by cloud-init --------------------------------
if [ "${VC_E2E_BENCH:-1}" = 1 ]; then
  node_stop "${NODES[@]}"
  bench_cloudinit || log "cloud-init benchmark not measured (see above)"
fi

if [ "${VC_E2E_KEEP:-0}" != 1 ]; then
  node_stop "${NODES[@]}"
fi
timing "total: $((SECONDS - T0_RUN)) s"
summary
[ "$SUMMARY_FAILED" -eq 0 ] || exit 1
[ "${VC_E2E_STRICT:-0}" = 1 ] && [ "$SUMMARY_SKIPPED" -gt 0 ] && { echo "VC_E2E_STRICT=1: skipped assertions count as failures"; exit 1; }
exit 0
