# Assertions on a booted node (sourced by run.sh). Each is one PASS/FAIL/SKIP line
# named "<input> <node>: <what>", so the summary says which boot broke what.

# The node's kernel view of the NIC with MAC: "name state addr/prefix…".
nic_by_mac() {  # NODE MAC
  ip -n "${NODE_NS[$1]}" -o link show | awk -v m="$2" '$0 ~ "link/ether " m {sub(/@.*/, "", $2); sub(/:$/, "", $2); print $2}'
}

expect_eq() {  # WHAT WANT GOT
  [ "$2" = "$3" ] || { echo "$1: want '$2', got '$3'"; return 1; }
}

# One of the agent's units ran and succeeded. After a restart with the same input
# it may also have been skipped by its condition (nothing to do).
t_unit_ok() {  # NODE UNIT run|restart
  local st p
  st=$(for p in ActiveState Result ConditionResult; do in_node "$1" systemctl show -p "$p" --value "$2"; done | paste -sd' ')
  [ "$3" = restart ] && [ "$st" = "inactive success no" ] && { echo "skipped by its condition"; return 0; }
  expect_eq "$2 ActiveState Result ConditionResult" "active success yes" "$st" || {
    in_node "$1" journalctl -b -u "$2" --no-pager -n 5 -o cat 2>/dev/null
    return 1
  }
}

t_hostname() {
  local want got file
  want=$(hostname_of "$1")
  got=$(in_node "$1" hostname)
  file=$(in_node "$1" cat /etc/hostname)
  expect_eq "hostname" "$want" "$got" && expect_eq "/etc/hostname" "$want" "$file"
}

t_nic_address() {  # NODE NET: the NIC with the MAC has the address and is up
  local node=$1 net=$2 mac dev want
  mac=$(mac_of "$node" "$net")
  dev=$(nic_by_mac "$node" "$mac")
  [ -n "$dev" ] || { echo "no link with MAC $mac"; return 1; }
  want=$(ip_of "$node" "$net")
  ip -n "${NODE_NS[$node]}" -o -4 addr show dev "$dev" | grep -q " inet $want " \
    || { echo "$dev ($mac) lacks $want: $(ip -n "${NODE_NS[$node]}" -o -4 addr show dev "$dev" | awk '{print $4}' | paste -sd,)"; return 1; }
  ip -n "${NODE_NS[$node]}" -o link show dev "$dev" | grep -q 'state UP\|LOWER_UP' \
    || { echo "$dev is not up"; return 1; }
  # Addresses of the old input must be gone.
  local n
  n=$(ip -n "${NODE_NS[$node]}" -o -4 addr show dev "$dev" scope global | wc -l)
  expect_eq "global IPv4 addresses on $dev" 1 "$n"
}

t_nic_name() {  # NODE NET INDEX: renamed by MAC to the name its files use
  local node=$1 net=$2 dev
  dev=$(nic_by_mac "$node" "$(mac_of "$node" "$net")")
  expect_eq "name of the $net NIC" "eth$3" "$dev"
}

t_default_route() {
  local node=$1 dev want got
  dev=$(nic_by_mac "$node" "$(mac_of "$node" "$(gwnet_of "$node")")")
  want="default via $(gw_of "$node") dev $dev"
  got=$(ip -n "${NODE_NS[$node]}" -4 route show default | sed 's/ proto [a-z]*//; s/ metric [0-9]*//; s/ onlink//; s/ *$//')
  expect_eq "default route" "$want" "$got"
}

# /etc/hosts through NSS (files only: an unreachable nameserver would only make a
# miss slow). The frontend knows every node; a compute knows itself and the
# frontend (its input names no other compute, pragma.md §(a) 7). No 127.0.1.1 line.
t_hosts() {
  local node=$1 name want got c bad=0
  declare -A want_ip=([$FE]=$FE_PRIV_IP)
  if [ "$node" = "$FE" ]; then
    want_ip[$FQDN]=$FE_PUB_IP
    for c in "${COMPUTES[@]}"; do want_ip[$c]=${NODE_IP[$c]}; want_ip[$c.local]=${NODE_IP[$c]}; done
  else
    want_ip[$node]=${NODE_IP[$node]}
    want_ip[$node.local]=${NODE_IP[$node]}
  fi
  for name in "${!want_ip[@]}"; do
    want=${want_ip[$name]}
    got=$(in_node "$node" getent -s files ahostsv4 "$name" | awk 'NR==1 {print $1}')
    [ "$got" = "$want" ] || { echo "getent $name: want $want, got '${got:-nothing}'"; bad=1; }
  done
  if [ "$node" != "$FE" ]; then
    got=$(in_node "$node" getent -s files ahostsv4 "$FQDN" | awk 'NR==1 {print $1}')
    case $got in "$FE_PRIV_IP"|"$FE_PUB_IP") ;; *) echo "getent $FQDN: want $FE_PRIV_IP or $FE_PUB_IP, got '${got:-nothing}'"; bad=1 ;; esac
  fi
  if in_node "$node" grep -qE '^127\.0\.1\.1[[:space:]]' /etc/hosts; then
    echo "/etc/hosts still has a 127.0.1.1 line: $(in_node "$node" grep -E '^127\.0\.1\.1' /etc/hosts)"; bad=1
  fi
  return $bad
}

t_resolv() {
  local node=$1 got
  got=$(in_node "$node" grep -E '^(nameserver|search|domain)' /etc/resolv.conf | paste -sd'|')
  expect_eq "resolv.conf" "search local|nameserver $DNS_IP" "$got"
}

t_ping_from_site() {  # NODE NET
  local ip
  ip=$(ip_of "$1" "$2")
  in_site ping -c1 -W2 "${ip%/*}" >/dev/null || { echo "no answer from ${ip%/*}"; return 1; }
}

check_node() {  # NODE run|restart
  local node=$1 p="$PHASE: $1" net idx=0
  check "$p: vc-agent.service succeeded" "" t_unit_ok "$node" vc-agent.service "$2"
  gated phase "$p: vc-agent-late.service succeeded" "" t_unit_ok "$node" vc-agent-late.service "$2"
  check "$p: hostname" "$(hostname_of "$node")" t_hostname "$node"
  for net in $(nets_of "$node"); do
    check "$p: $net NIC (by MAC) has its address" "$(mac_of "$node" "$net") $(ip_of "$node" "$net")" t_nic_address "$node" "$net"
    check "$p: $net NIC renamed to eth$idx (pragma's position)" "came up as $(kernel_name "$node" "$net")" t_nic_name "$node" "$net" "$idx"
    check "$p: $net address answers from the site" "" t_ping_from_site "$node" "$net"
    idx=$((idx + 1))
  done
  check "$p: default route" "via $(gw_of "$node")" t_default_route "$node"
  check "$p: /etc/hosts resolves the cluster" "" t_hosts "$node"
  check "$p: resolv.conf" "" t_resolv "$node"
}
