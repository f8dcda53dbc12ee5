// Words, refusals, drafts, phones and accessibility (issue 15, `words`):
// a decision's draft survives a session that ends before it is signed;
// refusals read as sentences in both languages with the server's detail
// kept; a server that does not answer says so with a retry; every page
// fits a phone in both languages and passes axe-core.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {BASE, PASSWORD, apiGet, close, launch, noProblems, open, shot, signIn} from './lib.mjs';

let admin;
const made = {};  // party -> signed-in page of this file's own officer

before(async () => {
  await launch();
  admin = await signIn('admin');
});
after(async () => {
  for (const p of Object.values(made)) await p.context().close();
  if (admin) await admin.context().close();
  await close();
});

// A change through the page's own api.js (its session and CSRF token).
async function call(page, method, path, body) {
  return page.evaluate(async ({method, path, body}) => {
    const {api, newKey} = await import('/js/api.js');
    try {
      const r = await api(method, path, {body, idempotencyKey: newKey()});
      return {status: r.status, data: r.data};
    } catch (e) {
      return {status: e.status, code: e.code, detail: e.message};
    }
  }, {method, path, body});
}

// This file's own officer of `party`, with a key made in its browser and
// registered by the administrator (the other files' keys live in their
// own browser contexts).
export async function officer(party, opts = {}) {
  const name = `${party}-words${opts.suffix || ''}`;
  if (made[name]) return made[name];
  const r = await call(admin, 'POST', '/api/v1/accounts', {name, role: party === 'eubam' ? 'monitor' : 'officer', party, password: PASSWORD});
  assert.ok(r.status === 201 || r.status === 200, `account ${name}: ${JSON.stringify(r)}`);
  const page = await signIn(name, opts);
  const vkey = await page.evaluate(async (keyName) => {
    const keys = await import('/js/keys.js');
    return (await keys.generateKey(keyName)).vkey;
  }, `${party}/${name}`);
  const q = await call(page, 'POST', '/api/v1/officers/requests', {vkey});
  assert.ok(q.status < 300, `key request: ${JSON.stringify(q)}`);
  const reg = await call(admin, 'POST', '/api/v1/officers', {party, name, vkey});
  assert.ok(reg.status < 300, `register: ${JSON.stringify(reg)}`);
  await page.evaluate(async () => (await import('/js/api.js')).loadSession());
  made[name] = page;
  return page;
}

// The first case pending for `party` at `stage`.
async function pendingRef(page) {
  const q = (await apiGet(page, '/api/v1/queue?limit=1')).body;
  assert.ok(q.items.length, 'the party has work');
  return q.items[0].ref;
}

test('a deny typed before the session ends is still a deny after signing in again', async () => {
  const page = await officer('egypt');
  const ref = await pendingRef(page);
  await open(page, `#/case/${encodeURIComponent(ref)}`);
  await page.waitForSelector('form.decide');
  const stage = await page.getAttribute('form.decide', 'data-stage');
  await page.selectOption(`#outcome-${stage}`, 'deny');
  await page.waitForSelector('form.decide select[name=reason]');
  const reasons = await page.$$eval('form.decide select[name=reason] option', (os) => os.map((o) => o.value));
  const reason = reasons[1] || reasons[0];
  await page.selectOption('form.decide select[name=reason]', reason);
  const note = 'Bed promised for next week; ask again';
  await page.fill('form.decide input[name=note]', note);
  // The session ends (as if it expired) while the officer reads the form.
  const ended = await page.evaluate(async () => (await fetch('/api/v1/session', {method: 'DELETE', credentials: 'same-origin',
    headers: {'X-CSRF-Token': (await import('/js/api.js')).current().csrf}})).status);
  assert.ok(ended < 300, 'the session ended');
  await page.click('form.decide button.sign');
  // The officer is sent to sign in again ...
  await page.waitForSelector('#login-name');
  await page.fill('#login-name', 'egypt-words');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  // ... and comes back to the same case with the same decision, to confirm.
  await page.waitForSelector('#draft-kept');
  assert.equal(page.url(), `${BASE}/#/case/${encodeURIComponent(ref)}`);
  assert.equal(await page.inputValue(`#outcome-${stage}`), 'deny');
  assert.equal(await page.inputValue('form.decide select[name=reason]'), reason);
  assert.equal(await page.inputValue('form.decide input[name=note]'), note);
  await shot(page, 'draft-kept');
  await page.click('form.decide button.sign');
  await page.waitForSelector('.toast-msg.ok');
  const c = (await apiGet(page, `/api/v1/cases/${encodeURIComponent(ref)}`)).body;
  const mine = c.decisions.filter((d) => d.party === 'egypt' && d.stage === stage);
  assert.equal(mine.at(-1).outcome, 'deny');
  assert.equal(mine.at(-1).reason, reason);
  assert.equal(mine.at(-1).note, note);
  // Signed: the draft is gone, so the next visit starts clean.
  assert.equal(await page.evaluate(() => Object.keys(sessionStorage).filter((k) => k.startsWith('corridor.draft.')).length), 0);
  noProblems(page);
});
