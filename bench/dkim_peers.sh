#!/bin/bash
# kakunin dkim verify side by side with the DKIM peers on the peer rig's corpus (run by hand,
# not in CI). Needs /work/shared/peers (../shared/peers): install.sh once, gen_corpus.py once.
#
#   bench/dkim_peers.sh KAKUNIN_BINARY [RUNS]
#
# Everything runs inside the rig's sandbox (run_all.sh exec: private network namespace with only
# loopback, unbound on 127.0.0.1:5353 serving the corpus keys). In ONE hyperfine run:
#   kakunin-zone     kakunin dkim verify --dns-zone (keys from a zone file written from the rig's
#                    dns/txt.json by bench/dkim_peers_zone.py), one process, all 2000 files
#   kakunin-zone-j2  the same with --jobs 2 (both cores)
#   kakunin-udp      kakunin dkim verify --dns-server 127.0.0.1:5353 (libunbound, live lookups)
#   dkimpy-direct    dkimpy API, keys through dnsfunc (verify_dkimpy.py --dns direct)
#   opendkim-batch   opendkim -t a.eml,b.eml,... (libunbound to the same unbound)
# Results: $PEERS_WORK/results/kakunin-vs-peers.{txt,json}.
set -euo pipefail
KAKUNIN=$(readlink -f "${1:?usage: dkim_peers.sh KAKUNIN_BINARY [RUNS]}")
RUNS=${2:-5}
HERE=$(cd "$(dirname "$0")" && pwd)
RIG=${PEERS_DIR:-$(cd "$HERE/../../shared/peers" && pwd)}
. "$RIG/env.sh"
MSG=$PEERS_CORPUS/msg
[ -d "$MSG" ] || { echo "no corpus: run /usr/bin/python3 $RIG/gen_corpus.py first" >&2; exit 2; }
ZONE=$PEERS_WORK/kakunin.zone
/usr/bin/python3 "$HERE/dkim_peers_zone.py" "$PEERS_WORK/dns/txt.json" > "$ZONE"
mkdir -p "$PEERS_WORK/results"

# Correctness first: every message must pass, every tampered copy must not.
cd "$MSG"
pass=$("$KAKUNIN" dkim verify --dns-zone "$ZONE" ./*.eml | grep -c '^[^ ]*: dkim=pass ' || true)
cd "$PEERS_CORPUS/bad"
bad=$("$KAKUNIN" dkim verify --dns-zone "$ZONE" ./*.eml | grep -c '^[^ ]*: dkim=pass ' || true)
echo "kakunin: $pass/$(ls "$MSG" | grep -c '\.eml$') pass on corpus/msg, $bad pass on corpus/bad (want 0)"

K="cd $MSG && $KAKUNIN dkim verify --dns-zone $ZONE ./*.eml > /dev/null"
KJ="cd $MSG && $KAKUNIN dkim verify --dns-zone $ZONE -j 2 ./*.eml > /dev/null"
KU="cd $MSG && $KAKUNIN dkim verify --dns-server 127.0.0.1:$PEERS_DNS_PORT ./*.eml > /dev/null"
PY="$PEERS_PY $RIG/verify_dkimpy.py --dns direct --expect pass $MSG"
OD="$RIG/verify_opendkim.sh --expect pass batch $MSG"
"$RIG/run_all.sh" exec opendkim-batch -- \
  hyperfine --style basic --warmup 1 --runs "$RUNS" --export-json "$PEERS_WORK/results/kakunin-vs-peers.json" \
    -n kakunin-zone "$K" -n kakunin-zone-j2 "$KJ" -n kakunin-udp "$KU" -n dkimpy-direct "$PY" -n opendkim-batch "$OD" \
  | tee "$PEERS_WORK/results/kakunin-vs-peers.txt"
/usr/bin/python3 - "$PEERS_WORK/results/kakunin-vs-peers.json" <<'PY'
import json, sys
rs = json.load(open(sys.argv[1]))["results"]
print(f"{'command':18s} {'median s':>9s} {'msgs/s':>8s} {'cpu s':>7s}")
for r in rs:
    print(f"{r['command']:18s} {r['median']:9.3f} {2000 / r['median']:8.0f} {r['user'] + r['system']:7.2f}")
PY
