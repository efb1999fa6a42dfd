#!/usr/bin/env bash
# kakunin scan throughput and memory on a generated mbox, against a `kakunin inspect` loop and
# rspamd (rspamc against a local rspamd on 127.0.0.1). Results go to docs/PERFORMANCE.md by hand.
# Usage: scan_bench.sh KAKUNIN_BINARY [MESSAGES=20000] [SUBSET=300]
# Needs /usr/bin/time; rspamd/rspamc are optional (skipped when absent). RSPAMD=HOST:PORT uses an
# rspamd that is already running (its first start compiles its regexps, minutes on a busy box).
set -euo pipefail
kakunin="$1"
count="${2:-20000}"
subset="${3:-300}"
root="$(cd "$(dirname "$0")/.." && pwd)"
work="$(mktemp -d)"
rspamd_pid=""
cleanup() {
  if [ -n "$rspamd_pid" ]; then kill "$rspamd_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT

analysis=(--dns-zone "$root/tests/corpus/corpus.zone" --now 2026-11-28T12:00:00Z --trust-authserv mx.example.net)
python3 "$root/bench/make_mbox.py" "$work/bench.mbox" "$count"
echo "mbox: $count messages, $(du -m "$work/bench.mbox" | cut -f1) MB; $(nproc) cores; load $(cut -d' ' -f1-3 /proc/loadavg)"

run_scan() {  # LABEL ARGS...
  local label="$1"; shift
  /usr/bin/time -v "$kakunin" scan --no-progress "${analysis[@]}" "$@" "$work/bench.mbox" >"$work/out" 2>"$work/time"
  local secs rss
  secs=$(grep "Elapsed (wall clock)" "$work/time" | awk '{print $NF}' | awk -F: '{ if (NF==3) print $1*3600+$2*60+$3; else print $1*60+$2 }')
  rss=$(grep "Maximum resident set size" "$work/time" | awk '{print $NF}')
  printf '%-28s %8.1f s  %8.0f msg/s  peak RSS %6.1f MB\n' "$label" "$secs" "$(echo "$count / $secs" | bc -l)" "$(echo "$rss / 1024" | bc -l)"
}
run_scan "kakunin scan (all cores)"
run_scan "kakunin scan --threads 1" --threads 1
head -12 "$work/out"

# The same first SUBSET messages as files, for the per-message tools.
mkdir -p "$work/files"
python3 - "$work/bench.mbox" "$work/files" "$subset" <<'PY'
import sys, mailbox
box = mailbox.mbox(sys.argv[1])
for i, key in enumerate(box.iterkeys()):
    if i >= int(sys.argv[3]): break
    with open("%s/%06d.eml" % (sys.argv[2], i), "wb") as f:
        f.write(box.get_bytes(key))
PY

start=$(date +%s.%N)
for f in "$work"/files/*.eml; do "$kakunin" inspect --format json "${analysis[@]}" "$f" >/dev/null; done
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf '%-28s %8.1f s  %8.0f msg/s  (%d messages, one process each)\n' "kakunin inspect loop" "$secs" "$(echo "$subset / $secs" | bc -l)" "$subset"

if ! command -v rspamd >/dev/null || ! command -v rspamc >/dev/null; then
  echo "rspamd: not installed, skipped"
  exit 0
fi
# A private rspamd on loopback: the packaged config with our ports and folders; no network, so
# DNS goes to a closed local port and fails at once, and the modules that only ask the network
# (RBLs, ASN, fuzzy) are off.
if [ -n "${RSPAMD:-}" ]; then
  host="$RSPAMD"
else
  port=$((40000 + RANDOM % 20000))
  host="127.0.0.1:$port"
  mkdir -p "$work/rspamd/etc/override.d" "$work/rspamd/etc/local.d" "$work/rspamd/db" "$work/rspamd/run" "$work/rspamd/log"
  echo "bind_socket = \"127.0.0.1:$port\"; count = $(nproc);" >"$work/rspamd/etc/override.d/worker-normal.inc"
  echo "bind_socket = \"127.0.0.1:$((port + 1))\";" >"$work/rspamd/etc/override.d/worker-controller.inc"
  echo "bind_socket = \"127.0.0.1:$((port + 2))\";" >"$work/rspamd/etc/override.d/worker-proxy.inc"
  printf 'dns {\n  nameserver = ["127.0.0.1:9"];\n  timeout = 0.1s;\n  retransmits = 0;\n}\n' >"$work/rspamd/etc/override.d/options.inc"
  echo 'level = "error";' >"$work/rspamd/etc/override.d/logging.inc"
  for m in fuzzy_check rbl asn; do echo 'enabled = false;' >"$work/rspamd/etc/local.d/$m.conf"; done
  user_args=()
  if [ "$(id -u)" = 0 ]; then user_args=(-i -u root -g root); fi
  rspamd -f "${user_args[@]}" -c /etc/rspamd/rspamd.conf --var LOCAL_CONFDIR="$work/rspamd/etc" \
    --var DBDIR="$work/rspamd/db" --var RUNDIR="$work/rspamd/run" --var LOGDIR="$work/rspamd/log" \
    >"$work/rspamd/out.log" 2>&1 &
  rspamd_pid=$!
fi
for _ in $(seq 1 1200); do
  if rspamc -h "$host" "$work/files/000000.eml" 2>/dev/null | grep -q "^Action"; then break; fi
  sleep 0.5
done
start=$(date +%s.%N)
rspamc -h "$host" -n "$(nproc)" "$work"/files/ >"$work/rspamc.out"
end=$(date +%s.%N)
secs=$(echo "$end - $start" | bc -l)
printf '%-28s %8.1f s  %8.0f msg/s  (%d messages, rspamc -n %d)\n' "rspamd (rspamc)" "$secs" "$(echo "$subset / $secs" | bc -l)" "$subset" "$(nproc)"
if [ -n "$rspamd_pid" ]; then
  rss=0
  for p in $(pgrep -P "$rspamd_pid") "$rspamd_pid"; do rss=$((rss + $(awk '/VmHWM/ {print $2}' /proc/$p/status))); done
  printf 'rspamd peak RSS, main + workers: %.1f MB\n' "$(echo "$rss / 1024" | bc -l)"
fi
grep -c "^Results for file" "$work/rspamc.out" | sed 's/^/rspamd results: /'
