#!/usr/bin/env bash
# Load test of kakunind on loopback with wrk (Debian package wrk), run by hand:
#   bench/kakunind_load.sh [BUILD_DIR] [SECONDS] [CONNECTIONS]
# Starts build/kakunind on a free port with a fresh data directory, creates accounts, then runs
# wrk against code verification and code issue. Prints wrk's reports (throughput, latency
# percentiles). Results go to docs/PERFORMANCE.md with the machine they ran on.
set -euo pipefail
BUILD=${1:-build}
SECONDS_EACH=${2:-10}
CONNS=${3:-16}
ACCOUNTS=${KAKUNIND_ACCOUNTS:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/kakunind-load.XXXXXX)
trap 'kill $PID 2>/dev/null || true; wait $PID 2>/dev/null || true; rm -rf "$WORK"' EXIT

source "$HERE/kakunind_common.sh"
kakunind_bench_config "$CONNS" > "$WORK/load.toml"
start_kakunind "$BUILD" "$WORK/load.toml" "$WORK/data" "$WORK/out.txt"
PID=$KAKUNIND_PID
URL=$KAKUNIND_URL
echo "kakunind pid $PID on $URL; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 "$HERE/kakunind_accounts.py" "$URL" "$ACCOUNTS" "$WORK/data/outbox/new"

echo "== verify: POST /v1/email/verify, $CONNS connections, ${SECONDS_EACH}s"
wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "$HERE/kakunind_verify.lua" "$URL"
echo "== issue: POST /v1/password/reset (codes issued, mails written), $CONNS connections, ${SECONDS_EACH}s"
KAKUNIND_ACCOUNTS=$ACCOUNTS wrk -t2 -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "$HERE/kakunind_issue.lua" "$URL"
sleep 2
echo "mails in the outbox: $(ls "$WORK/data/outbox/new" | wc -l); queued: $(curl -s "$URL/v1/health")"
