// Every party signs in, makes its signing key in the browser, has it
// registered by the administrator, sees its work queue and decides a case
// with a signature made in the browser; the decision then verifies in the
// log with `corridor verify-proof`, which trusts nothing from the server.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {readFileSync, writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CORRIDOR, OUT, apiGet, close, launch, noProblems, open, shot, signIn} from './lib.mjs';

// A national ID number with its check digit (the registry's Luhn-style
// 1-2 weights; tests/vectors national_id.json).
function nationalId() {
  const d = Array.from({length: 8}, () => Math.floor(Math.random() * 10));
  d[0] = 9;
  for (let c = 0; c < 10; c++) {
    const all = [...d, c];
    const sum = all.reduce((s, x, i) => {
      const p = x * (i % 2 ? 2 : 1);
      return s + (p > 9 ? p - 9 : p);
    }, 0);
    if (sum % 10 === 0) return all.join('');
  }
  throw new Error('no check digit');
}

const vectors = JSON.parse(readFileSync(new URL('../../tests/vectors/signed_note.json', import.meta.url)));
const pages = {};
const officers = {who: 'who-officer', egypt: 'egypt-officer', cogat: 'cogat-officer', pa: 'pa-officer'};
// Everyone who signs: the four parties' officers and the monitor.
const signers = {...officers, eubam: 'eubam-monitor'};

before(async () => {
  await launch();
});
after(async () => {
  for (const p of Object.values(pages)) await p.context().close();
  await close();
});

test('a note signed with WebCrypto in the browser is the C2SP vector, byte for byte', async () => {
  const v = vectors.published_vectors.find((x) => x.id === 'go-sumdb-note-peterneumann');
  const page = await signIn('admin');
  const got = await page.evaluate(async ({seedHex, pubHex, name, text}) => {
    const bytes = (hx) => new Uint8Array(hx.match(/../g).map((b) => parseInt(b, 16)));
    // PKCS#8 wrapping of an Ed25519 seed (RFC 8410).
    const pkcs8 = new Uint8Array([...bytes('302e020100300506032b657004220420'), ...bytes(seedHex)]);
    const keys = await import('/js/keys.js');
    const key = await keys.importKey(name, pkcs8, bytes(pubHex));
    const note = await keys.signNote(key, text);
    await keys.deleteKey(name);
    return {vkey: key.vkey, note};
  }, {seedHex: v.ed25519_seed_hex, pubHex: v.ed25519_public_key_hex, name: v.vkey.split('+')[0], text: v.note.slice(0, v.note.indexOf('\n\n\u2014 ') + 1)});
  assert.equal(got.vkey, v.vkey);
  assert.equal(got.note, v.note);
  await page.context().close();
});

test('each officer makes a key in the browser and the administrator registers it', async () => {
  for (const [party, account] of Object.entries(signers)) {
    const page = await signIn(account);
    pages[party] = page;
    // An officer without a key is sent to make one.
    await page.waitForSelector('#key-banner');
    await open(page, '#/key');
    assert.equal(await page.textContent('#key-name'), `${party}/${account}`);
    await page.click('#key-generate');
    await page.waitForFunction(() => document.querySelector('#key-status')?.textContent.includes('administrator'));
    const vkey = await page.textContent('#key-local');
    assert.match(vkey, new RegExp(`^${party}/${account}\\+[0-9a-f]{8}\\+`));
    // The private half cannot be read, even by the page's own scripts.
    const extractable = await page.evaluate(async (name) => {
      const keys = await import('/js/keys.js');
      const k = await keys.getKey(name);
      try {
        await crypto.subtle.exportKey('pkcs8', k.privateKey);
        return true;
      } catch {
        return k.privateKey.extractable;
      }
    }, `${party}/${account}`);
    assert.equal(extractable, false);
  }
  await shot(pages.who, 'key-pending');

  const admin = await signIn('admin');
  await open(admin, '#/admin');
  for (const account of Object.values(signers)) {
    await admin.waitForSelector(`#register-${account}`);
    await admin.click(`#register-${account}`);
    await admin.waitForSelector(`#register-${account}`, {state: 'detached'});
  }
  await shot(admin, 'admin');
  const registered = (await apiGet(admin, '/api/v1/officers')).body.officers;
  for (const [party, account] of Object.entries(signers)) {
    const page = pages[party];
    assert.ok(registered.some((o) => o.party === party && o.name === account && !o.revoked_at), `${account} registered`);
    await open(page, '#/key');
    await page.waitForSelector('#key-match.notice');
  }
  await shot(pages.who, 'key-registered');
  noProblems(admin);
  await admin.context().close();
});

