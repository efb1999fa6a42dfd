// Differential check of kakunin's URL parser against Node's built-in WHATWG URL (ada in Node 20).
// Usage: node node_differential.js CASES.jsonl
// Each input line: {"input": s, "base": s|null, "ok": bool, "hostname": s, "port": s, "href": s}
// (kakunin's answer). Prints one JSON object: counts and the disagreements. No npm packages.
'use strict';
const fs = require('fs');

const lines = fs.readFileSync(process.argv[2], 'utf8').split('\n').filter((l) => l.length > 0);
const out = {
  node: process.version,
  ada: process.versions.ada || '',
  icu: process.versions.icu || '',
  total: 0, both_ok: 0, both_fail: 0, href_equal: 0,
  host_mismatch: [], failure_mismatch: [], port_mismatch: [],
};
for (const line of lines) {
  const c = JSON.parse(line);
  out.total++;
  let u = null;
  try {
    u = c.base === null ? new URL(c.input) : new URL(c.input, c.base);
  } catch (e) {
    u = null;
  }
  const nodeOk = u !== null;
  if (nodeOk !== c.ok) {
    out.failure_mismatch.push({input: c.input, base: c.base, kakunin: c.ok ? c.href : 'failure',
                               node: nodeOk ? u.href : 'failure'});
    continue;
  }
  if (!nodeOk) { out.both_fail++; continue; }
  out.both_ok++;
  if (u.hostname !== c.hostname) {
    out.host_mismatch.push({input: c.input, base: c.base, kakunin: c.hostname, node: u.hostname});
  }
  if (u.port !== c.port) out.port_mismatch.push({input: c.input, kakunin: c.port, node: u.port});
  if (u.href === c.href) out.href_equal++;
}
process.stdout.write(JSON.stringify(out) + '\n');
