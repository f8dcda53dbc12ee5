// The public figures' sections (GET /api/v1/public/figures, the shape in
// docs/figures.md): each chart with its figures as a table under it (the
// chart's text alternative), and the tables of crossing days and
// decisions. Every number is the JSON's; nothing here counts anything the
// JSON does not already give, except sums of its own per-day rows.

import {h, table} from '../dom.js';
import {add, num, t} from '../i18n.js';
import {timeChart} from './dash_charts.js';
import {chartFigure} from './dash_figure.js';
import {label} from '../words.js';

add({
  en: {
    'figs.pending': 'Cases pending at each party’s stage, at each day’s end',
    'figs.pendingNow': 'Pending on {d}, the last day: how long cases have waited (days)',
    'figs.count': 'Pending', 'figs.median': 'Median days', 'figs.p90': '90th percentile days', 'figs.overdue': 'Overdue',
    'figs.crossings': 'Crossed per day against capacity', 'figs.crossed': 'Crossed', 'figs.capacity': 'Capacity',
    'figs.noShows': 'No-shows', 'figs.turnBacks': 'Turned back', 'figs.regMedian': 'Registration to crossing, median days',
    'figs.regP90': 'Registration to crossing, 90th percentile days',
    'figs.byKind': 'Crossed against capacity, by direction and category (all days)',
    'figs.deaths': 'Deaths while waiting, per day, and the total so far', 'figs.deathsCol': 'Deaths',
    'figs.cumulative': 'Total so far',
    'figs.days': 'Openings, suspensions and closures of the crossing', 'figs.daysCovered': 'Days',
    'figs.action': 'Action', 'figs.signedBy': 'Signed by', 'figs.reason': 'Reason', 'figs.entry': 'Log entry',
    'figs.noDays': 'No opening, suspension or closure in this period.',
    'figs.decisions': 'Decisions per party, stage and outcome (all days)', 'figs.outcome': 'Outcome',
    'figs.decisionsCol': 'Decisions', 'figs.private': 'private (sealed in the log)',
    'figs.turnBackReasons': 'Turn-back reasons (all days)', 'outcome.revoke': 'Revoked',
  },
  ar: {
    'figs.pending': 'الملفات المعلّقة لدى مرحلة كل جهة في نهاية كل يوم',
    'figs.pendingNow': 'المعلّق في {d}، آخر يوم: مدة الانتظار (بالأيام)',
    'figs.count': 'معلّقة', 'figs.median': 'الوسيط بالأيام', 'figs.p90': 'المئين التسعون بالأيام', 'figs.overdue': 'متأخرة',
    'figs.crossings': 'العابرون يومياً مقارنة بالسعة', 'figs.crossed': 'عبروا', 'figs.capacity': 'السعة',
    'figs.noShows': 'لم يحضروا', 'figs.turnBacks': 'أُعيدوا', 'figs.regMedian': 'من القيد إلى العبور، الوسيط بالأيام',
    'figs.regP90': 'من القيد إلى العبور، المئين التسعون بالأيام',
    'figs.byKind': 'العابرون مقارنة بالسعة حسب الاتجاه والفئة (كل الأيام)',
    'figs.deaths': 'الوفيات أثناء الانتظار يومياً، والمجموع حتى تاريخه', 'figs.deathsCol': 'الوفيات',
    'figs.cumulative': 'المجموع حتى تاريخه',
    'figs.days': 'فتح المعبر وتعليقه وإغلاقه', 'figs.daysCovered': 'الأيام',
    'figs.action': 'الإجراء', 'figs.signedBy': 'وقّعته جهة', 'figs.reason': 'السبب', 'figs.entry': 'رقم القيد في السجل',
    'figs.noDays': 'لا فتح ولا تعليق ولا إغلاق في هذه الفترة.',
    'figs.decisions': 'القرارات حسب الجهة والمرحلة والنتيجة (كل الأيام)', 'figs.outcome': 'النتيجة',
    'figs.decisionsCol': 'القرارات', 'figs.private': 'خاص (مختوم في السجل)',
    'figs.turnBackReasons': 'أسباب الإعادة (كل الأيام)', 'outcome.revoke': 'سُحبت الموافقة',
  },
});

const PALETTE = ['#0b5cad', '#b35c00', '#2f7d32', '#5b2a86', '#b00020', '#14304f', '#6b7785', '#8a6d00', '#00796b', '#c2185b'];
const C = {crossed: '#0b5cad', capacity: 'rgba(11,92,173,0.18)', deaths: '#b00020', total: '#5b2a86'};
const mono = (s) => h('span', {class: 'mono'}, s);
const dateCol = () => ({label: t('common.date'), value: (d) => d.date, cell: (d) => mono(d.date)});
const n = (lbl, get) => ({label: lbl, value: get, cell: (r) => num(get(r)), class: 'num'});
const sum = (xs, get) => xs.reduce((a, x) => a + (get(x) || 0), 0);

