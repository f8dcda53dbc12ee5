// The public figures page (issue 16, part 2, `figpage`): #/public/figures
// opens without signing in, in English and Arabic, on a 390x844 phone and
// a desktop screen; its charts and tables show the numbers of GET
// /api/v1/public/figures; it lists the witnesses of GET
// /api/v1/log/checkpoint and the commands to verify, with the key of GET
// /api/v1/log/key; no request it makes needs a session; axe-core finds no
// serious or critical violation. A fixture (fixtures/figures.json, served
// in place of the route) checks hand-computed numbers the demo cannot give
// (a sealed reason, a closure over two days, sums); the rest runs against
// the server's own figures.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {execFileSync, spawnSync} from 'node:child_process';
import {mkdtempSync, readFileSync, rmSync, writeFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {BASE, CORRIDOR, close, launch, noProblems, shot, signIn} from './lib.mjs';

const FIXTURE = JSON.parse(readFileSync(new URL('./fixtures/figures.json', import.meta.url), 'utf8'));
// A demo checkpoint cosigned by its five witnesses (the e2e server's own
// checkpoints are not: its witnesses do not run).
const CHECKPOINT = readFileSync(new URL('./fixtures/checkpoint.txt', import.meta.url), 'utf8');
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
const SIZES = {desktop: {width: 1366, height: 800}, phone: {width: 390, height: 844}};

let browser;
const contexts = [];
before(async () => {
  browser = await launch();
});
after(async () => {
  for (const c of contexts) await c.close();
  await close();
});

// A browser with no cookie at all opening #/public/figures in `lang`;
// with `fixture`, the figures route answers it instead of the server, and
// with `checkpoint`, the checkpoint route.
// page.api: every /api/ response, with whether its request carried a cookie.
async function anonymous({lang = 'en', size = 'desktop', fixture = null, checkpoint = null} = {}) {
  const context = await browser.newContext({viewport: SIZES[size], locale: lang === 'ar' ? 'ar' : 'en-GB'});
  contexts.push(context);
  await context.addInitScript((l) => localStorage.setItem('corridor.lang', l), lang);
  const page = await context.newPage();
  page.problems = [];
  page.api = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 401/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  page.on('response', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) {
      page.api.push({call: `${r.request().method()} ${url.pathname}`, status: r.status(), cookie: 'cookie' in r.request().headers()});
    }
  });
  if (fixture) {
    await page.route('**/api/v1/public/figures', (r) => r.fulfill({status: 200, contentType: 'application/json',
      body: JSON.stringify(fixture)}));
  }
  if (checkpoint) {
    await page.route('**/api/v1/log/checkpoint', (r) => r.fulfill({status: 200, contentType: 'text/plain; charset=utf-8', body: checkpoint}));
  }
  await page.goto(`${BASE}/#/public/figures`);
  await page.waitForSelector('main .page-figures #fig-totals');
  await page.waitForFunction(() => [...document.querySelectorAll('.chart-box')].every((b) => b.uplot));
  return page;
}

// Every request the page made went to an open route: only the session
// check was refused (the browser is anonymous), and no cookie was sent.
function noSessionNeeded(page) {
  const session = page.api.filter((a) => a.call === 'GET /api/v1/session');
  assert.ok(session.length >= 1 && session.every((a) => a.status === 401), 'the browser is anonymous');
  const others = page.api.filter((a) => a.call !== 'GET /api/v1/session');
  for (const call of ['GET /api/v1/public/figures', 'GET /api/v1/log/checkpoint', 'GET /api/v1/log/key']) {
    assert.ok(others.some((a) => a.call === call), `the page asked ${call}`);
  }
  assert.deepEqual(others.filter((a) => a.status >= 300 || a.cookie), [], 'every other request answered without a session');
}

async function axeViolations(page) {
  // The page's CSP admits only its own scripts: axe is evaluated through the debugging protocol.
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

const sideways = (page) => page.evaluate(() => document.documentElement.scrollWidth - innerWidth);
const digits = (s) => String(s).replace(/[^\d.]/g, '');
const cells = (page, sel) => page.$$eval(`${sel} tbody tr`, (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent.trim())));
const chartData = (page, id) => page.evaluate((sel) => document.querySelector(sel).uplot.data.slice(1), `#${id}`);
const publicGet = async (path) => {
  const r = await fetch(`${BASE}${path}`);
  return {status: r.status, type: r.headers.get('content-type'), text: await r.text()};
};

