// Browser tests of the internal application (algoreg serve --demo): axe-core in Debian's
// headless Chromium on every page type, no Content-Security-Policy violations, and the
// keyboard-only walk through create → validation error → fix → submit → return with a
// comment (coordinator) → resubmit → history. SCREENSHOTS=1 also writes docs/img/form.png and
// docs/img/dashboard.png. Run with ./e2e/run (or `node --test e2e/`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { skip, start, root, internalSession, axeCheck, firstDescriptionID, demoPassword as password } from './harness.mjs';


let browser, base, stop;

before(async () => {
  if (skip) return;
  ({ browser, base, stop } = await start({
    name: 'internal', pkg: './cmd/algoreg', readyPath: '/inloggen',
    args: (addr, dir) => ['serve', '--demo', '--db', 'sqlite:' + join(dir, 'algoreg.db'), '--addr', addr],
  }));
});

after(async () => { if (stop) await stop(); });


const session = (email, opts) => internalSession(browser, base, email, opts);
const axe = axeCheck;
const firstID = (page, query) => firstDescriptionID(page, base, query);

test('axe: login page (nl, en)', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  for (const path of ['/inloggen', '/taal?lang=en&next=/inloggen']) {
    const res = await page.goto(base + path);
    assert.equal(res.status(), 200);
    await axe(page, path);
  }
  await context.close();
});

for (const lang of ['nl', 'en']) {
  test(`axe: every page type as administrator (${lang})`, { skip }, async () => {
    const { context, page, csp } = await session('beheerder@demo.mindef.nl', { lang });
    const id = await firstID(page, 'q=DefGPT');
    const pages = ['/', '/beschrijvingen', '/beschrijvingen?q=vertaling&sort=name', '/beschrijvingen?state=concept&page=1',
      '/beschrijvingen/nieuw', `/beschrijvingen/${id}`, `/beschrijvingen/${id}/bewerken`, `/beschrijvingen/${id}/geschiedenis`,
      `/beschrijvingen/${id}/classificatie`, `/beschrijvingen/${id}/beoordeling`, '/inventarisatie', '/importeren', '/gebruikers', '/gebruikers/wijzigen?email=redacteur@demo.mindef.nl',
      '/bestaat-niet'];
    for (const p of pages) {
      const res = await page.goto(base + p);
      assert.ok(res.status() === 200 || p === '/bestaat-niet', `${p}: ${res.status()}`);
      await axe(page, p);
      assert.match(await page.textContent('header .marking'), /ONGERUBRICEERD|VERTROUWELIJK|CONFIDENTIEEL|GEHEIM/);
      assert.equal(await page.textContent('header .marking'), await page.textContent('footer .marking'));
    }
    // The form with errors, and a round.
    await page.goto(base + '/beschrijvingen/nieuw');
    await page.fill('#f-name', '');
    await page.fill('#f-begin_date', 'maart');
    await Promise.all([page.waitForNavigation(), page.click('.form-actions button[type=submit]')]);
    assert.ok(await page.isVisible('.error-summary'));
    await axe(page, 'form with errors');
    await page.goto(base + '/inventarisatie');
    await page.fill('#year', '2031');
    await Promise.all([page.waitForNavigation(), page.click('form.form-inline button')]);
    await axe(page, 'round');
    assert.deepEqual(csp, [], 'no CSP violations');
    await context.close();
  });
}

