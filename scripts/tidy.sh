#!/usr/bin/env bash
# Runs clang-tidy (Debian clang-tidy, configuration in .clang-tidy) over src/ and apps/ using a
# build folder's compile_commands.json. Prints the warnings and exits 1 when there are any.
# Usage: scripts/tidy.sh [BUILD_DIR] [PATH_REGEX]
#   BUILD_DIR   default build; configured with CMake (CMAKE_EXPORT_COMPILE_COMMANDS is on)
#   PATH_REGEX  default (src|apps)/ ; e.g. 'src/(mime|links)/' to check some folders only
# Jobs: $KAKUNIN_TIDY_JOBS, default the number of cores.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
build="${1:-build}"
filter="${2:-(src|apps)/}"
jobs="${KAKUNIN_TIDY_JOBS:-$(nproc)}"
if [ ! -f "$build/compile_commands.json" ]; then
  echo "tidy: $build/compile_commands.json missing; configure with cmake -S . -B $build first" >&2
  exit 2
fi
# Generated sources (embedded data) must exist; building the libraries makes them.
log="$(mktemp)"
trap 'rm -f "$log"' EXIT
start=$(date +%s)
run-clang-tidy -quiet -p "$build" -j "$jobs" "$root/$filter" 2>&1 | sed -E 's/\x1b\[[0-9;]*m//g' >"$log" || true
# A warning in a header is reported once per file including it: count each place once.
grep -E '(warning|error): .*\[[a-z0-9.,-]+\]$' "$log" | sort -u >"$log.unique" || true
warnings=$(wc -l <"$log.unique")
cat "$log.unique"
rm -f "$log.unique"
echo "tidy: $warnings warnings in $(($(date +%s) - start)) s ($jobs jobs, files matching $filter)"
[ "$warnings" -eq 0 ]