// Decides the first case of the party's queue with `outcome` on the case
// page, then checks the decision in the log.
async function decideFirst(party, outcome) {
  const page = pages[party];
  await open(page, '#/queue');
  await page.waitForSelector('table.grid tbody tr');
  const total = await page.textContent('#queue-total');
  assert.match(total, /\d+ pending/);
  await shot(page, `queue-${party}`);
  const first = page.locator('table.grid tbody tr').first();
  const ref = await first.getAttribute('data-ref');
  await first.locator('a').first().click();
  await page.waitForSelector('form.decide').catch(async (e) => {
    await shot(page, `case-${party}-failed`);
    throw e;
  });
  const stage = await page.getAttribute('form.decide', 'data-stage');
  await page.selectOption(`#outcome-${stage}`, outcome);
  if (outcome !== 'approve') await page.waitForSelector('form.decide select[name=reason], form.decide input[name=reason]');
  await shot(page, `case-${party}`);
  await page.click('form.decide button.sign');
  await page.waitForSelector('.toast-msg.ok');
  await page.waitForSelector('ol.timeline li .log-index');
  await shot(page, `case-${party}-decided`);

  const detail = (await apiGet(page, `/api/v1/cases/${encodeURIComponent(ref)}`)).body;
  const mine = detail.decisions.filter((d) => d.party === party && d.stage === stage);
  assert.equal(mine.at(-1).outcome, outcome);
  assert.equal(mine.at(-1).officer, officers[party]);

  // The proof, checked offline against the log's key and the witnesses.
  const proof = (await apiGet(page, `/api/v1/log/proof/${encodeURIComponent(ref)}`)).body;
  // (A statement withheld from this party, a health-related reason, has no text.)
  const signed = proof.statements.find((s) => s.statement?.includes(`\nofficer ${officers[party]}\n`) &&
    s.statement.includes(`\nstage ${stage}\n`) && s.statement.includes(`\noutcome ${outcome}\n`));
  assert.ok(signed, 'the decision is a statement in the log');
  assert.ok(signed.statement.includes(`\n\u2014 ${party}/${officers[party]} `), 'signed with the browser key');
  const file = join(OUT, `${ref}.proof.json`);
  writeFileSync(file, JSON.stringify(proof));
  execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'});
  noProblems(page);
  return ref;
}

test('WHO approves a referral signed in the browser, and it verifies in the log', async () => {
  await decideFirst('who', 'approve');
});

test('Egypt denies with a reason, and it verifies in the log', async () => {
  await decideFirst('egypt', 'deny');
});

test('COGAT approves a security check, and it verifies in the log', async () => {
  await decideFirst('cogat', 'approve');
});

