// Every page of app.js, for a role that may open it, in English and
// Arabic, on a laptop (1366x800) and a phone (390x844): photographed as
// PAGE-LANG-SIZE.png, no sideways scroll on the phone, no serious or
// critical axe-core violation, the focus on the page's heading, codes
// isolated left to right; and the focus ring's contrast.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import {BASE, close, launch, open, shot, signIn} from './lib.mjs';
import {officer as makeOfficer, setLang} from './words_lib.mjs';

let admin;
const made = {};
// Officers of their own (e2e_words.test.mjs has made "-words" ones already).
const officer = (party) => makeOfficer(admin, made, party, {suffix: '-pages'});

before(async () => {
  await launch();
  admin = await signIn('admin');
});
after(async () => {
  for (const p of Object.values(made)) await p.context().close();
  if (admin) await admin.context().close();
  await close();
});

const SIZES = {laptop: {width: 1366, height: 800}, phone: {width: 390, height: 844}};
const AXE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

// axe-core's serious and critical violations on the page as it stands.
async function axeViolations(page) {
  // The page's CSP admits only its own scripts, so axe is evaluated
  // through the browser's debugging protocol rather than a <script> tag.
  if (!await page.evaluate(() => !!window.axe)) await page.evaluate(AXE);
  const res = await page.evaluate(() => window.axe.run(document, {resultTypes: ['violations']}));
  return res.violations.filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.nodes.slice(0, 3).map((n) => n.target.join(' ')).join(' | ')}`);
}

// What sticks out sideways: the deepest elements wider than the window.
async function sideways(page) {
  return page.evaluate(() => {
    const w = innerWidth;
    if (document.documentElement.scrollWidth <= w) return null;
    const out = [];
    for (const el of document.querySelectorAll('body *')) {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || (r.right <= w + 0.5 && r.left >= -0.5)) continue;
      if ([...el.children].some((c) => { const q = c.getBoundingClientRect(); return q.right > w + 0.5 || q.left < -0.5; })) continue;
      const inScroll = el.closest('.table-scroll, pre, .chart-box');
      if (inScroll && inScroll !== el) continue;
      out.push(`${el.tagName.toLowerCase()}${el.id ? '#' + el.id : ''}${el.className && typeof el.className === 'string' ? '.' + el.className.trim().split(/\s+/).join('.') : ''} [${Math.round(r.left)}..${Math.round(r.right)}]`);
    }
    // Text that overflows a box that does not grow with it.
    for (const el of document.querySelectorAll('main *, header *')) {
      if (el.scrollWidth > el.clientWidth + 1 && getComputedStyle(el).overflowX === 'visible' && el.clientWidth > 0 &&
        !el.closest('.table-scroll')) out.push(`${el.tagName.toLowerCase()}.${String(el.className).trim().split(/\s+/).join('.')} overflows by ${el.scrollWidth - el.clientWidth}`);
    }
    return {scrollWidth: document.documentElement.scrollWidth, innerWidth: w, offenders: out.slice(0, 8)};
  });
}

// Each route of app.js with its parameters filled in, and the role that opens it.
async function everyRoute(page) {
  return page.evaluate(async () => {
    const {routes} = await import('/js/app.js');
    const {crossingToday} = await import('/js/util.js');
    const {deployment} = await import('/js/deployment.js');
    const dep = await deployment();
    const get = async (path) => (await fetch(path, {credentials: 'same-origin'})).json();
    const ref = (await get('/api/v1/queue?limit=1')).items?.[0]?.ref || (await get('/api/v1/cases?limit=1&category=medical')).cases?.[0]?.ref;
    const values = {ref, date: crossingToday(dep.crossing.time_zone), direction: 'exit'};
    return routes.map((r) => {
      const who = r.open ? 'none' : !r.who || r.who.includes('officer') ? 'officer' : r.who.includes('monitor') ? 'monitor' : 'admin';
      const missing = r.path.split('/').filter((p) => p.startsWith(':') && !values[p.slice(1)]);
      const hash = '#/' + r.path.split('/').map((p) => (p.startsWith(':') ? encodeURIComponent(values[p.slice(1)] || '') : p)).join('/');
      return {name: r.path.replace(/:/g, '').replace(/\//g, '-'), page: r.page, hash, who, missing};
    });
  });
}

// Opens `hash` in the page's current document and waits for that page's
// own heading (not the one of the page before).
async function visit(page, hash, name) {
  if (page.url() === 'about:blank') await page.goto(`${BASE}/`);
  await page.evaluate(() => document.querySelector('main > .page')?.setAttribute('data-old', ''));
  if (page.url() === `${BASE}/${hash}`) await page.evaluate(async () => (await import('/js/app.js')).render());
  else await page.evaluate((h) => { location.hash = h; }, hash);
  await page.waitForSelector(`main > .page-${name}:not([data-old]) h1`);
  await page.waitForTimeout(250);  // charts and late parts
}

test('every page fits a phone in both languages, passes axe-core, and is photographed at both sizes', async () => {
  // WHO's officer has a queue of work, so its tables are full.
  const pages = {officer: await officer('who'), monitor: await officer('eubam'), admin};
  // axe-core runs and sees what it should: a button without a name is critical.
  await pages.officer.evaluate(() => document.querySelector('main').append(Object.assign(document.createElement('button'), {id: 'axe-probe'})));
  assert.ok((await axeViolations(pages.officer)).some((v) => v.startsWith('button-name')), 'axe-core finds a nameless button');
  await pages.officer.evaluate(() => document.getElementById('axe-probe').remove());
  const anon = await (await admin.context().browser().newContext()).newPage();
  pages.none = anon;
  anon.problems = [];
  const routes = await everyRoute(pages.officer);
  assert.ok(routes.length >= 13, 'the routes of app.js');
  const unfilled = routes.filter((r) => r.missing.length);
  assert.deepEqual(unfilled.map((r) => `${r.name}: ${r.missing}`), [], 'every route parameter has a value here');
  const wide = [];
  const axe = [];
  const unfocused = [];
  const mixed = [];
  for (const r of routes) {
    const page = pages[r.who];
    for (const lang of ['en', 'ar']) {
      await page.setViewportSize(SIZES.laptop);
      if (page.url() === 'about:blank') await page.goto(`${BASE}/`);
      await page.evaluate(async (l) => (await import('/js/i18n.js')).setLang(l), lang);
      await visit(page, r.hash, r.page);
      assert.equal(await page.evaluate(() => document.documentElement.lang), lang);
      await shot(page, `${r.name}-${lang}-laptop`);
      for (const v of await axeViolations(page)) axe.push(`${r.name} ${lang}: ${v}`);
      // The focus went to the heading (or to the control the page asks for).
      const focus = await page.evaluate(() => {
        const a = document.activeElement;
        return a && (a.matches('main h1') || a.hasAttribute('autofocus')) ? null : `${a?.tagName} ${a?.id || ''}`;
      });
      if (focus) unfocused.push(`${r.name} ${lang}: focus on ${focus}`);
      // Codes, refs, keys and commands read left to right, isolated, in Arabic too.
      for (const m of await page.evaluate(() => [...document.querySelectorAll('main code, main .mono')]
        .filter((el) => { const c = getComputedStyle(el); return c.direction !== 'ltr' || !c.unicodeBidi.includes('isolate') && c.unicodeBidi !== 'plaintext'; })
        .slice(0, 3).map((el) => el.outerHTML.slice(0, 80)))) mixed.push(`${r.name} ${lang}: ${m}`);
      await page.setViewportSize(SIZES.phone);
      await page.waitForTimeout(150);
      await shot(page, `${r.name}-${lang}-phone`);
      const s = await sideways(page);
      if (s) wide.push(`${r.name} ${lang}: scrollWidth ${s.scrollWidth} > ${s.innerWidth}: ${s.offenders.join(', ')}`);
    }
  }
  for (const page of Object.values(pages)) {
    await page.setViewportSize({width: 1280, height: 900});
    await page.evaluate(async () => (await import('/js/i18n.js')).setLang('en'));
  }
  await anon.context().close();
  assert.deepEqual(wide, [], 'no page scrolls sideways on a phone');
  assert.deepEqual(axe, [], 'no serious or critical axe-core violations');
  assert.deepEqual(unfocused, [], 'after each page change the focus is on the main heading');
  assert.deepEqual(mixed, [], 'codes are isolated left to right');
});

// WCAG contrast ratio of two "rgb(r, g, b)" colours.
function contrast(a, b) {
  const lum = (c) => {
    const [r, g, b2] = c.match(/\d+(\.\d+)?/g).slice(0, 3).map((x) => {
      const v = Number(x) / 255;
      return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * r + 0.7152 * g + 0.0722 * b2;
  };
  const [x, y] = [lum(a), lum(b)].sort((p, q) => q - p);
  return (x + 0.05) / (y + 0.05);
}

test('the focus ring contrasts at least 3:1 with what it sits on, in both languages', async () => {
  const page = await officer('who');
  for (const lang of ['en', 'ar']) {
    await setLang(page, lang);
    await open(page, '#/queue');
    await page.waitForSelector('table.grid tbody tr');
    // Reached with the keyboard, so :focus-visible applies: the first link
    // of the header, and the first control after the page's heading.
    for (const start of ['.brand', 'main h1']) {
      await page.focus(start);
      await page.keyboard.press('Tab');
      const ring = await page.evaluate(() => {
        const el = document.activeElement;
        const c = getComputedStyle(el);
        let bg = 'rgba(0, 0, 0, 0)';
        for (let p = el.parentElement; p && /rgba\(.*, 0\)$|transparent/.test(bg); p = p.parentElement) bg = getComputedStyle(p).backgroundColor;
        if (/rgba\(.*, 0\)$/.test(bg)) bg = 'rgb(255, 255, 255)';
        return {el: el.outerHTML.slice(0, 60), style: c.outlineStyle, width: parseFloat(c.outlineWidth), color: c.outlineColor, bg};
      });
      assert.notEqual(ring.style, 'none', `${lang} ${start}: ${ring.el} shows a ring`);
      assert.ok(ring.width >= 2, `${lang} ${start}: the ring is at least 2 px`);
      const ratio = contrast(ring.color, ring.bg);
      assert.ok(ratio >= 3, `${lang} ${start}: ring ${ring.color} on ${ring.bg} is ${ratio.toFixed(2)}:1`);
    }
  }
  await setLang(page, 'en');
});
