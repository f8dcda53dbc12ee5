// Search (issue 15, "Finding things"), the admin's password reset and
// account disabling, and the case page on a laptop screen.
//
// The search box in the header finds a case by ref, national ID and an
// Arabic name typed in another Unicode form; the case opens; the read log
// shows the search without what was typed. A second deployment, where
// cogat may not see document numbers, shows that a party cannot find a case
// by a field hidden from it.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BASE, CORRIDOR, PASSWORD, apiGet, close, launch, noProblems, open, shot, signIn} from './lib.mjs';

const SRC = new URL('../..', import.meta.url).pathname;
let browser;

before(async () => {
  browser = await launch();
});
after(async () => {
  await close();
});

// Types into the header's search box and waits for the answer.
async function searchFor(page, q) {
  await page.fill('#nav-search', q);
  await page.press('#nav-search', 'Enter');
  // The answer to this query, not the page of the one before.
  await page.waitForFunction((want) => document.querySelector('#search-count')?.dataset.q === want, q.trim());
}

async function foundRefs(page) {
  return page.$$eval('tr.hit', (rows) => rows.map((r) => r.dataset.ref));
}

test('an officer finds a case by ref, national ID and Arabic name, and opens it', async () => {
  const page = await signIn('egypt-officer', {viewport: {width: 1366, height: 800}});
  const list = await apiGet(page, '/api/v1/cases?limit=200');
  const pick = list.body.cases.find((c) => !c.group_ref) || list.body.cases[0];
  const {body: c} = await apiGet(page, `/api/v1/cases/${encodeURIComponent(pick.ref)}`);
  assert.ok(c.person.national_id && c.person.name_ar, 'the demo case has an ID and an Arabic name');

  await searchFor(page, c.ref);
  assert.deepEqual(await foundRefs(page), [c.ref]);
  assert.match(await page.textContent(`tr[data-ref="${c.ref}"]`), /case ref/);

  await searchFor(page, c.person.national_id);
  assert.ok((await foundRefs(page)).includes(c.ref));
  await shot(page, 'search-national-id-en');

  // The Arabic name decomposed (NFD) and without its hamza seats: folded
  // alike on the server.
  const typed = c.person.name_ar.normalize('NFD').replace(/[\u0623\u0625\u0622]/g, '\u0627');
  await searchFor(page, typed);
  assert.ok((await foundRefs(page)).includes(c.ref), `found by ${typed}`);
  assert.match(await page.textContent(`tr[data-ref="${c.ref}"]`), /Arabic name/);

  await page.click(`tr[data-ref="${c.ref}"] a`);
  await page.waitForFunction((ref) => document.querySelector('main h1')?.textContent.includes(ref), c.ref);

  // Arabic: the box and the page speak it too.
  await page.click('#lang');
  await searchFor(page, c.ref);
  assert.equal(await page.getAttribute('#nav-search', 'placeholder'), 'رقم الملف أو الهوية أو الجواز أو الاسم');
  await shot(page, 'search-ref-ar');
  await page.click('#lang');
  noProblems(page);

  // The read log shows each search, under the case, without what was typed.
  const admin = await signIn('admin');
  const {body: log} = await apiGet(admin, `/api/v1/read-log?ref=${encodeURIComponent(c.ref)}&limit=100`);
  const searches = log.reads.filter((r) => r.account === 'egypt-officer' && r.what.startsWith('search: found by'));
  assert.deepEqual(new Set(searches.map((r) => r.what)),
    new Set(['search: found by ref', 'search: found by national_id', 'search: found by name_ar']));
  assert.ok(!JSON.stringify(log).includes(c.person.national_id), 'no ID number in the read log');
  // ... and on the admin page.
  await open(admin, '#/admin');
  await admin.fill('#readlog-ref', c.ref);
  await admin.click('#readlog-go');
  await admin.waitForFunction(() => document.querySelector('#readlog-table')?.textContent.includes('search: found by national_id'));
  await admin.context().close();
  await page.context().close();
});