test('a tampered proof does not verify', async () => {
  const proof = (await apiGet(pages.who, '/api/v1/log/proof/' +
    encodeURIComponent((await apiGet(pages.who, '/api/v1/queue?limit=1')).body.items[0].ref))).body;
  const s = proof.statements.at(-1);
  // A decision made a denial, or a registration (a statement, or a row of
  // an import's signed batch) of another category: either way, changed.
  const before = s.statement;
  s.statement = s.statement.replace(/\noutcome \w+\n/, '\noutcome deny\n').replace(/\nkind \w+\n/, '\nkind decision\n')
    .replace(/\ncategory \w+\n/, '\ncategory student\n');
  assert.notEqual(s.statement, before);
  const file = join(OUT, 'tampered.proof.json');
  writeFileSync(file, JSON.stringify(proof));
  assert.throws(() => execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'}));
});

test('the crossings authority registers a traveller and approves the registration', async () => {
  const page = pages.pa;
  await open(page, '#/import');
  const ref = `E2E-${Date.now() % 1000000}`;
  const csv = 'ref,direction,category,urgency,diagnosis,group_ref,national_id,passport_no,name_ar,name_en,date_of_birth,sex,nationality,phone,requested_on\r\n' +
    `${ref},exit,student,,,,${nationalId()},,سارة خالد,Sara Khaled,2001-03-04,F,PSE,,2026-11-01\r\n`;
  await page.fill('#import-text', csv);
  await page.click('#import-check');
  await page.waitForSelector('.notice');
  await page.click('#import-submit');
  await page.waitForSelector('#import-done');
  await shot(page, 'import');
  // A bad row is named, and nothing is imported.
  await page.fill('#import-text', csv.replace(ref, `${ref}-B`).replace('2001-03-04', '2001-02-30'));
  await page.click('#import-submit');
  await page.waitForSelector('#import-errors');
  assert.match(await page.textContent('#import-errors'), /row 2/);
  const bad = await apiGet(page, `/api/v1/cases/${ref}-B`);
  assert.equal(bad.status, 404);

  await open(page, `#/queue?stage=registration`);
  await page.waitForSelector(`tr[data-ref="${ref}"]`);
  await open(page, `#/case/${ref}`);
  await page.waitForSelector('form.decide');
  await page.click('form.decide button.sign');
  await page.waitForSelector('ol.timeline li .log-index');
  const proof = (await apiGet(page, `/api/v1/log/proof/${ref}`)).body;
  assert.ok(proof.statements.some((s) => s.statement.includes('\nkind decision\n') && s.statement.includes('\nofficer pa-officer\n')));
  const file = join(OUT, `${ref}.proof.json`);
  writeFileSync(file, JSON.stringify(proof));
  execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'});
  noProblems(page);
});

test('bulk approval: one signature per case, from the queue', async () => {
  const page = pages.who;
  await open(page, '#/queue');
  await page.waitForSelector('table.grid tbody tr');
  const refs = await page.$$eval('table.grid tbody tr', (rows) => rows.slice(0, 3).map((r) => r.dataset.ref));
  const before = (await apiGet(page, '/api/v1/queue?limit=1')).body.total;
  for (const ref of refs) await page.check(`tr[data-ref="${ref}"] input.pick`);
  page.once('dialog', (d) => d.accept());
  await page.click('#bulk-approve');
  await page.waitForSelector('.toast-msg.ok');
  const after = (await apiGet(page, '/api/v1/queue?limit=1')).body.total;
  assert.equal(after, before - refs.length);
  for (const ref of refs) {
    const c = (await apiGet(page, `/api/v1/cases/${ref}`)).body;
    assert.ok(c.decisions.some((d) => d.party === 'who' && d.outcome === 'approve' && d.officer === 'who-officer'), ref);
  }
  noProblems(page);
});

test('Arabic: the switch turns every page right to left, and it stays switched', async () => {
  const page = pages.who;
  await open(page, '#/queue');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  assert.equal(await page.getAttribute('html', 'lang'), 'ar');
  await page.waitForSelector('main h1');
  assert.equal(await page.textContent('main h1'), 'قائمة العمل');
  // The layout mirrors: the brand sits at the right edge, the navigation to its left.
  const brand = await page.locator('.brand').boundingBox();
  const nav = await page.locator('.top nav').boundingBox();
  assert.ok(brand.x > nav.x, `brand (${brand.x}) right of the navigation (${nav.x})`);
  const width = page.viewportSize().width;
  assert.ok(brand.x + brand.width > width - 40, 'brand at the right edge');
  // Table cells start on the right.
  const align = await page.$eval('table.grid th', (th) => getComputedStyle(th).textAlign);
  assert.equal(align, 'start');
  const th = await page.locator('table.grid th').nth(1).boundingBox();
  const th2 = await page.locator('table.grid th').nth(2).boundingBox();
  assert.ok(th.x > th2.x, 'columns run right to left');
  await shot(page, 'ar-queue');
  // A Latin name inside Arabic text keeps its own direction.
  const ref = await page.locator('table.grid tbody tr').first().getAttribute('data-ref');
  await open(page, `#/case/${ref}`);
  assert.equal(await page.getAttribute('.names bdi[lang=en]', 'dir'), 'ltr');
  assert.equal(await page.getAttribute('.names bdi[lang=ar]', 'dir'), 'rtl');
  await shot(page, 'ar-case');
  // The choice survives a reload.
  await page.reload();
  await page.waitForSelector('main h1');
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'ltr');
  noProblems(page);
});