// A reason as the public log holds it: a code with its word, or "private"
// for one the deployment seals (`sealed-<hex>`, or the figures' "private").
export function reasonWord(kind, r) {
  if (r === undefined || r === null || r === '') return '—';
  if (r === 'private' || /^sealed-[0-9a-f]{64}$/.test(r)) return t('figs.private');
  return label(kind, r);
}

export const stageName = (party, stage) => `${label('party', party)}: ${label('stage', stage)}`;

// The party:stage pairs in the order they first appear.
function stagesOf(days) {
  const seen = new Map();
  for (const d of days) for (const p of d.pending || []) {
    const k = `${p.party}:${p.stage}`;
    if (!seen.has(k)) seen.set(k, {party: p.party, stage: p.stage});
  }
  return [...seen.entries()].map(([key, v]) => ({key, ...v}));
}

const pendingOf = (d, s) => (d.pending || []).find((p) => p.party === s.party && p.stage === s.stage);

export function pending(f) {
  const days = f.days || [];
  const stages = stagesOf(days);
  const cols = [dateCol(), ...stages.map((s) => n(stageName(s.party, s.stage), (d) => pendingOf(d, s)?.count ?? 0))];
  const fig = chartFigure('fig-pending', t('figs.pending'), cols, days, 'pending');
  fig.fig.querySelectorAll('thead th').forEach((th, i) => { if (i > 0) th.dataset.stage = stages[i - 1].key; });
  return {fig: fig.fig, draw: () => days.length && stages.length && timeChart(fig.box, days.map((d) => d.date),
    stages.map((s, i) => ({label: stageName(s.party, s.stage), colour: PALETTE[i % PALETTE.length], kind: 'line',
      values: days.map((d) => pendingOf(d, s)?.count ?? 0)})))};
}

// The last day's pending, with how long cases have waited and how many are overdue.
export function pendingNow(f) {
  const last = (f.days || []).at(-1);
  const rows = last?.pending || [];
  const days1 = (x) => (x == null ? '—' : num(x));
  const tb = table([
    {label: t('common.party'), get: (p) => label('party', p.party)},
    {label: t('common.stage'), get: (p) => label('stage', p.stage)},
    {label: t('figs.count'), get: (p) => num(p.count), class: 'num'},
    {label: t('figs.median'), get: (p) => days1(p.median_days), class: 'num'},
    {label: t('figs.p90'), get: (p) => days1(p.p90_days), class: 'num'},
    {label: t('figs.overdue'), get: (p) => num(p.overdue), class: 'num'},
  ], rows, {caption: t('figs.pendingNow', {d: last ? `\u2066${last.date}\u2069` : '—'}),
    rowAttrs: (p) => ({'data-stage': `${p.party}:${p.stage}`})});
  tb.id = 'fig-pending-now';
  tb.classList.add('compact');
  return h('section', {class: 'panel'}, tb);
}

// Registration to crossing, on days when someone crossed.
const regCol = (k, lbl) => ({label: lbl, value: (d) => (d.registration_to_crossing?.count ? d.registration_to_crossing[k] : ''),
  cell: (d) => num(d.registration_to_crossing?.count ? d.registration_to_crossing[k] : null), class: 'num'});

// A day's crossings summed over its directions. A direction whose opening
// caps it has a `total` item (that cap, and every crossing of the
// direction), which stands for the direction instead of its categories.
function dayTotals(d) {
  const items = d.crossings || [];
  const capped = new Set(items.filter((c) => c.category === 'total').map((c) => c.direction));
  const counted = items.filter((c) => (capped.has(c.direction) ? c.category === 'total' : true));
  return {crossed: sum(counted, (c) => c.crossed), capacity: sum(counted, (c) => c.capacity)};
}

export function crossings(f) {
  const days = f.days || [];
  const crossed = (d) => dayTotals(d).crossed;
  const capacity = (d) => dayTotals(d).capacity;
  const cols = [dateCol(), n(t('figs.crossed'), crossed), n(t('figs.capacity'), capacity),
    n(t('figs.noShows'), (d) => d.no_shows ?? 0), n(t('figs.turnBacks'), (d) => sum(d.turn_backs || [], (x) => x.count)),
    regCol('median_days', t('figs.regMedian')), regCol('p90_days', t('figs.regP90'))];
  const fig = chartFigure('fig-crossings', t('figs.crossings'), cols, days, 'crossings');
  return {fig: fig.fig, draw: () => days.length && timeChart(fig.box, days.map((d) => d.date), [
    {label: t('figs.capacity'), colour: 'rgba(11,92,173,0.55)', fill: C.capacity, size: [0.9, 100], values: days.map(capacity)},
    {label: t('figs.crossed'), colour: C.crossed, size: [0.5, 60], values: days.map(crossed)},
  ], {pad: 1.08})};
}

