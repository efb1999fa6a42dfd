// End-to-end test of kakunind's HTML pages in headless Chromium (Debian's /usr/bin/chromium)
// driven by playwright-core. Run by e2e_test.cc:
//   node e2e.mjs KAKUNIND_BINARY ARTIFACTS_DIR
// It starts kakunind on a free loopback port with a temporary data directory and, in English
// and in Japanese (browser locale, so Accept-Language picks the language), walks a person's
// whole story: sign up, read the code from kakunind's Maildir outbox, verify, set up an
// authenticator app from the shown key (RFC 6238 computed here with node:crypto), sign out and
// in with an app code, with a recovery code, reset the password. It checks the security headers,
// labels and announcements on every page, that a form posted from another site is refused, that
// no code or password appeared in any URL and that no page violated its Content-Security-Policy.
// A screenshot of every page goes to ARTIFACTS_DIR.
import { spawn } from 'node:child_process';
import { createHmac } from 'node:crypto';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [kakunind, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });
const started = Date.now();

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

// --- kakunind ---------------------------------------------------------------------------------

const dataRoot = mkdtempSync(path.join(os.tmpdir(), 'kakunind-pages-'));
const dataDir = path.join(dataRoot, 'data');
const config = path.join(dataRoot, 'kakunind.toml');
// Message limits off: one address gets several mails in a few seconds here. Cheap Argon2id.
writeFileSync(config, `
[resend]
address_min_interval_seconds = 0
address_per_hour = 0
ip_per_hour = 0
[passwords]
argon2_opslimit = 1
argon2_memlimit_kib = 8192
[dkim]
enabled = false
`);

function startServer() {
  const child = spawn(kakunind, ['--config', config, '--listen', '127.0.0.1:0', '--data-dir', dataDir],
    { stdio: ['ignore', 'pipe', 'inherit'] });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('kakunind did not start: ' + out)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/listening on (127\.0\.0\.1:\d+)/);
      if (m) { clearTimeout(timer); resolve({ child, base: `http://${m[1]}` }); }
    });
    child.on('exit', (code) => reject(new Error(`kakunind exited with ${code}: ${out}`)));
  });
}

// --- The outbox (Maildir new/, one mail per file; the text part is base64) --------------------

function mailsTo(address) {
  const dir = path.join(dataDir, 'outbox', 'new');
  let names = [];
  try { names = readdirSync(dir).sort(); } catch { return []; }
  const out = [];
  for (const name of names) {
    const raw = readFileSync(path.join(dir, name), 'latin1');
    const to = raw.match(/\r\nTo: <([^>]*)>/);
    if (!to || to[1] !== address) continue;
    const at = raw.indexOf('Content-Transfer-Encoding: base64\r\n\r\n');
    const text = at < 0 ? '' : Buffer.from(raw.slice(at + 37, raw.indexOf('--', at + 37)).replace(/\s/g, ''), 'base64').toString('utf8');
    out.push({ name, text });
  }
  return out;
}

// Waits for a mail to `address` that was not there in `before` and that carries a code.
async function newCode(address, before) {
  const seen = new Set(before.map((m) => m.name));
  for (let i = 0; i < 100; i++) {
    for (const m of mailsTo(address)) {
      const code = m.text.match(/(?:^|\s)(\d{6,10})(?:\s|$|[(\uff08])/);
      if (!seen.has(m.name) && code) return code[1];
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`no code for ${address}`);
}

// --- RFC 6238 TOTP (SHA-1, 6 digits, 30 s), RFC 4648 base32 -----------------------------------

function base32Decode(text) {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0, value = 0;
  const out = [];
  for (const ch of text.replace(/[\s=]/g, '').toUpperCase()) {
    const i = alphabet.indexOf(ch);
    if (i < 0) throw new Error(`not base32: ${ch}`);
    value = ((value << 5) | i) & 0xffff;
    bits += 5;
    if (bits >= 8) { out.push((value >>> (bits - 8)) & 0xff); bits -= 8; }
  }
  return Buffer.from(out);
}

function totp(key, step) {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', key).update(counter).digest();
  const o = h[h.length - 1] & 0x0f;
  const n = ((h[o] & 0x7f) << 24) | (h[o + 1] << 16) | (h[o + 2] << 8) | h[o + 3];
  return String(n % 1000000).padStart(6, '0');
}
// RFC 6238 appendix B: the SHA-1 vector at T = 59 s with the 20-byte ASCII key.
check(totp(Buffer.from('12345678901234567890'), 1) === '287082', 'TOTP helper matches RFC 6238 (59 s -> 94287082)');
const nowStep = () => Math.floor(Date.now() / 30000);

// --- The browser ------------------------------------------------------------------------------

const { child, base } = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
const secrets = new Set();   // Codes and passwords typed: none may appear in a URL.
const urls = [];             // Every URL the browser asked for.
const cspViolations = [];

async function newPage(locale) {
  const context = await browser.newContext({ locale, viewport: { width: 900, height: 900 } });
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.origin === base || u.hostname === 'evil.test') return route.fallback();
    return route.abort();  // Nothing may leave for anywhere else.
  });
  const page = await context.newPage();
  page.on('request', (r) => urls.push(r.url()));
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });
  return page;
}

