// Public figures (#/public/figures): open to anyone, signed in or not. The
// figures the public log proves (GET /api/v1/public/figures, the JSON of
// `corridor figures`), as charts over time with their tables, the
// checkpoint they were computed at and its witnesses (GET
// /api/v1/log/checkpoint), and how to check them (GET /api/v1/log/key).
// Every request here is to an open route: none needs a session.

import {api} from '../api.js';
import {h} from '../dom.js';
import {num, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {destroyCharts} from './dash_charts.js';
import * as sec from './fig_sections.js';
import {checkpointSection, verifySection, witnessSection} from './fig_verify.js';

export const strings = {
  en: {
    'figs.title': 'Public figures',
    'figs.intro': 'What the crossing’s public log proves: how many wait at each party’s stage, who crossed against the places offered, who died waiting, and when the crossing opened or closed and who signed it. The log holds no names and no private reasons, and anyone can recompute every figure from it.',
    'figs.period': 'From {a} to {b}, days at the crossing ({tz}).',
    'figs.registered': 'Registered', 'figs.crossedTotal': 'Crossed', 'figs.deathsTotal': 'Died waiting',
    'figs.pendingTotal': 'Waiting now', 'figs.signIn': 'Sign in (parties’ staff)',
    'figs.unavailable': 'The figures cannot be shown right now.',
    'figs.empty': 'The log holds no day yet.',
  },
  ar: {
    'figs.title': 'الأرقام العامة',
    'figs.intro': 'ما يثبته سجل المعبر العام: كم ينتظر لدى مرحلة كل جهة، ومن عبر مقارنة بالمقاعد المتاحة، ومن توفي أثناء الانتظار، ومتى فُتح المعبر أو أُغلق ومن وقّع ذلك. لا يحوي السجل أسماءً ولا أسباباً خاصة، ويستطيع أي شخص أن يعيد حساب كل رقم منه.',
    'figs.period': 'من {a} إلى {b}، بأيام المعبر ({tz}).',
    'figs.registered': 'المقيّدون', 'figs.crossedTotal': 'عبروا', 'figs.deathsTotal': 'توفوا أثناء الانتظار',
    'figs.pendingTotal': 'بالانتظار الآن', 'figs.signIn': 'الدخول إلى الحساب (لموظفي الجهات)',
    'figs.unavailable': 'لا يمكن عرض الأرقام الآن.',
    'figs.empty': 'لا يحوي السجل أي يوم بعد.',
  },
};

const iso = (s) => `\u2066${s}\u2069`;

function card(id, labelText, value) {
  return h('div', {class: 'dash-card panel'},
    h('div', {class: 'dash-card-label', id: `${id}-label`}, labelText),
    h('div', {class: 'figure', id, 'aria-labelledby': `${id}-label`, 'data-value': value ?? ''}, num(value)));
}

function totals(f) {
  const x = f.totals || {};
  return h('div', {class: 'cards dash-cards', id: 'fig-totals'},
    card('fig-registered', t('figs.registered'), x.registered),
    card('fig-crossed', t('figs.crossedTotal'), x.crossed),
    card('fig-deaths-total', t('figs.deathsTotal'), x.deaths),
    card('fig-pending-total', t('figs.pendingTotal'), x.pending));
}

// An open route's answer, or the error (shown in its place, the page stays).
async function get(path) {
  try {
    return {value: (await api('GET', path)).data};
  } catch (error) {
    return {error};
  }
}

export async function render({main, session, refresh}) {
  destroyCharts();
  main.append(h('h1', {}, t('figs.title')), h('p', {class: 'muted'}, t('figs.intro')),
    session ? null : h('p', {}, h('a', {href: '#/login', id: 'fig-sign-in'}, t('figs.signIn'))));
  const [figs, cpText, key] = await Promise.all([get('/api/v1/public/figures'), get('/api/v1/log/checkpoint'),
    get('/api/v1/log/key')]);
  if (figs.error) {
    main.append(h('p', {id: 'fig-unavailable'}, t('figs.unavailable')), errorBox(figs.error, {retry: () => refresh()}));
    return;
  }
  const f = figs.value || {};
  const days = f.days || [];
  const text = typeof cpText.value === 'string' && cpText.value.trim() ? cpText.value : null;
  const size = Number(f.checkpoint?.size) || 0;
  const charts = days.length ? [sec.pending(f), sec.crossings(f), sec.deaths(f)] : [];
  main.append(...[
    days.length ? h('p', {class: 'muted', id: 'fig-period'},
      t('figs.period', {a: iso(days[0].date), b: iso(days.at(-1).date), tz: iso(f.timezone || 'UTC')}))
      : h('p', {class: 'notice', id: 'fig-empty'}, t('figs.empty')),
    totals(f),
    h('div', {class: 'dash-charts'}, charts.map((c) => c.fig)),
    days.length ? [sec.pendingNow(f), sec.crossingDays(f), sec.byKind(f), sec.turnBacks(f), sec.decisions(f)] : null,
    checkpointSection(f.checkpoint || {}),
    witnessSection(text, size),
    verifySection({checkpointText: text, key: key.value, size}),
  ].flat().filter(Boolean));
  // The charts, drawn once their boxes are on the page (app.js attaches
  // `main` after render returns).
  requestAnimationFrame(() => {
    for (const c of charts) c.draw();
  });
}
