#!/usr/bin/python3
"""Runs every libFuzzer target until each has had MINUTES of CPU time, over several sittings.

A long campaign does not fit one sitting, so the work folder keeps what has been done:
  WORK/log.tsv          one line per run: target, CPU seconds (user + system of the fuzzer
                        process, from wait4), wall seconds, executions, edges, features,
                        corpus size, exit status
  WORK/prior.tsv        optional "target<TAB>cpu_minutes" credit for runs made before the log
  WORK/corpus/<target>  the growing corpus (the repository's fuzz/corpus/<target> is read, never
                        written)
  WORK/artifacts, WORK/logs   crash inputs and each run's libFuzzer output

Targets with the most CPU still owed run first, JOBS at a time, each run at most CHUNK minutes,
so a crash or an interruption costs little. A target whose run ends in a finding (crash, leak,
timeout, out of memory, sanitizer report) is not run again in this sitting: fix it, add the input
to fuzz/corpus/<target>/, rebuild, start again.

Usage: scripts/fuzz_campaign.py BUILD_DIR WORK_DIR [--minutes 30] [--jobs 2] [--chunk 20]
         [--stop-at 2026-11-29T05:00] [--nice 19] [--report]
"""
import argparse
import collections
import datetime
import os
import re
import signal
import subprocess
import sys
import time

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def targets(build):
  found = []
  folder = os.path.join(build, "fuzz")
  for name in sorted(os.listdir(folder)):
    path = os.path.join(folder, name)
    if name.startswith("fuzz_") and os.access(path, os.X_OK) and os.path.isfile(path):
      found.append(name[len("fuzz_"):])
  return found


def read_log(work):
  """Returns target -> list of run dicts (prior credit as one run with status 'prior')."""
  runs = collections.defaultdict(list)
  prior = os.path.join(work, "prior.tsv")
  if os.path.exists(prior):
    for line in open(prior):
      if line.strip() and not line.startswith("#"):
        target, minutes = line.split("\t")[:2]
        runs[target].append({"cpu": float(minutes) * 60, "wall": 0, "execs": 0, "status": "prior"})
  log = os.path.join(work, "log.tsv")
  if os.path.exists(log):
    for line in open(log):
      if line.startswith("#") or not line.strip():
        continue
      f = line.rstrip("\n").split("\t")
      runs[f[1]].append({"when": f[0], "cpu": float(f[2]), "wall": float(f[3]), "execs": int(f[4]),
                         "edges": f[5], "features": f[6], "corpus": f[7], "status": f[8]})
  return runs


def last_stats(text):
  """Executions and the last coverage line of a libFuzzer log."""
  execs = 0
  m = re.findall(r"stat::number_of_executed_units:\s*(\d+)", text)
  if m:
    execs = int(m[-1])
  edges = features = corpus = "-"
  for line in text.splitlines():
    c = re.search(r"cov: (\d+) ft: (\d+) corp: (\d+)", line)
    if c:
      edges, features, corpus = c.groups()
  if not execs:
    runs = re.findall(r"^#(\d+)", text, re.M)
    if runs:
      execs = int(runs[-1])
  return execs, edges, features, corpus


def finding(code, text):
  if code == 0:
    return "ok"
  for pattern, name in (("ERROR: AddressSanitizer", "asan"), ("runtime error:", "ubsan"),
                        ("ERROR: LeakSanitizer", "leak"), ("libFuzzer: timeout", "timeout"),
                        ("out-of-memory", "oom"), ("deadly signal", "crash"),
                        ("run interrupted", "interrupted")):
    if pattern in text:
      return name
  return "exit%d" % code


class Run:
  def __init__(self, args, target, seconds):
    self.target = target
    self.started = time.time()
    stamp = datetime.datetime.utcnow().strftime("%Y%m%dT%H%M%S")
    corpus = os.path.join(args.work, "corpus", target)
    os.makedirs(corpus, exist_ok=True)
    self.log_path = os.path.join(args.work, "logs", "%s-%s.log" % (target, stamp))
    cmd = [os.path.join(args.build, "fuzz", "fuzz_" + target), "-max_total_time=%d" % seconds,
           "-rss_limit_mb=2048", "-timeout=10", "-print_final_stats=1",
           "-artifact_prefix=" + os.path.join(args.work, "artifacts", target + "-")]
    dict_path = os.path.join(ROOT, "fuzz", target + ".dict")
    if os.path.exists(dict_path):
      cmd.append("-dict=" + dict_path)
    cmd += [corpus, os.path.join(ROOT, "fuzz", "corpus", target)]
    nice = args.nice
    self.out = open(self.log_path, "w")
    self.proc = subprocess.Popen(cmd, stdout=self.out, stderr=subprocess.STDOUT,
                                 preexec_fn=(lambda: os.nice(nice)) if nice else None)


