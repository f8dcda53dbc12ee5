// The coordinator's figures (GET /api/v1/stats): who is waiting and the
// backlog over time; crossings per day against the places offered, and
// planned against actual per category; deaths while waiting; each party's
// decision times against its deadlines; pending and overdue stages. The
// filters (direction, category, urgency, date range) are the server's
// query parameters, so they apply to every figure. Each chart has its
// figures as a table, a CSV and a print (dash_figure.js).

import {api} from '../api.js';
import {field, h, select, table} from '../dom.js';
import {num, pct, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {deployment} from '../deployment.js';
import {DATE_PATTERN, DATE_RE} from '../util.js';
import {label, stageReason} from '../words.js';
import {destroyCharts} from './dash_charts.js';
import * as sec from './dash_sections.js';

export const strings = {
  en: {
    'dashboard.title': 'Dashboard', 'dashboard.asOf': 'Figures as of {d}',
    'dashboard.since': 'From', 'dashboard.until': 'To', 'dashboard.apply': 'Show',
    'dashboard.allDays': 'Clear the filters', 'dashboard.any': 'Any',
    'dashboard.rangeNote': 'Dated figures from {a} to {b}; waiting and pending are as of today.',
    'dashboard.waiting': 'Waiting', 'dashboard.children': 'Children waiting',
    'dashboard.patients': 'Patients waiting', 'dashboard.companions': 'Companions waiting',
    'dashboard.crossed': 'Crossed', 'dashboard.utilisation': 'Utilisation',
    'dashboard.utilisationHint': '{c} crossed of {p} places offered',
    'dashboard.noShowRate': 'No-show rate', 'dashboard.noShowHint': '{n} no-shows of {l} listed',
    'dashboard.median': 'Median days, referral to crossing', 'dashboard.p90': '90th percentile days, referral to crossing',
    'dashboard.deaths': 'Deaths while waiting', 'dashboard.deathsIn': '{n} in the period',
    'dashboard.daysUnit': '{n} days',
    'dashboard.pendingTitle': 'Pending and overdue, by party and stage',
    'dashboard.pending': 'Pending', 'dashboard.overdue': 'Overdue', 'dashboard.returned': 'Returned',
    'dashboard.oldest': 'Oldest since',
    'dashboard.byState': 'Cases by state', 'dashboard.denied': 'Refusals by stage and reason',
    'dashboard.count': 'Cases', 'dashboard.reason': 'Stage: reason', 'dashboard.total': 'Total',
    'dashboard.badDate': 'Give a date as YYYY-MM-DD.',
    'dashboard.withheld': 'Some figures are not shown to your party: those broken down by a field it may not see, and refusal reasons from lists that hold health-related ones.',
    'dashboard.reasonWithheld': 'reason withheld',
  },
  ar: {
    'dashboard.title': 'لوحة المتابعة', 'dashboard.asOf': 'الأرقام حتى {d}',
    'dashboard.since': 'من', 'dashboard.until': 'إلى', 'dashboard.apply': 'عرض',
    'dashboard.allDays': 'مسح عوامل التصفية', 'dashboard.any': 'الكل',
    'dashboard.rangeNote': 'الأرقام المؤرخة من {a} إلى {b}؛ أما الانتظار والطلبات المعلقة فحتى اليوم.',
    'dashboard.waiting': 'بالانتظار', 'dashboard.children': 'أطفال بالانتظار',
    'dashboard.patients': 'مرضى بالانتظار', 'dashboard.companions': 'مرافقون بالانتظار',
    'dashboard.crossed': 'عبروا', 'dashboard.utilisation': 'نسبة الاستخدام',
    'dashboard.utilisationHint': '{c} عبروا من أصل {p} مقعداً متاحاً',
    'dashboard.noShowRate': 'نسبة عدم الحضور', 'dashboard.noShowHint': '{n} لم يحضروا من أصل {l} مدرجاً',
    'dashboard.median': 'وسيط الأيام من الإحالة إلى العبور', 'dashboard.p90': 'المئين التسعون للأيام من الإحالة إلى العبور',
    'dashboard.deaths': 'وفيات أثناء الانتظار', 'dashboard.deathsIn': '{n} في هذه الفترة',
    'dashboard.daysUnit': '{n} يوماً',
    'dashboard.pendingTitle': 'المعلّق والمتأخر حسب الجهة والمرحلة',
    'dashboard.pending': 'معلّق', 'dashboard.overdue': 'متأخر', 'dashboard.returned': 'معاد',
    'dashboard.oldest': 'الأقدم منذ',
    'dashboard.byState': 'الملفات حسب الحالة', 'dashboard.denied': 'حالات الرفض حسب المرحلة والسبب',
    'dashboard.count': 'الملفات', 'dashboard.reason': 'المرحلة: السبب', 'dashboard.total': 'المجموع',
    'dashboard.badDate': 'أدخل التاريخ بصيغة YYYY-MM-DD.',
    'dashboard.withheld': 'بعض الأرقام لا تُعرض لجهتك: المفصّلة حسب حقل لا يحق لها رؤيته، وأسباب الرفض من القوائم التي تضم أسباباً تتعلق بالصحة.',
    'dashboard.reasonWithheld': 'السبب محجوب',
  },
};

const FILTERS = ['since', 'until', 'direction', 'category', 'urgency'];
// An ISO date inside a sentence: isolated left to right, or Arabic text
// around it would turn 2026-11-26 into 26-11-2026.
const isoIn = (d) => `\u2066${d}\u2069`;
const sorted = (obj) => Object.entries(obj || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

function card(id, label, value, hint) {
  return h('div', {class: 'dash-card panel'},
    h('div', {class: 'dash-card-label', id: `${id}-label`}, label),
    h('div', {class: 'figure', id, 'aria-labelledby': `${id}-label`}, value),
    hint ? h('div', {class: 'muted dash-card-hint'}, hint) : null);
}

// The filters, as the address's query: the server applies them.
function filterForm(q, dep, seesUrgency) {
  const msg = h('div', {'aria-live': 'polite'});
  const date = (name) => h('input', {type: 'text', id: `dash-${name}`, name, value: q[name], dir: 'ltr', size: 12,
    inputmode: 'numeric', autocomplete: 'off', pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD'});
  const any = ['', t('dashboard.any')];
  return h('form', {class: 'row filters panel no-print', id: 'dash-filter', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const next = new URLSearchParams();
    for (const k of FILTERS) {
      const v = String(f.get(k) || '').trim();
      if ((k === 'since' || k === 'until') && v && !DATE_RE.test(v)) {
        msg.replaceChildren(h('div', {class: 'error', role: 'alert'}, t('dashboard.badDate')));
        return;
      }
      if (v) next.set(k, v);
    }
    location.hash = `#/dashboard${next.toString() ? '?' + next : ''}`;
  }},
  field(t('common.direction'), select('direction', [any, ['exit', t('dir.exit')], ['entry', t('dir.entry')]], q.direction, {id: 'dash-direction'})),
  field(t('common.category'), select('category', [any, ...(dep.categories || []).map((c) => [c.id, c.id])], q.category, {id: 'dash-category'})),
  seesUrgency ? field(t('common.urgency'), select('urgency', [any, ...(dep.urgencies || []).map((u) => [u, t(`urgency.${u}`)])], q.urgency, {id: 'dash-urgency'})) : null,
  field(t('dashboard.since'), date('since')),
  field(t('dashboard.until'), date('until')),
  h('button', {type: 'submit', id: 'dash-go'}, t('dashboard.apply')),
  h('button', {type: 'button', class: 'secondary', id: 'dash-clear', onclick: () => { location.hash = '#/dashboard'; }}, t('dashboard.allDays')),
  msg);
}

function cards(s) {
  const c = s.crossings || {};
  const w = s.waiting || {};
  const deathsIn = (s.deceased?.by_date || []).reduce((a, d) => a + d.count, 0);
  const shown = (name) => !(s.withheld || []).includes(name);
  return h('div', {class: 'cards dash-cards', id: 'dash-figures'},
    card('dash-waiting', t('dashboard.waiting'), num(w.total)),
    card('dash-patients', t('dashboard.patients'), num(w.by_role?.patient ?? 0)),
    card('dash-companions', t('dashboard.companions'), num(w.by_role?.companion ?? 0)),
    w.children != null ? card('dash-children', t('dashboard.children'), num(w.children)) : null,
    card('dash-crossed', t('dashboard.crossed'), num(c.crossed ?? s.crossed)),
    card('dash-utilisation', t('dashboard.utilisation'), pct(c.utilisation),
      c.capacity != null ? t('dashboard.utilisationHint', {c: num(c.crossed), p: num(c.capacity)}) : null),
    card('dash-no-show', t('dashboard.noShowRate'), pct(c.no_show_rate),
      t('dashboard.noShowHint', {n: num(c.no_shows), l: num(c.listed)})),
    shown('crossings.days_to_cross') ? card('dash-median', t('dashboard.median'),
      c.days_to_cross?.median != null ? t('dashboard.daysUnit', {n: num(c.days_to_cross.median)}) : '—') : null,
    shown('crossings.days_to_cross') ? card('dash-p90', t('dashboard.p90'),
      c.days_to_cross?.p90 != null ? t('dashboard.daysUnit', {n: num(c.days_to_cross.p90)}) : '—') : null,
    card('dash-deaths', t('dashboard.deaths'), num(s.deceased?.total), t('dashboard.deathsIn', {n: num(deathsIn)})));
}

function pendingTable(s) {
  const tb = table([
    {label: t('common.party'), get: (p) => t(`party.${p.party}`)},
    {label: t('common.stage'), get: (p) => label('stage', p.stage)},
    {label: t('dashboard.pending'), get: (p) => num(p.pending), class: 'num'},
    {label: t('dashboard.overdue'), get: (p) => (p.overdue ? h('span', {class: 'tag overdue'}, num(p.overdue)) : num(p.overdue)), class: 'num'},
    {label: t('dashboard.returned'), get: (p) => num(p.returned), class: 'num'},
    {label: t('dashboard.oldest'), get: (p) => (p.oldest_since ? h('span', {class: 'mono'}, p.oldest_since.slice(0, 10)) : '—')},
  ], s.pending || [], {rowAttrs: (p) => ({class: p.overdue ? 'overdue' : '', 'data-party': p.party, 'data-stage': p.stage})});
  tb.id = 'dash-pending';
  return tb;
}

function stateTables(s) {
  const states = table([
    {label: t('common.state'), get: ([k]) => label('state', k)},
    {label: t('dashboard.count'), get: ([, n]) => num(n), class: 'num'},
  ], sorted(s.by_state));
  const denied = table([
    {label: t('dashboard.reason'), get: ([k]) => (k.endsWith(':withheld')
      ? [`${label('stage', k.slice(0, -':withheld'.length))}:`, ' ', h('span', {class: 'muted withheld'}, t('dashboard.reasonWithheld'))]
      : stageReason(k))},
    {label: t('dashboard.count'), get: ([, n]) => num(n), class: 'num'},
  ], sorted(s.denied?.by_reason));
  states.classList.add('compact');
  denied.classList.add('compact');
  return h('div', {class: 'dash-charts'},
    h('section', {}, h('h2', {}, t('dashboard.byState')), states),
    h('section', {}, h('h2', {}, t('dashboard.denied')),
      h('p', {class: 'muted'}, `${t('dashboard.total')}: ${num(s.denied?.total)}`), denied));
}

export async function render({main}) {
  destroyCharts();
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || '']));
  const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v));
  const dep = await deployment();
  let s;
  try {
    s = (await api('GET', '/api/v1/stats', {query})).data;
  } catch (err) {
    if (!err.field || !FILTERS.includes(err.field)) throw err;
    // A bad filter in the address: say which, and offer to clear them.
    main.append(h('h1', {}, t('dashboard.title')), filterForm(q, dep, err.field !== 'urgency'), errorBox(err));
    return;
  }
  const withheld = s.withheld || [];
  const figures = [sec.backlog(s), sec.crossings(s), sec.planned(s), sec.deaths(s), sec.deathsByUrgency(s),
    sec.decisionTimes(s), ...sec.waiting(s)].filter(Boolean);
  const b = s.backlog || [];
  main.append(...[
    h('div', {class: 'spread'}, h('h1', {}, t('dashboard.title')),
      s.today ? h('p', {class: 'muted', id: 'dash-today'}, t('dashboard.asOf', {d: isoIn(s.today)})) : null),
    filterForm(q, dep, !withheld.includes('waiting.by_urgency')),
    b.length ? h('p', {class: 'muted', id: 'dash-range-note'},
      t('dashboard.rangeNote', {a: isoIn(q.since || b[0].date), b: isoIn(q.until || b[b.length - 1].date)})) : null,
    cards(s),
    withheld.length ? h('p', {class: 'muted', id: 'dash-withheld'}, t('dashboard.withheld')) : null,
    h('div', {class: 'dash-charts'}, figures.map((f) => f.fig)),
    h('section', {}, h('h2', {}, t('dashboard.pendingTitle')), pendingTable(s)),
    stateTables(s),
  ].filter(Boolean));
  // The charts, drawn once their boxes are on the page (app.js attaches
  // `main` after render returns).
  requestAnimationFrame(() => {
    for (const f of figures) f.draw();
  });
}