test('an empty or too long query is refused, naming q', async () => {
  const page = await signIn('who-officer');
  for (const q of ['', '   ', 'x'.repeat(101)]) {
    const r = await apiGet(page, `/api/v1/search?q=${encodeURIComponent(q)}`);
    assert.equal(r.status, 400, q);
    assert.equal(r.body.field, 'q');
  }
  await page.context().close();
});

// --- a deployment where cogat sees names but no document numbers -----------

async function hiddenDeployment() {
  const dir = mkdtempSync(join(tmpdir(), 'corridor-search-'));
  const run = (...args) => execFileSync(CORRIDOR, args, {cwd: dir, input: `${PASSWORD}\n`, stdio: ['pipe', 'pipe', 'pipe']});
  const from = '"name_en", "national_id",\n         "passport_no", "date_of_birth", "sex", "nationality", "flags"]';
  const config = readFileSync(join(SRC, 'config/rafah.toml'), 'utf8');
  assert.ok(config.includes(`cogat = ["ref", "direction", "category", "group_ref", "name_ar", ${from}`));
  writeFileSync(join(dir, 'hidden.toml'), config.replace(`cogat = ["ref", "direction", "category", "group_ref", "name_ar", ${from}`,
    'cogat = ["ref", "direction", "category", "group_ref", "name_ar", "name_en", "date_of_birth", "sex", "nationality", "flags"]'));
  const db = join(dir, 'h.db');
  run('init', '--db', db, '--config', join(dir, 'hidden.toml'));
  const vkey = run('keygen', '--party', 'pa', '--officer', 'gate.1', '--out', join(dir, 'pa.key')).toString().trim();
  run('officer', 'add', '--db', db, '--party', 'pa', '--name', 'gate.1', '--key', vkey);
  run('import', '--db', db, join(SRC, 'tests/data/good.csv'), '--key', join(dir, 'pa.key'));
  for (const party of ['cogat', 'egypt']) run('account', 'add', '--db', db, '--name', `${party}-officer`, '--role', 'officer', '--party', party);
  const server = spawn(CORRIDOR, ['serve', '--db', db, '--listen', '127.0.0.1:0', '--static', join(SRC, 'web/static')], {stdio: ['ignore', 'pipe', 'pipe']});
  const url = await new Promise((resolve, reject) => {
    let out = '';
    server.stdout.on('data', (d) => {
      out += d;
      const m = /listening on (\S+)/.exec(out);
      if (m) resolve(m[1]);
    });
    server.on('exit', (code) => reject(new Error(`serve exited ${code}`)));
  });
  return {url, stop: () => {
    server.kill('SIGTERM');
    rmSync(dir, {recursive: true, force: true});
  }};
}

async function signInAt(url, account) {
  const context = await browser.newContext({viewport: {width: 1366, height: 800}});
  const page = await context.newPage();
  await page.goto(`${url}/#/login`);
  await page.fill('#login-name', account);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#signout');
  return page;
}

test('a party cannot find a case by a field it may not see', async () => {
  const dep = await hiddenDeployment();
  try {
    // WHO-2025-0103: national ID 408627198; MOE-2025-0007: passport P4481207.
    const egypt = await signInAt(dep.url, 'egypt-officer');
    await searchFor(egypt, '408627198');
    assert.deepEqual(await foundRefs(egypt), ['WHO-2025-0103']);
    const cogat = await signInAt(dep.url, 'cogat-officer');
    for (const q of ['408627198', 'P4481207']) {
      await searchFor(cogat, q);
      assert.deepEqual(await foundRefs(cogat), [], q);
      assert.equal(await cogat.textContent('#search-count'), 'No case found.');
    }
    // The page says where it looked: the party's fields, not the hidden ones.
    assert.equal(await cogat.textContent('#search-looked'), 'Looked in: case ref, Arabic name, Latin name.');
    await shot(cogat, 'search-hidden-field-en');
    // A name the party may see still finds the case.
    await searchFor(cogat, 'Lina Hamdan');
    assert.deepEqual(await foundRefs(cogat), ['MOE-2025-0007']);
    await egypt.context().close();
    await cogat.context().close();
  } finally {
    dep.stop();
  }
});

