// Words, refusals, drafts, phones and accessibility (issue 15, `words`):
// a decision's draft survives a session that ends before it is signed;
// refusals read as sentences in both languages with the server's detail
// kept; a server that does not answer says so with a retry; every page
// fits a phone in both languages and passes axe-core.

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
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

// Switches the page's language with the header's button.
async function setLang(page, lang) {
  if (await page.evaluate(() => document.documentElement.lang) !== lang) {
    await page.click('#lang');
    await page.waitForFunction((l) => document.documentElement.lang === l, lang);
  }
}

test('a refusal reads as its rule\'s sentence in English and Arabic, with the server\'s detail under Details', async () => {
  const page = await officer('egypt');
  const sentences = {
    en: 'This day has already passed.',
    ar: 'مضى هذا اليوم.',
  };
  for (const lang of ['en', 'ar']) {
    await setLang(page, lang);
    await open(page, '#/days');
    await page.click('#days-change-toggle');
    await page.selectOption('#days-action', 'open');
    await page.fill('#days-date', '2020-01-06');
    await page.fill('#days-reason', 'e2e: a day long past');
    await page.click('#days-submit');
    const box = page.locator('#days-msg .error');
    await box.waitFor();
    assert.equal(await box.getAttribute('data-code'), 'day-past');
    assert.equal((await box.locator('.error-sentence').textContent()).trim(), sentences[lang]);
    const details = box.locator('details.error-details');
    assert.equal(await details.count(), 1, 'the server\'s detail is kept in a disclosure');
    assert.equal(await details.evaluate((d) => d.open), false, 'closed until asked for');
    await details.locator('summary').click();
    assert.match(await details.textContent(), /day-past/);
    await shot(page, `refusal-${lang}`);
  }
  await setLang(page, 'en');
  noProblems(page);
});

test('a server that does not answer shows "server unreachable" with a retry, in both languages', async () => {
  const page = await officer('egypt');
  for (const lang of ['en', 'ar']) {
    await setLang(page, lang);
    await open(page, '#/queue');
    const title = {en: 'Server unreachable', ar: 'الخادم غير متاح'}[lang];
    // A page whose module is not loaded yet: the module cannot be fetched.
    // Then a loaded page whose data cannot be fetched.
    for (const hash of [lang === 'en' ? '#/log' : '#/manifest', '#/queue']) {
      await page.route('**/*', (r) => r.abort('connectionrefused'));
      await page.evaluate((h) => { location.hash = h; }, hash);
      await page.waitForSelector('#retry');
      assert.equal((await page.textContent('main h1')).trim(), title);
      const text = await page.textContent('main');
      assert.doesNotMatch(text, /Failed to fetch|dynamically imported|TypeError/);
      await shot(page, `unreachable-${lang}`);
      await page.unroute('**/*');
      await page.click('#retry');
      await page.waitForFunction((t) => document.querySelector('main h1')?.textContent !== t && !document.querySelector('#retry'), title);
    }
  }
  await setLang(page, 'en');
  // The aborted requests were logged by the browser; nothing else went wrong.
  page.problems = page.problems.filter((p) => !/ERR_CONNECTION_REFUSED|Failed to load resource|dynamically imported module/.test(p));
  noProblems(page);
});

test('every code the deployment names has a word in English and Arabic', async () => {
  const page = await officer('egypt');
  const missing = await page.evaluate(async () => {
    const {hasLabel} = await import('/js/words.js');
    const d = await (await fetch('/api/v1/deployment', {credentials: 'same-origin'})).json();
    const codes = [['crossing', d.crossing.id]];
    for (const p of d.parties) codes.push(['party', p.id], ['partyName', p.id]);
    for (const c of d.categories) codes.push(['category', c.id]);
    for (const u of d.urgencies) codes.push(['urgency', u]);
    for (const x of d.crossing.directions) codes.push(['direction', x]);
    for (const w of d.workflows) {
      for (const s of w.stages) {
        codes.push(['stage', s.id]);
        for (const r of s.reasons) codes.push(['reason', r]);
      }
    }
    for (const r of d.manifest.turn_back_reasons) codes.push(['reason', r]);
    for (const k of Object.keys(d.closures)) codes.push(['closure', k]);
    for (const k of ['open', 'suspend', 'close']) if (k in d.days) codes.push(['day', k]);
    const out = [];
    for (const lang of ['en', 'ar']) {
      for (const [kind, code] of codes) if (!hasLabel(kind, code, lang)) out.push(`${lang}:${kind}.${code}`);
    }
    return {out, n: codes.length};
  });
  assert.ok(missing.n > 30, 'the deployment names its codes');
  assert.deepEqual(missing.out, [], 'codes without a word');
});

