// End-to-end test of `kakunin web` in headless Chromium (Debian's /usr/bin/chromium) driven by
// playwright-core. Run by e2e_test.cc:
//   node e2e.mjs KAKUNIN_BINARY EXAMPLES_DIR ARTIFACTS_DIR
// It starts the server on a free loopback port (--listen 127.0.0.1:0, the address read from its
// first line), uploads the examples, checks the verdict banners, the link annotations (hover and
// keyboard focus), the security headers, that no request left 127.0.0.1 and that the page
// violated its own Content-Security-Policy nowhere; screenshots go to ARTIFACTS_DIR.
import { spawn } from 'node:child_process';
import { mkdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { chromium } from 'playwright-core';

const [kakunin, examples, artifacts] = process.argv.slice(2);
mkdirSync(artifacts, { recursive: true });

const failures = [];
function check(ok, what) {
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${what}`);
  if (!ok) failures.push(what);
}

function startServer() {
  const child = spawn(kakunin, ['web', '--listen', '127.0.0.1:0', '--dns-zone', path.join(examples, 'examples.zone'),
    '--now', '2026-11-28T01:00:00Z', '--lang', 'auto'], { stdio: ['ignore', 'pipe', 'inherit'],
    env: { ...process.env, XDG_CONFIG_HOME: artifacts, HOME: artifacts } });
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error('kakunin web did not start: ' + out)), 10000);
    child.stdout.on('data', (d) => {
      out += d;
      const m = out.match(/http:\/\/127\.0\.0\.1:\d+\//);
      if (m) { clearTimeout(timer); resolve({ child, url: m[0] }); }
    });
    child.on('exit', (code) => reject(new Error(`kakunin web exited with ${code}: ${out}`)));
  });
}

const { child, url } = await startServer();
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', headless: true });
try {
  const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 900 } });
  const outside = [];
  // Every request the page makes is looked at; anything not for our server is refused and counted.
  await context.route('**/*', (route) => {
    const u = new URL(route.request().url());
    if (u.hostname === '127.0.0.1' && u.origin === new URL(url).origin) return route.continue();
    outside.push(route.request().url());
    return route.abort();
  });
  const page = await context.newPage();
  const cspViolations = [];
  page.on('console', (m) => { if (/Content.Security.Policy|Refused to/i.test(m.text())) cspViolations.push(m.text()); });

  // The upload page and its headers.
  const first = await page.goto(url);
  const headers = first.headers();
  check(first.status() === 200, 'upload page answers 200');
  check((headers['content-security-policy'] || '').includes("default-src 'none'"), 'CSP default-src none');
  check((headers['content-security-policy'] || '').includes("frame-ancestors 'none'"), 'CSP frame-ancestors none');
  check(headers['x-content-type-options'] === 'nosniff', 'X-Content-Type-Options nosniff');
  check(headers['referrer-policy'] === 'no-referrer', 'Referrer-Policy no-referrer');
  check(await page.locator('#upload input[type=file]').count() === 1, 'upload form has a file input');
  await page.locator('#howto details').first().locator('summary').click();
  await page.screenshot({ path: path.join(artifacts, 'upload.png'), fullPage: true });

  async function upload(file, lang, shot) {
    await page.goto(`${url}?lang=${lang}`);
    await page.setInputFiles('#file', path.join(examples, file));
    await Promise.all([page.waitForURL(`${url}inspect`), page.click('#check')]);
    await page.screenshot({ path: path.join(artifacts, shot), fullPage: true });
    return page.locator('#verdict').getAttribute('data-verdict');
  }

  // Genuine: the banner says so, links to Amazon's own site are marked as such.
  check(await upload('amazon-security-code.eml', 'en', 'genuine-en.png') === 'genuine', 'genuine mail: genuine banner');
  check((await page.locator('#verdict h1').innerText()).includes('really comes from Amazon'), 'genuine banner in plain words');
  check(await page.locator('#mail .link-brand').count() >= 1, 'genuine mail: link marked as the brand\'s own site');
  check(await page.locator('#official a[href="https://amazon.jp/2SV"][rel="noopener noreferrer"]').count() === 1,
    'official 2-step page is a real link with noopener noreferrer');
  check(await page.locator('#mail a').count() === 0, 'genuine mail: no clickable link inside the mail');

  // Phishing, in Japanese: deceptive links marked, hover and keyboard focus show the destination.
  check(await upload('phishing-amazon.eml', 'ja', 'phishing-ja.png') === 'phishing', 'phishing mail: phishing banner');
  check((await page.locator('html').getAttribute('lang')) === 'ja', 'phishing page in Japanese');
  check((await page.locator('#verdict h1').innerText()).includes('フィッシング'), 'Japanese banner says フィッシング');
  const deceptive = page.locator('#mail .mail-html .link-deceptive');
  check(await deceptive.count() === 2, 'both HTML links marked deceptive');
  const first_link = deceptive.first();
  check(await first_link.getAttribute('data-dest') === 'amazon.co.jp.account-verify.example', 'annotation names the real host');
  check((await first_link.getAttribute('title')).includes('account-verify.example'), 'title attribute tells the real destination');
  const pop = first_link.locator('.link-pop');
  check(!(await pop.isVisible()), 'pop-up hidden before hover');
  await first_link.hover();
  check(await pop.isVisible(), 'pop-up shown on hover');
  check((await pop.innerText()).includes('account-verify.example'), 'pop-up shows where the link really goes');
  await page.screenshot({ path: path.join(artifacts, 'phishing-ja-hover.png') });
  await page.mouse.move(0, 0);
  await page.keyboard.press('Tab');
  let focused = '';
  for (let i = 0; i < 40 && !focused.includes('link-deceptive'); ++i) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement?.className || '');
  }
  check(focused.includes('link-deceptive'), 'deceptive link reachable with the keyboard');
  check(await page.locator('.link-deceptive:focus .link-pop').isVisible(), 'pop-up shown on keyboard focus');
  check(await page.locator('#mail a').count() === 0, 'phishing mail: no clickable link inside the mail');
  const before = page.url();
  await first_link.click();
  check(page.url() === before, 'clicking a mail link goes nowhere');
  check(await page.locator('#actions a[href="mailto:reportascam@amazon.com"]').count() >= 1, 'report address from the registry');

  // The language switch re-posts the same mail.
  await Promise.all([page.waitForURL(`${url}inspect`), page.click('#lang-switch')]);
  check((await page.locator('html').getAttribute('lang')) === 'en', 'language switch gives English');
  check(await page.locator('#verdict').getAttribute('data-verdict') === 'phishing', 'same verdict after the switch');

  // Newsletter: no brand, nothing deceptive; paste instead of upload.
  await page.goto(`${url}?lang=en`);
  await page.fill('#source', readFileSync(path.join(examples, 'newsletter.eml'), 'utf8'));
  await Promise.all([page.waitForURL(`${url}inspect`), page.click('#check')]);
  await page.screenshot({ path: path.join(artifacts, 'newsletter-en.png'), fullPage: true });
  check(await page.locator('#verdict').getAttribute('data-verdict') === 'unknown', 'newsletter: unknown banner');
  check(await page.locator('#mail .link').count() >= 2, 'newsletter links annotated');
  check(await page.locator('#mail .link-deceptive').count() === 0, 'newsletter: no link marked deceptive');
  check(await page.locator('#attachments li').count() === 1, 'newsletter attachment listed');

  // The SMS tab, when this build has it.
  await page.goto(`${url}?lang=ja`);
  if (await page.locator('#tab-sms').count() === 1) {
    await page.click('#tab-sms');
    await page.fill('#sender', 'Amazon');
    await page.fill('#text', '【Amazon】お客様のアカウントを一時停止しました。http://amazon-co-jp.example/login から本人確認してください');
    await Promise.all([page.waitForURL(`${url}sms`), page.click('#check')]);
    await page.screenshot({ path: path.join(artifacts, 'sms-ja.png'), fullPage: true });
    check(await page.locator('#verdict').getAttribute('data-verdict') === 'phishing', 'SMS: phishing banner');
    check(await page.locator('#mail .link[data-dest="amazon-co-jp.example"]').count() === 1, 'SMS: link annotated');
    check(await page.locator('#mail a').count() === 0, 'SMS: no clickable link in the message');
  }

  check(outside.length === 0, `no request left 127.0.0.1 (${outside.join(', ')})`);
  check(cspViolations.length === 0, `no CSP violation (${cspViolations.join(' | ')})`);
} finally {
  await browser.close();
  child.kill('SIGTERM');
}
if (failures.length > 0) {
  console.log(`${failures.length} check(s) failed`);
  process.exit(1);
}
console.log('all checks passed');
