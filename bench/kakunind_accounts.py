#!/usr/bin/env python3
"""Creates N verified kakunind accounts for the load tests (bench/kakunind_load.sh,
bench/kakunind_cluster.sh): signs up acct0..acctN-1@example.com through URL, reads each code from
the given Maildir outboxes (new/), verifies each flow. Usage: kakunind_accounts.py URL N OUTBOX..."""
import base64, json, os, re, sys, time, urllib.error, urllib.request

url, n, outboxes = sys.argv[1], int(sys.argv[2]), sys.argv[3:]


def post(path, body):
    req = urllib.request.Request(url + path, json.dumps(body).encode(), {"Content-Type": "application/json"})
    try:
        with urllib.request.urlopen(req) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, {}


flows = {}  # Each sign-up is its own flow: verify needs the flow id its answer gave.
for i in range(n):
    email = f"acct{i}@example.com"
    flows[email] = post("/v1/signup", {"email": email, "password": "correct horse battery staple 42"})[1].get("flow_id")
codes = {}
deadline = time.time() + 30
while len(codes) < n and time.time() < deadline:
    for box in outboxes:
        for name in os.listdir(box) if os.path.isdir(box) else []:
            raw = open(os.path.join(box, name), "rb").read().decode()
            to = re.search(r"\r\nTo: <([^>]*)>", raw).group(1)
            part = raw.split("Content-Transfer-Encoding: base64\r\n\r\n")[1].split("--")[0]
            codes[to] = re.search(r"\s(\d{6})\s", base64.b64decode(part).decode()).group(1)
    time.sleep(0.2)
ok = sum(post("/v1/email/verify", {"email": e, "flow_id": flows[e], "code": c})[0] == 200 for e, c in codes.items())
print(f"created {ok} accounts")
