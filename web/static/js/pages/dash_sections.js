// The dashboard's figures, one builder each: the figure (caption, chart
// box, table, CSV, print) and draw(), which mounts the chart once the box
// is on the page. Every number is the server's (GET /api/v1/stats);
// nothing here counts or estimates.

import {h} from '../dom.js';
import {add, num, pct, t} from '../i18n.js';
import {categoryChart, timeChart} from './dash_charts.js';
import {chartFigure} from './dash_figure.js';
import {label as word} from '../words.js';

add({
  en: {
    'dsec.backlog': 'The backlog: cases waiting at each day’s end', 'dsec.waiting': 'Waiting',
    'dsec.role.patient': 'Patients', 'dsec.role.companion': 'Companions', 'dsec.role.other': 'Other travellers',
    'dsec.crossings': 'Crossed per day against capacity', 'dsec.capacity': 'Capacity', 'dsec.crossed': 'Crossed',
    'dsec.noShows': 'No-shows', 'dsec.turnedBack': 'Turned back', 'dsec.day': 'Day',
    'dsec.day.open': 'open', 'dsec.day.suspended': 'suspended', 'dsec.day.closed': 'closed', 'dsec.day.pending': 'awaiting signatures',
    'dsec.inProgress': 'today, in progress', 'dsec.utilisation': 'Utilisation',
    'dsec.planned': 'Planned against actual crossings, per category', 'dsec.plannedCol': 'Places offered',
    'dsec.direction': 'Direction', 'dsec.category': 'Category', 'dsec.notByUrgency': 'not offered by urgency',
    'dsec.deaths': 'Deaths while waiting, per day, and the total so far', 'dsec.deathsCol': 'Deaths',
    'dsec.cumulative': 'Total so far', 'dsec.deathsUrgency': 'Deaths while waiting, by urgency',
    'dsec.times': 'Decision times against each stage’s deadline (days)', 'dsec.stage': 'Party: stage',
    'dsec.median': 'Median', 'dsec.p90': '90th percentile', 'dsec.deadline': 'Deadline', 'dsec.decisions': 'Decisions',
    'dsec.over': 'Over the deadline', 'dsec.urgency': 'Waiting by urgency', 'dsec.categoryChart': 'Waiting by category',
    'dsec.roleChart': 'Waiting: patients, companions and other travellers', 'dsec.children': 'Children waiting',
    'dsec.urgencyCol': 'Urgency',
  },
  ar: {
    'dsec.backlog': 'الملفات المتراكمة: المنتظرون في نهاية كل يوم', 'dsec.waiting': 'بالانتظار',
    'dsec.role.patient': 'المرضى', 'dsec.role.companion': 'المرافقون', 'dsec.role.other': 'مسافرون آخرون',
    'dsec.crossings': 'العابرون يومياً مقارنة بالسعة', 'dsec.capacity': 'السعة', 'dsec.crossed': 'عبروا',
    'dsec.noShows': 'لم يحضروا', 'dsec.turnedBack': 'أُعيدوا', 'dsec.day': 'اليوم',
    'dsec.day.open': 'مفتوح', 'dsec.day.suspended': 'معلّق', 'dsec.day.closed': 'مغلق', 'dsec.day.pending': 'بانتظار التواقيع',
    'dsec.inProgress': 'اليوم، جارٍ', 'dsec.utilisation': 'نسبة الاستخدام',
    'dsec.planned': 'العبور المخطط مقارنة بالفعلي حسب الفئة', 'dsec.plannedCol': 'المقاعد المتاحة',
    'dsec.direction': 'الاتجاه', 'dsec.category': 'الفئة', 'dsec.notByUrgency': 'لا تُتاح المقاعد حسب الأولوية',
    'dsec.deaths': 'الوفيات أثناء الانتظار يومياً، والمجموع حتى تاريخه', 'dsec.deathsCol': 'الوفيات',
    'dsec.cumulative': 'المجموع حتى تاريخه', 'dsec.deathsUrgency': 'الوفيات أثناء الانتظار حسب الأولوية الطبية',
    'dsec.times': 'مدد القرار مقارنة بمهلة كل مرحلة (بالأيام)', 'dsec.stage': 'الجهة: المرحلة',
    'dsec.median': 'الوسيط', 'dsec.p90': 'المئين التسعون', 'dsec.deadline': 'المهلة', 'dsec.decisions': 'القرارات',
    'dsec.over': 'تجاوزت المهلة', 'dsec.urgency': 'المنتظرون حسب الأولوية الطبية', 'dsec.categoryChart': 'المنتظرون حسب الفئة',
    'dsec.roleChart': 'المنتظرون: المرضى والمرافقون والمسافرون الآخرون', 'dsec.children': 'أطفال بالانتظار',
    'dsec.urgencyCol': 'الأولوية',
  },
});

