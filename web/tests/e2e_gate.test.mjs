// The gate as officers live in it (issue 15): look up, then sign; a failed
// check-in keeps its number selected; a wrong check digit is told as such;
// a no-show waits for its hour and asks for confirmation; rebuilding an
// approved manifest asks first and shows what changed.
//
// These tests run on a deployment of their own (`corridor demo --patients
// 400`, served on another port): e2e.test.mjs closes today's gate in the
// shared one, and these need today open and its lists as the demo built
// them. Keys are made here and registered with `corridor officer add`
// before the server starts, then imported into each browser.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawn} from 'node:child_process';
import {mkdtempSync, rmSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {CORRIDOR, PASSWORD, close, launch, newKey, noProblems, shot} from './lib.mjs';
import {td1} from './mrz.mjs';

const STATIC = fileURLToPath(new URL('../static', import.meta.url));
const PARTIES = ['pa', 'egypt', 'cogat'];
let work;
let server;
let base;
let browser;
const pages = {};
let today;
let timeZone;

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

async function signIn(account, key) {
  const context = await browser.newContext({viewport: {width: 1280, height: 900}, locale: 'en-GB'});
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
  await page.evaluate(async ({name, pkcs8, raw}) => {
    const keys = await import('/js/keys.js');
    await keys.importKey(name, new Uint8Array(pkcs8), new Uint8Array(raw));
  }, key);
  return page;
}

async function open(page, hash) {
  const url = `${base}/${hash}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.waitForSelector('main h1');
}

// GET with the page's session: {status, body} (body is text for non-JSON).
function get(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, {credentials: 'same-origin'});
    const text = await r.text();
    try {
      return {status: r.status, body: JSON.parse(text)};
    } catch {
      return {status: r.status, body: text};
    }
  }, path);
}

// The log's size: the second line of its checkpoint.
async function logSize(page) {
  const r = await get(page, '/api/v1/log/checkpoint');
  return Number(r.body.split('\n')[1]);
}

// The UTC instant of `hhmm` on `date` at the crossing.
function atCrossing(date, hhmm) {
  const guess = Date.parse(`${date}T${hhmm}:00Z`);
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-CA', {timeZone, year: 'numeric', month: '2-digit', day: '2-digit',
    hour: '2-digit', minute: '2-digit', hourCycle: 'h23'}).formatToParts(new Date(guess)).map((p) => [p.type, p.value]));
  const local = Date.parse(`${parts.year}-${parts.month}-${parts.day}T${parts.hour}:${parts.minute}:00Z`);
  return guess - (local - guess);
}

// A national ID with a good check digit that no one on the lists holds.
function unlistedId() {
  const d = [9, 9, 9, 0, 0, 0, 1, 2];
  for (let c = 0; c < 10; c++) {
    const sum = [...d, c].reduce((s, x, i) => {
      const p = x * (i % 2 ? 2 : 1);
      return s + (p > 9 ? p - 9 : p);
    }, 0);
    if (sum % 10 === 0) return [...d, c].join('');
  }
  throw new Error('no check digit');
}

// The first main-list traveller awaited on today's exit list, after `skip` of them.
async function awaited(page, skip = 0) {
  // The page asks for the day's list in one call, and never for the cases
  // (a scan of every case on the server, issue 18).
  const asked = [];
  const onRequest = (r) => asked.push(new URL(r.url()).pathname);
  page.on('request', onRequest);
  await open(page, `#/gate/${today}`);
  await page.waitForSelector('#gate-lists[data-loaded="yes"]');
  page.off('request', onRequest);
  assert.deepEqual(asked.filter((p) => p.startsWith('/api/v1/cases')), [], 'the gate page asks for no cases');
  assert.equal(asked.filter((p) => p === `/api/v1/gate/${today}/travellers`).length, 1, 'one call for the day\'s list');
  const refs = await page.$$eval('#gate-list-exit tr[data-status="pending"]', (rows) => rows.map((r) => r.dataset.ref));
  assert.ok(refs.length > skip, 'travellers wait on today\'s list');
  const ref = refs[skip];
  return {ref, person: (await get(page, `/api/v1/cases/${encodeURIComponent(ref)}?why=test`)).body.person};
}

before(async () => {
  work = mkdtempSync(join(tmpdir(), 'corridor-gate-'));
  const db = join(work, 'gate.db');
  execFileSync(CORRIDOR, ['demo', '--db', db, '--patients', '400', '--fresh'], {stdio: 'pipe'});
  const keys = {};
  for (const party of PARTIES) {
    const name = `${party}-gate`;
    execFileSync(CORRIDOR, ['account', 'add', '--db', db, '--name', name, '--role', 'officer', '--party', party], {input: `${PASSWORD}\n`, stdio: 'pipe'});
    keys[party] = {name: `${party}/${name}`, ...newKey(`${party}/${name}`)};
    execFileSync(CORRIDOR, ['officer', 'add', '--db', db, '--party', party, '--name', name, '--key', keys[party].vkey], {stdio: 'pipe'});
  }
  base = await serve(db);
  browser = await launch();
  for (const party of PARTIES) pages[party] = await signIn(`${party}-gate`, keys[party]);
  today = (await get(pages.pa, '/api/v1/stats')).body.today;
  timeZone = (await get(pages.pa, '/api/v1/deployment')).body.crossing.time_zone;
});

after(async () => {
  await close();
  if (server) {
    server.kill('SIGTERM');
    await new Promise((r) => server.once('exit', r));
  }
  rmSync(work, {recursive: true, force: true});
});

// First, before any check-in makes the list final (manifest-in-use).
test('rebuilding an approved manifest asks first and shows the approvers what changed', async () => {
  const pa = pages.pa;
  const url = `#/manifest/${today}/exit`;
  await open(pa, url);
  await pa.waitForSelector('#manifest-status[data-approved="yes"]');
  const hash = await pa.getAttribute('#manifest-published', 'data-hash');
  const size = await logSize(pa);
  // What the page will show: the diff of the approved list and the plan.
  const expect = await pa.evaluate(async (path) => {
    const {listDiff} = await import('/js/pages/manifest_diff.js');
    const get = async (p) => (await fetch(p)).json();
    const [m, plan] = await Promise.all([get(`${path}?why=test`), get(`${path}/plan`)]);
    const d = listDiff(m.travellers, plan.travellers);
    return {added: d.added.length, removed: d.removed.length, moved: d.moved.length};
  }, `/api/v1/manifests/${today}/exit`);
  await pa.click('#manifest-build');
  await pa.waitForSelector('#manifest-rebuild-dialog[open] #manifest-rebuild-diff');
  const shown = await pa.$eval('#manifest-rebuild-diff', (el) =>
    ({added: Number(el.dataset.added), removed: Number(el.dataset.removed), moved: Number(el.dataset.moved)}));
  assert.deepEqual(shown, expect);
  await shot(pa, 'manifest-rebuild-confirm');
  // Escape keeps the approved list.
  await pa.keyboard.press('Escape');
  await pa.waitForSelector('#manifest-rebuild-dialog', {state: 'detached'});
  assert.equal(await logSize(pa), size, 'nothing signed');
  assert.equal((await get(pa, `/api/v1/manifests/${today}/exit?why=test`)).body.manifest, hash);
  // Confirmed, the list is rebuilt and awaits the approvers again.
  await pa.click('#manifest-build');
  await pa.click('#manifest-rebuild-dialog-yes');
  await pa.waitForFunction((old) => {
    const el = document.querySelector('#manifest-published');
    return el && el.dataset.hash && el.dataset.hash !== old;
  }, hash);
  assert.equal(await pa.getAttribute('#manifest-status', 'data-approved'), 'no');

  // Each approver sees the same diff beside its approval, then approves.
  for (const party of ['egypt', 'cogat']) {
    const page = pages[party];
    await open(page, url);
    await page.waitForSelector('#manifest-actions #manifest-diff');
    const m = (await get(page, `/api/v1/manifests/${today}/exit?why=test`)).body;
    assert.equal(m.replaced.manifest, hash, 'the list it approved');
    const seen = await page.evaluate(async (lists) => {
      const {listDiff} = await import('/js/pages/manifest_diff.js');
      const d = listDiff(lists.before, lists.after);
      const el = document.getElementById('manifest-diff');
      return {want: [d.added.length, d.removed.length, d.moved.length],
        got: [Number(el.dataset.added), Number(el.dataset.removed), Number(el.dataset.moved)]};
    }, {before: m.replaced.travellers, after: m.travellers});
    assert.deepEqual(seen.got, seen.want);
    assert.deepEqual(seen.got, [shown.added, shown.removed, shown.moved], 'the diff the operator confirmed');
    if (party === 'egypt') await shot(page, 'manifest-approve-diff');
    await page.click('#manifest-approve');
    await page.waitForSelector(`#manifest-approvals .approved-by[data-party="${party}"]`);
    noProblems(page);
  }
  // The diff itself: added, removed, and moved (by place or list).
  const d = await pa.evaluate(async () => {
    const {listDiff} = await import('/js/pages/manifest_diff.js');
    const l = (ref, standby = false) => ({ref, standby});
    const r = listDiff([l('A'), l('B'), l('C'), l('D', true)], [l('B'), l('A'), l('E'), l('C', true), l('D', true)]);
    return {added: r.added.map((x) => x.ref), removed: r.removed.map((x) => x.ref), moved: r.moved.map((x) => x.line.ref)};
  });
  assert.deepEqual(d, {added: ['E'], removed: [], moved: ['B', 'A', 'C']});
  noProblems(pa);
});

test('check-in looks the document up first, and signs only on a second Enter', async () => {
  const pa = pages.pa;
  const {ref, person} = await awaited(pa);
  const size = await logSize(pa);
  await pa.fill('#gate-input', person.national_id);
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector(`#gate-lookup[data-ref="${ref}"]`);
  // Whom the document names, in both scripts; nothing signed yet.
  assert.equal((await pa.textContent('#gate-lookup .gate-name-ar')).trim(), person.name_ar);
  assert.equal((await pa.textContent('#gate-lookup .gate-name-en')).trim(), person.name_en);
  assert.ok((await pa.textContent('#gate-lookup')).includes(ref));
  await shot(pa, 'gate-lookup');
  assert.equal(await logSize(pa), size, 'a look-up signs nothing');
  assert.equal((await get(pa, `/api/v1/cases/${encodeURIComponent(ref)}`)).body.state, 'scheduled');
  // Escape cancels: the number stays, nothing is signed.
  await pa.press('#gate-input', 'Escape');
  await pa.waitForSelector('#gate-cancelled');
  assert.equal(await pa.$('#gate-lookup'), null);
  assert.equal(await pa.inputValue('#gate-input'), person.national_id);
  assert.equal(await logSize(pa), size);
  // Enter looks up again, and the second Enter signs and commits.
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector(`#gate-lookup[data-ref="${ref}"]`);
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector(`#gate-result[data-ref="${ref}"][data-outcome="crossed"]`);
  assert.equal(await logSize(pa), size + 1, 'the check-in is one statement in the log');
  assert.equal((await get(pa, `/api/v1/cases/${encodeURIComponent(ref)}`)).body.state, 'crossed');
  assert.equal(await pa.inputValue('#gate-input'), '');
  assert.equal(await pa.getAttribute(`#gate-list-exit tr[data-ref="${ref}"]`, 'data-status'), 'checked-in');
  noProblems(pa);
});

test('a failed check-in keeps the number in the box, selected', async () => {
  const pa = pages.pa;
  await awaited(pa);
  const id = unlistedId();
  await pa.fill('#gate-input', id);
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector('#gate-error[data-code="not-on-manifest"]');
  const box = await pa.evaluate(() => {
    const el = document.getElementById('gate-input');
    return {value: el.value, start: el.selectionStart, end: el.selectionEnd, focused: document.activeElement === el};
  });
  assert.deepEqual(box, {value: id, start: 0, end: id.length, focused: true});
  noProblems(pa);
});

test('a wrong check digit is told as such, in the browser and by the server', async () => {
  const pa = pages.pa;
  const {person} = await awaited(pa, 1);
  const id = person.national_id;
  const typo = id.slice(0, 8) + String((Number(id[8]) + 1) % 10);
  let asked = 0;
  const count = (req) => {
    if (req.url().includes('/checkins')) asked++;
  };
  pa.on('request', count);
  await pa.fill('#gate-input', typo);
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector('#gate-error[data-code="check-digit"]');
  assert.match(await pa.textContent('#gate-error'), /check digit of this national ID is wrong/);
  assert.equal(await pa.inputValue('#gate-input'), typo);
  // An MRZ whose document number digit is wrong names that digit.
  const good = td1({number: id, dob: person.date_of_birth, name_en: person.name_en, sex: person.sex});
  await pa.fill('#gate-input', good.replace(/^(.{14})(\d)/, (m, a, c) => a + ((Number(c) + 1) % 10)));
  await pa.press('#gate-input', 'Enter');
  await pa.waitForSelector('#gate-mismatch[data-code="check-digits"] tr[data-field="document_number"]');
  pa.off('request', count);
  assert.equal(asked, 0, 'the browser told it without asking the server');
  // Every client gets the same answer from the server, with its own rule.
  const code = await pa.evaluate(async ({d, number}) => {
    const {api} = await import('/js/api.js');
    try {
      await api('POST', `/api/v1/gate/${d}/checkins`, {body: {id: number}});
      return 'accepted';
    } catch (e) {
      return `${e.status} ${e.code} ${e.field}`;
    }
  }, {d: today, number: typo});
  assert.equal(code, '422 check-digit document');
  noProblems(pa);
});

test('a no-show waits for its hour, with the reason beside the row, and asks first', async () => {
  const pa = pages.pa;
  const from = (await get(pa, '/api/v1/deployment')).body.days.no_show_after;
  await pa.clock.setFixedTime(atCrossing(today, '08:30'));
  const {ref} = await awaited(pa, 2);
  const button = `#gate-noshow-${CSS_escape(ref)}`;
  assert.equal(await pa.$eval(button, (b) => b.disabled), true);
  const why = await pa.textContent(`#gate-noshow-why-${CSS_escape(ref)}`);
  assert.ok(why.includes(from), `the reason names the hour: ${why}`);
  await shot(pa, 'gate-noshow-early');

  await pa.clock.setFixedTime(atCrossing(today, '13:30'));
  await awaited(pa, 2);
  assert.equal(await pa.$eval(button, (b) => b.disabled), false);
  assert.equal(await pa.$(`#gate-noshow-why-${CSS_escape(ref)}`), null);
  const size = await logSize(pa);
  await pa.click(button);
  await pa.waitForSelector('#gate-noshow-dialog[open]');
  assert.equal(await pa.evaluate(() => document.activeElement?.id), 'gate-noshow-dialog');
  assert.ok((await pa.textContent('#gate-noshow-dialog')).includes(ref));
  await shot(pa, 'gate-noshow-confirm');
  await pa.keyboard.press('Escape');
  await pa.waitForSelector('#gate-noshow-dialog', {state: 'detached'});
  assert.equal(await logSize(pa), size, 'cancelled: nothing signed');
  assert.equal(await pa.getAttribute(`#gate-list-exit tr[data-ref="${ref}"]`, 'data-status'), 'pending');
  noProblems(pa);
});

// Refs hold only A-Z, 0-9 and '-': safe in an id selector as they are.
function CSS_escape(ref) {
  return ref.replace(/[^A-Za-z0-9_-]/g, (c) => `\\${c}`);
}