test('the fixture\'s figures, as charts and tables, with the hand-computed sums', async () => {
  const page = await anonymous({fixture: FIXTURE, checkpoint: CHECKPOINT});
  assert.equal((await page.textContent('main h1')).trim(), 'Public figures');
  for (const [id, v] of [['fig-registered', 16500], ['fig-crossed', 235], ['fig-deaths-total', 12], ['fig-pending-total', 15980]]) {
    assert.equal(digits(await page.textContent(`#${id}`)), String(v), id);
  }
  assert.match(await page.textContent('#fig-period'), /2026-02-01.*2026-02-04.*Africa\/Cairo/);
  // Pending per party's stage: one line each, and the same numbers in its table.
  assert.deepEqual(await chartData(page, 'fig-pending'), [[5, 6, 7, 5], [412, 420, 433, 440]]);
  assert.deepEqual((await cells(page, '#fig-pending-table')).at(-1), ['2026-02-04', '5', '440']);
  const w = await page.evaluate(() => import('/js/words.js').then(({label}) => ({
    who: label('party', 'who'), referral: label('stage', 'referral'), security: label('stage', 'security'),
    medical: label('category', 'medical'), companion: label('category', 'companion')})));
  assert.deepEqual(await page.$$eval('#fig-pending-table thead th', (ths) => ths.map((th) => th.textContent)),
    ['Date', `${w.who}: ${w.referral}`, `COGAT: ${w.security}`]);
  assert.deepEqual(await page.$$eval('#fig-pending-table thead th[data-stage]', (ths) => ths.map((th) => th.dataset.stage)),
    ['who:referral', 'cogat:security']);
  assert.deepEqual(await cells(page, '#fig-pending-now'), [
    [w.who, w.referral, '5', '1.5', '3', '0'], ['COGAT', w.security, '440', '5', '14.5', '25']]);
  // Crossed against capacity: the exit's cap (total 60) stands for its categories' places (25 + 50).
  assert.deepEqual(await chartData(page, 'fig-crossings'), [[60, 0, 0, 0], [64, 0, 0, 0]]);
  assert.deepEqual((await cells(page, '#fig-crossings-table'))[0], ['2026-02-01', '64', '60', '3', '3', '41', '97']);
  assert.deepEqual(await cells(page, '#fig-by-kind'), [['Exit (to Egypt)', w.companion, '20', '25'],
    ['Exit (to Egypt)', w.medical, '44', '50'], ['Exit (to Egypt)', 'Total', '64', '60']]);
  // Deaths per day and the running total.
  assert.deepEqual(await chartData(page, 'fig-deaths'), [[1, 0, 2, 0], [1, 1, 3, 3]]);
  assert.deepEqual((await cells(page, '#fig-crossings-table'))[1], ['2026-02-02', '0', '0', '0', '0', '—', '—']);
  assert.deepEqual((await cells(page, '#fig-deaths-table')).at(-1), ['2026-02-04', '0', '3']);
  // Openings, suspensions and closures: a closure over two days once, a sealed reason as private.
  const days = await cells(page, '#fig-days');
  assert.equal(days.length, 3);
  assert.deepEqual(days[0], ['2026-02-01', 'Open', 'Egypt', 'Opened for medical evacuations', '10']);
  assert.deepEqual(days[1], ['2026-02-02', 'Suspend', 'COGAT', 'private (sealed in the log)', '20']);
  assert.deepEqual(days[2], ['2026-02-03 – 2026-02-04', 'Close', 'Egypt', 'Eid al-Fitr holiday', '30']);
  assert.doesNotMatch(await page.textContent('main'), /sealed-[0-9a-f]/, 'a sealed value is never shown');
  // Decisions and turn-backs summed over the days.
  assert.deepEqual((await cells(page, '#fig-decisions')).map((r) => r.at(-1)), ['40', '4', '2']);
  assert.deepEqual(await cells(page, '#fig-turn-backs'), [['Security refusal', '1'], ['private (sealed in the log)', '3']]);
  // The checkpoint of the figures, and the latest one (the real server's, larger).
  assert.equal(await page.getAttribute('#fig-size', 'data-size'), '4000');
  assert.equal((await page.textContent('#fig-root')).trim(), FIXTURE.checkpoint.root);
  assert.equal((await page.textContent('#fig-latest')).trim(),
    'The log has grown since: the latest checkpoint has 5,020 statements. These figures are computed at 4,000.');
  // The witnesses of the latest checkpoint, each with the key ID its cosignature names and its time.
  assert.deepEqual(await cells(page, '#fig-witness-table'), [
    ['cogat/witness', 'COGAT', '477bac64', '2026-12-06 13:55 UTC'], ['egypt/witness', 'Egypt', '4750f244', '2026-12-06 13:55 UTC'],
    ['eubam/witness', 'EUBAM', '92ea8a02', '2026-12-06 13:55 UTC'], ['pa/witness', 'PA crossings', '25a8b558', '2026-12-06 13:55 UTC'],
    ['who/witness', 'WHO', '3048a116', '2026-12-06 13:55 UTC']].map((r) => r.map((c) => (c.endsWith('UTC') ? `\u2066${c}\u2069` : c))));
  assert.match((await page.textContent('#fig-verify-command')).replace(/\s+/g, ' '),
    / --quorum N --witness 'cogat\/witness\+477bac64\+…' --witness 'egypt\/witness\+4750f244\+…' .* --witness 'who\/witness\+3048a116\+…'$/);
  // The tiles of the checkpoint saved beside them (5,020 entries = 19 x 256 + 156): 20 entry
  // bundles, 20 level-0 tiles, 1 level-1 tile of 19 hashes.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#fig-save-tiles')]);
  assert.equal(download.suggestedFilename(), 'tiles.txt');
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const tiles = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  assert.equal(tiles.length, 41);
  assert.equal(tiles[0], `${BASE}/api/v1/log/tile/entries/000`);
  assert.equal(tiles[18], `${BASE}/api/v1/log/tile/entries/018`);
  assert.equal(tiles[19], `${BASE}/api/v1/log/tile/entries/019.p/156`);
  assert.equal(tiles[39], `${BASE}/api/v1/log/tile/0/019.p/156`);
  assert.equal(tiles[40], `${BASE}/api/v1/log/tile/1/000.p/19`);
  // Tile paths as C2SP tlog-tiles writes them: three-digit groups; a full tile has no .p/ part.
  assert.deepEqual(await page.evaluate(() => import('/js/pages/fig_verify.js').then((v) => [v.tileIndex(1234067), v.tileIndex(5), v.tilePaths(256)])),
    ['x001/x234/067', '005', ['tile/entries/000', 'tile/0/000', 'tile/1/000.p/1']]);
  noSessionNeeded(page);
  await shot(page, 'figures-fixture-en-desktop');
  noProblems(page);
});

