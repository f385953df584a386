# The cluster under test and its inputs (sourced by run.sh).
#
# One frontend (vc7) and two computes, described by a vc-host spec. Input "A" is
# the first boot; input "B" moves both networks to new ranges (the re-converge
# step). The harness's expectations come from these variables, not from what the
# generator wrote, so a wrong generator fails the checks too.

CLUSTER=vc7
FQDN=vc7.example.org
FE=vc7
COMPUTES=(compute-0 compute-1)
NODES=("$FE" "${COMPUTES[@]}")
FE_MAC_PRIV=52:54:00:e2:00:01
FE_MAC_PUB=52:54:00:e2:00:02
MAC_PREFIX=52:54:00:e2:01          # compute-N gets …:01:0N (vc-host's rule)
REPORT_PORT=8775

# input_set A|B: the addresses of one input.
input_set() {
  INPUT=$1
  case $1 in
    A) PRIV=10.1; PUB=198.51.100 ;;
    B) PRIV=10.2; PUB=203.0.113 ;;
  esac
  PRIV_PREFIX=16; PRIV_MASK=255.255.0.0
  PUB_PREFIX=24; PUB_MASK=255.255.255.0
  FE_PRIV_IP=$PRIV.1.1
  FE_PUB_IP=$PUB.50
  PUB_GW=$PUB.1
  DNS_IP=$PUB.53
  SITE_PRIV=$PRIV.0.1    # the host side: vc-host serve's address for every node
  declare -gA NODE_IP=([$FE]=$FE_PRIV_IP [compute-0]=$PRIV.255.254 [compute-1]=$PRIV.255.253)
  REPORT_URL=http://$SITE_PRIV:$REPORT_PORT/v1/report
}

mac_of() {  # NODE NETWORK
  case $1/$2 in
    "$FE"/private) echo "$FE_MAC_PRIV" ;;
    "$FE"/public) echo "$FE_MAC_PUB" ;;
    compute-*/private) printf '%s:%02x\n' "$MAC_PREFIX" "${1#compute-}" ;;
  esac
}
role_of() { [ "$1" = "$FE" ] && echo frontend || echo compute; }
nets_of() { [ "$1" = "$FE" ] && echo "private public" || echo private; }
# pragma's names (pragma.md §(a) 9, 20): the frontend is its fqdn, a compute <name>.local.
hostname_of() { [ "$1" = "$FE" ] && echo "$FQDN" || echo "$1.local"; }
ip_of() {  # NODE NETWORK → address/prefix
  case $2 in
    private) echo "${NODE_IP[$1]}/$PRIV_PREFIX" ;;
    public) echo "$FE_PUB_IP/$PUB_PREFIX" ;;
  esac
}
gw_of() { [ "$1" = "$FE" ] && echo "$PUB_GW" || echo "$FE_PRIV_IP"; }
gwnet_of() { [ "$1" = "$FE" ] && echo public || echo private; }

write_spec() {  # FILE
  cat > "$1" <<EOF
cluster: $CLUSTER
frontend:
  fqdn: $FQDN
  public:  {ip: $FE_PUB_IP, netmask: $PUB_MASK, gw: $PUB_GW, mac: "$FE_MAC_PUB"}
  private: {ip: $FE_PRIV_IP, netmask: $PRIV_MASK, mac: "$FE_MAC_PRIV"}
computes: {count: ${#COMPUTES[@]}, cpus: 1, mac_prefix: "$MAC_PREFIX"}
dns: [$DNS_IP]
ssh_key: $USER_KEY.pub
report_url: $REPORT_URL
EOF
}

# gen_inputs DIR: DIR/vc-out.xml (frontend) and DIR/compute-N.xml, by `vc-host gen`
# when it exists, else by the fallback below.
gen_inputs() {
  local dir=$1
  mkdir -p "$dir"
  write_spec "$dir/spec.yaml"
  if [ "${FEAT[vchost]}" = 1 ]; then
    # --replace: input B regenerates cluster vc7 (new keys; every node pending again).
    "$VC_HOST" --db "$VC_HOST_DB" gen --replace --spec "$dir/spec.yaml" --out "$dir" > "$dir/gen.log" 2>&1 \
      || { cat "$dir/gen.log" >&2; die "vc-host gen failed"; }
  else
    fallback_gen "$dir"
  fi
}
input_file_of() {  # DIR NODE
  [ "$2" = "$FE" ] && echo "$1/vc-out.xml" || echo "$1/$2.xml"
}

# pragma_boot G1 files as examples/ shows them, without <report> (nothing would
# listen for it). Used only until vc-host exists.
fallback_gen() {
  local dir=$1 c
  {
    echo '<?xml version="1.0" ?>'
    echo '<vc>'
    echo "  <frontend fqdn=\"$FQDN\" gw=\"$PUB_GW\" name=\"$FE\">"
    echo "    <private ip=\"$FE_PRIV_IP\" mac=\"$FE_MAC_PRIV\" mtu=\"1500\" netmask=\"$PRIV_MASK\" subnet=\"$PRIV.0.0\"/>"
    echo "    <public ip=\"$FE_PUB_IP\" mac=\"$FE_MAC_PUB\" mtu=\"1500\" netmask=\"$PUB_MASK\" subnet=\"$PUB.0\"/>"
    echo '  </frontend>'
    echo "  <compute count=\"${#COMPUTES[@]}\">"
    for c in "${COMPUTES[@]}"; do
      echo "    <node cpus=\"1\" gw=\"$FE_PRIV_IP\" name=\"$c\">"
      fallback_private "      " "$c"
      echo '    </node>'
    done
    echo '  </compute>'
    fallback_tail
  } > "$dir/vc-out.xml"
  for c in "${COMPUTES[@]}"; do
    {
      echo '<?xml version="1.0" ?>'
      echo '<vc>'
      echo "  <frontend fqdn=\"$FQDN\"/>"
      echo "  <compute gw=\"$FE_PRIV_IP\" name=\"$c\">"
      fallback_private "    " "$c"
      echo '  </compute>'
      fallback_tail
    } > "$dir/$c.xml"
  done
}
fallback_private() {  # INDENT COMPUTE
  echo "$1<private ip=\"${NODE_IP[$2]}\" mac=\"$(mac_of "$2" private)\" mtu=\"1500\" netmask=\"$PRIV_MASK\" subnet=\"$PRIV.0.0\"/>"
}
fallback_tail() {
  echo '  <network>'
  echo "    <dns domain=\"\" ip=\"$DNS_IP\" search=\"local\"/>"
  echo '  </network>'
  echo "  <key>$(cat "$USER_KEY.pub")</key>"
  echo '</vc>'
}
