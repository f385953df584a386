# Node containers: prepare, boot, enter, stop (sourced by run.sh).
#
# A node is a systemd-nspawn container booted (-b) on an overlay of the image, in
# its own network namespace. No machined and no system bus on these hosts, hence
# --register=no --keep-unit; commands run inside by nsenter into the container's
# PID 1 namespaces.

declare -A NSPAWN_PID=() LEADER=() BOOT_MS=() BOOT_MONO_MS=()

node_root() { echo "${ROOT_OF[$1]:-$RUN_DIR/nodes/$1}"; }

# node_prepare NODE LOWER: the node's disk: the image, the project's package, and
# (for the vc-out nodes) only /root/vc-out.xml written.
node_prepare() {
  local node=$1 lower=$2 root
  root=$(node_root "$node")
  node_root_mount "$root" "$lower"
  node_install_deb "$root" "$DEB"
  # Role images as a site ships them (Rocks: qmaster on the frontend, execd on
  # computes); one cached image serves both by removing the other daemon here.
  local drop=gridengine-master
  [ "$(role_of "$node")" = frontend ] && drop=gridengine-exec
  image_run "$root" dpkg --purge "$drop" > "$root.purge.log" 2>&1 \
    || { cat "$root.purge.log" >&2; die "dpkg --purge $drop failed in $node"; }
}

# node_boot NODE: plugs fresh NICs (kernel names, no addresses) and starts the
# container. BOOT_MS[NODE] is the start time.
node_boot() {
  local node=$1 root idx=0 net
  root=$(node_root "$node")
  net_node_ns "$node"
  net_unplug_all "$node"
  for net in $(nets_of "$node"); do
    net_plug "$node" "$idx" "$(mac_of "$node" "$net")" "br-$net" "$(kernel_name "$node" "$net")"
    idx=$((idx + 1))
  done
  BOOT_MS[$node]=$(now_ms)
  # The containers share the host's monotonic clock (no time namespace): unit
  # timestamps inside compare with this.
  BOOT_MONO_MS[$node]=$(awk '{printf "%d", $1 * 1000}' /proc/uptime)
  # CAP_NET_ADMIN: nspawn keeps it only for a network namespace of its own making,
  # and the agent and networkd need it in this one.
  nsenter --net="/run/netns/${NODE_NS[$node]}" unshare -m --propagation private \
    bash "$E2E_DIR/nspawn-in-netns.sh" "$RUN_DIR/scratch-$node" \
    systemd-nspawn -b --register=no --keep-unit -D "$root" -M "$node" \
    --network-namespace-path="/run/netns/${NODE_NS[$node]}" --capability=CAP_NET_ADMIN \
    --resolv-conf=off --timezone=off --link-journal=no --console=read-only \
    >> "$RUN_DIR/console-$node.log" 2>&1 < /dev/null &
  NSPAWN_PID[$node]=$!
  echo "pid $! $(proc_start "$!")" >> "$STATE"
  LEADER[$node]=
  wait_for 30 node_find_leader "$node" || die "$node: no container init under nspawn pid ${NSPAWN_PID[$node]} (console: $RUN_DIR/console-$node.log)"
}

proc_start() { awk '{print $22}' "/proc/$1/stat" 2>/dev/null; }

# The container's PID 1 is nspawn's child whose innermost pid is 1.
node_find_leader() {
  local node=$1 p
  for p in $(ps -o pid= --ppid "${NSPAWN_PID[$node]}"); do
    if awk '/^NSpid:/ { exit !($NF == 1 && NF > 2) }' "/proc/$p/status" 2>/dev/null; then
      LEADER[$node]=$p
      return 0
    fi
  done
  return 1
}

# in_node NODE CMD...: runs CMD in all of the container's namespaces.
in_node() {
  local node=$1; shift
  nsenter -t "${LEADER[$node]}" -a -r -w \
    env -i PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin HOME=/root LANG=C.UTF-8 "$@"
}

# Booted: PID 1 answers and the boot transaction is over (running or degraded).
node_booted() {
  local st
  st=$(in_node "$1" systemctl is-system-running 2>/dev/null) || true
  [ "$st" = running ] || [ "$st" = degraded ]
}

# node_stop NODE...: clean shutdown (nspawn's SIGTERM halts the container), all at
# once, then KILL what is still up after 30 s (a halt that failed).
node_stop() {
  local node pid
  for node in "$@"; do
    pid=${NSPAWN_PID[$node]:-}
    [ -n "$pid" ] && { kill -TERM "$pid" 2>/dev/null || true; }
  done
  for node in "$@"; do
    pid=${NSPAWN_PID[$node]:-}
    [ -n "$pid" ] || continue
    if ! wait_for 30 node_gone "$pid"; then
      log "$node: no clean shutdown in 30 s; killing"
      kill -KILL "$pid" 2>/dev/null || true
    fi
    wait "$pid" 2>/dev/null || true
    NSPAWN_PID[$node]=
    LEADER[$node]=
  done
}
node_gone() { ! kill -0 "$1" 2>/dev/null; }

# Kernel names of a node's NICs at boot: not the order the input lists them in, as on
# a cloned VM whose NICs were enumerated differently (the frontend's public NIC comes
# up as eth0, its private one as eth1; a compute's as ens3), so the agent must find
# each NIC by its MAC and rename it to the positional name its files use.
kernel_name() {  # NODE NETWORK
  case $(role_of "$1")/$2 in
    frontend/private) echo eth1 ;;
    frontend/public) echo eth0 ;;
    compute/private) echo ens3 ;;
  esac
}

# ms from the container's start until UNIT became active ("" if it never did).
unit_active_after_ms() {  # NODE UNIT
  local us
  us=$(in_node "$1" systemctl show -p ActiveEnterTimestampMonotonic --value "$2" 2>/dev/null) || return 0
  [ "${us:-0}" -gt 0 ] && echo $((us / 1000 - BOOT_MONO_MS[$1]))
  return 0
}