const C = {crossed: '#0b5cad', capacity: 'rgba(11,92,173,0.18)', deaths: '#b00020', total: '#5b2a86',
  waiting: '#14304f', patient: '#b35c00', companion: '#2f7d32', other: '#6b7785', p90: '#b00020', deadline: '#1b1f24'};
const ROLES = ['patient', 'companion', 'other'];
const URGENCIES = ['life-saving', 'critical', 'urgent', 'routine'];
const mono = (s) => h('span', {class: 'mono'}, s);
const days1 = (hours) => (hours == null ? null : Math.round((hours / 24) * 10) / 10);
const dateCol = () => ({label: t('common.date'), value: (d) => d.date, cell: (d) => mono(d.date)});
const n = (label, get) => ({label, value: get, cell: (r) => num(get(r)), class: 'num'});

export function backlog(s) {
  const rows = s.backlog || [];
  const cols = [dateCol(), n(t('dsec.waiting'), (d) => d.waiting),
    ...ROLES.map((r) => n(t(`dsec.role.${r}`), (d) => d.by_role?.[r] ?? 0))];
  const f = chartFigure('chart-backlog', t('dsec.backlog'), cols, rows, 'backlog');
  return {fig: f.fig, draw: () => rows.length && timeChart(f.box, rows.map((d) => d.date), [
    {label: t('dsec.waiting'), colour: C.waiting, kind: 'line', values: rows.map((d) => d.waiting)},
    ...ROLES.map((r) => ({label: t(`dsec.role.${r}`), colour: C[r], kind: 'line', values: rows.map((d) => d.by_role?.[r] ?? 0)})),
  ])};
}

function dayStatus(d) {
  return [h('span', {class: `tag ${d.status}`}, t(`dsec.day.${d.status}`)),
    d.in_progress ? [' ', h('span', {class: 'tag in-progress'}, t('dsec.inProgress'))] : null];
}

export function crossings(s) {
  const rows = s.crossings?.days || [];
  const cols = [dateCol(),
    {label: t('dsec.day'), value: (d) => (d.in_progress ? `${d.status} (${t('dsec.inProgress')})` : d.status), cell: dayStatus},
    n(t('dsec.capacity'), (d) => d.capacity), n(t('dsec.crossed'), (d) => d.crossed),
    ...ROLES.map((r) => n(t(`dsec.role.${r}`), (d) => d.crossed_by_role?.[r] ?? 0)),
    {label: t('dsec.utilisation'), value: (d) => (d.capacity ? (d.crossed / d.capacity).toFixed(3) : ''),
      cell: (d) => (d.capacity ? pct(d.crossed / d.capacity) : '—'), class: 'num'},
    n(t('dsec.noShows'), (d) => d.no_shows), n(t('dsec.turnedBack'), (d) => d.turned_back)];
  const f = chartFigure('chart-crossings', t('dsec.crossings'), cols, rows, 'crossings');
  f.fig.querySelector('tbody')?.querySelectorAll('tr').forEach((tr, i) => {
    tr.dataset.status = rows[i].status;
    if (rows[i].in_progress) tr.dataset.inProgress = 'yes';
  });
  // A suspended day: a grey bar to the top of the scale, so it shows as a gap that was not chosen.
  const top = Math.max(1, ...rows.map((d) => Math.max(d.capacity, d.crossed)));
  return {fig: f.fig, draw: () => rows.length && timeChart(f.box, rows.map((d) => d.date), [
    {label: t('dsec.day.suspended'), colour: 'rgba(138,28,28,0.25)', size: [0.95, 100], values: rows.map((d) => (d.status === 'suspended' ? top : null))},
    {label: t('dsec.capacity'), colour: 'rgba(11,92,173,0.55)', fill: C.capacity, size: [0.9, 100], values: rows.map((d) => d.capacity)},
    {label: t('dsec.crossed'), colour: C.crossed, size: [0.5, 60], values: rows.map((d) => d.crossed)},
  ], {pad: 1.08})};
}

