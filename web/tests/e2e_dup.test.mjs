// Possible duplicates (issue 19): a pa officer lists a candidate pair,
// compares the two records, decides `same-person` with the case registered
// first kept, signs it with the browser's key, and sees the pair gone and
// the other case closed as `duplicate`; egypt neither sees the page in its
// menu nor may open it or its route. A fixture of two pairs (Latin-only
// against Arabic-only names, a swapped date of birth, an ID one digit
// apart) checks what the page shows, in both languages, on a laptop and a
// phone, with axe-core.
//
// A deployment of its own (`corridor demo`, served on another port): the
// pair is planted in dedup_pairs (the table of migration 12, as the import
// writes it) before the server starts, between two open patients of the
// demo. Keys are registered with `corridor officer add` before the server
// starts, then imported into the browser.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CORRIDOR, PASSWORD, close, launch, newKey, noProblems, shot} from './lib.mjs';

const STATIC = fileURLToPath(new URL('../static', import.meta.url));
const FIXTURE = readFileSync(new URL('./fixtures/duplicates.json', import.meta.url), 'utf8');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = {laptop: {width: 1366, height: 800}, phone: {width: 390, height: 844}};
let work;
let server;
let base;
let browser;
let planted;  // {kept, duplicate}: the refs of the planted pair, the one registered first kept
const keys = {};

function sql(db, query) {
  return execFileSync('sqlite3', ['-json', db, query], {encoding: 'utf8'}).trim();
}

// Two open patients of the demo, waiting for their first decisions,
// planted as a candidate pair as the import's check would (score, evidence).
function plant(db) {
  const rows = JSON.parse(sql(db, `SELECT id, ref, registered_at FROM cases WHERE open = 1 AND category = 'medical'
    AND group_ref = '' AND state IN ('registered', 'in-review')
    ORDER BY registered_at, ref LIMIT 2`) || '[]');
  assert.equal(rows.length, 2, 'two open patients in the demo');
  const [a, b] = rows[0].id < rows[1].id ? rows : [rows[1], rows[0]];
  const evidence = JSON.stringify([{name: 'name_family', level: 'transliteration', weight: 4.1},
    {name: 'date_of_birth', level: 'swapped_day_month', weight: 3.6}, {name: 'national_id', level: 'missing', weight: 0}]);
  sql(db, `INSERT INTO dedup_pairs(case_a, case_b, score, evidence, found_at) VALUES (${a.id}, ${b.id}, 0.97,
    '${evidence}', ${Math.floor(Date.now() / 1000)})`);
  return {kept: rows[0].ref, duplicate: rows[1].ref};
}

async function serve(db) {
  server = spawn(CORRIDOR, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--static', STATIC], {stdio: ['ignore', 'pipe', 'pipe']});
  let out = '';
  server.stderr.on('data', () => {});
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`serve printed no address: ${out}`)), 15000);
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    });
  });
}

async function signIn(account, {lang = 'en', viewport = SIZES.laptop} = {}) {
  const context = await browser.newContext({viewport, locale: lang === 'ar' ? 'ar' : 'en-GB'});
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${base}/#/login`);
  await page.fill('#login-name', account);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#signout');
  if (keys[account]) {
    await page.evaluate(async ({name, pkcs8, raw}) => {
      const k = await import('/js/keys.js');
      await k.importKey(name, new Uint8Array(pkcs8), new Uint8Array(raw));
    }, keys[account]);
  }
  if (lang === 'ar') await page.evaluate(async () => (await import('/js/i18n.js')).setLang('ar'));
  return page;
}

// Opens the page and waits for its list (or its "nothing waits").
async function openDuplicates(page) {
  await page.goto(`${base}/#/duplicates`);
  await page.waitForSelector('.page-duplicates h1');
  await page.waitForSelector('#dup-list, #dup-empty');
}

function get(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, {credentials: 'same-origin'});
    return {status: r.status, body: await r.json().catch(() => null)};
  }, path);
}

