#!/usr/bin/env bash
# Runs every libFuzzer binary in BUILD_DIR for SECONDS each, starting from fuzz/corpus/<target>/
# (with fuzz/<target>.dict when there is one).
# New interesting inputs go to a scratch folder, not into the repository; a crash stops the run
# and leaves its input in fuzz/artifacts/ (add it to fuzz/corpus/<target>/ once fixed).
# Usage: scripts/fuzz.sh BUILD_DIR [SECONDS]
set -euo pipefail
build="$1"
seconds="${2:-60}"
root="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$root/fuzz/artifacts"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
status=0
for bin in "$build"/fuzz/fuzz_*; do
  [ -x "$bin" ] || continue
  target="$(basename "$bin")"
  target="${target#fuzz_}"
  mkdir -p "$scratch/$target"
  echo "-- fuzz $target (${seconds}s)"
  dict=()
  if [ -f "$root/fuzz/$target.dict" ]; then dict=(-dict="$root/fuzz/$target.dict"); fi
  if ! "$bin" -max_total_time="$seconds" -rss_limit_mb=2048 -timeout=10 -print_final_stats=1 "${dict[@]}" \
      -artifact_prefix="$root/fuzz/artifacts/${target}-" "$scratch/$target" "$root/fuzz/corpus/$target" \
      >"$scratch/$target.log" 2>&1; then
    tail -50 "$scratch/$target.log"
    status=1
  else
    grep -E "stat::number_of_executed_units|Done " "$scratch/$target.log" | tail -2 || true
  fi
done
exit "$status"
