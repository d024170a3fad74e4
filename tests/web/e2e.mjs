// End-to-end test of the analyst page in headless Chromium (Debian's /usr/bin/chromium,
// driven by playwright-core): keyboard-only search, the explanation of the top result, the
// entity page, the seed article scanned with exactly Putin and Lavrov highlighted, code
// point offsets, the alert queue (a re-raised alert with its change, a decision by the
// analyst, four eyes refusing the analyst's own approval, the supervisor's approval), and
// an API error shown to the user.
//   BASE_URL=http://127.0.0.1:PORT node e2e.mjs SEED_ARTICLE
// Prints one line per check, then "N passed, N failed"; exit 1 on any failure, with a
// screenshot of the page in the temporary folder.
import { chromium } from 'playwright-core';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const base = (process.env.BASE_URL || '').replace(/\/$/, '');
const seed = process.argv[2];
if (!base || !seed) {
  console.error('usage: BASE_URL=http://127.0.0.1:PORT node e2e.mjs SEED_ARTICLE');
  process.exit(2);
}
const article = readFileSync(seed, 'utf8');

let passed = 0;
let failed = 0;
function check(name, ok, detail = '') {
  if (ok) passed++;
  else failed++;
  console.log(`${ok ? 'ok  ' : 'FAIL'} ${name}${ok || !detail ? '' : `: ${detail}`}`);
}

const profile = mkdtempSync(join(tmpdir(), 'embargo-e2e-'));
const context = await chromium.launchPersistentContext(profile, {
  executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
  headless: true,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
    '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  viewport: { width: 1100, height: 900 },
});
const page = context.pages()[0] || (await context.newPage());
page.setDefaultTimeout(15000);
const pageErrors = [];
page.on('pageerror', (e) => pageErrors.push(String(e)));
page.on('console', (m) => {
  // The browser logs every 4xx fetch; the 404 and the 403 below are on purpose.
  if (m.type() === 'error' && !/status of 40[34]/.test(m.text())) pageErrors.push(m.text());
});
// The page must work offline: any request off this server is a failure.
const foreign = [];
page.on('request', (r) => {
  if (!r.url().startsWith(base) && !r.url().startsWith('data:')) foreign.push(r.url());
});

