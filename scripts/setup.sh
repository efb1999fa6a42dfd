#!/usr/bin/env bash
# One entry point for a fresh Debian 12 machine (see README.md):
#   scripts/setup.sh demo   install what is missing, build, inspect a bundled example (offline)
#   scripts/setup.sh test   install what is missing, build, run every test:
#                           the normal build (warnings are errors), clang-tidy over src/ and apps/,
#                           an ASan+UBSan build of the tests, and a short libFuzzer run of every
#                           fuzz target (clang)
#   scripts/setup.sh build  install and build only
# Environment: KAKUNIN_JOBS (default: nproc), KAKUNIN_FUZZ_SECONDS (per target, default 10),
# KAKUNIN_PRUNE=1 to delete each pass's build folder once it passed (the default under CI),
# KAKUNIN_SKIP_TIDY=1 / KAKUNIN_SKIP_SANITIZE=1 / KAKUNIN_SKIP_FUZZ=1 to leave those passes out.
set -euo pipefail

mode="${1:-demo}"
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
jobs="${KAKUNIN_JOBS:-$(nproc)}"
# Build folders and clones share one compiler cache: paths under the checkout hash as relative.
export CCACHE_NOHASHDIR=true
export CCACHE_BASEDIR="$root"
# Disk: builds carry line tables only (cmake/DebugInfo.cmake), the cache is capped, and under CI
# (or KAKUNIN_PRUNE=1) each test pass's build folder goes once the pass has passed. A CI machine
# once ran out of disk with full debug info and every folder kept.
export CCACHE_MAXSIZE="${CCACHE_MAXSIZE:-2G}"
prune="${KAKUNIN_PRUNE:-$([ -n "${CI:-}" ] && echo 1 || echo 0)}"

bash scripts/deps.sh

configure() {  # dir, extra cmake args...
  local dir="$1"
  shift
  cmake -S . -B "$dir" -G Ninja -DKAKUNIN_WERROR=ON -DKAKUNIN_DEBUG_INFO=lines "$@" \
    >"$dir.configure.log" 2>&1 || {
    cat "$dir.configure.log"
    return 1
  }
}

pass_start=$(date +%s)
done_with() {  # dir: a test pass has passed; under pruning its build folder goes
  echo "== $1 pass took $(($(date +%s) - pass_start)) s; disk: $(df -h --output=avail . | tail -1 | tr -d ' ') free, $(du -sh "$1" | cut -f1) in $1"
  pass_start=$(date +%s)
  if [ "$prune" = 1 ]; then rm -rf "$1" && echo "== pruned $1"; fi
}

configure_and_build() {  # dir, extra cmake args...
  configure "$@"
  ninja -C "$1" -j "$jobs"
}

case "$mode" in
  build)
    configure_and_build build
    ;;
  demo)
    configure_and_build build -DKAKUNIN_BUILD_TESTS=OFF
    echo
    # Offline: DNS answers come from the examples' zone file, time is pinned.
    for mail in amazon-security-code phishing-amazon; do
      echo "== ./build/kakunin inspect --dns-zone examples/examples.zone --now 2026-11-28T01:00:00Z examples/$mail.eml"
      ./build/kakunin inspect --dns-zone examples/examples.zone --now 2026-11-28T01:00:00Z "examples/$mail.eml"
      echo
    done
    ;;
  test)
    start=$(date +%s)
    # tests/web, tests/pages: playwright-core for the end-to-end tests (<dir>/node_modules, gitignored).
    if command -v npm >/dev/null 2>&1; then for d in tests/web tests/pages; do (cd "$d" && npm ci --no-audit --no-fund --loglevel=error); done; fi
    configure_and_build build
    ctest --test-dir build --output-on-failure -j "$jobs" --timeout 300 | tee build/ctest.log
    passed=$(grep -oE 'out of [0-9]+' build/ctest.log | tail -1 | grep -oE '[0-9]+')
    if [ "${KAKUNIN_SKIP_TIDY:-0}" != 1 ]; then
      echo "== clang-tidy over src/ and apps/ (.clang-tidy; any warning fails)"
      KAKUNIN_TIDY_JOBS="$jobs" bash scripts/tidy.sh build
      passed=$((passed + 1))
    fi
    done_with build
    if [ "${KAKUNIN_SKIP_SANITIZE:-0}" != 1 ]; then
      echo "== ASan + UBSan build of the tests"
      configure_and_build build-asan -DKAKUNIN_SANITIZE=ON -DCMAKE_BUILD_TYPE=Debug
      ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
        ctest --test-dir build-asan --output-on-failure -j "$jobs" --timeout 600 | tee build-asan/ctest.log
      passed=$((passed + $(grep -oE 'out of [0-9]+' build-asan/ctest.log | tail -1 | grep -oE '[0-9]+')))
      done_with build-asan
    fi
    if [ "${KAKUNIN_SKIP_FUZZ:-0}" != 1 ]; then
      echo "== libFuzzer, ${KAKUNIN_FUZZ_SECONDS:-10} s per target"
      configure build-fuzz -DCMAKE_C_COMPILER=clang -DCMAKE_CXX_COMPILER=clang++ \
        -DKAKUNIN_BUILD_FUZZERS=ON -DKAKUNIN_BUILD_TESTS=OFF
      # Only the fuzz targets (and the libraries they link), not the programs.
      ninja -C build-fuzz -j "$jobs" $(ninja -C build-fuzz -t targets all | grep -oE '^fuzz_[a-z0-9_]+' | sort -u)
      bash scripts/fuzz.sh build-fuzz "${KAKUNIN_FUZZ_SECONDS:-10}"
      passed=$((passed + $(find build-fuzz/fuzz -maxdepth 1 -name 'fuzz_*' -type f -executable | wc -l)))
      done_with build-fuzz
    fi
    echo "== all tests passed in $(($(date +%s) - start)) s (CTest entries of each pass, plus one per fuzz target and one for clang-tidy)"
    echo "kakunin: $passed passed, 0 failed"
    ;;
  *)
    echo "usage: scripts/setup.sh demo|test|build" >&2
    exit 2
    ;;
esac
