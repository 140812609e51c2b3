// Browser tests of the progress overview, reviews, audit trail, publication preview and
// sensitive terms pages (algoreg serve --demo): axe-core in Debian's headless Chromium in
// Dutch and English, no Content-Security-Policy violations, the marking top and bottom, and the
// terms form and audit export used with the keyboard. The harness is that of internal.test.mjs.
// Run with ./e2e/run (or `node --test e2e/`).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { skip, start, root, internalSession, axeCheck, firstDescriptionID, demoPassword as password } from './harness.mjs';


let browser, base, stop;

before(async () => {
  if (skip) return;
  ({ browser, base, stop } = await start({
    name: 'internal2', pkg: './cmd/algoreg', readyPath: '/inloggen',
    args: (addr, dir) => ['serve', '--demo', '--db', 'sqlite:' + join(dir, 'algoreg.db'), '--addr', addr],
  }));
});

after(async () => { if (stop) await stop(); });

const session = (email, opts) => internalSession(browser, base, email, opts);
const axe = axeCheck;
const firstID = (page, query) => firstDescriptionID(page, base, query);

for (const lang of ['nl', 'en']) {
  test(`axe: progress, reviews, audit trail, preview and terms pages (${lang})`, { skip }, async () => {
    const { context, page, csp } = await session('beheerder@demo.mindef.nl', { lang });
    const id = await firstID(page, 'state=assessed');
    const pages = ['/voortgang', '/voortgang/lijst?measure=inventoried', '/voortgang/lijst?measure=published&unit=KMAR',
      '/herbeoordelingen', '/audittrail', '/audittrail?action=description&result=ok', '/gevoelige-termen',
      `/beschrijvingen/${id}/voorvertoning`, `/beschrijvingen/${id}`];
    for (const p of pages) {
      const res = await page.goto(base + p);
      assert.equal(res.status(), 200, `${p}: ${res.status()}`);
      await axe(page, `${p} (${lang})`);
      assert.match(await page.textContent('header .marking'), /ONGERUBRICEERD|VERTROUWELIJK|CONFIDENTIEEL|GEHEIM/);
      assert.equal(await page.textContent('header .marking'), await page.textContent('footer .marking'));
    }
    // The preview is reachable from the description page.
    await page.goto(base + `/beschrijvingen/${id}`);
    await Promise.all([page.waitForNavigation(), page.click(`a[href="/beschrijvingen/${id}/voorvertoning"] >> nth=0`)]);
    assert.equal(new URL(page.url()).pathname, `/beschrijvingen/${id}/voorvertoning`);
    // A form with an error.
    await page.goto(base + '/gevoelige-termen');
    await page.fill('#t-terms', 'ab');
    await Promise.all([page.waitForNavigation(), page.click('form.form-stack button[type=submit]')]);
    assert.equal(await page.getAttribute('#t-terms', 'aria-invalid'), 'true');
    await axe(page, `terms form with an error (${lang})`);
    assert.deepEqual(csp, [], 'no CSP violations');
    await context.close();
  });
}

test('progress: every number is a link, and a coordinator sees only their unit', { skip }, async () => {
  const { context, page } = await session('coordinator@demo.mindef.nl');
  await page.goto(base + '/voortgang');
  const heads = await page.locator('table.progress-table thead th').allTextContents();
  assert.deepEqual(heads.slice(1), ['KMAR', 'Totaal']);
  const cells = await page.locator('table.progress-table tbody td').count();
  assert.equal(await page.locator('table.progress-table tbody td a').count(), cells, 'every number is a link');
  const inv = page.locator('a[href*="measure=inventoried"]').last();
  const n = await inv.textContent();
  await Promise.all([page.waitForNavigation(), inv.click()]);
  assert.match(await page.textContent('.results-count'), new RegExp(`\\b${n} beschrijving`));
  await context.close();
});

test('keyboard only: add and remove a sensitive term; export the audit trail', { skip }, async () => {
  const { context, page } = await session('beheerder@demo.mindef.nl');
  await page.goto(base + '/gevoelige-termen');
  await page.focus('#t-terms');
  await page.keyboard.type('Operatie Zeearend');
  await page.focus('form.form-stack button[type=submit]');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('[role=status]'), /toegevoegd/);
  assert.match(await page.textContent('table'), /Operatie Zeearend/);
  await page.focus('table button');
  await Promise.all([page.waitForNavigation(), page.keyboard.press('Enter')]);
  assert.match(await page.textContent('[role=status]'), /verwijderd/);

  await page.goto(base + '/audittrail?action=terms');
  assert.match(await page.textContent('table'), /terms\.add/);
  assert.doesNotMatch(await page.textContent('table'), /Zeearend/, 'a term in the audit trail');
  await page.focus('a[download]');
  const [download] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
  const body = readFileSync(await download.path(), 'utf8');
  assert.match(body.split('\n')[0], /Rubricering van deze export/);
  assert.match(body, /terms\.remove/);
  await page.goto(base + '/audittrail?action=audit.export');
  assert.match(await page.textContent('table'), /audit\.export/);
  await context.close();
});

test('questionnaire: follow-up questions appear and disappear as answers change, as the server decides', { skip }, async () => {
  const { context, page, csp } = await session('beoordelaar@demo.mindef.nl');
  const id = await firstID(page, 'unit=KMAR&sort=name');
  await page.goto(base + `/beschrijvingen/${id}/classificatie`);
  assert.ok(await page.$('form[data-questionnaire]'), 'the assessor may classify a KMAR description');
  const visible = async () => {
    const ids = await page.$$eval('fieldset.question', (fs) => fs.filter((f) => !f.hidden).map((f) => f.id));
    for (const id of ids) assert.ok(await page.isVisible('#' + id), `${id} is on screen`);
    for (const id of await page.$$eval('fieldset.question[hidden]', (fs) => fs.map((f) => f.id))) {
      assert.equal(await page.isVisible('#' + id), false, `${id} is not on screen`);
    }
    return ids;
  };
  assert.equal(await page.isVisible('[data-update]'), false, 'with JavaScript the update button is not needed');

  // Not an algorithm: nothing else is asked.
  await page.check('#q-is_algorithm input[value="false"]');
  assert.ok(!(await visible()).includes('q-is_ai_system'), 'no AI question for something that is not an algorithm');
  // An algorithm and an AI system: the exclusion question appears at once.
  await page.check('#q-is_algorithm input[value="true"]');
  await page.check('#q-is_ai_system input[value="true"]');
  assert.ok((await visible()).includes('q-exclusion'), 'exclusion asked for an AI system');
  await page.check('#q-exclusion input[value="none"]');
  assert.ok(!(await visible()).includes('q-used_exclusively_for_excluded_purpose'), 'exclusive use not asked without an exclusion');
  await page.check('#q-exclusion input[value="military_defence_national_security"]');
  assert.ok((await visible()).includes('q-used_exclusively_for_excluded_purpose'), 'exclusive use asked once an exclusion is chosen');
  assert.match(await page.textContent('[data-questions-status]'), /vervolgvragen/);
  // Hidden questions are disabled, so the browser does not send them.
  assert.equal(await page.$$eval('fieldset.question[hidden]', (fs) => fs.every((f) => f.disabled)), true);

  // The server, after saving, asks exactly what the page showed.
  const before = await visible();
  await Promise.all([page.waitForNavigation(), page.click('.form-actions button.button-primary')]);
  await page.goto(base + `/beschrijvingen/${id}/classificatie`);
  assert.deepEqual(await visible(), before);
  assert.deepEqual(csp, []);
  await context.close();
});
