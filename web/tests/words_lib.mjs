// Shared by the `words` browser tests (e2e_words*.test.mjs): officers of
// their own, each with a key made in its own browser context and registered
// by the administrator, and the page's language switch.

import assert from 'node:assert/strict';
import {PASSWORD, apiGet, signIn} from './lib.mjs';

// A change through the page's own api.js (its session and CSRF token).
export async function call(page, method, path, body) {
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

// An officer of `party` named PARTY-words{suffix}, signed in, with a key
// made in its browser and registered by `admin` (the other files' keys live
// in their own browser contexts); kept in `made` by name.
export async function officer(admin, made, party, opts = {}) {
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

// The first case in the page's party's queue.
export async function pendingRef(page) {
  const q = (await apiGet(page, '/api/v1/queue?limit=1')).body;
  assert.ok(q.items.length, 'the party has work');
  return q.items[0].ref;
}

// Switches the page's language with the header's button.
export async function setLang(page, lang) {
  if (await page.evaluate(() => document.documentElement.lang) !== lang) {
    await page.click('#lang');
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}