// Checks what every page must have, then saves its screenshot.
async function snap(page, name, lang) {
  const a11y = await page.evaluate(() => ({
    lang: document.documentElement.lang,
    h1: document.querySelectorAll('h1').length,
    unlabelled: [...document.querySelectorAll('input:not([type=hidden])')].filter((i) => i.labels.length === 0).map((i) => i.id),
    scripts: document.querySelectorAll('script').length,
  }));
  check(a11y.lang === lang && a11y.h1 === 1 && a11y.unlabelled.length === 0 && a11y.scripts === 0,
    `${name}: lang=${lang}, one h1, every input labelled, no script (${JSON.stringify(a11y)})`);
  await page.screenshot({ path: path.join(artifacts, `${name}.png`), fullPage: true });
}

async function submit(page, selector, urlPart) {
  const [response] = await Promise.all([page.waitForNavigation(), page.click(selector)]);
  if (urlPart) check(page.url().includes(urlPart), `after ${selector}: at ${urlPart} (${page.url()})`);
  return response;
}

async function type(page, selector, value) {
  secrets.add(value);
  await page.fill(selector, value);
}

const text = {
  en: { created: 'Create an account', wrong: 'The code is wrong or has expired.', left: 'Recovery codes left: 9.',
    changed: 'Your password has been changed', signedOut: 'You have signed out.', app: 'Authenticator app' },
  ja: { created: 'アカウント作成', wrong: 'コードが違うか、有効期限が切れています。', left: '残りのリカバリーコード: 9 個。',
    changed: 'パスワードを変更し', signedOut: 'ログアウトしました。', app: '認証アプリ' },
};

