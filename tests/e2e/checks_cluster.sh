# Cluster-wide assertions: SSH, Grid Engine, what a reboot may change (sourced by
# run.sh).

ssh_site() {  # KNOWN_HOSTS_FILE CMD...: as root on the frontend's public address
  local kh=$1; shift
  in_site ssh -F /dev/null -i "$USER_KEY" -o BatchMode=yes -o StrictHostKeyChecking=yes \
    -o UserKnownHostsFile="$kh" -o GlobalKnownHostsFile=/dev/null -o ConnectTimeout=5 \
    -o LogLevel=ERROR "root@$FE_PUB_IP" "$@"
}

t_ssh() {  # KNOWN_HOSTS_FILE
  local got
  [ -s "$1" ] || { echo "$1 is empty"; return 1; }
  got=$(ssh_site "$1" hostname) || return 1
  expect_eq "hostname over ssh" "$FQDN" "$got"
}

# The node's own public host keys as known_hosts lines for ADDR (read through the
# container, not over the network).
node_known_hosts() {  # NODE ADDR
  in_node "$1" sh -c 'cat /etc/ssh/ssh_host_*_key.pub' | awk -v h="$2" '{print h, $1, $2}'
}

host_key_sums() {  # NODE: "type sha256" per host key
  in_node "$1" sh -c 'for f in /etc/ssh/ssh_host_*_key.pub; do echo "$(basename "$f") $(sha256sum < "$f" | cut -c1-16)"; done' | paste -sd' '
}

check_ssh() {
  local p="$PHASE: $FE" kh=$RUN_DIR/known_hosts.$INPUT.node
  # sshd starts after the agent; give it the time a boot gives it.
  wait_for 30 in_node "$FE" systemctl is-active ssh.service || true
  node_known_hosts "$FE" "$FE_PUB_IP" > "$kh"
  check "$p: ssh from the site with the user's key (host keys read from the node)" "" t_ssh "$kh"
  if [ "${FEAT[vchost]}" = 1 ]; then
    local khv=$RUN_DIR/known_hosts.$INPUT.vc-host
    "$VC_HOST" --db "$VC_HOST_DB" known-hosts "$CLUSTER" > "$khv" 2>"$khv.err" || true
    check "$p: ssh with StrictHostKeyChecking=yes against vc-host known-hosts only" "" t_ssh "$khv"
  else
    skip "$p: ssh with StrictHostKeyChecking=yes against vc-host known-hosts only" "${FEAT_WHY[vchost]}"
  fi
}

t_hostkeys_unique() {
  local n seen="" s
  for n in "${NODES[@]}"; do
    s=$(host_key_sums "$n")
    case " $seen " in *" $s "*) echo "$n has the same host keys as another node: $s"; return 1 ;; esac
    seen="$seen $s"
  done
}

# Grid Engine commands on the frontend, with the cell's environment, as root or as
# the image's cluster user (Grid Engine runs no job for uid < 1000).
sge_fe() {
  in_node "$FE" sh -c '. /var/lib/gridengine/default/common/settings.sh 2>/dev/null; cd /tmp && "$@"' sge "$@"
}
sge_user() {
  in_node "$FE" su -s /bin/sh "$VC_IMAGE_USER" -c \
    '. /var/lib/gridengine/default/common/settings.sh 2>/dev/null; cd /tmp && "$0" "$@"' -- "$@"
}

t_qhost() {
  local out c
  out=$(sge_fe timeout 20 qhost 2>&1) || { echo "qhost failed: $out"; return 1; }
  for c in "${COMPUTES[@]}"; do
    grep -qE "^$c(\.local)?[[:space:]]" <<<"$out" || { echo "qhost does not list $c: $out"; return 1; }
    grep -E "^$c(\.local)?[[:space:]]" <<<"$out" | grep -qE '[[:space:]]-[[:space:]]+-[[:space:]]+-[[:space:]]+-[[:space:]]*$' \
      && { echo "$c has no load report (execd not connected): $out"; return 1; }
  done
  return 0
}

# A job submitted on the frontend runs on a compute: its output file appears there
# (not on the frontend, which runs no execd) and holds that compute's hostname.
t_qsub() {
  local out c ran="" got
  for c in "${COMPUTES[@]}"; do in_node "$c" rm -f /tmp/e2e-job.out; done
  out=$(sge_user timeout 120 qsub -sync y -b y -j y -o /tmp/e2e-job.out -N e2e hostname 2>&1) \
    || { echo "qsub -sync y failed: $out" | tr '\n' ' '; return 1; }
  grep -q 'exited with exit code 0' <<<"$out" || { echo "qsub: $out" | tr '\n' ' '; return 1; }
  for c in "${COMPUTES[@]}"; do
    got=$(in_node "$c" cat /tmp/e2e-job.out 2>/dev/null) || continue
    expect_eq "job output on $c" "$(hostname_of "$c")" "$got" || return 1
    ran=$c
  done
  [ -n "$ran" ] || { echo "no compute has the job's output: $out" | tr '\n' ' '; return 1; }
  echo "ran on $ran"
}

check_sge() {
  local p="$PHASE: $FE"
  if [ "${FEAT[sge]}" = 1 ]; then
    # execd registers after its own start; qhost shows it within a load report interval.
    wait_for 60 t_qhost || true
  fi
  gated sge "$p: qhost lists both computes with load" "${COMPUTES[*]}" t_qhost
  gated sge "$p: qsub -sync y runs on a compute" "" t_qsub
}

# What a reboot with the same input must leave alone: the agent's files (inode,
# mtime, size: a rewrite by rename changes the inode), its transaction backups, and
# the host keys.
snapshot() {  # NODE
  in_node "$1" sh -c '
    for f in /etc/hostname /etc/hosts /etc/resolv.conf /root/.ssh/authorized_keys \
             /etc/systemd/network/* /etc/ssh/ssh_host_* /etc/cloud/cloud.cfg.d/99-vc-agent.cfg \
             /var/lib/gridengine/default/common/act_qmaster /var/lib/gridengine/default/common/host_aliases; do
      [ -e "$f" ] && stat -c "%n %i %Y %s" "$f"
    done
    echo "backups: $(ls /var/lib/vc-agent/backup 2>/dev/null | wc -l)"'
}

t_same_snapshot() {  # FILE_BEFORE FILE_AFTER
  diff -u "$1" "$2" | grep '^[-+][^-+]' | head -20 | tr '\n' ';' | sed 's/;$//' | grep . && return 1
  return 0
}

t_same_hostkeys() {  # FILE_BEFORE NODE
  local now
  now=$(host_key_sums "$2")
  expect_eq "host keys of $2" "$(cat "$1")" "$now"
}