export function planned(s) {
  const rows = s.crossings?.by_category || [];
  const label = (r) => `${t(`dir.${r.direction}`)}: ${word('category', r.category)}`;
  const cols = [{label: t('dsec.direction'), value: (r) => r.direction, cell: (r) => t(`dir.${r.direction}`)},
    {label: t('dsec.category'), value: (r) => r.category, cell: (r) => word('category', r.category)},
    {label: t('dsec.plannedCol'), value: (r) => r.planned ?? '', cell: (r) => (r.planned == null ? t('dsec.notByUrgency') : num(r.planned)), class: 'num'},
    n(t('dsec.crossed'), (r) => r.crossed)];
  const f = chartFigure('chart-planned', t('dsec.planned'), cols, rows, 'planned-vs-crossed');
  return {fig: f.fig, draw: () => rows.length && categoryChart(f.box, rows.map(label), [
    {label: t('dsec.plannedCol'), colour: C.capacity, values: rows.map((r) => r.planned ?? 0)},
    {label: t('dsec.crossed'), colour: C.crossed, values: rows.map((r) => r.crossed)},
  ])};
}

export function deaths(s) {
  const rows = s.deceased?.by_date || [];
  const cols = [dateCol(), n(t('dsec.deathsCol'), (d) => d.count), n(t('dsec.cumulative'), (d) => d.cumulative)];
  const f = chartFigure('chart-deaths', t('dsec.deaths'), cols, rows, 'deaths');
  return {fig: f.fig, draw: () => rows.length && timeChart(f.box, rows.map((d) => d.date), [
    {label: t('dsec.deathsCol'), colour: C.deaths, size: [0.7, 40], values: rows.map((d) => d.count)},
    {label: t('dsec.cumulative'), colour: C.total, kind: 'line', values: rows.map((d) => d.cumulative)},
  ], {pad: 1.15})};
}

// Only when the server sent it: to parties that may see urgency.
export function deathsByUrgency(s) {
  const by = s.deceased?.by_urgency;
  if (!by) return null;
  const rows = [...URGENCIES, ...Object.keys(by).filter((u) => !URGENCIES.includes(u))]
    .map((u) => ({u, n: by[u] ?? 0}));
  const cols = [{label: t('dsec.urgencyCol'), value: (r) => r.u, cell: (r) => t(`urgency.${r.u}`)}, n(t('dsec.deathsCol'), (r) => r.n)];
  const f = chartFigure('chart-deaths-urgency', t('dsec.deathsUrgency'), cols, rows, 'deaths-by-urgency');
  return {fig: f.fig, draw: () => categoryChart(f.box, rows.map((r) => t(`urgency.${r.u}`)),
    [{label: t('dsec.deathsCol'), colour: C.deaths, values: rows.map((r) => r.n)}])};
}