test('the checkpoint\'s witnesses and the commands to verify, with the log\'s key', async () => {
  const page = await anonymous();
  const cp = (await publicGet('/api/v1/log/checkpoint')).text;
  const key = JSON.parse((await publicGet('/api/v1/log/key')).text).key;
  const origin = cp.split('\n')[0];
  const witnesses = [...cp.matchAll(/^\u2014 (\S+) (\S+)$/gm)].map((m) => m[1]).filter((n) => n !== origin);
  // The e2e server's witnesses do not run: its latest checkpoint may have no cosignature.
  assert.deepEqual(await page.$$eval('#fig-witness-table tbody tr', (rs) => rs.map((r) => r.dataset.key)), witnesses);
  assert.equal(await page.isVisible('#fig-no-witness'), witnesses.length === 0);
  assert.equal(await page.getAttribute('#fig-latest', 'data-size'), cp.split('\n')[1]);
  assert.equal((await page.textContent('#fig-log-key')).trim(), key);
  const verify = (await page.textContent('#fig-verify-command')).replace(/\s+/g, ' ').trim();
  assert.ok(verify.startsWith(`corridor verify DIR --log '${key}' --quorum N`), verify);
  for (const w of witnesses) assert.match(verify, new RegExp(`--witness '${w.replace('/', '\\/')}\\+[0-9a-f]{8}\\+…'`));
  if (!witnesses.length) assert.ok(verify.endsWith("--witness 'PARTY/witness+…'"), verify);
  assert.deepEqual(await page.$$eval('#fig-figures-command .fig-cmd > div', (ds) => ds.map((d) => d.textContent)),
    ['corridor figures DIR', 'corridor figures DIR --config config.toml']);
  assert.match(await page.textContent('#fig-verify'), /corridor log export --db DB --out DIR/);
  assert.match(await page.textContent('#fig-docs'), /docs\/log_format\.md.*docs\/figures\.md/);
  // The list of tiles names exactly the files the server serves for the figures' checkpoint.
  const [download] = await Promise.all([page.waitForEvent('download'), page.click('#fig-save-tiles')]);
  const chunks = [];
  for await (const c of await download.createReadStream()) chunks.push(c);
  const tiles = Buffer.concat(chunks).toString('utf8').trim().split('\n');
  assert.ok(tiles.length >= 3);
  const size = Number(cp.split('\n')[1]);
  assert.equal(tiles.filter((u) => u.includes('/tile/entries/')).length, Math.ceil(size / 256), 'an entry bundle per 256 entries');
  for (const url of tiles) assert.equal((await fetch(url)).status, 200, url);
  // The saved checkpoint is the server's text, byte for byte.
  const [cpFile] = await Promise.all([page.waitForEvent('download'), page.click('#fig-save-checkpoint')]);
  const cpChunks = [];
  for await (const c of await cpFile.createReadStream()) cpChunks.push(c);
  assert.equal(Buffer.concat(cpChunks).toString('utf8'), cp);
  // The page's commands, run as shown in a directory holding the two saved files.
  const work = mkdtempSync(join(tmpdir(), 'figpage-'));
  try {
    writeFileSync(join(work, 'checkpoint'), cp);
    writeFileSync(join(work, 'tiles.txt'), `${tiles.join('\n')}\n`);
    const lines = await page.$$eval('#fig-verify .fig-cmd > div', (ds) => ds.map((d) => d.textContent.replace(/\s+/g, ' ').trim()));
    const fetchLines = lines.filter((l) => /^(mkdir|echo|wget) /.test(l));
    assert.equal(fetchLines.length, 3, lines.join('\n'));
    execFileSync('bash', ['-euc', fetchLines.join('\n')], {cwd: work});
    // Quorum 1, and the witness keys (placeholders until a party gives its key) left out: the
    // e2e server's witnesses do not run, so the log is checked whole but unwitnessed.
    const args = verify.replace(/^corridor /, '').replace('--quorum N', '--quorum 1').replace(/ --witness '[^']*…'/g, '');
    const run = spawnSync('bash', ['-c', `"$CORRIDOR" ${args} --allow-unwitnessed`], {cwd: work, env: {...process.env, CORRIDOR}, encoding: 'utf8'});
    assert.equal(run.status, 0, run.stderr);
    assert.match(run.stdout, new RegExp(`^ok: ${size} entries`));
  } finally {
    rmSync(work, {recursive: true, force: true});
  }
  noSessionNeeded(page);
  noProblems(page);
});