async function story(lang) {
  const t = text[lang];
  const email = `alice-${lang}@example.com`;
  const password = `correct horse battery staple ${lang}`;
  const newPassword = `a different long passphrase ${lang} 2`;
  const page = await newPage(lang === 'ja' ? 'ja-JP' : 'en-US');

  // Sign-up: the browser's language picks the page's.
  const first = await page.goto(`${base}/signup`);
  const h = first.headers();
  check((h['content-security-policy'] || '').includes("default-src 'none'") &&
    (h['content-security-policy'] || '').includes("frame-ancestors 'none'"), `${lang}: CSP without script, no framing`);
  check(h['x-frame-options'] === 'DENY' && h['cache-control'] === 'no-store' && h['x-content-type-options'] === 'nosniff',
    `${lang}: X-Frame-Options DENY, no-store, nosniff`);
  check((await page.locator('h1').innerText()) === t.created, `${lang}: sign-up page in ${lang}`);
  check(await page.locator('#email[autocomplete=email]').count() === 1 &&
    await page.locator('#password[autocomplete=new-password]').count() === 1, `${lang}: sign-up autocomplete hints`);
  await snap(page, `signup-${lang}`, lang);
  await type(page, '#email', email);
  await type(page, '#password', password);
  let before = mailsTo(email);
  await submit(page, '#submit', '/verify');
  const code = await newCode(email, before);
  check(await page.locator('#code[autocomplete=one-time-code][inputmode=numeric]').count() === 1,
    `${lang}: code field has one-time-code and numeric hints`);
  await snap(page, `verify-${lang}`, lang);

  // A wrong code is announced; the right one signs in.
  await type(page, '#code', code === '000000' ? '111111' : '000000');
  await submit(page, '#submit');
  check((await page.locator('[role=alert]').innerText()) === t.wrong, `${lang}: wrong code announced (role=alert)`);
  check(await page.locator('#code[aria-invalid=true]').count() === 1, `${lang}: code field marked invalid`);
  await snap(page, `verify-error-${lang}`, lang);
  await type(page, '#code', code);
  await submit(page, '#submit', '/account');
  check((await page.locator('#me-email').innerText()) === email, `${lang}: account page shows the address`);
  check(await page.locator('#sessions tbody tr').count() === 1, `${lang}: one session listed`);
  await snap(page, `account-${lang}`, lang);

  // Authenticator app: QR code inline, key as text, then the 10 recovery codes once.
  await type(page, '#password', password);
  await submit(page, '#submit-app');
  check(await page.locator('#qr svg path').count() === 1, `${lang}: QR code shown as inline SVG`);
  const key = base32Decode(await page.locator('#secret').innerText());
  check(key.length === 20, `${lang}: 160-bit key shown as base32 text`);
  await snap(page, `totp-enroll-${lang}`, lang);
  let step = nowStep();
  await type(page, '#code', totp(key, step));
  await submit(page, '#submit');
  const recovery = await page.locator('#recovery-codes code').allInnerTexts();
  check(recovery.length === 10 && recovery.every((c) => /^[a-z2-7]{5}-[a-z2-7]{5}$/.test(c)), `${lang}: 10 recovery codes shown`);
  recovery.forEach((c) => secrets.add(c));
  await snap(page, `recovery-codes-${lang}`, lang);
  await submit(page, '#done', '/account');
  check((await page.locator('#me-two-step').getAttribute('data-method')) === 'totp', `${lang}: 2-step is the app now`);

  // A form on another site that posts to us is refused (and changes nothing).
  await page.route('http://evil.test/**', (route) => route.fulfill({ contentType: 'text/html', body:
    `<!DOCTYPE html><form method="post" action="${base}/account/recovery-codes">` +
    `<input name="password" value="${password}"><input name="csrf" value="x"><button id="go">win</button></form>` }));
  await page.goto('http://evil.test/');
  const forged = await submit(page, '#go');
  check(forged.status() === 403, `${lang}: cross-site form post refused with 403 (got ${forged.status()})`);
  check(await page.locator('[role=alert]').count() === 1, `${lang}: refusal explained`);
  await snap(page, `forbidden-${lang}`, lang);
  await page.goto(`${base}/account`);
  check((await page.locator('#me-two-step').getAttribute('data-method')) === 'totp' && page.url().includes('/account'),
    `${lang}: still signed in, nothing changed`);

  // Sign out, then in with an app code (the next time step: each step is accepted once).
  await submit(page, '#signout', '/signin');
  check((await page.locator('[role=status]').innerText()) === t.signedOut, `${lang}: signed-out notice`);
  check(await page.locator('#email[autocomplete=username]').count() === 1 &&
    await page.locator('#password[autocomplete=current-password]').count() === 1, `${lang}: sign-in autocomplete hints`);
  await snap(page, `signin-${lang}`, lang);
  await type(page, '#email', email);
  await type(page, '#password', password);
  await submit(page, '#submit', '/signin/code');
  await snap(page, `code-totp-${lang}`, lang);
  step += 1;
  await type(page, '#code', totp(key, step));
  await submit(page, '#submit', '/account');

  // Sign out, then in with a recovery code.
  await submit(page, '#signout', '/signin');
  await type(page, '#email', email);
  await type(page, '#password', password);
  await submit(page, '#submit', '/signin/code');
  await page.click('#use-recovery summary');
  await snap(page, `code-recovery-${lang}`, lang);
  await type(page, '#recovery-code', recovery[0]);
  await submit(page, '#recovery-submit', '/account');
  check((await page.locator('[role=status]').innerText()).endsWith(t.left), `${lang}: recovery code spent, 9 left`);
  await snap(page, `account-recovery-used-${lang}`, lang);
  await submit(page, '#signout', '/signin');

  // Password reset: code by mail, new password, every session ended.
  await page.goto(`${base}/reset`);
  await snap(page, `reset-${lang}`, lang);
  await type(page, '#email', email);
  before = mailsTo(email);
  await submit(page, '#submit', '/reset/confirm');
  const resetCode = await newCode(email, before);
  await snap(page, `reset-confirm-${lang}`, lang);
  await type(page, '#code', resetCode);
  await type(page, '#new-password', newPassword);
  await submit(page, '#submit', '/signin');
  check((await page.locator('[role=status]').innerText()).startsWith(t.changed), `${lang}: password changed notice`);
  await type(page, '#email', email);
  await type(page, '#password', password);
  await submit(page, '#submit');
  check(page.url().includes('/signin') && await page.locator('[role=alert]').count() === 1, `${lang}: old password refused`);
  await type(page, '#password', newPassword);
  await submit(page, '#submit', '/signin/code');
  await page.click('#use-recovery summary');
  await type(page, '#recovery-code', recovery[1]);
  await submit(page, '#recovery-submit', '/account');

  // The language switch.
  // A link: wait for the new page's load, not only for the click (the old page may still answer).
  const other = lang === 'ja' ? 'en' : 'ja';
  await submit(page, '#lang-switch', `lang=${other}`);
  check((await page.evaluate(() => document.documentElement.lang)) === other && page.url().endsWith(`lang=${other}`),
    `${lang}: language switch goes to ${other}`);
  check((await page.locator('#app-title').innerText()) === text[other].app, `${lang}: account page now in ${other}`);
  await snap(page, `account-switched-${other}`, other);
  await page.context().close();
}

try {
  await story('en');
  await story('ja');
  const leaked = urls.filter((u) => [...secrets].some((s) => s.length >= 6 && decodeURIComponent(u).includes(s)));
  check(leaked.length === 0, `no code or password in any of ${urls.length} URLs ${leaked.join(' ')}`);
  check(cspViolations.length === 0, `no Content-Security-Policy violation ${cspViolations.join(' | ')}`);
} catch (e) {
  failures.push(String(e.stack || e));
  console.log('FAIL', e.stack || e);
} finally {
  await browser.close();
  child.kill('SIGTERM');
  rmSync(dataRoot, { recursive: true, force: true });
}
console.log(`took ${((Date.now() - started) / 1000).toFixed(1)} s`);
if (failures.length) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