try {
  await page.goto(`${base}/`);
  await page.waitForFunction(() => !/^Loading/.test(document.querySelector('#catalog-summary').textContent));
  const catalog = await page.textContent('#catalog-summary');
  check('header shows the loaded lists', /\d+ lists? loaded/.test(catalog), catalog);

  // Keyboard only: Tab from the top of the page reaches the name box, Enter submits.
  let focused = '';
  for (let i = 0; i < 10 && focused !== 'q-name'; i++) {
    await page.keyboard.press('Tab');
    focused = await page.evaluate(() => document.activeElement && document.activeElement.id);
  }
  check('Tab reaches the name box', focused === 'q-name', `focus on #${focused}`);
  await page.keyboard.type('Sergei Lavrov');
  await page.keyboard.press('Enter');
  await page.waitForSelector('#results-list li.result');
  const top = page.locator('#results-list li.result').first();
  const caption = (await top.locator('.caption').textContent()).trim();
  check('"Sergei Lavrov": top result is LAVROV, Sergei Viktorovich', caption === 'LAVROV, Sergei Viktorovich', caption);
  check('top result has the match badge', await top.locator('.badge.match').isVisible());
  check('top result shows its score', /^score 0\.\d\d$/.test((await top.locator('.score-num').textContent()).trim()));
  const why = top.locator('.explanation');
  const whyText = (await why.textContent()) || '';
  check('top result explanation is visible', await why.locator('.met').isVisible(), whyText.slice(0, 120));
  check('explanation: which query name met which list name',
    /Sergei Lavrov/.test(whyText) && /LAVROV, Sergey/.test(whyText), whyText.slice(0, 200));
  check('explanation: per-part table', (await why.locator('table.parts tbody tr').count()) >= 2);
  const status = await page.textContent('#status');
  check('results announced in the live region', /result/.test(status), status);

  await top.locator('.caption a').click();
  await page.waitForFunction(() => document.querySelector('#entity-title').textContent.includes('LAVROV'));
  const entity = await page.textContent('#view-entity');
  check('entity page: caption', (await page.textContent('#entity-title')).trim() === 'LAVROV, Sergei Viktorovich');
  check('entity page: birth date 1950-03-21', entity.includes('1950-03-21'));
  check('entity page: program RUSSIA-EO14024', entity.includes('RUSSIA-EO14024'));
  check('entity page: alias', entity.includes('LAVROV, Sergey'));
  check('entity page: address in the URL', /#\/entity\/ofac-35233$/.test(page.url()), page.url());

  await page.goBack();
  await page.waitForSelector('#view-search:not([hidden])');
  check('back: the results are still there',
    (await page.locator('#results-list li.result .caption').first().textContent()).trim() === 'LAVROV, Sergei Viktorovich');

  await page.click('nav a[data-nav="scan"]');
  await page.fill('#scan-text', article);
  await page.click('#scan-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#scan-summary').textContent.length > 0 ||
    document.querySelector('#error').textContent.length > 0);
  check('scan: no error', (await page.textContent('#error')) === '', await page.textContent('#error'));
  const marks = await page.$$eval('#scan-rendered mark', (ms) => ms.map((m) => ({ text: m.textContent, title: m.title })));
  const summary = marks.map((m) => `${m.text} [${m.title}]`).join('; ');
  check('scan: Putin highlighted', marks.some((m) => /Putin/.test(m.text) && /PUTIN/.test(m.title)), summary);
  check('scan: Lavrov highlighted', marks.some((m) => /Lavrov/.test(m.text) && /LAVROV/.test(m.title)), summary);
  check('scan: no mark for Tillerson or Obama', !marks.some((m) => /Tillerson|Obama/i.test(m.text + m.title)), summary);
  check('scan: every mark is Putin or Lavrov', marks.every((m) => /PUTIN|LAVROV/.test(m.title)), summary);
  const rendered = await page.textContent('#scan-rendered');
  check('scan: the rendered text is the article, unchanged', rendered === article.replace(/\r\n?/g, '\n'));
  check('scan: a mention list below the text',
    (await page.locator('#scan-table tbody tr').count()) === marks.length);
  const href = marks.length ? await page.getAttribute('#scan-rendered mark a >> nth=0', 'href') : null;
  check('scan: marks link to the entity page', /^#\/entity\/ofac-/.test(href || ''), href);

  // Offsets count code points: characters outside the BMP before the name must not shift the mark.
  await page.fill('#scan-text', '𝔸𝔹 note: Sergei Lavrov met 😀 Vladimir Putin.');
  await page.click('#scan-form button[type="submit"]');
  await page.waitForFunction(() => document.querySelector('#scan-rendered').textContent.startsWith('𝔸𝔹'));
  const astral = await page.$$eval('#scan-rendered mark', (ms) => ms.map((m) => m.textContent));
  check('scan: code point offsets (astral characters before names)',
    astral.length === 2 && astral[0] === 'Sergei Lavrov' && astral[1] === 'Vladimir Putin', JSON.stringify(astral));

  // ---- The alert queue and decisions (the store run_e2e.sh prepared) ----
  await page.click('nav a[data-nav="alerts"]');
  await page.waitForFunction(() => document.querySelector('#alerts-summary').textContent.length > 0 ||
    document.querySelector('#error').textContent.length > 0);
  check('queue: no error', (await page.textContent('#error')) === '', await page.textContent('#error'));
  const rows = await page.$$eval('#alerts-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check('queue: open alerts of the listed customers, none of the clean one',
    rows.some((r) => /c-lavrov/.test(r)) && rows.some((r) => /c-putin/.test(r)) && !rows.some((r) => /c-clean/.test(r)),
    rows.join(' | ').slice(0, 300));
  const lavrovRow = page.locator('#alerts-table tbody tr', { hasText: 'c-lavrov' }).first();
  const lavrovText = (await lavrovRow.textContent()) || '';
  check('queue: a row shows customer, entity, score and list version',
    /Sergei Viktorovich Lavrov/.test(lavrovText) && /LAVROV, Sergei Viktorovich/.test(lavrovText) &&
    /0\.\d\d/.test(lavrovText) && /ofac-35233/.test(lavrovText), lavrovText);
  const queueStatus = await page.textContent('#status');
  check('queue: the count is announced in the live region', /\d+ open alerts?/.test(queueStatus), queueStatus);
  check('queue: the status filter has a label',
    (await page.locator('label[for="alerts-status"]').count()) === 1);

  // A re-raised alert shows what changed since the false positive.
  await page.locator('#alerts-table tbody tr', { hasText: 'c-putin' }).first().locator('a').first().click();
  await page.waitForFunction(() => /^Alert \d+:/.test(document.querySelector('#alert-title').textContent));
  const changes = (await page.textContent('#alert-body .changes').catch(() => '')) || '';
  check('re-raised alert: the change is shown', /Birth date/.test(changes) && /1952-10-07/.test(changes), changes);
  check('alert page: the explanation is shown', await page.locator('#alert-body .explanation .met').isVisible());

  // Decide the Lavrov alert as the analyst, by keyboard.
  await page.goBack();
  await page.waitForSelector('#view-alerts:not([hidden]) #alerts-table tbody tr');
  await page.locator('#alerts-table tbody tr', { hasText: 'c-lavrov' }).first().locator('a').first().focus();
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Lavrov/.test(document.querySelector('#alert-title').textContent));
  const lavrovUrl = page.url();
  check('alert page: address in the URL', /#\/alert\/\d+$/.test(lavrovUrl), lavrovUrl);
  const lavrovBody = await page.textContent('#alert-body');
  check('alert page: no stray text (no change section when nothing changed)',
    !/\bnull\b|undefined/.test(lavrovBody) && (await page.locator('#alert-body .changes').count()) === 0,
    lavrovBody.slice(0, 200));
  check('alert page: a decision form for an open alert', await page.locator('#decision-form').isVisible());
  check('alert page: no approve button for an open alert', !(await page.locator('#approve-form').isVisible()));
  await page.fill('#alert-user', 'ana');
  await page.check('#decision-form input[value="true_match"]');
  await page.fill('#decision-comment', 'same name and birth date as the SDN entry');
  await page.focus('#decision-comment');
  await page.keyboard.press('Tab');
  await page.keyboard.press('Enter');
  await page.waitForFunction(() => /Waiting for approval/.test(document.querySelector('#alert-body').textContent) ||
    document.querySelector('#error').textContent.length > 0);
  check('decision: no error', (await page.textContent('#error')) === '', await page.textContent('#error'));
  const decided = await page.textContent('#alert-body');
  check('decision: four eyes pending, by ana', /Waiting for approval/.test(decided) && /True match by ana/.test(decided), decided.slice(0, 300));
  const decidedStatus = await page.textContent('#status');
  check('decision: announced in the live region', /Decision recorded/.test(decidedStatus), decidedStatus);
  check('decision: the form is gone, the approve button is there',
    !(await page.locator('#decision-form').isVisible()) && (await page.locator('#approve-form button').isVisible()));

  // The analyst approving their own decision is refused, with the server's reason.
  await page.click('#approve-form button');
  await page.waitForFunction(() => document.querySelector('#error').textContent.length > 0);
  const refused = await page.textContent('#error');
  check('approve as the analyst: refused (403) with the reason', /403/.test(refused) && /supervisor/.test(refused), refused);
  check('approve as the analyst: still waiting', /Waiting for approval/.test(await page.textContent('#alert-body')));

  // The supervisor approves.
  await page.fill('#alert-user', 'sue');
  await page.click('#approve-form button');
  await page.waitForFunction(() => /approved by sue/.test(document.querySelector('#alert-body').textContent) ||
    document.querySelector('#error').textContent.length > 0);
  check('approve as the supervisor: no error', (await page.textContent('#error')) === '', await page.textContent('#error'));
  const approved = await page.textContent('#alert-body');
  check('approve as the supervisor: decided, approved by sue', /Decided/.test(approved) && /approved by sue/.test(approved), approved.slice(0, 300));
  check('approved: no more buttons',
    !(await page.locator('#approve-form').isVisible()) && !(await page.locator('#decision-form').isVisible()));

  // The queue filtered on decided alerts lists it; the open queue no longer does.
  await page.goto(`${base}/#/alerts?status=decided`);
  await page.waitForFunction(() => /decided alert/.test(document.querySelector('#alerts-summary').textContent));
  const decidedRows = await page.$$eval('#alerts-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check('queue filtered on decided: the approved alert',
    decidedRows.some((r) => /c-lavrov/.test(r) && /approved by sue/.test(r)), decidedRows.join(' | ').slice(0, 300));
  await page.selectOption('#alerts-status', 'open');
  await page.click('#alerts-form button[type="submit"]');
  await page.waitForFunction(() => /open alert/.test(document.querySelector('#alerts-summary').textContent));
  const openRows = await page.$$eval('#alerts-table tbody tr', (trs) => trs.map((tr) => tr.textContent));
  check('queue filtered on open: the approved alert is gone', !openRows.some((r) => /c-lavrov/.test(r)),
    openRows.join(' | ').slice(0, 300));

  await page.goto(`${base}/#/entity/no-such-entity`);
  await page.waitForFunction(() => document.querySelector('#error').textContent.length > 0);
  const error = await page.textContent('#error');
  check('unknown entity: the API error is shown', /404/.test(error), error);
  check('no script errors', pageErrors.length === 0, pageErrors.join(' | '));
  check('no request leaves the server', foreign.length === 0, foreign.join(' '));
} catch (e) {
  check('no exception', false, (e && e.stack) || String(e));
}

if (failed) {
  const shot = join(tmpdir(), `embargo-e2e-failure-${process.pid}.png`);
  await page.screenshot({ path: shot, fullPage: true }).then(
    () => console.log(`screenshot of the page: ${shot}`), () => {});
}
await context.close();
rmSync(profile, { recursive: true, force: true });
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
