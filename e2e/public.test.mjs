// Browser tests of the public site: axe-core in Debian's headless Chromium (0 violations on
// every page type, in Dutch and English), keyboard-only search and navigation, and no
// Content-Security-Policy violations. Run with ./e2e/run (or `node --test e2e/`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { skip, start, axeSource } from './harness.mjs';

let browser, base, stop;

before(async () => {
  if (skip) return;
  ({ browser, base, stop } = await start({
    name: 'publicdemo', pkg: './internal/public/cmd/publicdemo', readyPath: '/', timeout: 20000, stdout: 'inherit',
    args: (addr, work) => ['--addr', addr, '--rate-limit', '500', '--bundle', join(work, 'bundle')],
  }));
});

after(async () => { if (stop) await stop(); });

const pages = [
  ['home', '/'], ['results', '/algoritmes?q=vertaling'], ['results with filters', '/algoritmes?status=In+gebruik&sort=name'],
  ['detail', '/algoritme/DEF-3F9K2M7Q'], ['detail with redactions', '/algoritme/DEF-7HX2P9LA'],
  ['detail with empty fields', '/algoritme/DEF-M2N7B4KD'], ['about', '/over'], ['accessibility', '/toegankelijkheid'],
  ['not found', '/bestaat-niet'],
];

async function openPage(path) {
  const context = await browser.newContext({ javaScriptEnabled: true });
  const page = await context.newPage();
  const cspErrors = [];
  page.on('console', (m) => { if (/Content Security Policy/i.test(m.text())) cspErrors.push(m.text()); });
  const res = await page.goto(base + path);
  return { context, page, res, cspErrors };
}

for (const lang of ['nl', 'en']) {
  for (const [name, path] of pages) {
    const url = lang === 'en' ? (path === '/' ? '/en' : '/en' + path) : path;
    test(`axe: ${name} (${lang}) ${url}`, { skip }, async () => {
      const { context, page, res, cspErrors } = await openPage(url);
      try {
        assert.equal(res.status(), name === 'not found' ? 404 : 200);
        assert.equal(await page.getAttribute('html', 'lang'), lang);
        // Runtime evaluation is not subject to the page's CSP, so axe runs without weakening it.
        await page.evaluate(axeSource);
        const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ['violations'] }));
        const summary = result.violations.map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.target.join(' ')).slice(0, 3).join(', ')}`);
        assert.deepEqual(summary, [], `axe violations on ${url}`);
        assert.deepEqual(cspErrors, [], 'CSP violations');
      } finally {
        await context.close();
      }
    });
  }
}

test('keyboard only: skip link, search, result, tabs', { skip }, async () => {
  const { context, page } = await openPage('/');
  try {
    await page.keyboard.press('Tab');
    assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
    assert.ok(await page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return r.left >= 0 && r.width > 0; }), 'skip link visible when focused');
    await page.keyboard.press('Enter');
    assert.ok(page.url().endsWith('#inhoud'));
    // Tab to the search field.
    let found = false;
    for (let i = 0; i < 25 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement.id === 'zoek-q');
    }
    assert.ok(found, 'search field reachable by Tab');
    await page.keyboard.type('onderhoud');
    await Promise.all([page.waitForURL(/\/algoritmes\?q=onderhoud/), page.keyboard.press('Enter')]);
    assert.match(await page.textContent('h1'), /onderhoud/);
    // Tab to the first result and open it.
    found = false;
    for (let i = 0; i < 60 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => !!document.activeElement.closest('.result-list'));
    }
    assert.ok(found, 'result link reachable by Tab');
    await Promise.all([page.waitForURL(/\/algoritme\//), page.keyboard.press('Enter')]);
    assert.match(await page.textContent('h1'), /Onderhoudsvoorspelling/);
    // The tab navigation works with the keyboard and without script.
    found = false;
    for (let i = 0; i < 30 && !found; i++) {
      await page.keyboard.press('Tab');
      found = await page.evaluate(() => document.activeElement.getAttribute('href') === '#tab-werking');
    }
    assert.ok(found, 'tab link reachable by Tab');
    await page.keyboard.press('Enter');
    assert.ok(page.url().endsWith('#tab-werking'));
  } finally {
    await context.close();
  }
});

test('works without JavaScript: filter form', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  try {
    await page.goto(base + '/algoritmes');
    await page.check('input[name="status"][value="In ontwikkeling"]');
    await Promise.all([page.waitForURL(/status=In\+ontwikkeling/), page.click('.filters button[type="submit"]')]);
    assert.match(await page.textContent('.results-count'), /^1 /);
    await page.goto(base + '/en/algoritme/DEF-3F9K2M7Q');
    await page.click('a[href="#tab-metadata"]');
    assert.ok(page.url().endsWith('#tab-metadata'));
  } finally {
    await context.close();
  }
});
