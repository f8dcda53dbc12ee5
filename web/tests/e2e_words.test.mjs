// Words, refusals and drafts (issue 15, `words`): a decision's draft
// survives a session that ends before it is signed; refusals read as
// sentences in both languages with the server's detail kept; a server that
// does not answer says so with a retry; codes are words in both languages;
// a decision by keyboard alone; four Arabic terms for four actions.
// (Every page on a phone, axe-core and the focus ring: e2e_words_pages.)

import {test, before, after} from 'node:test';
import assert from 'node:assert/strict';
import {BASE, PASSWORD, apiGet, close, launch, noProblems, open, shot, signIn} from './lib.mjs';
import {officer as makeOfficer, pendingRef, setLang} from './words_lib.mjs';

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

// This file's own officers, "PARTY-words".
const officer = (party, opts) => makeOfficer(admin, made, party, opts);

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
test('on a shared tab, another account signing in does not land on the page the last one left', async () => {
  const page = await officer('egypt', {suffix: '-tab'});  // its tab ends signed in as another
  const ref = await pendingRef(page);
  await open(page, `#/case/${encodeURIComponent(ref)}`);
  // The session ends; the page learns it from its next request.
  await page.evaluate(async () => {
    const {api, current} = await import('/js/api.js');
    await fetch('/api/v1/session', {method: 'DELETE', credentials: 'same-origin', headers: {'X-CSRF-Token': current().csrf}});
    await api('GET', '/api/v1/queue').catch(() => null);
  });
  await page.waitForSelector('#login-name');
  // Another party's officer signs in on the same tab: its own home, not the case.
  await page.fill('#login-name', 'cogat-officer');
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#signout');
  await page.waitForSelector('main h1');
  assert.notEqual(page.url(), `${BASE}/#/case/${encodeURIComponent(ref)}`);
  assert.equal(await page.evaluate(() => sessionStorage.getItem('corridor.after')), null);
  // A search page is never kept to come back to: its address holds the query.
  await page.goto(`${BASE}/#/search?q=${encodeURIComponent(ref)}`);
  await page.waitForSelector('#search-count');
  await page.evaluate(async () => {
    const {api, current} = await import('/js/api.js');
    await fetch('/api/v1/session', {method: 'DELETE', credentials: 'same-origin', headers: {'X-CSRF-Token': current().csrf}});
    await api('GET', '/api/v1/queue').catch(() => null);
  });
  await page.waitForSelector('#login-name');
  assert.equal(await page.evaluate(() => sessionStorage.getItem('corridor.after')), null);
});

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
