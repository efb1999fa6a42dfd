#!/usr/bin/python3
"""Runs `kakunin inspect` over every case of make_hostile.py and checks the bounds of issue #11.

For each case: exit 0 (never a signal), JSON output, CPU time (user + system) under
--max-seconds (times --time-factor), wall time under ten times that (a hang guard: on a shared
2-core machine wall time measures the neighbours as much as kakunin), peak RSS under
--max-rss-mb, the finding ids that say what was cut, and for the SPF cases a permerror citing
RFC 7208 4.6.4 that never lets DMARC pass. Cases up to 16 MB are written to --work-dir and
removed after the run; larger ones are streamed to kakunin's stdin and never touch the disk.

Time and peak RSS come from GNU time (/usr/bin/time, Debian package `time`), which reports its
child's wait4 rusage. Python's own wait4 would not do: a child forked from this Python process
starts with a copy of its pages, and Linux carries that RSS into ru_maxrss across exec.

  run_hostile.py --kakunin build/kakunin --work-dir DIR [--sanitized] [CASE...]

--sanitized (the ASan+UBSan Debug build of .ci/run): CPU time x10 and no RSS bound (ASan's
shadow memory and quarantine make RSS meaningless: 200-820 MB there). Measured: that build
takes 8-16x the CPU time of the normal one, at most 6.2 s (many_links) against the 20 s
allowed. Prints one line per case with its figures.
"""

import argparse
import json
import os
import subprocess
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import make_hostile  # noqa: E402

NOW = "2026-03-02T10:00:00Z"
STREAM_ABOVE = 16 << 20

# Extra checks per case, on the parsed JSON report. Each returns an error string or None.
def _spf_limited(report):
    spf = report["authentication"]["spf"]
    dmarc = report["authentication"]["dmarc"] or {}
    if spf.get("result") != "permerror" or "RFC 7208 4.6.4" not in spf.get("reason", ""):
        return "SPF should be permerror at an RFC 7208 4.6.4 limit, got %r / %r" % (spf.get("result"), spf.get("reason"))
    if dmarc.get("result") == "pass" or report["verdict"] == "genuine":
        return "an SPF permerror must not authenticate the mail (dmarc %r, verdict %r)" % (dmarc.get("result"), report["verdict"])
    return None


def _dkim_limited(report):
    results = report["authentication"]["dkim"]
    if len(results) < 40:
        return "expected one DKIM result per signature, got %d" % len(results)
    if not any("too many tags" in r.get("reason", "") for r in results):
        return "no DKIM result says 'too many tags'"
    if any(r["result"] == "pass" for r in results):
        return "a bogus DKIM signature passed"
    return None


def _links_capped(report):
    if len(report["links"]) > 10000:
        return "more than kMaxLinksPerMessage links reported: %d" % len(report["links"])
    return None


CHECKS = {"spf_loop": _spf_limited, "spf_fanout": _spf_limited, "dkim_huge_tags": _dkim_limited,
          "many_links": _links_capped}