// Crossed and capacity summed over the days, per direction and category.
export function byKind(f) {
  const acc = new Map();
  for (const d of f.days || []) for (const c of d.crossings || []) {
    const k = `${c.direction}:${c.category}`;
    const a = acc.get(k) || {direction: c.direction, category: c.category, crossed: 0, capacity: 0};
    a.crossed += c.crossed || 0;
    a.capacity += c.capacity || 0;
    acc.set(k, a);
  }
  const tb = table([
    {label: t('common.direction'), get: (r) => label('direction', r.direction)},
    {label: t('common.category'), get: (r) => label('category', r.category)},
    {label: t('figs.crossed'), get: (r) => num(r.crossed), class: 'num'},
    {label: t('figs.capacity'), get: (r) => num(r.capacity), class: 'num'},
  ], [...acc.values()], {caption: t('figs.byKind')});
  tb.id = 'fig-by-kind';
  tb.classList.add('compact');
  return h('section', {class: 'panel'}, tb);
}

export function deaths(f) {
  let total = 0;
  const rows = (f.days || []).map((d) => ({date: d.date, count: d.deaths || 0, cumulative: (total += d.deaths || 0)}));
  const cols = [dateCol(), n(t('figs.deathsCol'), (d) => d.count), n(t('figs.cumulative'), (d) => d.cumulative)];
  const fig = chartFigure('fig-deaths', t('figs.deaths'), cols, rows, 'deaths');
  return {fig: fig.fig, draw: () => rows.length && timeChart(fig.box, rows.map((d) => d.date), [
    {label: t('figs.deathsCol'), colour: C.deaths, size: [0.7, 40], values: rows.map((d) => d.count)},
    {label: t('figs.cumulative'), colour: C.total, kind: 'line', values: rows.map((d) => d.cumulative)},
  ], {pad: 1.15})};
}

// Each crossing statement once, with the days it covers (a statement that
// covers several days is listed under each of them in the JSON).
export function crossingDays(f) {
  const byEntry = new Map();
  for (const d of f.days || []) for (const c of d.crossing || []) {
    const s = byEntry.get(c.entry) || {...c, dates: []};
    s.dates.push(d.date);
    byEntry.set(c.entry, s);
  }
  const rows = [...byEntry.values()].sort((a, b) => a.entry - b.entry);
  const span = (s) => (s.dates.length > 1 ? `${s.dates[0]} – ${s.dates.at(-1)}` : s.dates[0]);
  const tb = table([
    {label: t('figs.daysCovered'), get: (s) => mono(span(s))},
    {label: t('figs.action'), get: (s) => h('span', {class: `tag ${{open: 'open', suspend: 'suspended', close: 'closed'}[s.action] || ''}`}, label('day', s.action))},
    {label: t('figs.signedBy'), get: (s) => label('party', s.party)},
    {label: t('figs.reason'), get: (s) => (/^sealed-|^private$/.test(s.reason || '') ? reasonWord('reason', s.reason) : h('bdi', {}, s.reason || '—'))},
    {label: t('figs.entry'), get: (s) => mono(String(s.entry)), class: 'num'},
  ], rows, {caption: t('figs.days'), rowAttrs: (s) => ({'data-entry': s.entry, 'data-action': s.action})});
  tb.id = 'fig-days';
  return h('section', {class: 'panel', id: 'fig-days-section'}, tb,
    rows.length ? null : h('p', {class: 'muted'}, t('figs.noDays')));
}

// Decisions summed over the days, per party, stage and outcome.
export function decisions(f) {
  const acc = new Map();
  for (const d of f.days || []) for (const x of d.decisions || []) {
    const k = `${x.party}:${x.stage}:${x.outcome}`;
    acc.set(k, {...x, count: (acc.get(k)?.count || 0) + (x.count || 0)});
  }
  const tb = table([
    {label: t('common.party'), get: (x) => label('party', x.party)},
    {label: t('common.stage'), get: (x) => label('stage', x.stage)},
    {label: t('figs.outcome'), get: (x) => label('outcome', x.outcome)},
    {label: t('figs.decisionsCol'), get: (x) => num(x.count), class: 'num'},
  ], [...acc.values()], {caption: t('figs.decisions')});
  tb.id = 'fig-decisions';
  tb.classList.add('compact');
  return h('section', {class: 'panel'}, tb);
}

// Turn-backs summed over the days, per reason ("private" for a sealed one).
export function turnBacks(f) {
  const acc = new Map();
  for (const d of f.days || []) for (const x of d.turn_backs || []) {
    const k = /^sealed-/.test(x.reason) ? 'private' : x.reason;
    acc.set(k, (acc.get(k) || 0) + (x.count || 0));
  }
  const tb = table([
    {label: t('figs.reason'), get: ([r]) => reasonWord('reason', r)},
    {label: t('figs.turnBacks'), get: ([, c]) => num(c), class: 'num'},
  ], [...acc.entries()], {caption: t('figs.turnBackReasons')});
  tb.id = 'fig-turn-backs';
  tb.classList.add('compact');
  return h('section', {class: 'panel'}, tb);
}
