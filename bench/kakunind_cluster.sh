#!/usr/bin/env bash
# Load test of two kakunind nodes on one Redis and one PostgreSQL, all on loopback, with wrk
# (Debian packages wrk, redis-server, postgresql), run by hand:
#   bench/kakunind_cluster.sh [BUILD_DIR] [SECONDS] [CONNECTIONS_PER_NODE]
# Starts redis-server (append-only file, fsync every second) and a PostgreSQL 15 server in a
# temporary folder, two kakunind processes sharing one secret, creates accounts through node a,
# then runs one wrk per node at the same time against code verification and then code issue.
# Prints each wrk report and the sum. Results go to docs/PERFORMANCE.md with the machine.
set -euo pipefail
BUILD=$(cd "${1:-build}" && pwd)
SECONDS_EACH=${2:-10}
CONNS=${3:-16}
ACCOUNTS=${KAKUNIND_ACCOUNTS:-200}
HERE=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/kakunind-cluster.XXXXXX)
chmod 755 "$WORK"
PIDS=()
PGBIN=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -1)
AS_PG=()
if [ "$(id -u)" -eq 0 ]; then AS_PG=(runuser -u postgres --); fi
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  "${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -m fast stop >/dev/null 2>&1 || true
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT
free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }

REDIS_PORT=$(free_port)
redis-server --port "$REDIS_PORT" --bind 127.0.0.1 --dir "$WORK" --save '' --appendonly yes \
  --appendfsync everysec --daemonize no > "$WORK/redis.log" 2>&1 &
PIDS+=($!)

PG_PORT=$(free_port)
mkdir "$WORK/pg" && chmod 700 "$WORK/pg"
if [ ${#AS_PG[@]} -gt 0 ]; then chown postgres "$WORK/pg"; fi
"${AS_PG[@]}" "$PGBIN/initdb" -D "$WORK/pg" -U postgres --auth=trust --no-instructions > "$WORK/initdb.log"
"${AS_PG[@]}" "$PGBIN/pg_ctl" -D "$WORK/pg" -l "$WORK/pg/log" -w \
  -o "-c listen_addresses=127.0.0.1 -p $PG_PORT -k $WORK/pg -c max_connections=100" start > /dev/null
"${AS_PG[@]}" "$PGBIN/createdb" -h 127.0.0.1 -p "$PG_PORT" -U postgres kakunind

source "$HERE/kakunind_common.sh"
{ kakunind_bench_config "$CONNS"; cat <<TOML
[store]
engine = "redis+postgresql"
[store.redis]
port = $REDIS_PORT
connections = $CONNS
[store.postgresql]
conninfo = "host=127.0.0.1 port=$PG_PORT user=postgres dbname=kakunind"
connections = 8
TOML
} > "$WORK/node.toml"

# Both nodes share the server secret (codes are keyed hashes, queued mail is sealed with it).
mkdir -m 700 "$WORK/a" "$WORK/b"
head -c 32 /dev/urandom > "$WORK/a/secret.key"
cp "$WORK/a/secret.key" "$WORK/b/secret.key"
chmod 600 "$WORK"/{a,b}/secret.key
URLS=()
for node in a b; do
  start_kakunind "$BUILD" "$WORK/node.toml" "$WORK/$node" "$WORK/$node.out"
  PIDS+=("$KAKUNIND_PID")
  URLS+=("$KAKUNIND_URL")
done
echo "nodes ${URLS[*]}; redis :$REDIS_PORT; postgresql :$PG_PORT; $(nproc) cores; load before: $(cut -d' ' -f1-3 /proc/loadavg)"

python3 "$HERE/kakunind_accounts.py" "${URLS[0]}" "$ACCOUNTS" "$WORK/a/outbox/new" "$WORK/b/outbox/new"

# One wrk per node at the same time; prints both reports and the summed throughput.
run_both() {
  local script=$1 name=$2
  echo "== $name: $CONNS connections per node, ${SECONDS_EACH}s, both nodes at once"
  local wrks=()
  for i in 0 1; do
    KAKUNIND_ACCOUNTS=$ACCOUNTS wrk -t1 -c"$CONNS" -d"${SECONDS_EACH}s" --latency -s "$HERE/$script" "${URLS[$i]}" \
      > "$WORK/wrk$i.txt" &
    wrks+=($!)
  done
  wait "${wrks[@]}"
  for i in 0 1; do echo "-- node $i"; cat "$WORK/wrk$i.txt"; done
  awk '/Requests\/sec/ {s += $2} END {printf "total: %.0f requests/s over both nodes\n", s}' "$WORK"/wrk{0,1}.txt
}
run_both kakunind_verify.lua "verify: POST /v1/email/verify"
run_both kakunind_issue.lua "issue: POST /v1/password/reset (codes issued, mails queued in Redis, written by both nodes)"
sleep 2
a=$(ls "$WORK/a/outbox/new" | wc -l); b=$(ls "$WORK/b/outbox/new" | wc -l)
echo "mails written: node a $a, node b $b; health: $(curl -s "${URLS[0]}/v1/health")"
