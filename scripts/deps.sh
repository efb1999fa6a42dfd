#!/usr/bin/env bash
# Installs the Debian packages kakunin needs to build, test, fuzz and benchmark.
# This is the one place that names them. Only missing packages are installed, and
# `apt-get update` runs at most once (and only when something is missing).
set -euo pipefail

PACKAGES=(
  # toolchain
  build-essential cmake ninja-build pkg-config ccache clang libclang-rt-14-dev
  clang-tidy  # scripts/tidy.sh (configuration in .clang-tidy)
  # test and benchmark frameworks
  libgtest-dev libgmock-dev libbenchmark-dev
  # libraries (see DEVELOPERS.md / docs/ARCHITECTURE.md for why each)
  libexpected-dev libgmime-3.0-dev libglib2.0-dev libssl-dev libunbound-dev libpsl-dev publicsuffix
  libevent-dev libicu-dev libgumbo-dev libcurl4-openssl-dev libsqlite3-dev libhiredis-dev libsodium-dev
  libzxcvbn-dev libqrencode-dev libpng-dev libcli11-dev nlohmann-json3-dev libfmt-dev libcpp-httplib-dev
  libpq-dev            # store: PostgreSQL for accounts and TOTP on several nodes
  libtomlplusplus-dev  # kakunind config files
  wrk                  # kakunind load test (docs/PERFORMANCE.md), run by hand
  # servers and peers used by the tests (all on loopback)
  python3-authres python3-cryptography  # tests/corpus/make_corpus.py (with python3-dkim, python3-nacl below)
  unbound dns-root-data ldnsutils python3-dkim python3-nacl opendkim opendkim-tools
  nodejs  # tests/url/node_differential_test.cc: Node's built-in URL as the reference parser
  time    # tests/hostile: GNU time reports each kakunin run's CPU time and peak RSS
  chromium fonts-ipafont-gothic  # tests/web: kakunin web end to end in headless Chromium (Japanese glyphs in screenshots)
  dovecot-imapd  # tests/scan/imap_test.cc: kakunin scan against a real IMAP server (started by the test)
  python3-aiosmtpd  # tests/delivery: the SMTP relay sink kakunind delivers to (started by the test on 127.0.0.1)
  sqlite3  # tests/kakunind/fault_test.cc: the sqlite3 shell holds the database lock from another process
  redis-server postgresql  # tests/store: the multi-node store against real servers (started by the tests on 127.0.0.1)
  python3-prometheus-client  # tests/kakunind/metrics_test.cc: the Prometheus project's parser checks GET /metrics
)

missing=()
for p in "${PACKAGES[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed'; then
    missing+=("$p")
  fi
done

if ((${#missing[@]} == 0)); then
  echo "deps: all ${#PACKAGES[@]} packages present"
  exit 0
fi

SUDO=""
if [ "$(id -u)" -ne 0 ]; then SUDO="sudo"; fi
echo "deps: installing ${missing[*]}"
$SUDO apt-get update -qq
DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
# unbound's package starts a system resolver service; tests run their own on loopback.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now unbound >/dev/null 2>&1 || true; fi
# Likewise dovecot: the scan tests start their own on 127.0.0.1 with a config in a temp folder.
if command -v systemctl >/dev/null 2>&1; then $SUDO systemctl disable --now dovecot >/dev/null 2>&1 || true; fi
echo "deps: done"