test('the server\'s own figures, anonymously, in both languages, on a phone and a desktop, pass axe-core', async () => {
  const figures = await publicGet('/api/v1/public/figures');
  assert.equal(figures.status, 200, 'GET /api/v1/public/figures answers without a session');
  const f = JSON.parse(figures.text);
  const last = f.days.at(-1);
  const problems = [];
  for (const lang of ['en', 'ar']) {
    for (const size of ['phone', 'desktop']) {
      const page = await anonymous({lang, size});
      assert.equal(await page.evaluate(() => document.documentElement.dir), lang === 'ar' ? 'rtl' : 'ltr');
      assert.match(await page.textContent('main h1'), lang === 'ar' ? /الأرقام العامة/ : /Public figures/);
      for (const [id, v] of [['fig-registered', f.totals.registered], ['fig-crossed', f.totals.crossed],
        ['fig-deaths-total', f.totals.deaths], ['fig-pending-total', f.totals.pending]]) {
        assert.equal(await page.getAttribute(`#${id}`, 'data-value'), String(v), `${lang} ${size} ${id}`);
        assert.equal(digits(await page.textContent(`#${id}`)), String(v));
      }
      // A row per day, and the last day's pending in the chart and its tables.
      assert.equal(await page.locator('#fig-pending-table tbody tr').count(), f.days.length);
      const data = await chartData(page, 'fig-pending');
      assert.equal(data.length, last.pending.length);
      assert.deepEqual(data.map((s) => s.at(-1)).sort((a, b) => a - b), last.pending.map((p) => p.count).sort((a, b) => a - b));
      assert.equal(await page.locator('#fig-pending-now tbody tr').count(), last.pending.length);
      const deaths = await chartData(page, 'fig-deaths');
      assert.deepEqual(deaths[0], f.days.map((d) => d.deaths));
      assert.equal(deaths[1].at(-1), f.days.reduce((a, d) => a + d.deaths, 0));
      const crossed = await chartData(page, 'fig-crossings');
      // Every crossing once: a direction's `total` item repeats its categories' crossings.
      assert.deepEqual(crossed[1], f.days.map((d) => d.crossings.reduce((a, c) => a + (c.category === 'total' ? 0 : c.crossed), 0)));
      const statements = new Set(f.days.flatMap((d) => d.crossing.map((c) => c.entry)));
      assert.equal(await page.locator('#fig-days tbody tr').count(), statements.size);
      assert.equal(await page.getAttribute('#fig-size', 'data-size'), String(f.checkpoint.size));
      assert.ok(await page.isVisible('#fig-verify'));
      if (lang === 'ar') {
        // A time axis runs right to left in Arabic.
        const [a, b] = await page.evaluate(() => {
          const u = document.querySelector('#fig-pending').uplot;
          return [u.valToPos(u.data[0][0], 'x'), u.valToPos(u.data[0].at(-1), 'x')];
        });
        assert.ok(a > b, `right to left (${a} > ${b})`);
      }
      const wide = await sideways(page);
      if (wide > 0) problems.push(`${lang} ${size}: the page scrolls sideways by ${wide}px`);
      for (const v of await axeViolations(page)) problems.push(`${lang} ${size}: ${v}`);
      await shot(page, `figures-${lang}-${size}`);
      noSessionNeeded(page);
      noProblems(page);
    }
  }
  assert.deepEqual(problems, [], 'no sideways scroll, no serious or critical axe-core violation');
});

