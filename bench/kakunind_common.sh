# Shared by bench/kakunind_load.sh and bench/kakunind_cluster.sh (sourced, not run).

# Prints the configuration both benchmarks run kakunind with, for CONNS HTTP threads: limits
# off, so every issue request really issues a code (the limits themselves are tested in tests/),
# and cheap Argon2id (account creation is set-up, not what is measured).
kakunind_bench_config() {
  local conns=$1 here
  here=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
  cat <<TOML
templates_dir = "$here/../data/kakunind/templates"
[http]
threads = $conns
[resend]
address_min_interval_seconds = 0
address_per_hour = 0
ip_per_hour = 0
[codes]
account_budget = 100
[passwords]
argon2_opslimit = 1
argon2_memlimit_kib = 64
TOML
}

# Starts BUILD/kakunind with CONFIG on a free loopback port and DATA_DIR, its output in OUT; sets
# KAKUNIND_PID and KAKUNIND_URL once it listens.
start_kakunind() {
  local build=$1 config=$2 data=$3 out=$4
  "$build/kakunind" --config "$config" --listen 127.0.0.1:0 --data-dir "$data" > "$out" 2>&1 &
  KAKUNIND_PID=$!
  for _ in $(seq 100); do grep -q 'listening on' "$out" 2>/dev/null && break; sleep 0.1; done
  KAKUNIND_URL="http://127.0.0.1:$(grep -o 'listening on 127.0.0.1:[0-9]*' "$out" | cut -d: -f2)"
}
