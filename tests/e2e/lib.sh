# Common helpers for the e2e harness (sourced by run.sh).
#
# Results: every assertion ends as PASS, FAIL or SKIP (with the reason), and the
# summary lists each one; the run fails if any failed. A whole-run skip (exit 77)
# is only for a missing capability of this machine (not root, no namespaces).

RESULTS=()   # "PASS|name|detail"
T0_RUN=$SECONDS

log() { printf '[e2e %4ds] %s\n' "$((SECONDS - T0_RUN))" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
skip_all() { echo "SKIP: $*"; exit 77; }

pass() { RESULTS+=("PASS|$1|${2:-}"); log "PASS  $1${2:+ — $2}"; }
fail() { RESULTS+=("FAIL|$1|${2:-}"); log "FAIL  $1${2:+ — $2}"; }
skip() { RESULTS+=("SKIP|$1|${2:-}"); log "SKIP  $1 — $2"; }

# check NAME DETAIL CMD...: PASS if CMD succeeds, else FAIL with its output.
check() {
  local name=$1 detail=$2 out; shift 2
  if out=$("$@" 2>&1); then
    out=$(tail -1 <<<"$out")
    pass "$name" "$detail${out:+${detail:+; }$out}"
  else
    fail "$name" "${detail:+$detail: }$(tail -c 600 <<<"$out" | tr '\n' ' ')"
  fi
}

# gated FEATURE NAME DETAIL CMD...: like check when FEATURE is present, else a SKIP
# that names what is missing (FEAT_WHY[FEATURE]).
gated() {
  local feat=$1 name=$2 detail=$3; shift 3
  if [ "${FEAT[$feat]:-0}" = 1 ]; then check "$name" "$detail" "$@"
  else skip "$name" "${FEAT_WHY[$feat]}"; fi
}

summary() {
  local r n_pass=0 n_fail=0 n_skip=0
  echo
  echo "==================== e2e summary ===================="
  for r in "${RESULTS[@]}"; do
    IFS='|' read -r st name detail <<<"$r"
    case $st in PASS) n_pass=$((n_pass + 1)) ;; FAIL) n_fail=$((n_fail + 1)) ;; SKIP) n_skip=$((n_skip + 1)) ;; esac
    printf '%-4s  %s%s\n' "$st" "$name" "${detail:+  ($detail)}"
  done
  echo "-----------------------------------------------------"
  local t
  for t in "${TIMINGS[@]}"; do echo "time: $t"; done
  echo "passed $n_pass, failed $n_fail, skipped $n_skip (of $((n_pass + n_fail + n_skip)))"
  [ "$n_skip" -eq 0 ] || echo "skipped assertions are NOT passes: each names the missing piece above"
  SUMMARY_FAILED=$n_fail
  SUMMARY_SKIPPED=$n_skip
}

TIMINGS=()
timing() { TIMINGS+=("$*"); log "time: $*"; }

apt_install() {
  log "installing $* (apt-get)"
  DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2 \
    || { apt-get update -q >&2 && DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$@" >&2; }
}

now_ms() { date +%s%3N; }

# wait_for SECONDS CMD...: polls CMD every 0.2 s; 0 when it succeeded in time.
wait_for() {
  local limit=$1 end; shift
  end=$(( $(now_ms) + limit * 1000 ))
  until "$@" >/dev/null 2>&1; do
    [ "$(now_ms)" -lt "$end" ] || return 1
    sleep 0.2
  done
}