// --- a crossing day: manifest, gate, close, attestation ----------------------

let today;
let traveller;

test('the operator builds today\'s manifest and Egypt and COGAT approve it', async () => {
  const pa = pages.pa;
  today = (await apiGet(pa, '/api/v1/stats')).body.today;
  assert.match(today, /^\d{4}-\d{2}-\d{2}$/);
  const days = (await apiGet(pa, '/api/v1/days')).body;
  const day = (days.days || days).find((d) => d.date === today);
  assert.equal(day && day.status, 'open', 'the demo opens today');

  await open(pa, `#/manifest/${today}/exit`);
  const before = await pa.getAttribute('#manifest-published', 'data-hash').catch(() => null);
  await pa.click('#manifest-build');
  // The demo's list is approved: rebuilding it asks first, showing the changes.
  await pa.waitForSelector('#manifest-rebuild-dialog[open] #manifest-rebuild-diff');
  await pa.click('#manifest-rebuild-dialog-yes');
  await pa.waitForFunction((old) => {
    const el = document.querySelector('#manifest-published');
    return el && el.dataset.hash && el.dataset.hash !== old;
  }, before);
  const hash = await pa.getAttribute('#manifest-published', 'data-hash');
  assert.equal(await pa.getAttribute('#manifest-status', 'data-approved'), 'no');
  await shot(pa, 'manifest-built');

  for (const party of ['egypt', 'cogat']) {
    const page = pages[party];
    await open(page, `#/manifest/${today}/exit`);
    await page.waitForSelector('#manifest-approve:not([disabled])');
    await page.click('#manifest-approve');
    await page.waitForSelector(`#manifest-approvals .approved-by[data-party="${party}"]`);
    noProblems(page);
  }
  const m = (await apiGet(pa, `/api/v1/manifests/${today}/exit`)).body;
  assert.equal(m.manifest, hash, 'the approved list is the one built');
  await open(pa, `#/manifest/${today}/exit`);
  await pa.waitForSelector('#manifest-status[data-approved="yes"]');
  await shot(pa, 'manifest');
  // The plan explains every case not chosen.
  await pa.click('#manifest-plan-toggle');
  await pa.waitForSelector('#manifest-plan-order');
  await shot(pa, 'manifest-plan');

  // The CSV export: UTF-8 with BOM, CRLF, a header and one row per traveller.
  const [download] = await Promise.all([pa.waitForEvent('download'), pa.click('#manifest-csv')]);
  const csv = readFileSync(await download.path(), 'utf8');
  assert.ok(csv.startsWith('\ufeff'), 'BOM');
  const lines = csv.slice(1).split('\r\n').filter(Boolean);
  const listed = await pa.$$eval('#manifest-list tbody tr', (rows) => rows.length);
  assert.ok(listed > 0);
  assert.equal(lines.length, listed + 1, 'a header and one line per listed traveller');
  // Printing hides the navigation and keeps the list.
  await pa.emulateMedia({media: 'print'});
  assert.equal(await pa.$eval('.top', (el) => getComputedStyle(el).display), 'none');
  assert.notEqual(await pa.$eval('#manifest-list', (el) => getComputedStyle(el).display), 'none');
  await pa.pdf?.({path: join(OUT, 'manifest-print.pdf')}).catch(() => {});
  await shot(pa, 'manifest-print');
  await pa.emulateMedia({media: 'screen'});
  noProblems(pa);
});

