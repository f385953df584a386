# Benchmark (a figure, not an assertion): compute-0 booted from the same image plus
# cloud-init 22.4 and an equivalent NoCloud seed instead of vc-agent and
# vc-out.xml; the time from container start until cloud-init has finished
# (/var/lib/cloud/instance/boot-finished) is printed beside vc-agent's.

declare -A ROOT_OF=()

# NoCloud files for compute-0 with the current input, written by the harness.
bench_seed_harness() {  # DIR
  local dir=$1 c=compute-0 n
  mkdir -p "$dir"
  printf 'instance-id: %s-%s-%s\nlocal-hostname: %s\n' "$CLUSTER" "$c" "$INPUT" "$(hostname_of $c)" > "$dir/meta-data"
  {
    echo '#cloud-config'
    echo "hostname: $c"
    echo "fqdn: $(hostname_of $c)"
    echo 'manage_etc_hosts: false'
    echo 'write_files:'
    echo '  - path: /etc/hosts'
    echo '    content: |'
    echo '      127.0.0.1 localhost'
    echo "      $FE_PRIV_IP $FQDN $FE"
    for n in "${COMPUTES[@]}"; do echo "      ${NODE_IP[$n]} $n.local $n"; done
    echo 'ssh_authorized_keys:'
    echo "  - $(cat "$USER_KEY.pub")"
  } > "$dir/user-data"
  {
    echo 'version: 2'
    echo 'ethernets:'
    echo '  eth0:'
    echo "    match: {macaddress: \"$(mac_of $c private)\"}"
    echo '    set-name: eth0'
    echo "    addresses: [$(ip_of $c private)]"
    echo "    gateway4: $FE_PRIV_IP"
    echo "    nameservers: {addresses: [$DNS_IP], search: [local]}"
  } > "$dir/network-config"
}

# vc-host's seed for compute-0 into DIR, if cloud-init 22.4 itself can read its
# network-config (an assertion: vc-host's seeds are meant for this cloud-init).
bench_seed_vchost() {  # DIR ROOT
  local dir=$1 root=$2
  if ! "$VC_HOST" --db "$dir.db" gen --format nocloud --spec "$RUN_DIR/input-$INPUT/spec.yaml" \
       --out "$dir.gen" > "$dir.gen.log" 2>&1; then
    fail "bench: vc-host gen --format nocloud" "$(tail -3 "$dir.gen.log" | paste -sd' ')"
    return 1
  fi
  mkdir -p "$dir" "$root/var/tmp/seed"
  cp "$dir.gen/compute-0/"* "$dir/"
  cp "$dir/network-config" "$root/var/tmp/seed/"
  check "bench: cloud-init 22.4 reads vc-host's NoCloud network-config (net-convert)" "" \
    image_run "$root" cloud-init devel net-convert -p /var/tmp/seed/network-config -k yaml \
      -d /var/tmp/seed/out -D debian -O networkd
  rm -rf "$root/var/tmp/seed"
  [ "${RESULTS[-1]%%|*}" = PASS ]
}

bench_cloudinit() {
  local c=compute-0 root seed t_done st ver addr valid="" t_local t_init
  image_cloudinit || return 1
  root=$RUN_DIR/nodes/bench-cloudinit
  node_root_mount "$root" "$CLOUDINIT_ROOT"
  BENCH_SEED_FROM="the harness"
  if [ "${FEAT[vchost]}" = 1 ]; then
    if bench_seed_vchost "$RUN_DIR/bench-seed" "$root"; then
      BENCH_SEED_FROM="vc-host gen --format nocloud"
    else
      log "benchmark: vc-host's seed is unusable with this cloud-init; booting the harness's seed instead"
    fi
  fi
  [ "$BENCH_SEED_FROM" = "the harness" ] && bench_seed_harness "$RUN_DIR/bench-seed"
  # cloud-init configures no Grid Engine: its daemons would only wait for a master
  # that does not exist and hold back cloud-final.
  image_run "$root" systemctl mask gridengine-exec.service gridengine-master.service > /dev/null 2>&1 || true
  seed=$root/var/lib/cloud/seed/nocloud
  mkdir -p "$seed"
  cp "$RUN_DIR/bench-seed/"{meta-data,user-data,network-config} "$seed/"
  ROOT_OF[$c]=$root
  node_boot "$c"
  if wait_for 300 in_node "$c" test -e /var/lib/cloud/instance/boot-finished; then
    t_done=$(now_ms)
    st=$(in_node "$c" cloud-init status --long 2>&1 | tr '\n' ' ' | cut -c1-300 || true)
    ver=$(in_node "$c" cloud-init --version 2>&1 | awk '{print $NF}')
    addr=$(ip -n "${NODE_NS[$c]}" -o -4 addr show scope global | awk '{print $2, $4}' | paste -sd' ')
    grep -q 'status: done' <<<"$st" || valid="; NOT COMPARABLE: cloud-init reported errors: $st"
    [ "${addr#* }" = "$(ip_of $c private)" ] || valid="$valid; NOT COMPARABLE: the NIC has '${addr:-no address}', not $(ip_of $c private)"
    # cloud-init's own stage end times (epoch seconds): init-local writes the network
    # files (as the agent's early phase does); init sets hostname and SSH keys, after
    # network-online.
    read -r t_local t_init < <(in_node "$c" python3 -c 'import json
v = json.load(open("/run/cloud-init/status.json"))["v1"]
print(int(v["init-local"]["finished"] * 1000), int(v["init"]["finished"] * 1000))' 2>/dev/null || echo "0 0")
    timing "benchmark: container start → cloud-init $ver init-local (network files) done: $((t_local - BOOT_MS[$c])) ms, init (hostname, SSH) done: $((t_init - BOOT_MS[$c])) ms, all stages done: $((t_done - BOOT_MS[$c])) ms (seed from $BENCH_SEED_FROM; hostname $(in_node "$c" hostname), $addr)$valid"
  else
    log "benchmark: cloud-init did not finish within 300 s: $(in_node "$c" cloud-init status --long 2>&1 | paste -sd' ')"
  fi
  node_stop "$c"
  unset "ROOT_OF[$c]"
}
