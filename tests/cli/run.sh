#!/usr/bin/env bash
# Golden CLI tests (zstd's cli-tests model): each cases/NAME.sh runs with $KAKUNIN set and the
# repository root as the working directory. Its stdout is compared with NAME.stdout.exact and its
# stderr with NAME.stderr.exact when those files exist, and its exit status with NAME.exit
# (default 0). They test apps/ only. Usage: run.sh KAKUNIN_BINARY REPO_ROOT [CASE...]
set -u
export KAKUNIN="$1"
root="$2"
shift 2
here="$(cd "$(dirname "$0")" && pwd)"
cd "$root" || exit 2
cases=("$@")
if ((${#cases[@]} == 0)); then
  for f in "$here"/cases/*.sh; do cases+=("$(basename "$f" .sh)"); done
fi
tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT
# Hermetic: no user brand file or alias registry from this machine's home.
export XDG_CONFIG_HOME="$tmp/config" XDG_DATA_HOME="$tmp/data" HOME="$tmp/home"
mkdir -p "$XDG_CONFIG_HOME" "$XDG_DATA_HOME" "$HOME"
pass=0
fail=0
for name in "${cases[@]}"; do
  script="$here/cases/$name.sh"
  NO_COLOR=1 bash "$script" >"$tmp/out" 2>"$tmp/err" </dev/null
  code=$?
  want_code=0
  [ -f "$here/cases/$name.exit" ] && want_code=$(cat "$here/cases/$name.exit")
  ok=1
  if [ "$code" != "$want_code" ]; then
    echo "FAIL $name: exit $code, want $want_code"; ok=0
  fi
  for stream in stdout stderr; do
    exact="$here/cases/$name.$stream.exact"
    got="$tmp/out"; [ "$stream" = stderr ] && got="$tmp/err"
    if [ -f "$exact" ] && ! diff -u "$exact" "$got" >"$tmp/diff"; then
      echo "FAIL $name: $stream differs"; cat "$tmp/diff"; ok=0
    fi
  done
  if ((ok)); then pass=$((pass + 1)); else fail=$((fail + 1)); sed 's/^/  stderr: /' "$tmp/err" | head -20; fi
done
echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
