#!/usr/bin/python3
"""DKIM, SPF and DMARC through the live resolver against a DNS server that fails on purpose.

Starts fault_dns.py on 127.0.0.1, makes an Ed25519 DKIM key with `kakunin dkim keygen`, and for
each fault zone signs one mail from alice@ZONE with `kakunin dkim sign`, then runs

  kakunin inspect --dns-server 127.0.0.1:PORT --dns-timeout 500 --brands B --now T --format json

The brand file B says the brand "Faultbank" sends from every zone, so the control mail (zone
ok: DKIM, SPF and DMARC pass) is judged genuine, and the same mail whose answers fail must not
be. Checks per zone:
  ok, tcponly                          dkim, spf, dmarc pass; verdict genuine (proves the setup, and
                                       that a truncated UDP answer is retried over TCP)
  servfail timeout slow tc oversized loop
                                       dkim, spf, dmarc temperror; not authenticated; not genuine
  huge                                 nothing passes; not genuine
and for every run: exit 0, and with a 500 ms query timeout the run ends in under 8 s (about
1.5 s expected; the slow server answers after 10 s, so one lookup that waited for it would
already take longer; the margin is for a loaded CI machine and sanitizer builds).

  run_dnsfault.py --kakunin build/kakunin --work-dir DIR [ZONE...]
"""

import argparse
import json
import os
import re
import signal
import subprocess
import sys
import time

HERE = os.path.dirname(os.path.abspath(__file__))
NOW = "2026-03-02T10:00:00Z"
SIGN_TIME = "2026-03-02T09:00:00Z"
FAILING = ("servfail", "timeout", "slow", "tc", "oversized", "loop")
ZONES = ("ok", "tcponly") + FAILING + ("huge",)
MAX_SECONDS = 8.0

BRANDS = {
    "version": 1,
    "brands": [{
        "id": "faultbank",
        "name_en": "Faultbank",
        "names": ["Faultbank"],
        "mail_domains": ["%s.example.com" % z for z in ZONES],
        "link_domains": [],
    }],
}


def mail(zone):
    d = "%s.example.com" % zone
    return ("Received: from mail.{d} (mail.{d} [192.0.2.7])\r\n"
            "\tby mx.google.com with ESMTPS id 1; Mon, 2 Mar 2026 09:00:00 +0000\r\n"
            "Return-Path: <alice@{d}>\r\n"
            "From: Faultbank <alice@{d}>\r\n"
            "To: bob@example.net\r\n"
            "Subject: Faultbank monthly statement\r\n"
            "Date: Mon, 2 Mar 2026 09:00:00 +0000\r\n"
            "Message-ID: <statement-{z}@{d}>\r\n"
            "MIME-Version: 1.0\r\n"
            "Content-Type: text/plain; charset=utf-8\r\n"
            "\r\n"
            "Your monthly statement is ready in the Faultbank app.\r\n").format(d=d, z=zone)


def run(cmd, stdin=None):
    r = subprocess.run(cmd, input=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    if r.returncode != 0:
        raise RuntimeError("%s: exit %d: %s" % (" ".join(cmd[:3]), r.returncode, r.stderr.decode(errors="replace")))
    return r.stdout


def check(zone, report, seconds):
    auth = report["authentication"]
    dkim = [s["result"] for s in auth["dkim"]]
    spf = (auth.get("spf") or {}).get("result")
    dmarc = (auth.get("dmarc") or {}).get("result")
    got = "dkim %s, spf %s, dmarc %s, verdict %s, %.2f s" % ("/".join(dkim) or "-", spf, dmarc, report["verdict"], seconds)
    problems = []
    if seconds > MAX_SECONDS:
        problems.append("took %.2f s, over %.1f s: the query timeout was not kept" % (seconds, MAX_SECONDS))
    if zone in ("ok", "tcponly"):
        if dkim != ["pass"] or spf != "pass" or dmarc != "pass" or report["verdict"] != "genuine":
            problems.append("the control mail should pass everything and be genuine")
    elif zone in FAILING:
        if dkim != ["temperror"] or spf != "temperror" or dmarc != "temperror":
            problems.append("every result should be temperror")
        if auth["authenticated"] or report["verdict"] == "genuine":
            problems.append("a DNS failure authenticated the mail")
    else:
        if "pass" in dkim or spf == "pass" or dmarc == "pass" or report["verdict"] == "genuine":
            problems.append("junk answers let something pass")
    return got, problems


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kakunin", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("zones", nargs="*")
    args = ap.parse_args()
    os.makedirs(args.work_dir, exist_ok=True)
    key = os.path.join(args.work_dir, "sel.private")
    if os.path.exists(key):
        os.unlink(key)
    record = run([args.kakunin, "dkim", "keygen", "--type", "ed25519", "-s", "sel", "-d", "ok.example.com", "-o", key])
    txt = re.search(rb'TXT "([^"]+)"', record).group(1).decode()
    brands = os.path.join(args.work_dir, "brands.json")
    with open(brands, "w") as f:
        json.dump(BRANDS, f)
    port_file = os.path.join(args.work_dir, "port")
    if os.path.exists(port_file):
        os.unlink(port_file)
    server_log = open(os.path.join(args.work_dir, "fault_dns.log"), "w")
    server = subprocess.Popen(["/usr/bin/python3", os.path.join(HERE, "fault_dns.py"), "--port-file", port_file,
                               "--dkim-txt", txt, "--slow-seconds", "10"], stderr=server_log)
    failed = 0
    try:
        deadline = time.monotonic() + 10
        while not os.path.exists(port_file):
            if server.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError("fault_dns.py did not start")
            time.sleep(0.05)
        with open(port_file) as f:
            port = int(f.read())
        for zone in args.zones or ZONES:
            signed = run([args.kakunin, "dkim", "sign", "--key", key, "-d", "%s.example.com" % zone, "-s", "sel",
                          "--now", SIGN_TIME, "-"], stdin=mail(zone).encode())
            start = time.monotonic()
            r = subprocess.run([args.kakunin, "inspect", "--dns-server", "127.0.0.1:%d" % port, "--dns-timeout", "500",
                                "--brands", brands, "--now", NOW, "--format", "json", "-"],
                               input=signed, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
            seconds = time.monotonic() - start
            if r.returncode != 0:
                got, problems = "exit %d" % r.returncode, [r.stderr.decode(errors="replace").strip()]
            else:
                got, problems = check(zone, json.loads(r.stdout), seconds)
            failed += bool(problems)
            print("%-10s %s  %s%s" % (zone, "ok  " if not problems else "FAIL", got,
                                      "".join("\n    " + p for p in problems)), flush=True)
    finally:
        server.send_signal(signal.SIGTERM)
        server.wait()
        server_log.close()
    if failed:
        with open(os.path.join(args.work_dir, "fault_dns.log")) as f:
            print("fault_dns.py log (last 40 lines):\n" + "".join(f.readlines()[-40:]))
    zones = args.zones or ZONES
    print("dnsfault: %d of %d zones as expected" % (len(zones) - failed, len(zones)))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
