// A lost key is replaced, not a dead end: an officer (who-rotating, made by
// tests/web/e2e.sh) has a key registered, loses the browser's data, makes a
// new key and asks for it; the administrator replaces the old key from the
// Admin page (a key rotation the server's log key signs); the officer then
// decides a case with the new key, and the case's proof, with the rotation
// in its key history, verifies offline.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync} from 'node:child_process';
import {writeFileSync} from 'node:fs';
import {join} from 'node:path';
import {CORRIDOR, OUT, apiGet, close, launch, noProblems, open, shot, signIn} from './lib.mjs';

const ACCOUNT = 'who-rotating';
const NAME = `who/${ACCOUNT}`;

before(async () => {
  await launch();
});
after(async () => {
  await close();
});

// Makes a key in this browser and asks for it; returns its verifier key.
async function makeKey(page) {
  await open(page, '#/key');
  assert.equal(await page.textContent('#key-name'), NAME);
  await page.click('#key-generate');
  await page.waitForFunction(() => document.querySelector('#key-status')?.textContent.includes('administrator'));
  const vkey = (await page.textContent('#key-local')).trim();
  assert.match(vkey, new RegExp(`^${NAME}\\+[0-9a-f]{8}\\+`));
  return vkey;
}

test('a cleared browser gets a new key by rotation, and decides with it', async () => {
  // 1. The first key, registered as any first key.
  const first = await signIn(ACCOUNT);
  const oldKey = await makeKey(first);
  const admin = await signIn('admin');
  admin.on('dialog', (d) => d.accept());
  await open(admin, '#/admin');
  await admin.waitForSelector(`#register-${ACCOUNT}`);
  await admin.click(`#register-${ACCOUNT}`);
  await admin.waitForSelector(`#register-${ACCOUNT}`, {state: 'detached'});
  await open(first, '#/key');
  await first.waitForSelector('#key-match.notice');
  noProblems(first);
  // 2. The browser's data is cleared: a new context has no key at all.
  await first.context().close();
  const page = await signIn(ACCOUNT);
  await open(page, '#/key');
  assert.equal((await page.textContent('#key-local')).trim(), 'none');
  const newKey = await makeKey(page);
  assert.notEqual(newKey, oldKey);
  // The page says what happens now: a replacement, the old key retired.
  await page.waitForSelector('#key-replacing');
  assert.match(await page.textContent('#key-replacing'), new RegExp(oldKey.split('+')[1]));
  await shot(page, 'rotate-key-replacing');
  const session = (await apiGet(page, '/api/v1/session')).body;
  assert.equal(session.key.status, 'pending');
  assert.equal(session.key.replaces, oldKey);

  // 3. The administrator sees a replacement and replaces the key.
  await open(admin, '#/admin');
  await admin.waitForSelector(`#replace-${ACCOUNT}`);
  assert.equal(await admin.locator(`#register-${ACCOUNT}`).count(), 0, 'a replacement is not an officer-add');
  assert.equal(await admin.getAttribute(`#requests-table [data-name="${ACCOUNT}"] [data-replaces]`, 'data-replaces'), oldKey);
  await shot(admin, 'rotate-admin-replace');
  await admin.click(`#replace-${ACCOUNT}`);
  await admin.waitForSelector(`#replace-${ACCOUNT}`, {state: 'detached'});
  await admin.waitForSelector('.toast-msg.ok');
  const officers = (await apiGet(admin, '/api/v1/officers')).body.officers;
  const mine = officers.find((o) => o.party === 'who' && o.name === ACCOUNT);
  assert.equal(mine.vkey, newKey);
  assert.ok(!mine.revoked_at);
  noProblems(admin);
  await admin.context().close();

  // 4. The officer signs with the new key.
  await open(page, '#/key');
  await page.waitForSelector('#key-match.notice');
  await shot(page, 'rotate-key-registered');
  await open(page, '#/queue');
  await page.waitForSelector('table.grid tbody tr');
  const row = page.locator('table.grid tbody tr').first();
  const ref = await row.getAttribute('data-ref');
  await row.locator('a').first().click();
  await page.waitForSelector('form.decide');
  const stage = await page.getAttribute('form.decide', 'data-stage');
  await page.selectOption(`#outcome-${stage}`, 'approve');
  await page.click('form.decide button.sign');
  await page.waitForSelector('.toast-msg.ok');
  await shot(page, 'rotate-decided');
  const detail = (await apiGet(page, `/api/v1/cases/${encodeURIComponent(ref)}`)).body;
  assert.equal(detail.decisions.filter((d) => d.stage === stage).at(-1).officer, ACCOUNT);

  // 5. The proof carries the rotation and verifies offline.
  const proof = (await apiGet(page, `/api/v1/log/proof/${encodeURIComponent(ref)}`)).body;
  assert.ok(proof.keys.some((k) => k.statement.includes('\nkind officer-rotate\n') &&
    k.statement.includes(`\nkey ${newKey}\n`) && k.statement.includes(`\nprevious ${oldKey}\n`)), 'the rotation is in the proof');
  const file = join(OUT, `${ref}.rotate.proof.json`);
  writeFileSync(file, JSON.stringify(proof));
  const out = execFileSync(CORRIDOR, ['verify-proof', file, '--allow-unwitnessed'], {stdio: 'pipe'}).toString();
  assert.match(out, new RegExp(`officer-rotate of ${NAME}`));
  noProblems(page);
  await page.context().close();
});