// --- the administrator: reset a password, disable an account ----------------

test('an administrator resets a password and disables an account from the Admin page', async () => {
  const admin = await signIn('admin');
  // An account of its own, so the other tests' accounts stay as they are.
  const name = `reset-${Date.now() % 100000}`;
  const made = await admin.evaluate(async ({name, password}) => {
    const {api, newKey} = await import('/js/api.js');
    const r = await api('POST', '/api/v1/accounts', {body: {name, role: 'officer', party: 'who', password}, idempotencyKey: newKey()});
    return r.status;
  }, {name, password: PASSWORD});
  assert.equal(made, 201);
  await open(admin, '#/admin');
  await admin.click(`#reset-${name}`);
  await admin.fill('#reset-password', 'a new password for e2e');
  admin.once('dialog', (d) => d.accept());
  await admin.click('#reset-submit');
  await admin.waitForSelector('#reset-form', {state: 'detached'});
  // The new password signs in.
  const ctx = await browser.newContext();
  const p = await ctx.newPage();
  const login = await p.request.post(`${BASE}/api/v1/session`, {data: {name, password: 'a new password for e2e'}});
  assert.equal(login.status(), 201);
  await ctx.close();
  // Disable it, confirmed first.
  admin.once('dialog', (d) => d.accept());
  await admin.click(`#disable-${name}`);
  await admin.waitForFunction((n) => document.querySelector(`tr[data-name="${n}"]`)?.classList.contains('disabled'), name);
  await shot(admin, 'admin-reset-disable-en');
  noProblems(admin);
  await admin.context().close();
});

// --- the case page on a laptop screen: Sign in view, then the next case ----

test('on a 1366x800 laptop Sign shows without scrolling, and a decision links to the next case', async () => {
  const admin = await signIn('admin');
  const name = `next-${Date.now() % 100000}`;
  const made = await admin.evaluate(async ({name, password}) => {
    const {api, newKey} = await import('/js/api.js');
    return (await api('POST', '/api/v1/accounts', {body: {name, role: 'officer', party: 'who', password}, idempotencyKey: newKey()})).status;
  }, {name, password: PASSWORD});
  assert.equal(made, 201);
  const page = await signIn(name, {viewport: {width: 1366, height: 800}});
  await open(page, '#/key');
  await page.click('#key-generate');
  await page.waitForFunction(() => document.querySelector('#key-status')?.textContent.includes('administrator'));
  await open(admin, '#/admin');
  await admin.click(`#register-${name}`);
  await admin.waitForSelector(`#register-${name}`, {state: 'detached'});

  await open(page, '#/queue');
  const first = page.locator('table.grid tbody tr').first();
  const ref = await first.getAttribute('data-ref');
  await first.locator('a').first().click();
  await page.waitForSelector('form.decide button.sign');
  const box = await page.locator('form.decide button.sign').first().boundingBox();
  assert.ok(box && box.y >= 0 && box.y + box.height <= 800 && box.x >= 0 && box.x + box.width <= 1366,
    `Sign is inside the 1366x800 viewport (${JSON.stringify(box)})`);
  assert.equal(await page.evaluate(() => window.scrollY), 0);
  await shot(page, 'case-laptop-en');

  await page.click('form.decide button.sign');
  await page.waitForSelector('#next-case-link');
  const next = (await page.textContent('#next-case-link')).split(': ').pop();
  assert.notEqual(next, ref);
  await page.click('#next-case-link');
  await page.waitForFunction((r) => document.querySelector('main h1')?.textContent.includes(r), next);
  assert.equal(await page.$('#next-case'), null, 'the link belongs to the decided case only');
  noProblems(page);
  await page.context().close();
  await admin.context().close();
});