test('figures that cannot be had are said so on the page, with a retry that shows them', async () => {
  const context = await browser.newContext({viewport: SIZES.phone});
  contexts.push(context);
  const page = await context.newPage();
  await page.route('**/api/v1/public/figures', (r) => r.fulfill({status: 503, contentType: 'application/problem+json',
    body: JSON.stringify({type: 'urn:corridor:problem:unavailable', title: 'Service Unavailable', status: 503})}));
  await page.goto(`${BASE}/#/public/figures`);
  await page.waitForSelector('#fig-unavailable');
  assert.equal((await page.textContent('main h1')).trim(), 'Public figures');
  assert.equal(await page.locator('#fig-totals').count(), 0, 'no figure is made up');
  await page.unroute('**/api/v1/public/figures');
  await page.click('#retry');
  await page.waitForSelector('.page-figures #fig-totals');
});

test('the sign-in page links to the figures, and a signed-in officer reaches them from the menu', async () => {
  const context = await browser.newContext({viewport: SIZES.phone});
  contexts.push(context);
  const anon = await context.newPage();
  await anon.goto(`${BASE}/#/login`);
  await anon.click('#login-figures');
  await anon.waitForSelector('.page-figures #fig-totals');
  assert.match(anon.url(), /#\/public\/figures$/);

  const page = await signIn('who-officer');
  await page.click('nav a[href="#/public/figures"]');
  await page.waitForSelector('.page-figures #fig-totals');
  assert.equal(await page.getAttribute('nav a[href="#/public/figures"]', 'aria-current'), 'page');
  assert.equal(await page.locator('#fig-sign-in').count(), 0, 'no sign-in link for one signed in');
  await shot(page, 'figures-signed-in');
  noProblems(page);
  await page.context().close();
});
