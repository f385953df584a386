# Which pieces exist yet (sourced by run.sh). An assertion whose piece is missing is
# reported as SKIP with the reason in FEAT_WHY, never passed silently; once the
# piece exists, the assertion runs and may fail. Probes ask the packaged agent
# itself (a dry-run plan of the image root) rather than the source tree.

declare -A FEAT=() FEAT_WHY=()

feature() {  # NAME 0|1 WHY-MISSING
  FEAT[$1]=$2
  FEAT_WHY[$1]=$3
  log "feature $1: $([ "$2" = 1 ] && echo present || echo "absent ($3)")"
}

# AGENT: the packaged binary; the plans are printed to $RUN_DIR/probe-*.txt.
probe_features() {
  local agent=$1 probe=$RUN_DIR/probe fe_xml
  mkdir -p "$probe"
  input_set A
  fallback_gen "$probe"
  fe_xml=$probe/vc-out.xml

  # vc-host: the build tree's (it runs on the host, not in the image).
  if [ -n "${VC_HOST:-}" ] && [ -x "$VC_HOST" ]; then
    feature vchost 1 ""
  else
    feature vchost 0 "no vc-host binary (looked for ${VC_HOST:-<build>/host/vc-host}): inputs come from the harness's fallback generator, readiness from each node's vc-agent.service"
  fi

  # Lifecycle: the two phases.
  local phases=""
  if "$agent" apply --help 2>&1 | grep -q -- '--phase'; then
    feature phase 1 ""
    phases="early late"
  else
    feature phase 0 "vc-agent has no --phase option yet"
  fi


  # SSH host keys and SGE: what the agent plans for the image itself.
  local ph out=$RUN_DIR/probe-image.txt
  : > "$out"
  if [ -n "$phases" ]; then
    for ph in $phases; do
      "$agent" plan --input "$fe_xml" --root "$BASE_ROOT" --phase "$ph" >> "$out" 2>&1 || true
    done
  else
    "$agent" plan --input "$fe_xml" --root "$BASE_ROOT" >> "$out" 2>&1 || true
  fi
  if grep -q 'ssh_host_' "$out"; then
    feature hostkeys 1 ""
  else
    feature hostkeys 0 "dist/vc-agent plans nothing for SSH host keys on the image (probe: $out): every node keeps the image's cloned keys"
  fi
  if grep -qi 'act_qmaster\|qconf\|gridengine' "$out"; then
    feature sge 1 ""
  else
    feature sge 0 "dist/vc-agent plans no Grid Engine step on the image (probe: $out)"
  fi
}
