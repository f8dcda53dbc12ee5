// Each role's home (issue 15): the monitor lands on its page
// (re-examinations, today's gate, break-glass reads, the read log with
// filters); the crossings authority on its registration and gate work.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {close, launch, noProblems, open, shot, signIn} from './lib.mjs';

const pages = [];
async function as(account, opts) {
  const page = await signIn(account, opts);
  pages.push(page);
  return page;
}

before(async () => {
  await launch();
});
after(async () => {
  for (const p of pages) await p.context().close();
  await close();
});

// A request as the page would make it (session cookie and CSRF token).
function call(page, method, path, body) {
  return page.evaluate(async ([m, p, b]) => {
    const {api} = await import('/js/api.js');
    try {
      return {status: 200, data: (await api(m, p, {body: b})).data};
    } catch (err) {
      return {status: err.status, code: err.code, field: err.field};
    }
  }, [method, path, body]);
}

test('the monitor lands on its page with its four sections', async () => {
  // A break-glass read for the monitor to review.
  const cogat = await as('cogat-officer');
  const cases = await call(cogat, 'GET', '/api/v1/cases?limit=1');
  const ref = cases.data?.cases?.[0]?.ref;
  assert.ok(ref, 'a case to read');
  const glass = await call(cogat, 'POST', `/api/v1/cases/${ref}/break-glass`, {reason: 'e2e: the family called'});
  assert.equal(glass.status, 200, JSON.stringify(glass));

  const page = await as('eubam-monitor');
  await page.waitForSelector('main h1');
  assert.match(page.url(), /#\/monitor$/);
  for (const id of ['monitor-reexams', 'today-gate', 'monitor-glass', 'monitor-read-log']) {
    assert.ok(await page.isVisible(`#${id}`), `section ${id}`);
  }
  const glassRows = page.locator('#monitor-glass tbody tr');
  assert.ok(await glassRows.count() >= 1);
  assert.ok((await page.textContent('#monitor-glass')).includes('e2e: the family called'));
  assert.equal(await page.locator('#monitor-glass tbody tr[data-glass="0"]').count(), 0, 'only break-glass reads');
  await shot(page, 'monitor');

  // Filtering the read log by party and reason.
  await page.selectOption('#rl-party', 'cogat');
  await page.fill('#rl-reason', 'family called');
  await page.click('#rl-go');
  await page.waitForURL(/party=cogat/);
  await page.waitForFunction(() => {
    const rows = [...document.querySelectorAll('#monitor-read-log tbody tr')];
    return rows.length && rows.every((r) => r.dataset.party === 'cogat');
  });
  const parties = await page.$$eval('#monitor-read-log tbody tr', (rs) => rs.map((r) => r.dataset.party));
  assert.ok(parties.length >= 1);
  assert.deepEqual([...new Set(parties)], ['cogat']);
  noProblems(page);
});

test('the crossings authority lands on its queue and today\'s gate', async () => {
  const page = await as('pa-officer');
  await page.waitForSelector('main h1');
  assert.match(page.url(), /#\/work$/);
  for (const id of ['work-queue', 'work-register', 'today-gate']) assert.ok(await page.isVisible(`#${id}`), id);
  assert.match(await page.textContent('#work-counts'), /\d+/);
  assert.ok(await page.isVisible('#today-status'), 'today is an open crossing day in the demo');
  await shot(page, 'pa-work');
  noProblems(page);
});