export function decisionTimes(s) {
  const rows = s.decision_times || [];
  const label = (r) => `${t(`party.${r.party}`)}: ${word('stage', r.stage)}`;
  const cols = [{label: t('dsec.stage'), value: label},
    n(t('dsec.decisions'), (r) => r.decisions),
    {label: t('dsec.median'), value: (r) => days1(r.median_hours) ?? '', cell: (r) => num(days1(r.median_hours)), class: 'num'},
    {label: t('dsec.p90'), value: (r) => days1(r.p90_hours) ?? '', cell: (r) => num(days1(r.p90_hours)), class: 'num'},
    {label: t('dsec.deadline'), value: (r) => days1(r.deadline_hours), cell: (r) => num(days1(r.deadline_hours)), class: 'num'},
    {label: t('dsec.over'), value: (r) => r.over_deadline,
      cell: (r) => (r.over_deadline ? h('span', {class: 'tag overdue'}, num(r.over_deadline)) : num(0)), class: 'num'}];
  const f = chartFigure('chart-times', t('dsec.times'), cols, rows, 'decision-times');
  return {fig: f.fig, draw: () => rows.length && categoryChart(f.box, rows.map(label), [
    {label: t('dsec.median'), colour: C.crossed, values: rows.map((r) => days1(r.median_hours))},
    {label: t('dsec.p90'), colour: C.p90, values: rows.map((r) => days1(r.p90_hours))},
    {label: t('dsec.deadline'), colour: C.deadline, kind: 'mark', values: rows.map((r) => days1(r.deadline_hours))},
  ], {xLabel: t('dsec.stage')})};
}

// Waiting now, by urgency (if sent), by category and by role.
export function waiting(s) {
  const w = s.waiting || {};
  const out = [];
  const withChildren = (by, children) => [n(t('dsec.waiting'), (r) => r.n),
    ...(children ? [n(t('dsec.children'), (r) => children[r.key] ?? 0)] : [])];
  if (w.by_urgency) {
    const rows = [...URGENCIES, ...Object.keys(w.by_urgency).filter((u) => !URGENCIES.includes(u))]
      .map((u) => ({key: u, n: w.by_urgency[u] ?? 0}));
    const f = chartFigure('chart-urgency', t('dsec.urgency'),
      [{label: t('dsec.urgencyCol'), value: (r) => r.key, cell: (r) => t(`urgency.${r.key}`)}, ...withChildren(w.by_urgency, w.children_by_urgency)],
      rows, 'waiting-by-urgency');
    out.push({fig: f.fig, draw: () => categoryChart(f.box, rows.map((r) => t(`urgency.${r.key}`)),
      [{label: t('dsec.waiting'), colour: C.waiting, values: rows.map((r) => r.n)}])});
  }
  const roles = ROLES.map((r) => ({key: r, n: w.by_role?.[r] ?? 0}));
  const fr = chartFigure('chart-role', t('dsec.roleChart'),
    [{label: t('dsec.category'), value: (r) => r.key, cell: (r) => t(`dsec.role.${r.key}`)}, n(t('dsec.waiting'), (r) => r.n)],
    roles, 'waiting-by-role');
  out.push({fig: fr.fig, draw: () => categoryChart(fr.box, roles.map((r) => t(`dsec.role.${r.key}`)),
    [{label: t('dsec.waiting'), colour: C.waiting, values: roles.map((r) => r.n)}])});
  const cats = Object.entries(w.by_category || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([k, v]) => ({key: k, n: v}));
  const fc = chartFigure('chart-category', t('dsec.categoryChart'),
    [{label: t('dsec.category'), value: (r) => r.key, cell: (r) => word('category', r.key)}, ...withChildren(w.by_category, w.children_by_category)], cats, 'waiting-by-category');
  out.push({fig: fc.fig, draw: () => cats.length && categoryChart(fc.box, cats.map((r) => word('category', r.key)),
    [{label: t('dsec.waiting'), colour: C.waiting, values: cats.map((r) => r.n)}])});
  return out;
}