test('keyboard only: create → error → fix → submit; coordinator returns; resubmit; history', { skip }, async () => {
  const admin = await session('beheerder@demo.mindef.nl');
  const page = admin.page;
  await page.goto(base + '/beschrijvingen/nieuw');
  // Tab from the top of the page to the name field: the skip link first, then into the form.
  await page.keyboard.press('Tab');
  assert.equal(await page.evaluate(() => document.activeElement.className), 'skip-link');
  await page.keyboard.press('Enter');
  await page.focus('#f-name');
  await page.keyboard.type('Voorspelling onderhoud patrouilleboten');
  await page.focus('#f-description_short');
  await page.keyboard.type('Voorspelt wanneer onderdelen van patrouilleboten onderhoud nodig hebben.');
  await page.focus('#f-unit');
  await page.selectOption('#f-unit', 'KMAR');
  await page.focus('#f-begin_date');
  await page.keyboard.type('2024-13'); // not a month
  await page.focus('.form-actions button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.error-summary'), /Begindatum|begin/i);
  assert.match(await page.textContent('#f-begin_date-error'), /geen geldige maand/);
  assert.equal(await page.inputValue('#f-name'), 'Voorspelling onderhoud patrouilleboten', 'input kept after an error');
  await page.fill('#f-begin_date', '');
  await page.focus('#f-begin_date');
  await page.keyboard.type('2024-03');
  for (const [sel, val] of [['#f-status', 'In gebruik'], ['#f-publication_category', 'Overige algoritmes']]) {
    await page.focus(sel);
    await page.selectOption(sel, val);
  }
  await page.focus('#f-contact_email');
  await page.keyboard.type('https://www.defensie.nl/contact');
  await page.focus('.form-actions button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(page.url(), /\/beschrijvingen\/[a-z2-7]{16}\?ok=created$/);
  const id = new URL(page.url()).pathname.split('/')[2];
  assert.match(await page.textContent('[role=status]'), /aangemaakt/);
  await page.focus('button[value=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('.meta-grid'), /ingediend/);
  await admin.context.close();

  const coord = await session('coordinator@demo.mindef.nl');
  await coord.page.goto(base + '/beschrijvingen/' + id);
  await coord.page.focus('#comment');
  await coord.page.keyboard.type('Vul de wettelijke grondslag aan.');
  await coord.page.focus('button[value=return]');
  await Promise.all([coord.page.waitForNavigation(), coord.page.keyboard.press('Enter')]);
  assert.match(await coord.page.textContent('.meta-grid'), /concept/);
  await coord.context.close();

  const again = await session('beheerder@demo.mindef.nl');
  await again.page.goto(base + '/beschrijvingen/' + id);
  assert.match(await again.page.textContent('.returned'), /Vul de wettelijke grondslag aan\./);
  await again.page.goto(base + '/beschrijvingen/' + id + '/bewerken');
  await again.page.focus('#f-lawful_basis');
  await again.page.keyboard.type('Wet op de Koninklijke marechaussee.');
  await again.page.focus('.form-actions button[type=submit]');
  await Promise.all([again.page.waitForNavigation(), again.page.keyboard.press('Enter')]);
  await again.page.focus('button[value=submit]');
  await Promise.all([again.page.waitForNavigation(), again.page.keyboard.press('Enter')]);
  assert.match(await again.page.textContent('.meta-grid'), /ingediend/);
  await again.page.goto(base + '/beschrijvingen/' + id + '/geschiedenis');
  assert.match(await again.page.textContent('.diff'), /Wet op de Koninklijke marechaussee/);
  assert.equal(await again.page.locator('.diff ins').count() > 0, true);
  await axe(again.page, 'history with a difference');
  await again.context.close();
});

test('list fields get more rows without JavaScript', { skip }, async () => {
  const context = await browser.newContext({ javaScriptEnabled: false });
  const page = await context.newPage();
  await page.goto(base + '/inloggen');
  await page.fill('#email', 'beheerder@demo.mindef.nl');
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  await page.goto(base + '/beschrijvingen/nieuw');
  const before = await page.locator('#f-lawful_basis_grouping [data-row]').count();
  await page.fill('#f-name', 'Zonder script');
  await Promise.all([page.waitForNavigation(), page.click('#f-lawful_basis_grouping [data-more]')]);
  assert.equal(await page.locator('#f-lawful_basis_grouping [data-row]').count(), before + 3);
  assert.equal(await page.inputValue('#f-name'), 'Zonder script');
  await context.close();
});

test('screenshots of the form and the dashboard', { skip: skip || (process.env.SCREENSHOTS ? false : 'set SCREENSHOTS=1') }, async () => {
  const s = await session('coordinator@demo.mindef.nl', { viewport: { width: 1280, height: 1000 } });
  await s.page.screenshot({ path: join(root, 'docs/img/dashboard.png') });
  const id = await firstID(s.page, 'unit=KMAR&sort=name');
  await s.page.goto(base + '/beschrijvingen/' + id + '/bewerken');
  await s.page.fill('#f-begin_date', '2024-3');
  await Promise.all([s.page.waitForNavigation(), s.page.click('.form-actions button[type=submit]')]);
  await s.page.screenshot({ path: join(root, 'docs/img/form.png') });
  await s.context.close();
});

test('log in and out: a wrong password gets the one refusal, logging out ends the session', { skip }, async () => {
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(base + '/beschrijvingen');
  assert.equal(new URL(page.url()).pathname, '/inloggen', 'a page without a session asks to log in');
  await page.fill('#email', 'beheerder@demo.mindef.nl');
  await page.fill('#password', 'niet het goede wachtwoord');
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  const refusal = await page.textContent('main');
  assert.match(refusal, /Inloggen is niet gelukt/, 'a wrong password is refused');
  await page.fill('#email', 'niemand@demo.mindef.nl');
  await page.fill('#password', 'niet het goede wachtwoord');
  await Promise.all([page.waitForLoadState(), page.click('button[type=submit]')]);
  assert.equal(await page.textContent('main'), refusal, 'an unknown user gets exactly the same answer');

  await page.fill('#email', 'beheerder@demo.mindef.nl');
  await page.fill('#password', password);
  await Promise.all([page.waitForNavigation(), page.click('button[type=submit]')]);
  assert.equal(new URL(page.url()).pathname, '/beschrijvingen', 'a right password returns to the page that asked for it');
  const cookies = await context.cookies();
  assert.ok(cookies.some((c) => c.httpOnly && c.sameSite === 'Lax'), 'the session cookie is HttpOnly and SameSite=Lax');

  await Promise.all([page.waitForNavigation(), page.click('form[action="/uitloggen"] button')]);
  await page.goto(base + '/beschrijvingen');
  assert.equal(new URL(page.url()).pathname, '/inloggen', 'after logging out the session is gone');
  await context.close();
});