async function axeViolations(page) {
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'corridor-dup-'));
  const db = join(work, 'dup.db');
  execFileSync(CORRIDOR, ['demo', '--db', db, '--patients', '60', '--fresh'], {stdio: 'pipe'});
  for (const party of ['pa', 'egypt', 'who']) {
    const name = `${party}-dup`;
    execFileSync(CORRIDOR, ['account', 'add', '--db', db, '--name', name, '--role', 'officer', '--party', party], {input: `${PASSWORD}\n`, stdio: 'pipe'});
    keys[name] = {name: `${party}/${name}`, ...newKey(`${party}/${name}`)};
    execFileSync(CORRIDOR, ['officer', 'add', '--db', db, '--party', party, '--name', name, '--key', keys[name].vkey], {stdio: 'pipe'});
  }
  planted = plant(db);
  base = await serve(db);
  browser = await launch();
});

after(async () => {
  await close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(work, {recursive: true, force: true});
});

test('a pa officer decides a planted pair is the same person: the pair goes, the other case is closed as duplicate', async () => {
  const page = await signIn('pa-dup');
  await page.click('nav a[href="#/duplicates"]');
  await page.waitForSelector('#dup-list');
  const section = `.dup-pair[data-a="${planted.kept}"][data-b="${planted.duplicate}"], .dup-pair[data-a="${planted.duplicate}"][data-b="${planted.kept}"]`;
  await page.waitForSelector(section);
  const n = (await page.getAttribute(section, 'id')).replace('dup-pair-', '');
  // The evidence in words beside its colour; the case registered first is kept by default.
  assert.match(await page.textContent(`#dup-compare-${n} tr[data-field="name_ar"]`), /Family name: Partly agrees/);
  assert.match(await page.textContent(`#dup-compare-${n} tr[data-field="date_of_birth"]`), /day and month swapped/);
  assert.equal(await page.getAttribute(`#dup-compare-${n} tr[data-field="date_of_birth"]`, 'class'), 'ev-partial');
  assert.equal(await page.$eval(`#dup-decide-${n} input[name="keep"]:checked`, (el) => el.value), planted.kept);
  assert.equal(await page.isChecked(`#dup-same-${n}`), true);
  await shot(page, 'duplicates-pair-pa');
  await page.click(`#dup-sign-${n}`);
  await page.waitForSelector('#dup-empty');
  assert.match(await page.textContent('#toast'), new RegExp(`${planted.duplicate}.*closed as a duplicate of.*${planted.kept}`));
  // Gone from the list, over HTTP too; the other case closed as duplicate, the kept one open.
  const list = await get(page, '/api/v1/duplicates');
  assert.equal(list.status, 200);
  assert.ok(!JSON.stringify(list.body).includes(planted.duplicate), 'the pair is no longer proposed');
  const dup = (await get(page, `/api/v1/cases/${encodeURIComponent(planted.duplicate)}?why=test`)).body;
  assert.equal(dup.closure?.kind, 'duplicate', JSON.stringify(dup.closure));
  assert.equal(dup.state, 'duplicate');
  const kept = (await get(page, `/api/v1/cases/${encodeURIComponent(planted.kept)}?why=test`)).body;
  assert.equal(kept.closure, undefined, 'the kept case stays open');
  assert.notEqual(kept.state, 'duplicate');
  // The signed statement is in the case's proof, signed with the browser's key.
  const proof = (await get(page, `/api/v1/log/proof/${encodeURIComponent(planted.duplicate)}`)).body;
  // (Both cases by public id: nothing of either person, docs/log_format.md.)
  const signed = (proof.statements || []).find((s) => /^kind same-person$/m.test(s.statement || ''));
  assert.ok(signed, 'the same-person statement is in the proof');
  assert.match(signed.statement, /^kept [0-9a-f]+$/m);
  assert.ok(!signed.statement.includes(planted.kept), 'refs are public ids in the log');
  assert.ok(signed.statement.includes('\u2014 pa/pa-dup '), 'signed with the browser key');
  noProblems(page);
  await page.context().close();
});