test('the gate checks a traveller in with an MRZ, and shows a mismatch plainly', async () => {
  const {td1} = await import('./mrz.mjs');
  const pa = pages.pa;
  await open(pa, `#/gate/${today}`);
  await pa.waitForSelector('#gate-lists[data-loaded="yes"]');
  const ref = await pa.getAttribute('#gate-list-exit tr[data-status="pending"]', 'data-ref');
  assert.ok(ref, 'a traveller waits on today\'s list');
  const person = (await apiGet(pa, `/api/v1/cases/${encodeURIComponent(ref)}?why=test`)).body.person;
  traveller = ref;
  const good = td1({number: person.national_id, dob: person.date_of_birth, name_en: person.name_en, sex: person.sex});
  execFileSync(CORRIDOR, ['mrz', '-'], {input: good, stdio: ['pipe', 'pipe', 'pipe']});  // check digits hold

  // The same document with another birth date: valid digits, wrong person.
  const [y, mo, d] = person.date_of_birth.split('-');
  const wrongDob = `${Number(y) - 1}-${mo}-${d === '29' ? '28' : d}`;
  const bad = td1({number: person.national_id, dob: wrongDob, name_en: person.name_en, sex: person.sex});
  await pa.fill('#gate-input', bad);
  await pa.click('#gate-checkin');
  await pa.waitForSelector('#gate-mismatch.mismatch');
  assert.ok(await pa.$('#gate-mismatch tr[data-field="date_of_birth"]'), 'the differing field is named');
  await shot(pa, 'gate-mismatch');
  assert.equal((await apiGet(pa, `/api/v1/cases/${encodeURIComponent(ref)}`)).body.state, 'scheduled');

  // A broken check digit is refused before any look-up.
  await pa.fill('#gate-input', good.replace(/^(.{14})(\d)/, (m, a, c) => a + ((Number(c) + 1) % 10)));
  await pa.click('#gate-checkin');
  await pa.waitForSelector('#gate-mismatch, #gate-error');

  // Look up, then sign: the first press shows whom the document names.
  await pa.fill('#gate-input', good);
  await pa.click('#gate-checkin');
  await pa.waitForSelector(`#gate-lookup[data-ref="${ref}"]`);
  await pa.click('#gate-checkin');
  await pa.waitForSelector(`#gate-result[data-ref="${ref}"][data-outcome="crossed"]`);
  await shot(pa, 'gate');
  // The input is cleared and focused for the next traveller.
  assert.equal(await pa.inputValue('#gate-input'), '');
  assert.equal(await pa.evaluate(() => document.activeElement.id), 'gate-input');
  assert.equal((await apiGet(pa, `/api/v1/cases/${encodeURIComponent(ref)}`)).body.state, 'crossed');
  noProblems(pa);
});

test('the operator closes the day and the monitor attests it', async () => {
  const pa = pages.pa;
  await open(pa, `#/gate/${today}`);
  await pa.click('#gate-close');
  await pa.click('#gate-close-confirm');
  await pa.waitForSelector('#gate-report-hash');
  await shot(pa, 'gate-closed');

  const eubam = pages.eubam;
  await open(eubam, `#/gate/${today}`);
  await eubam.waitForSelector('#gate-attest');
  await eubam.click('#gate-attest');
  await eubam.waitForSelector('#gate-attested');
  await shot(eubam, 'gate-attested');
  const report = (await apiGet(eubam, `/api/v1/gate/${today}/report`)).body;
  assert.ok(JSON.stringify(report).includes('eubam'), 'the report carries the monitor\'s attestation');
  // The traveller's crossing and the day's report are in the log and verify.
  const proof = (await apiGet(pa, `/api/v1/log/proof/${encodeURIComponent(traveller)}`)).body;
  assert.ok(proof.statements.some((s) => s.statement.includes('\nkind gate\n')));
  const file = join(OUT, `${traveller}.proof.json`);
  writeFileSync(file, JSON.stringify(proof));
  execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'});
  noProblems(eubam);
});

