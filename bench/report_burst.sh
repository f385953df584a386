#!/usr/bin/env bash
# Readiness-report throughput: vc-host serve on loopback, a generated 1+2 cluster,
# then report_burst posting N signed reports for one node from a second process.
# Prints report_burst's line ("… N stored … reports/s").
#
#   bench/report_burst.sh [BUILD_DIR] [COUNT] [CONNECTIONS]     (defaults: build 10000 4)
set -euo pipefail
cd "$(dirname "$0")/.."
BUILD=${1:-build}
COUNT=${2:-10000}
CONN=${3:-4}
HOST_BIN="$BUILD/host/vc-host"
BURST_BIN="$BUILD/host/report_burst"
[ -x "$HOST_BIN" ] && [ -x "$BURST_BIN" ] || { echo "build vc-host and report_burst in $BUILD first" >&2; exit 3; }

WORK=$(mktemp -d)
SERVE_PID=
cleanup() {
  [ -n "$SERVE_PID" ] && kill "$SERVE_PID" 2>/dev/null && wait "$SERVE_PID" 2>/dev/null
  rm -rf "$WORK"
}
trap cleanup EXIT

mkfifo "$WORK/ready"
"$HOST_BIN" serve --listen 127.0.0.1:0 --db "$WORK/state.db" >"$WORK/ready" 2>"$WORK/serve.log" &
SERVE_PID=$!
read -r LINE <"$WORK/ready"
URL="${LINE#vc-host: listening on }/v1/report"

sed "s|http://127.0.0.1:8775/v1/report|$URL|" tests/host/data/vc7.yaml >"$WORK/spec.yaml"
cp tests/host/data/id_ed25519.pub "$WORK/"
"$HOST_BIN" gen --spec "$WORK/spec.yaml" --out "$WORK/out" --db "$WORK/state.db" >/dev/null
"$BURST_BIN" --url "$URL" --db "$WORK/state.db" --cluster vc7 --node compute-0 --count "$COUNT" --connections "$CONN"
