# Every bundled example gives a complete JSON document with the documented top-level keys.
set -e
for f in examples/*.eml; do
  "$KAKUNIN" inspect --format json --dns-zone examples/examples.zone --now 2026-11-28T12:00:00Z "$f" | /usr/bin/python3 -c '
import json, sys
d = json.load(sys.stdin)
want = ["schema", "verdict", "message", "authentication", "links", "findings", "actions"]
missing = [k for k in want if k not in d]
assert not missing, missing
assert d["schema"] == "kakunin.inspect/1"
assert d["verdict"] in ("genuine", "suspicious", "phishing", "unknown")
for f in d["findings"]:
    assert set(f) >= {"id", "severity", "message"}, f
print(sys.argv[1], d["verdict"], len(d["message"]["parts"]), "parts")
' "$f"
done
