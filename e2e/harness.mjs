// The browser tests' shared harness: Debian's Chromium through playwright-core, a built binary
// started on a free loopback port, axe-core. Without Chromium the tests are skipped, unless
// CI=true: then that is a failure.
import { spawn, execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { createRequire } from 'node:module';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';
import assert from 'node:assert/strict';

export const require = createRequire(import.meta.url);
export const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const chromiumPath = process.env.CHROMIUM || '/usr/bin/chromium';
const haveChromium = existsSync(chromiumPath);
if (!haveChromium && process.env.CI === 'true') {
  throw new Error(`Chromium not found at ${chromiumPath}; CI=true, so this is a failure (apt-get install -y chromium)`);
}
/** skip is the node:test skip option: false, or why the browser tests cannot run here. */
export const skip = haveChromium ? false : `Chromium not found at ${chromiumPath} (apt-get install -y chromium)`;

export const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

function freePort() {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.listen(0, '127.0.0.1', () => { const { port } = s.address(); s.close(() => resolve(port)); });
    s.on('error', reject);
  });
}

async function waitUp(url, ms) {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    try { const r = await fetch(url, { redirect: 'manual' }); if (r.status < 500) return; } catch { /* not yet */ }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`server did not come up at ${url}`);
}

/**
 * start builds pkg, runs it with args(addr, work) on a free loopback port, waits until readyPath
 * answers, and opens Chromium. It returns { base, browser, work, stop }.
 */
export async function start({ name, pkg, args, readyPath, timeout = 30000, stdout = 'ignore' }) {
  const work = mkdtempSync(join(tmpdir(), `algoreg-e2e-${name}-`));
  const bin = join(work, name);
  execFileSync('go', ['build', '-o', bin, pkg], { cwd: root, stdio: 'inherit' });
  const port = await freePort();
  const base = `http://127.0.0.1:${port}`;
  const server = spawn(bin, args(`127.0.0.1:${port}`, work), { stdio: ['ignore', stdout, 'inherit'] });
  await waitUp(base + readyPath, timeout);
  const { chromium } = require('playwright-core');
  const browser = await chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  const stop = async () => {
    await browser.close();
    server.kill('SIGTERM');
    rmSync(work, { recursive: true, force: true });
  };
  return { base, browser, work, stop };
}

// The password of every demo account (algoreg serve --demo).
export const demoPassword = 'demo-wachtwoord-2026';

// internalSession opens a browser context on the internal application at base, logged in as
// the demo user email, and collects Content-Security-Policy violations in csp.
export async function internalSession(browser, base, email, { lang = 'nl', viewport } = {}) {
  const context = await browser.newContext({ viewport: viewport || { width: 1280, height: 900 }, acceptDownloads: true });
  const page = await context.newPage();
  const csp = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) csp.push(m.text()); });
  if (lang === 'en') await page.goto(base + '/taal?lang=en&next=/inloggen');
  else await page.goto(base + '/inloggen');
  await page.fill('#email', email);
  await page.fill('#password', demoPassword);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/', 'login lands on the dashboard');
  return { context, page, csp };
}

// axeCheck runs axe-core on the page and fails on any violation.
export async function axeCheck(page, label) {
  await page.evaluate(axeSource);
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
  const summary = result.violations.map((v) => `${v.id}: ${v.nodes.length}× ${v.help} — ${v.nodes[0].target.join(' ')}`);
  assert.deepEqual(summary, [], `axe violations on ${label}`);
}

// firstDescriptionID returns the id of the first description the internal list shows for query.
export async function firstDescriptionID(page, base, query) {
  await page.goto(base + '/beschrijvingen?' + query);
  const href = await page.getAttribute('table a[href^="/beschrijvingen/"]', 'href');
  return href.split('/')[2];
}
