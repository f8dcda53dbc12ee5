// Status for families (issue 16, part 3): status.html, anonymously, on a
// 390×844 phone, in English and Arabic; reached from the sign-in page;
// axe-core finds nothing serious; the page and its script stay light.
// A case's ref and date of birth come from the crossings authority's view
// (it sees dates of birth); the inquiries are then made with no session.
// At most 10 inquiries: the server allows a client 10 a minute.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {createRequire} from 'node:module';
import {readFileSync} from 'node:fs';
import {gzipSync} from 'node:zlib';
import {BASE, apiGet, close, launch, shot, signIn} from './lib.mjs';

const PHONE = {width: 390, height: 844};
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');
let browser;
let officer;
let picks;

before(async () => {
  browser = await launch();
  officer = await signIn('pa-officer');
  const first = async (state) => {
    const list = await apiGet(officer, `/api/v1/cases?state=${state}&category=medical&limit=500`);
    return list.body.cases.find((c) => !c.group_ref);
  };
  const inReview = await first('in-review');
  const cleared = await first('cleared');
  assert.ok(inReview && cleared, 'the demo has a case in review and a cleared one');
  picks = {};
  for (const [name, c] of Object.entries({inReview, cleared})) {
    const {body} = await apiGet(officer, `/api/v1/cases/${encodeURIComponent(c.ref)}`);
    picks[name] = {ref: c.ref, dob: body.person.date_of_birth};
  }
});
after(async () => {
  if (officer) await officer.context().close();
  await close();
});

// A page with no session at all, as a family's phone opens it.
async function anonymous(lang) {
  const context = await browser.newContext({viewport: PHONE, locale: lang === 'ar' ? 'ar' : 'en-GB'});
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  return page;
}

async function inquire(page, ref, dob) {
  await page.fill('#ref', ref);
  await page.fill('#dob', dob);
  const answer = page.waitForResponse((r) => r.url().endsWith('/api/v1/public/inquiry'));
  await page.click('#ask');
  const r = await answer;
  await page.waitForSelector('#result > div');
  return r.status();
}

async function axeViolations(page) {
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id);
}

async function fitsThePhone(page) {
  assert.ok(await page.evaluate(() => document.documentElement.scrollWidth <= innerWidth), 'nothing sticks out sideways');
}

test('a family finds a case in review in English, on a phone, without signing in', async () => {
  const page = await anonymous('en');
  await page.goto(`${BASE}/status.html?lang=en`);
  assert.deepEqual(await page.context().cookies(), [], 'no session');
  assert.equal(await page.textContent('h1'), 'Case status');
  assert.equal(await inquire(page, picks.inReview.ref, picks.inReview.dob), 200);
  const text = await page.textContent('#result');
  assert.match(text, /In review/);
  assert.match(text, /WHO · referral: /);
  assert.match(text, /Egypt · acceptance: /);
  assert.match(text, /done|waiting for its decision/);
  assert.doesNotMatch(text, /reason/i);
  await fitsThePhone(page);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'status-in-review-en-phone');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('in Arabic: a cleared case has its place, and a wrong date finds nothing', async () => {
  const page = await anonymous('ar');
  await page.goto(`${BASE}/status.html?lang=ar`);
  assert.equal(await page.getAttribute('html', 'dir'), 'rtl');
  assert.equal(await page.textContent('h1'), 'حالة الطلب');
  assert.equal(await inquire(page, picks.cleared.ref, picks.cleared.dob), 200);
  const text = await page.textContent('#result');
  assert.match(text, /وافقت عليه كل الجهات/);
  assert.match(text, /الترتيب بين الطلبات الموافق عليها من النوع نفسه: \d+ من \d+/);
  await fitsThePhone(page);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'status-cleared-ar-phone');

  const wrong = picks.cleared.dob === '1990-01-01' ? '1990-01-02' : '1990-01-01';
  assert.equal(await inquire(page, picks.cleared.ref, wrong), 200);
  assert.match(await page.textContent('#result'), /لا يوجد طلب بهذا الرقم المرجعي/);
  assert.equal(await inquire(page, 'NO-SUCH-REF-1', picks.cleared.dob), 200);
  assert.match(await page.textContent('#result'), /لا يوجد طلب بهذا الرقم المرجعي/);
  // The language can change back, the answer with it.
  await page.click('#lang');
  assert.equal(await page.getAttribute('html', 'dir'), 'ltr');
  assert.match(await page.textContent('#result'), /No request matches/);
  assert.deepEqual(await axeViolations(page), []);
  await shot(page, 'status-miss-en-phone');
  assert.deepEqual(page.problems, []);
  await page.context().close();
});

test('the sign-in page links to it, in both languages', async () => {
  for (const lang of ['en', 'ar']) {
    const page = await anonymous(lang);
    await page.goto(`${BASE}/`);
    await page.evaluate((l) => localStorage.setItem('corridor.lang', l), lang);
    await page.goto(`${BASE}/#/login`);
    await page.waitForSelector('#status-link');
    await page.click('#status-link');
    await page.waitForURL(/status\.html/);
    assert.equal(await page.textContent('h1'), lang === 'ar' ? 'حالة الطلب' : 'Case status');
    await page.context().close();
  }
});

test('the page is light: its HTML and script, raw and gzip', async () => {
  let raw = 0, gz = 0;
  for (const path of ['/status.html', '/js/status.js']) {
    const r = await fetch(`${BASE}${path}`);
    assert.equal(r.status, 200, path);
    const bytes = Buffer.from(await r.arrayBuffer());
    raw += bytes.length;
    gz += gzipSync(bytes, {level: 9}).length;
  }
  console.log(`status page: ${raw} bytes raw, ${gz} bytes gzip (status.html + js/status.js)`);
  assert.ok(raw < 20000, `${raw} bytes raw`);
  assert.ok(gz < 7000, `${gz} bytes gzip`);
});