def run_case(args, name, zone):
    gen, size, expect = make_hostile.CASES[name]
    cmd = [args.kakunin, "inspect", "--dns-zone", zone, "--now", NOW, "--format", "json"]
    path = None
    stream = size > STREAM_ABOVE
    if stream:
        cmd.append("-")
    else:
        path = os.path.join(args.work_dir, name + ".eml")
        with open(path, "wb") as f:
            for chunk in gen():
                f.write(chunk)
        cmd.append(path)
    stats = os.path.join(args.work_dir, name + ".time")
    cmd = ["/usr/bin/time", "-f", "%M %e %U %S", "-o", stats] + cmd
    out = bytearray()
    err = bytearray()
    proc = subprocess.Popen(cmd, stdin=subprocess.PIPE if stream else subprocess.DEVNULL,
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def feed():
        try:
            for chunk in gen():
                proc.stdin.write(chunk)
        except (BrokenPipeError, ValueError):
            pass  # kakunin stops reading at --max-size + 1 bytes.
        finally:
            try:
                proc.stdin.close()
            except BrokenPipeError:
                pass

    def drain(src, dst):
        while True:
            b = src.read(1 << 16)
            if not b:
                return
            dst.extend(b)

    threads = [threading.Thread(target=drain, args=(proc.stdout, out)),
               threading.Thread(target=drain, args=(proc.stderr, err))]
    if stream:
        threads.append(threading.Thread(target=feed))
    for t in threads:
        t.start()
    proc.wait()
    for t in threads:
        t.join()
    if path:
        os.unlink(path)
    with open(stats) as f:
        lines = f.read().splitlines()
    os.unlink(stats)
    rss_kb, wall, user, system = (float(x) for x in lines[-1].split())
    rss_mb = rss_kb / 1024.0
    cpu = user + system
    problems = []
    # GNU time writes these lines before the figures when the command did not exit 0.
    for line in lines[:-1]:
        if line.startswith("Command terminated by signal") or line.startswith("Command exited with"):
            problems.append(line + ": " + err.decode(errors="replace").strip()[-300:])
    max_seconds = args.max_seconds * args.time_factor
    if cpu > max_seconds:
        problems.append("took %.2f s of CPU, over %.2f s" % (cpu, max_seconds))
    if wall > 10 * max_seconds:
        problems.append("took %.2f s of wall time, over %.2f s" % (wall, 10 * max_seconds))
    if args.max_rss_mb > 0 and rss_mb > args.max_rss_mb:
        problems.append("peak RSS %.0f MB, over %d MB" % (rss_mb, args.max_rss_mb))
    ids = []
    if not problems:
        try:
            report = json.loads(out)
            ids = [f["id"] for f in report["findings"]]
            for want in expect:
                if want not in ids:
                    problems.append("no %s finding (got %s)" % (want, ", ".join(ids) or "none"))
            if name in CHECKS:
                msg = CHECKS[name](report)
                if msg:
                    problems.append(msg)
        except (ValueError, KeyError) as e:
            problems.append("output is not the JSON report: %s" % e)
    print("%-20s %s %6.2f s cpu %6.2f s wall %6.0f MB peak RSS  %s%s" % (
        name, "ok  " if not problems else "FAIL", cpu, wall, rss_mb, ",".join(expect) or "-",
        "" if not problems else "\n    " + "\n    ".join(problems)), flush=True)
    return not problems, [i for i in ids if ".limit." in i]


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--kakunin", required=True)
    ap.add_argument("--work-dir", required=True)
    ap.add_argument("--max-seconds", type=float, default=2.0)
    ap.add_argument("--max-rss-mb", type=int, default=256)
    ap.add_argument("--time-factor", type=float, default=1.0)
    ap.add_argument("--sanitized", action="store_true")
    ap.add_argument("cases", nargs="*")
    args = ap.parse_args()
    names = args.cases or list(make_hostile.CASES)
    if args.sanitized:
        args.time_factor = max(args.time_factor, 10.0)
        args.max_rss_mb = 0
    os.makedirs(args.work_dir, exist_ok=True)
    zone = os.path.join(args.work_dir, "hostile.zone")
    with open(zone, "w") as f:
        f.write(make_hostile.ZONE)
    failed = 0
    unexplained = 0
    limit_ids = set()
    for name in names:
        ok, ids = run_case(args, name, zone)
        failed += not ok
        limit_ids.update(ids)
    # Every limit finding a reader can get must be explained by `kakunin explain`.
    for fid in sorted(limit_ids):
        r = subprocess.run([args.kakunin, "explain", fid], stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        if r.returncode != 0:
            print("explain %s: exit %d %s" % (fid, r.returncode, r.stderr.decode(errors="replace").strip()))
            unexplained += 1
    os.unlink(zone)
    print("hostile: %d of %d cases within bounds; %d limit finding ids, %d without an explanation" % (
        len(names) - failed, len(names), len(limit_ids), unexplained))
    return 1 if failed or unexplained else 0


if __name__ == "__main__":
    sys.exit(main())
