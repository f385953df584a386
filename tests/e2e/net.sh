# Network namespaces for the e2e cluster (sourced by run.sh).
#
# One "site" namespace holds two bridges (br-private, br-public), and
# the host-side addresses (vc-host serve listens there; SSH comes from there). Each
# node has its own namespace, handed to systemd-nspawn, with one veth end per NIC
# carrying the NIC's MAC; the other end is on the bridge. Nothing touches the root
# namespace's addresses or routes. Every name carries the run id, and everything
# made is listed in $STATE so that a later run can clean up after a killed one.

SITE_NS=
declare -A NODE_NS=()

ns_name() { echo "vce2e-$RUN_ID-$1"; }

# ip inside a namespace, logged on failure.
ipn() { local ns=$1; shift; ip -n "$ns" "$@"; }

net_site_up() {
  SITE_NS=$(ns_name site)
  ip netns add "$SITE_NS"
  echo "netns $SITE_NS" >> "$STATE"
  ipn "$SITE_NS" link set lo up
  local br
  for br in br-private br-public; do
    ipn "$SITE_NS" link add "$br" type bridge
    # No STP delay: a NIC must forward as soon as its container starts.
    ipn "$SITE_NS" link set "$br" type bridge forward_delay 0 stp_state 0
    ipn "$SITE_NS" link set "$br" up
  done
}

# net_site_addr BRIDGE CIDR...: the site's addresses on a network (replacing the old).
net_site_addr() {
  local br=$1; shift
  ipn "$SITE_NS" addr flush dev "$br"
  local a
  for a in "$@"; do ipn "$SITE_NS" addr add "$a" dev "$br"; done
}

net_node_ns() {  # NODE: makes the node's namespace (once)
  local node=$1 ns
  [ -n "${NODE_NS[$node]:-}" ] && return 0
  ns=$(ns_name "$node")
  ip netns add "$ns"
  echo "netns $ns" >> "$STATE"
  NODE_NS[$node]=$ns
}

# net_plug NODE INDEX MAC BRIDGE KERNEL_NAME: a fresh NIC, as the kernel of a booting
# VM would present it: its MAC, the kernel's name, down, no addresses.
net_plug() {
  local node=$1 idx=$2 mac=$3 br=$4 kname=$5 ns site_end
  ns=${NODE_NS[$node]}
  site_end=$(printf '%.12s%s' "${node//-/}" "$idx")
  ipn "$SITE_NS" link del "$site_end" 2>/dev/null || true
  ipn "$SITE_NS" link add "$site_end" type veth peer name "$kname" netns "$ns"
  ipn "$ns" link set dev "$kname" address "$mac"
  ipn "$SITE_NS" link set "$site_end" master "$br" up
}

# Removes a node's NICs (its veth pairs die with either end), like a VM's power-off.
net_unplug_all() {
  local node=$1 ns dev
  ns=${NODE_NS[$node]}
  for dev in $(ipn "$ns" -o link show type veth 2>/dev/null | awk -F': ' '{print $2}' | cut -d@ -f1); do
    ipn "$ns" link del "$dev" 2>/dev/null || true
  done
}

# In the site namespace (SSH, vc-host serve and wait).
in_site() { ip netns exec "$SITE_NS" "$@"; }

# Undoes what a STATE file lists: processes (only if still the same process),
# then mounts, then namespaces. Used at exit and for runs that were killed.
state_cleanup() {
  local state=$1 kind what start
  [ -f "$state" ] || return 0
  while read -r kind what start; do
    if [ "$kind" = pid ] && [ -n "$start" ] && [ "$(proc_start "$what")" = "$start" ]; then
      kill -TERM "$what" 2>/dev/null || true
      wait_for 30 node_gone "$what" || kill -KILL "$what" 2>/dev/null || true
    fi
  done < "$state"
  while read -r kind what start; do
    if [ "$kind" = mount ]; then umount "$what" 2>/dev/null || umount -l "$what" 2>/dev/null || true; fi
  done < <(tac "$state")
  while read -r kind what start; do
    if [ "$kind" = netns ]; then ip netns del "$what" 2>/dev/null || true; fi
  done < <(tac "$state")
  return 0
}