test('egypt has no Possible duplicates: not in its menu, the page sends it home, the route answers 403', async () => {
  const page = await signIn('egypt-dup');
  assert.equal(await page.locator('nav a[href="#/duplicates"]').count(), 0, 'no menu entry');
  await page.goto(`${base}/#/duplicates`);
  await page.waitForFunction(() => !location.hash.startsWith('#/duplicates'));
  await page.waitForSelector('main h1');
  assert.equal(await page.locator('.page-duplicates').count(), 0);
  assert.equal((await get(page, '/api/v1/duplicates')).status, 403);
  noProblems(page);
  await page.context().close();
  // WHO registers too: its menu has the page.
  const who = await signIn('who-dup');
  assert.equal(await who.locator('nav a[href="#/duplicates"]').count(), 1);
  await who.context().close();
});

// The fixture's pairs in place of the server's.
async function withFixture(page) {
  await page.route(/\/api\/v1\/duplicates(\?|$)/, (route) => route.fulfill({status: 200, contentType: 'application/json', body: FIXTURE}));
}

test('the two records side by side, the evidence in words, both languages, laptop and phone, axe-core', async () => {
  const pairs = JSON.parse(FIXTURE).pairs;
  for (const lang of ['en', 'ar']) {
    const page = await signIn('who-dup', {lang});
    await withFixture(page);
    for (const [size, viewport] of Object.entries(SIZES)) {
      await page.setViewportSize(viewport);
      await openDuplicates(page);
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
      assert.equal(await page.locator('.dup-pair').count(), 2);
      // Both scripts of each name, each in its own direction.
      const names = await page.$$eval('#dup-compare-1 tbody tr[data-field^="name_"] bdi', (els) => els.map((e) => [e.lang, e.dir, e.textContent]));
      assert.ok(names.some(([l, d, s]) => l === 'ar' && d === 'rtl' && s === pairs[0].b.person.name_ar), 'the Arabic name, right to left');
      assert.ok(names.some(([l, d, s]) => l === 'en' && d === 'ltr' && s === pairs[0].a.person.name_en), 'the Latin name, left to right');
      // Each verdict is said in words, not by colour alone.
      const tags = await page.$$eval('#dup-features-2 .tag.verdict', (els) => els.map((e) => [e.dataset.verdict, e.textContent.trim()]));
      assert.equal(tags.length, pairs[1].features.length);
      for (const [verdict, text] of tags) assert.ok(text.length > 2, `${verdict} has a word`);
      assert.equal(await page.getAttribute('#dup-compare-2 tr[data-field="national_id"]', 'class'), 'ev-partial', 'one digit apart');
      assert.equal(await page.getAttribute('#dup-compare-2 tr[data-field="sex"]', 'class'), 'ev-agree');
      assert.equal(await page.getAttribute('#dup-compare-1 tr[data-field="group"]', 'class'), 'ev-disagree');
      // The case registered first is kept by default.
      assert.equal(await page.$eval('#dup-decide-1 input[name="keep"]:checked', (el) => el.value), 'WHO-2026-0412');
      assert.equal(await page.$eval('#dup-decide-2 input[name="keep"]:checked', (el) => el.value), 'WHO-2026-0701');
      if (lang === 'ar') {
        assert.equal(await page.textContent('main h1'), 'سجلات مكررة محتملة');
        assert.match(await page.textContent('#dup-compare-1'), /متوافق جزئياً/);
      } else {
        assert.match(await page.textContent('#dup-compare-1 tr[data-field="date_of_birth"]'), /Date of birth: Partly agrees \(day and month swapped\)/);
        assert.match(await page.textContent('#dup-compare-2 tr[data-field="phone"]'), /not shown to your party.*not shown to your party/);
      }
      // Choosing different persons leaves no case to keep.
      await page.check('#dup-different-1');
      assert.equal(await page.$eval('#dup-decide-1 .dup-keep', (el) => el.disabled), true);
      await page.check('#dup-same-1');
      await shot(page, `duplicates-${lang}-${size}`);
      const wide = await page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
      assert.ok(wide <= 0, `${lang} ${size}: the page scrolls sideways by ${wide}px`);
      assert.deepEqual(await axeViolations(page), [], `${lang} ${size}: axe-core`);
    }
    noProblems(page);
    await page.context().close();
  }
});