def record(args, run, status_code, usage):
  run.out.close()
  text = open(run.log_path, errors="replace").read()
  execs, edges, features, corpus = last_stats(text)
  cpu = usage.ru_utime + usage.ru_stime
  wall = time.time() - run.started
  status = finding(status_code, text)
  when = datetime.datetime.utcnow().strftime("%Y-%m-%dT%H:%M:%S")
  with open(os.path.join(args.work, "log.tsv"), "a") as log:
    log.write("\t".join([when, run.target, "%.1f" % cpu, "%.1f" % wall, str(execs), edges,
                         features, corpus, status]) + "\n")
  print("%s %-16s %7.1f CPU s %7.1f wall s %11d runs cov %s ft %s corp %s  %s"
        % (when, run.target, cpu, wall, execs, edges, features, corpus, status), flush=True)
  return status


def report(args, names):
  runs = read_log(args.work)
  # "runs" counts the logged runs; "credited" is prior.tsv's time from before the log, whose
  # executions and coverage were not recorded.
  print("| target | runs | credited min | CPU min | executions | coverage (edges) / features / corpus | findings |")
  print("| --- | --- | --- | --- | --- | --- | --- |")
  total = 0.0
  for t in names:
    rs = runs.get(t, [])
    cpu = sum(r["cpu"] for r in rs) / 60
    total += cpu
    logged = [r for r in rs if r["status"] != "prior"]
    credited = sum(r["cpu"] for r in rs if r["status"] == "prior") / 60
    execs = sum(r["execs"] for r in logged)
    last = logged[-1] if logged else None
    cov = "%s / %s / %s" % (last["edges"], last["features"], last["corpus"]) if last else "-"
    bad = [r["status"] for r in logged if r["status"] not in ("ok", "interrupted")]
    print("| %s | %d | %.1f | %.1f | %s | %s | %s |" % (t, len(logged), credited, cpu, format(execs, ","), cov,
                                                        ", ".join(bad) if bad else "0"))
  print("\nTotal: %.1f CPU-minutes over %d targets." % (total, len(names)))


def main():
  p = argparse.ArgumentParser(description=__doc__.split("\n")[0])
  p.add_argument("build")
  p.add_argument("work")
  p.add_argument("--minutes", type=float, default=30)
  p.add_argument("--jobs", type=int, default=2)
  p.add_argument("--chunk", type=float, default=20, help="longest single run, minutes")
  p.add_argument("--stop-at", help="UTC time (YYYY-MM-DDTHH:MM) after which no run continues")
  p.add_argument("--nice", type=int, default=0)
  p.add_argument("--only", help="comma-separated targets")
  p.add_argument("--report", action="store_true", help="print the per-target table and exit")
  args = p.parse_args()
  args.work = os.path.abspath(args.work)
  for sub in ("corpus", "artifacts", "logs"):
    os.makedirs(os.path.join(args.work, sub), exist_ok=True)
  names = targets(args.build)
  if args.only:
    names = [t for t in names if t in args.only.split(",")]
  if args.report:
    report(args, names)
    return 0
  stop_at = None
  if args.stop_at:
    stop_at = datetime.datetime.strptime(args.stop_at, "%Y-%m-%dT%H:%M").replace(
        tzinfo=datetime.timezone.utc).timestamp()

  running = {}  # pid -> Run
  halted = set()
  stopping = [False]

  def stop(signum, frame):
    stopping[0] = True
    for run in running.values():
      run.proc.send_signal(signal.SIGINT)
  signal.signal(signal.SIGTERM, stop)
  signal.signal(signal.SIGINT, stop)

  while True:
    now = time.time()
    if not stopping[0] and not (stop_at and now >= stop_at - 30):
      done = read_log(args.work)
      owed = []
      busy = {r.target for r in running.values()}
      for t in names:
        left = args.minutes * 60 - sum(r["cpu"] for r in done.get(t, []))
        if left > 0 and t not in busy and t not in halted:
          owed.append((left, t))
      owed.sort(reverse=True)
      while owed and len(running) < args.jobs:
        left, t = owed.pop(0)
        seconds = min(left * 1.02 + 5, args.chunk * 60)
        if stop_at:
          seconds = min(seconds, stop_at - now)
        run = Run(args, t, max(int(seconds), 10))
        running[run.proc.pid] = run
    if not running:
      break
    try:
      pid, status, usage = os.wait4(-1, 0)
    except ChildProcessError:
      break
    except InterruptedError:
      continue
    run = running.pop(pid, None)
    if run is None:
      continue
    code = os.waitstatus_to_exitcode(status)
    result = record(args, run, code, usage)
    if result not in ("ok", "interrupted"):
      halted.add(run.target)
  report(args, names)
  return 1 if halted else 0


if __name__ == "__main__":
  sys.exit(main())
