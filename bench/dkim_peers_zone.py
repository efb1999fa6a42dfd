#!/usr/bin/python3
"""Writes a BIND zone file for `kakunin dkim verify --dns-zone` from the peer rig's key data
(/work/shared/peers: gen_corpus.py -> $PEERS_WORK/dns/txt.json), so kakunin verifies the same
corpus with the same keys as dkimpy-direct (dnsfunc) and opendkim (loopback unbound).

Usage: dkim_peers_zone.py [TXT_JSON] > zone
"""
import json
import sys

path = sys.argv[1] if len(sys.argv) > 1 else "/tmp/dkim-peers/dns/txt.json"
records = json.load(open(path))
for name, value in sorted(records.items()):
    values = value if isinstance(value, list) else [value]
    for v in values:
        # One TXT record, cut into 255-byte character-strings (RFC 1035 3.3.14).
        strings = " ".join('"%s"' % v[i:i + 255].replace("\\", "\\\\").replace('"', '\\"')
                           for i in range(0, max(len(v), 1), 255))
        print("%s. 3600 IN TXT %s" % (name.rstrip("."), strings))