// --- every other page, in both languages, with a screenshot ---------------------

test('the calendar, dashboard, log and login pages draw, in English and Arabic', async () => {
  const page = pages.cogat;
  await open(page, '#/days');
  await page.waitForSelector('#days-list');
  await shot(page, 'days');
  await open(page, '#/dashboard');
  await page.waitForSelector('#chart-crossings canvas');
  await page.waitForSelector('#dash-pending');
  const stats = (await apiGet(page, '/api/v1/stats')).body;
  const waiting = stats.waiting.total;
  assert.match((await page.textContent('#dash-waiting')).replace(/[^\d]/g, ''), new RegExp(`^${waiting}$`));
  // COGAT may not see urgency: the server sends no urgency breakdown, and
  // the page leaves its chart out and says so. No health-related refusal
  // reason reaches it.
  assert.equal(stats.waiting.by_urgency, undefined);
  assert.ok(stats.withheld.includes('waiting.by_urgency'));
  assert.equal(await page.$('#chart-urgency'), null);
  await page.waitForSelector('#dash-withheld');
  for (const key of Object.keys(stats.denied.by_reason)) assert.doesNotMatch(key, /no-hospital-bed|specialty-not-accepted|not-eligible/);
  await shot(page, 'dashboard');
  await open(pages.who, '#/dashboard');
  await pages.who.waitForSelector('#chart-urgency canvas');
  assert.equal(await pages.who.$('#dash-withheld'), null);
  await open(page, '#/log');
  await page.waitForSelector('#log-checkpoint');
  await page.fill('#log-search', traveller);
  await page.click('#log-search-go');
  await page.waitForSelector('#log-statements');
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#log-proof-download')]);
  const file = join(OUT, 'log-page.proof.json');
  await download.saveAs(file);
  execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'});
  await shot(page, 'log');
  noProblems(page);

  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  for (const [hash, sel, name] of [['#/days', '#days-list', 'days'], ['#/dashboard', '#chart-crossings canvas', 'dashboard'],
    ['#/log', '#log-checkpoint', 'log'], [`#/manifest/${today}/exit`, '#manifest-published', 'manifest'],
    [`#/gate/${today}`, '#gate-lists', 'gate'], ['#/key', '#key-name', 'key']]) {
    await open(page, hash);
    await page.waitForSelector(sel);
    assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
    await shot(page, `ar-${name}`);
  }
  await page.click('#lang');
  noProblems(page);

  const context = await pages.who.context().browser().newContext();
  const anon = await context.newPage();
  await anon.goto(`${process.env.CORRIDOR_URL}/#/queue`);
  await anon.waitForSelector('#login-name');  // a signed-out visitor is sent to sign in
  await shot(anon, 'login');
  // Signing in with the keyboard alone: the name field has the focus, Tab
  // moves to the password, Enter submits; back to the page first asked for.
  assert.equal(await anon.evaluate(() => document.activeElement.id), 'login-name');
  await anon.keyboard.type('who-officer');
  await anon.keyboard.press('Tab');
  await anon.keyboard.type(process.env.CORRIDOR_PASSWORD);
  await anon.keyboard.press('Enter');
  await anon.waitForSelector('#queue-total');
  await context.close();
});

test('the gate fits a small laptop screen', async () => {
  const context = await pages.pa.context().browser().newContext({viewport: {width: 1024, height: 600}});
  const page = await context.newPage();
  await page.goto(`${process.env.CORRIDOR_URL}/#/login`);
  await page.fill('#login-name', 'pa-officer');
  await page.fill('#login-password', process.env.CORRIDOR_PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#signout');
  await open(page, `#/gate/${today}`);
  await page.waitForSelector('#gate-lists[data-loaded="yes"]');
  const overflow = await page.evaluate(() => document.scrollingElement.scrollWidth - window.innerWidth);
  assert.ok(overflow <= 0, `no sideways scrolling (${overflow} px too wide)`);
  await page.screenshot({path: join(OUT, 'gate-small-screen.png')});
  await context.close();
});
