// Cross-checks the corpus with an independent implementation: mailauth (npm, 4.9.x on Node 20)
// verifies DKIM, SPF, DMARC and ARC of every NAME.eml against corpus.zone and the result is
// compared with NAME.expected.json's "authentication". Not part of CI; run by hand:
//
//   mkdir -p /tmp/ma && (cd /tmp/ma && npm install mailauth@4.9)
//   NODE_PATH=/tmp/ma/node_modules node tests/corpus/crosscheck_mailauth.js
//
// Known, explained differences are listed in KNOWN below; anything else is reported.
'use strict';
const fs = require('fs');
const path = require('path');
const { authenticate } = require('mailauth');

const dir = __dirname;
const KNOWN = {
  // mailauth (like Gmail) reports a body-hash mismatch as "neutral"; RFC 6376 6.1.3 calls it a
  // PERMFAIL and kakunin and dkimpy report "fail".
  'amazon_jp_forged_dkim_body_altered': 'dkim neutral for body hash',
  'amazon_jp_forwarded_arc': 'dkim neutral for body hash',
  'mailing_list_post': 'dkim neutral for body hash',
  // mailauth skips DMARC for a message with two From fields; kakunin checks each From domain.
  'paypal_from_injected': 'dmarc none with two From fields',
};

// TXT records of a BIND master file as written by make_corpus.py (absolute names, one record
// per line or parenthesised over several lines).
function readZone(file) {
  const txt = {};
  const text = fs.readFileSync(file, 'utf8').replace(/\(([^)]*)\)/g, (m, inner) => inner.replace(/\n/g, ' '));
  for (const line of text.split('\n')) {
    const m = line.match(/^(\S+)\.\s+\d+\s+IN\s+TXT\s+(.*)$/);
    if (!m) continue;
    const value = [...m[2].matchAll(/"([^"]*)"/g)].map(x => x[1]).join('');
    (txt[m[1].toLowerCase()] = txt[m[1].toLowerCase()] || []).push(value);
  }
  return txt;
}

const zone = readZone(path.join(dir, 'corpus.zone'));
const resolver = async (name, rr) => {
  name = name.toLowerCase().replace(/\.$/, '');
  if (rr === 'TXT' && zone[name]) return zone[name].map(s => [s]);
  const e = new Error(`no ${rr} for ${name}`);
  e.code = zone[name] ? 'ENODATA' : 'ENOTFOUND';
  throw e;
};

(async () => {
  let n = 0, known = 0, unexpected = 0;
  for (const f of fs.readdirSync(dir).filter(f => f.endsWith('.eml')).sort()) {
    const name = f.replace(/\.eml$/, '');
    const raw = fs.readFileSync(path.join(dir, f));
    const want = JSON.parse(fs.readFileSync(path.join(dir, name + '.expected.json'))).authentication;
    const head = raw.toString('latin1').split('\r\n\r\n')[0];
    const hop = head.match(/Received: from (\S+) \(\S+ \[([0-9.]+)\]\)\r\n\tby mx\.example\.net/);
    const rp = head.match(/^Return-Path: <([^>]*)>/m);
    const res = await authenticate(raw, {
      ip: hop[2], helo: hop[1], sender: rp[1], mta: 'mx.example.net', resolver,
      trustReceived: false, disableBimi: true,
    });
    const got = {
      dkim: res.dkim.results.map(r => r.status.result).filter(r => r !== 'none'),
      spf: res.spf.status.result,
      dmarc: res.dmarc ? res.dmarc.status.result : 'none',
      arc: res.arc ? res.arc.status.result : 'none',
    };
    const problems = [];
    const dkimOk = got.dkim.length === want.dkim.length &&
        got.dkim.every((r, i) => r === want.dkim[i] || (want.dkim[i] === 'permerror' && r === 'neutral'));
    if (!dkimOk) problems.push(`dkim ${got.dkim} (expected ${want.dkim})`);
    for (const k of ['spf', 'dmarc']) if (k in want && got[k] !== want[k]) problems.push(`${k} ${got[k]} (expected ${want[k]})`);
    if (got.arc !== want.arc) problems.push(`arc ${got.arc} (expected ${want.arc})`);
    n++;
    if (!problems.length) continue;
    if (KNOWN[name]) { known++; console.log(`known    ${name}: ${problems.join('; ')} -- ${KNOWN[name]}`); }
    else { unexpected++; console.log(`MISMATCH ${name}: ${problems.join('; ')}`); }
  }
  console.log(`${n} messages: ${n - known - unexpected} agree with mailauth, ${known} known differences, ${unexpected} unexpected`);
  process.exit(unexpected ? 1 : 0);
})();
