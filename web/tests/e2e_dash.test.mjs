// Each role's home and the dashboard (issue 15): the monitor lands on its
// page (re-examinations, today's gate, break-glass reads, the read log
// with filters); the crossings authority on its registration and gate
// work; the dashboard's figures follow the filters, each chart has its
// table and CSV, and in Arabic a time axis runs right to left.

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

// Where a chart puts its first and last x value, in CSS pixels.
function xEnds(page, id) {
  return page.evaluate((sel) => {
    const u = document.querySelector(sel).uplot;
    const xs = u.data[0];
    return [u.valToPos(xs[0], 'x'), u.valToPos(xs[xs.length - 1], 'x')];
  }, `#${id}`);
}

test('the dashboard shows each figure, and its filters change them', async () => {
  const page = await as('who-officer');
  await open(page, '#/dashboard');
  const stats = (await call(page, 'GET', '/api/v1/stats')).data;
  for (const id of ['chart-backlog', 'chart-crossings', 'chart-planned', 'chart-times', 'chart-role', 'chart-category', 'chart-urgency']) {
    await page.waitForSelector(`#${id} canvas`);
  }
  assert.ok(await page.isVisible('#chart-deaths-figure'));
  assert.ok(await page.isVisible('#chart-deaths-urgency-figure'), 'the WHO sees deaths by urgency');
  const digits = async (sel) => (await page.textContent(sel)).replace(/[^\d]/g, '');
  assert.equal(await digits('#dash-patients'), String(stats.waiting.by_role.patient ?? 0));
  assert.equal(await digits('#dash-companions'), String(stats.waiting.by_role.companion ?? 0));
  // Each day's status; today, still at the gate, marked in progress.
  const statuses = await page.$$eval('#chart-crossings-table tbody tr', (rs) => rs.map((r) => r.dataset.status));
  assert.deepEqual(statuses, stats.crossings.days.map((d) => d.status));
  if (stats.crossings.days.some((d) => d.in_progress)) {
    assert.equal(await page.locator('#chart-crossings-table tr[data-in-progress="yes"]').count(), 1);
  }
  await shot(page, 'dashboard-who');

  // A filter: the server's figures for companions only.
  const companions = (await call(page, 'GET', '/api/v1/stats?category=companion')).data;
  assert.notEqual(companions.waiting.total, stats.waiting.total);
  await page.selectOption('#dash-category', 'companion');
  await page.click('#dash-go');
  await page.waitForURL(/category=companion/);
  // The page drawn again with the server's filtered figures.
  await page.waitForFunction((v) => document.querySelector('#dash-waiting')?.textContent.replace(/[^\d]/g, '') === v,
    String(companions.waiting.total));
  await page.waitForSelector('#chart-backlog canvas');
  assert.equal(await page.locator('#chart-backlog-table tbody tr').count(), companions.backlog.length);
  const lastBacklog = await page.textContent('#chart-backlog-table tbody tr:last-child td:nth-child(2)');
  assert.equal(lastBacklog.replace(/[^\d]/g, ''), String(companions.backlog.at(-1).waiting));
  // A bad date in the address is named, not shown as figures.
  await open(page, '#/dashboard?until=2025-02-30');
  await page.waitForSelector('.error');
  assert.match(await page.textContent('.error'), /until/);
  noProblems(page);
});

test('a chart\'s figures read as a table and download as CSV', async () => {
  const page = await as('egypt-officer');
  await open(page, '#/dashboard');
  await page.waitForSelector('#chart-backlog canvas');
  const stats = (await call(page, 'GET', '/api/v1/stats')).data;
  assert.equal(await page.isVisible('#chart-backlog-table'), false);
  await page.click('#chart-backlog-figures summary');
  assert.ok(await page.isVisible('#chart-backlog-table'));
  assert.equal(await page.locator('#chart-backlog-table tbody tr').count(), stats.backlog.length);
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#chart-backlog-csv')]);
  assert.equal(download.suggestedFilename(), 'backlog.csv');
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const lines = Buffer.concat(chunks).toString('utf8').trim().split('\r\n');
  assert.equal(lines.length, stats.backlog.length + 1);
  assert.match(lines[0], /^Date,Waiting,Patients,Companions,Other travellers$/);
  const last = stats.backlog.at(-1);
  assert.equal(lines.at(-1), `${last.date},${last.waiting},${last.by_role.patient ?? 0},${last.by_role.companion ?? 0},${last.by_role.other ?? 0}`);
  // Printing one figure marks it alone for the print stylesheet.
  await page.evaluate(() => { window.print = () => { window.printedOne = document.querySelector('.print-target')?.id; }; });
  await page.click('#chart-deaths-print');
  assert.equal(await page.evaluate(() => window.printedOne), 'chart-deaths-figure');
  noProblems(page);
});

test('in Arabic a chart\'s time axis runs right to left', async () => {
  const page = await as('pa-officer');
  await open(page, '#/dashboard');
  await page.waitForSelector('#chart-backlog canvas');
  const [first, last] = await xEnds(page, 'chart-backlog');
  assert.ok(first < last, `left to right in English (${first} < ${last})`);
  await page.click('#lang');
  await page.waitForFunction(() => document.documentElement.dir === 'rtl');
  // The page drawn again in Arabic, its charts mounted.
  await page.waitForFunction(() => /[\u0600-\u06FF]/.test(document.querySelector('#chart-backlog-title')?.textContent || '') &&
    document.querySelector('#chart-backlog')?.uplot && document.querySelector('#chart-crossings')?.uplot);
  const [arFirst, arLast] = await xEnds(page, 'chart-backlog');
  assert.ok(arFirst > arLast, `right to left in Arabic (${arFirst} > ${arLast})`);
  const [cFirst, cLast] = await xEnds(page, 'chart-crossings');
  assert.ok(cFirst >= cLast, 'the crossings too');
  assert.match(await page.textContent('#chart-backlog-title'), /[\u0600-\u06FF]/);
  await shot(page, 'ar-dashboard-rtl');
  await page.click('#lang');
  noProblems(page);
});