test('the case page shows stages, states, categories, reasons, sex and nationality in words', async () => {
  const page = await officer('who');
  const ref = await pendingRef(page);
  for (const lang of ['en', 'ar']) {
    await setLang(page, lang);
    await open(page, `#/case/${encodeURIComponent(ref)}`);
    const text = await page.textContent('main');
    const c = (await apiGet(page, `/api/v1/cases/${encodeURIComponent(ref)}`)).body;
    const words = await page.evaluate(({c}) => import('/js/words.js').then((w) => ({
      state: w.label('state', c.state), category: w.label('category', c.category),
      stage: w.label('stage', c.stages[0].stage), sex: c.person.sex ? w.label('sex', c.person.sex) : '',
    })), {c});
    for (const [k, v] of Object.entries(words)) {
      assert.ok(!v.includes('\u2066'), `${lang}: ${k} has a word`);
      assert.ok(text.includes(v), `${lang}: the page shows ${k} as "${v}"`);
    }
    if (lang === 'ar') assert.ok(!/\b(referral|in-review|medical|companion)\b/.test(text), 'no English code in the Arabic page');
  }
  await setLang(page, 'en');
  noProblems(page);
});

// --- every page, both languages, laptop and phone -----------------------

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

test('a decision can be made with the keyboard alone', async () => {
  const page = await officer('egypt');
  const q = (await apiGet(page, '/api/v1/queue?limit=5')).body;
  const ref = q.items.at(-1).ref;
  await open(page, `#/case/${encodeURIComponent(ref)}`);
  await page.waitForSelector('form.decide');
  const stage = await page.getAttribute('form.decide', 'data-stage');
  assert.ok(await page.evaluate(() => document.activeElement.matches('main h1')), 'the page starts at its heading');
  const tabTo = async (selector) => {
    for (let i = 0; i < 40; i++) {
      if (await page.evaluate((s) => document.activeElement.matches(s), selector)) return;
      await page.keyboard.press('Tab');
    }
    assert.fail(`Tab never reaches ${selector}`);
  };
  await tabTo(`#outcome-${stage}`);
  await page.keyboard.press('ArrowDown');  // approve -> deny
  assert.equal(await page.inputValue(`#outcome-${stage}`), 'deny');
  await page.waitForSelector('form.decide select[name=reason]');
  await tabTo('form.decide select[name=reason]');
  await page.keyboard.press('ArrowDown');
  const reason = await page.inputValue('form.decide select[name=reason]');
  await tabTo('form.decide input[name=note]');
  await page.keyboard.type('Decided with the keyboard');
  await page.keyboard.press('Enter');
  await page.waitForSelector('.toast-msg.ok');
  const c = (await apiGet(page, `/api/v1/cases/${encodeURIComponent(ref)}`)).body;
  const d = c.decisions.filter((x) => x.party === 'egypt' && x.stage === stage).at(-1);
  assert.deepEqual([d.outcome, d.reason, d.note], ['deny', reason, 'Decided with the keyboard']);
  noProblems(page);
});

test('register, check-in, sign in and sign out are four different words in Arabic', async () => {
  const page = await officer('egypt');
  const ar = await page.evaluate(async () => {
    const {routes} = await import('/js/app.js');
    const i18n = await import('/js/i18n.js');
    for (const name of new Set(routes.map((r) => r.page))) {
      const m = await import(`/js/pages/${name}.js`);
      if (m.strings) i18n.add(m.strings);
    }
    return i18n.strings('ar');
  });
  const terms = {register: 'قيد', checkin: 'تأكيد العبور', signin: 'الدخول إلى الحساب', signout: 'الخروج من الحساب'};
  assert.match(ar['nav.import'], new RegExp(terms.register));
  assert.match(ar['import.title'], new RegExp(terms.register));
  assert.match(ar['gate.checkin'], new RegExp(terms.checkin));
  assert.match(ar['gate.checkinBtn'], new RegExp(terms.checkin));
  assert.match(ar['login.title'], new RegExp(terms.signin));
  assert.match(ar['login.submit'], new RegExp(terms.signin));
  assert.match(ar['nav.signout'], new RegExp(terms.signout));
  // The word once used for all four is used for none.
  const overloaded = Object.entries(ar).filter(([, v]) => /تسجيل|سجّل|يسجل/.test(v)).map(([k]) => k);
  assert.deepEqual(overloaded, [], 'Arabic strings that still say تسجيل');
});
