// The coordinator's figures (GET /api/v1/stats?since=): who is waiting, by
// urgency and category; crossings per day against the places offered; the
// time from referral to crossing; deaths while waiting; and each party's
// pending and overdue stages. Every chart (uPlot) has its figures in a
// table beside it, so nothing depends on seeing the chart.

import uPlot from '/vendor/uPlot.esm.js';
import {api} from '../api.js';
import {field, h, table} from '../dom.js';
import {num, pct, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, DATE_RE} from '../util.js';
import {label, stageReason} from '../words.js';

export const strings = {
  en: {
    'dashboard.title': 'Dashboard', 'dashboard.asOf': 'Figures as of {d}',
    'dashboard.since': 'Crossings since', 'dashboard.apply': 'Show',
    'dashboard.allDays': 'All days', 'dashboard.sinceNote': 'Crossing figures from {d}; waiting, pending and deaths are for all dates.',
    'dashboard.waiting': 'Waiting', 'dashboard.children': 'Children waiting',
    'dashboard.crossed': 'Crossed', 'dashboard.utilisation': 'Utilisation',
    'dashboard.utilisationHint': '{c} crossed of {p} places offered',
    'dashboard.noShowRate': 'No-show rate', 'dashboard.noShowHint': '{n} no-shows of {l} listed',
    'dashboard.median': 'Median days, referral to crossing', 'dashboard.p90': '90th percentile days, referral to crossing',
    'dashboard.deaths': 'Deaths while waiting', 'dashboard.deathsSince': '{n} since {d}',
    'dashboard.daysUnit': '{n} days',
    'dashboard.crossingsChart': 'Crossed per day against capacity',
    'dashboard.deathsChart': 'Deaths while waiting, per day',
    'dashboard.urgencyChart': 'Waiting by urgency', 'dashboard.categoryChart': 'Waiting by category',
    'dashboard.figures': 'Show the figures', 'dashboard.capacity': 'Capacity',
    'dashboard.noShows': 'No-shows', 'dashboard.turnedBack': 'Turned back',
    'dashboard.deathsCol': 'Deaths', 'dashboard.dayStatus': 'Day',
    'dashboard.day.open': 'open', 'dashboard.day.suspended': 'suspended', 'dashboard.day.closed': 'closed',
    'dashboard.pendingTitle': 'Pending and overdue, by party and stage',
    'dashboard.pending': 'Pending', 'dashboard.overdue': 'Overdue', 'dashboard.returned': 'Returned',
    'dashboard.oldest': 'Oldest since', 'dashboard.noData': 'No data for this period.',
    'dashboard.byState': 'Cases by state', 'dashboard.denied': 'Refusals by stage and reason',
    'dashboard.count': 'Cases', 'dashboard.reason': 'Stage: reason', 'dashboard.total': 'Total',
    'dashboard.badDate': 'Give a date as YYYY-MM-DD.',
    'dashboard.withheld': 'Some figures are not shown to your party: those broken down by a field it may not see, and refusal reasons from lists that hold health-related ones.',
    'dashboard.reasonWithheld': 'reason withheld',
  },
  ar: {
    'dashboard.title': 'لوحة المتابعة', 'dashboard.asOf': 'الأرقام حتى {d}',
    'dashboard.since': 'العبور منذ', 'dashboard.apply': 'عرض',
    'dashboard.allDays': 'كل الأيام', 'dashboard.sinceNote': 'أرقام العبور منذ {d}؛ أما الانتظار والطلبات المعلقة والوفيات فلكل التواريخ.',
    'dashboard.waiting': 'بالانتظار', 'dashboard.children': 'أطفال بالانتظار',
    'dashboard.crossed': 'عبروا', 'dashboard.utilisation': 'نسبة الاستخدام',
    'dashboard.utilisationHint': '{c} عبروا من أصل {p} مقعداً متاحاً',
    'dashboard.noShowRate': 'نسبة عدم الحضور', 'dashboard.noShowHint': '{n} لم يحضروا من أصل {l} مدرجاً',
    'dashboard.median': 'وسيط الأيام من الإحالة إلى العبور', 'dashboard.p90': 'المئين التسعون للأيام من الإحالة إلى العبور',
    'dashboard.deaths': 'وفيات أثناء الانتظار', 'dashboard.deathsSince': '{n} منذ {d}',
    'dashboard.daysUnit': '{n} يوماً',
    'dashboard.crossingsChart': 'العابرون يومياً مقارنة بالسعة',
    'dashboard.deathsChart': 'الوفيات أثناء الانتظار يومياً',
    'dashboard.urgencyChart': 'المنتظرون حسب الأولوية الطبية', 'dashboard.categoryChart': 'المنتظرون حسب الفئة',
    'dashboard.figures': 'عرض الأرقام', 'dashboard.capacity': 'السعة',
    'dashboard.noShows': 'لم يحضروا', 'dashboard.turnedBack': 'أُعيدوا',
    'dashboard.deathsCol': 'الوفيات', 'dashboard.dayStatus': 'اليوم',
    'dashboard.day.open': 'مفتوح', 'dashboard.day.suspended': 'معلّق', 'dashboard.day.closed': 'مغلق',
    'dashboard.pendingTitle': 'المعلّق والمتأخر حسب الجهة والمرحلة',
    'dashboard.pending': 'معلّق', 'dashboard.overdue': 'متأخر', 'dashboard.returned': 'معاد',
    'dashboard.oldest': 'الأقدم منذ', 'dashboard.noData': 'لا بيانات لهذه الفترة.',
    'dashboard.byState': 'الملفات حسب الحالة', 'dashboard.denied': 'حالات الرفض حسب المرحلة والسبب',
    'dashboard.count': 'الملفات', 'dashboard.reason': 'المرحلة: السبب', 'dashboard.total': 'المجموع',
    'dashboard.badDate': 'أدخل التاريخ بصيغة YYYY-MM-DD.',
    'dashboard.withheld': 'بعض الأرقام لا تُعرض لجهتك: المفصّلة حسب حقل لا يحق لها رؤيته، وأسباب الرفض من القوائم التي تضم أسباباً تتعلق بالصحة.',
    'dashboard.reasonWithheld': 'السبب محجوب',
  },
};

const FONT = '12px "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif';
const URGENCIES = ['life-saving', 'critical', 'urgent', 'routine'];
const COLOURS = {crossed: '#0b5cad', capacity: 'rgba(11,92,173,0.18)', deaths: '#b00020', waiting: '#14304f'};

// uPlot charts of the page on screen: destroyed before the next render or
// when the route changes, so none keeps listening on the window.
let live = [];
function destroyCharts() {
  for (const c of live) c.destroy();
  live = [];
}
window.addEventListener('hashchange', () => {
  if (!location.hash.startsWith('#/dashboard')) destroyCharts();
});

const dayTs = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
const isoOf = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);
const numCell = (v) => num(v);
// An ISO date inside a sentence: isolated left to right, or Arabic text
// around it would turn 2026-11-26 into 26-11-2026.
const isoIn = (d) => `\u2066${d}\u2069`;

// A uPlot chart in `box`, as wide as `box`, following its size.
function mount(box, opts, data) {
  const height = opts.height || 240;
  const u = new uPlot({...opts, width: Math.max(box.clientWidth, 280) || 600, height}, data, box);
  live.push(u);
  const ro = new ResizeObserver((entries) => {
    if (!box.isConnected) {
      ro.disconnect();
      return;
    }
    const w = Math.floor(entries[0].contentRect.width);
    if (w > 0 && w !== u.width) u.setSize({width: w, height});
  });
  ro.observe(box);
  const destroy = u.destroy.bind(u);
  u.destroy = () => {
    ro.disconnect();
    destroy();
  };
  return u;
}

function axisStyle(extra = {}) {
  return {stroke: '#1b1f24', grid: {stroke: '#e3e7ec', width: 1}, ticks: {stroke: '#d5dbe1', width: 1},
    font: FONT, ...extra};
}

const yAxis = () => axisStyle({values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? num(v) : '')), size: 56});

// Days as bars along a time axis (x: unix seconds at UTC midnight).
function dayAxis() {
  return axisStyle({values: (u, splits) => splits.map((s) => isoOf(s).slice(5)), space: 48});
}
const dayScale = {time: true, range: (u, min, max) => [min - 43200, max + 43200]};
const tzUTC = (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC');

let measure;
function textWidth(text) {
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = FONT;
  return measure.measureText(text).width;
}

// Bars over named categories (x: 0..n-1).
function categoryChart(box, labels, values, label, colour) {
  const xs = labels.map((_, i) => i);
  // Labels turn aslant when the widest would not fit under its bar.
  const widest = Math.max(...labels.map(textWidth), 0);
  const tilted = (u) => widest + 8 > (u.bbox.width / (window.devicePixelRatio || 1)) / Math.max(1, labels.length);
  const opts = {
    height: 220,
    legend: {show: false},
    cursor: {drag: {x: false, y: false}, points: {show: false}},
    scales: {x: {time: false, range: () => [-0.5, labels.length - 0.5]}, y: {range: (u, min, max) => [0, Math.max(1, max) * 1.08]}},
    axes: [
      axisStyle({splits: () => xs, values: (u, splits) => splits.map((i) => labels[i] ?? ''), grid: {show: false},
        gap: 4, rotate: (u) => (tilted(u) ? 30 : 0), size: (u) => (tilted(u) ? 24 + widest * 0.5 : 40)}),
      yAxis(),
    ],
    series: [
      {value: (u, i) => (i == null ? '—' : labels[i])},
      {label, stroke: colour, fill: colour, width: 0, paths: uPlot.paths.bars({size: [0.6, 80], align: 0}),
        points: {show: false}, value: (u, v) => num(v)},
    ],
  };
  return mount(box, opts, [xs, values]);
}

// A chart with its figures: a figure, its caption, the chart and a
// <details> table that says the same.
function chartFigure(id, title, figuresTable) {
  const box = h('div', {class: 'chart-box', id, role: 'img', 'aria-label': title});
  const fig = h('figure', {class: 'dash-chart panel', 'aria-labelledby': `${id}-title`},
    h('figcaption', {id: `${id}-title`, class: 'dash-chart-title'}, title),
    box,
    h('details', {class: 'dash-figures', id: `${id}-figures`},
      h('summary', {}, t('dashboard.figures')), figuresTable));
  return {fig, box};
}

function card(id, label, value, hint) {
  return h('div', {class: 'dash-card panel'},
    h('div', {class: 'dash-card-label', id: `${id}-label`}, label),
    h('div', {class: 'figure', id, 'aria-labelledby': `${id}-label`}, value),
    hint ? h('div', {class: 'muted dash-card-hint'}, hint) : null);
}

const sorted = (obj) => Object.entries(obj || {}).sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));

export async function render({main}) {
  destroyCharts();
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const since = params.get('since') || '';
  let s;
  try {
    s = (await api('GET', '/api/v1/stats', {query: {since}})).data;
  } catch (err) {
    if (!since || err.field !== 'since') throw err;
    // A bad date in the address: say so, and offer every day instead.
    main.append(h('h1', {}, t('dashboard.title')), errorBox(err),
      h('p', {}, h('a', {href: '#/dashboard', id: 'dash-since-clear'}, t('dashboard.allDays'))));
    return;
  }
  const c = s.crossings || {};
  const w = s.waiting || {};
  // Breakdowns by a field the party may not see are not sent (docs/api.md,
  // "Visibility"): their charts, cards and columns are left out.
  const withheld = s.withheld || [];
  const shown = (name) => !withheld.includes(name);
  const hasChildren = w.children != null;
  const days = c.days || [];
  const deaths = (s.deceased?.by_date || []).filter((d) => !since || d.date >= since);

  // The since filter.
  const msg = h('div', {'aria-live': 'polite'});
  const sinceInput = h('input', {type: 'text', id: 'dash-since', name: 'since', value: since, dir: 'ltr', size: 12,
    inputmode: 'numeric', autocomplete: 'off', pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD'});
  const filter = h('form', {class: 'row filters panel no-print', id: 'dash-filter', onsubmit: (e) => {
    e.preventDefault();
    const v = sinceInput.value.trim();
    if (v && !DATE_RE.test(v)) {
      msg.replaceChildren(h('div', {class: 'error', role: 'alert'}, t('dashboard.badDate')));
      return;
    }
    location.hash = v ? `#/dashboard?since=${encodeURIComponent(v)}` : '#/dashboard';
  }},
  field(t('dashboard.since'), sinceInput),
  h('button', {type: 'submit', id: 'dash-since-go'}, t('dashboard.apply')),
  h('button', {type: 'button', class: 'secondary', id: 'dash-since-clear', disabled: !since,
    onclick: () => { location.hash = '#/dashboard'; }}, t('dashboard.allDays')),
  msg);

  // Headline figures.
  const deathsSince = since ? deaths.reduce((a, d) => a + d.count, 0) : null;
  const cards = h('div', {class: 'cards dash-cards', id: 'dash-figures'},
    card('dash-waiting', t('dashboard.waiting'), num(w.total)),
    hasChildren ? card('dash-children', t('dashboard.children'), num(w.children)) : null,
    card('dash-crossed', t('dashboard.crossed'), num(c.crossed ?? s.crossed)),
    card('dash-utilisation', t('dashboard.utilisation'), pct(c.utilisation),
      t('dashboard.utilisationHint', {c: num(c.crossed), p: num(c.capacity)})),
    card('dash-no-show', t('dashboard.noShowRate'), pct(c.no_show_rate),
      t('dashboard.noShowHint', {n: num(c.no_shows), l: num(c.listed)})),
    shown('crossings.days_to_cross') ? card('dash-median', t('dashboard.median'),
      c.days_to_cross?.median != null ? t('dashboard.daysUnit', {n: num(c.days_to_cross.median)}) : '—') : null,
    shown('crossings.days_to_cross') ? card('dash-p90', t('dashboard.p90'),
      c.days_to_cross?.p90 != null ? t('dashboard.daysUnit', {n: num(c.days_to_cross.p90)}) : '—') : null,
    card('dash-deaths', t('dashboard.deaths'), num(s.deceased?.total),
      since ? t('dashboard.deathsSince', {n: num(deathsSince), d: isoIn(since)}) : null));

  // Crossed per day against capacity.
  const crossTable = table([
    {label: t('common.date'), get: (d) => h('span', {class: 'mono'}, d.date)},
    {label: t('dashboard.dayStatus'), get: (d) => h('span', {class: `tag ${d.status}`}, t(`dashboard.day.${d.status}`))},
    {label: t('dashboard.capacity'), get: (d) => numCell(d.capacity), class: 'num'},
    {label: t('dashboard.crossed'), get: (d) => numCell(d.crossed), class: 'num'},
    {label: t('dashboard.utilisation'), get: (d) => (d.capacity ? pct(d.crossed / d.capacity) : '—'), class: 'num'},
    {label: t('dashboard.noShows'), get: (d) => numCell(d.no_shows), class: 'num'},
    {label: t('dashboard.turnedBack'), get: (d) => numCell(d.turned_back), class: 'num'},
  ], days);
  crossTable.classList.add('compact');
  crossTable.id = 'dash-crossings-table';
  const crossFig = chartFigure('chart-crossings', t('dashboard.crossingsChart'), crossTable);

  const deathTable = table([
    {label: t('common.date'), get: (d) => h('span', {class: 'mono'}, d.date)},
    {label: t('dashboard.deathsCol'), get: (d) => numCell(d.count), class: 'num'},
  ], deaths);
  deathTable.classList.add('compact');
  deathTable.id = 'dash-deaths-table';
  const deathFig = chartFigure('chart-deaths', t('dashboard.deathsChart'), deathTable);

  // Waiting by urgency and by category, children beside.
  const urgencies = [...URGENCIES, ...Object.keys(w.by_urgency || {}).filter((u) => !URGENCIES.includes(u))];
  const urgencyRows = urgencies.map((u) => ({key: u, label: t(`urgency.${u}`), n: w.by_urgency?.[u] ?? 0,
    children: w.children_by_urgency?.[u] ?? 0}));
  const categoryRows = sorted(w.by_category).map(([k, n]) => ({key: k, label: k, n, children: w.children_by_category?.[k] ?? 0}));
  const waitTable = (rows, label, id, children) => {
    const tb = table([
      {label, get: (r) => r.label},
      {label: t('dashboard.waiting'), get: (r) => numCell(r.n), class: 'num'},
      children ? {label: t('dashboard.children'), get: (r) => numCell(r.children), class: 'num'} : null,
    ].filter(Boolean), rows);
    tb.classList.add('compact');
    tb.id = id;
    return tb;
  };
  const urgencyFig = w.by_urgency
    ? chartFigure('chart-urgency', t('dashboard.urgencyChart'),
      waitTable(urgencyRows, t('common.urgency'), 'dash-urgency-table', w.children_by_urgency != null))
    : null;
  const categoryFig = chartFigure('chart-category', t('dashboard.categoryChart'),
    waitTable(categoryRows, t('common.category'), 'dash-category-table', w.children_by_category != null));

  // Pending and overdue per party and stage.
  const pending = s.pending || [];
  const pendingTable = table([
    {label: t('common.party'), get: (p) => t(`party.${p.party}`)},
    {label: t('common.stage'), get: (p) => label('stage', p.stage)},
    {label: t('dashboard.pending'), get: (p) => numCell(p.pending), class: 'num'},
    {label: t('dashboard.overdue'), get: (p) => (p.overdue
      ? h('span', {class: 'tag overdue'}, num(p.overdue))
      : num(p.overdue)), class: 'num'},
    {label: t('dashboard.returned'), get: (p) => numCell(p.returned), class: 'num'},
    {label: t('dashboard.oldest'), get: (p) => (p.oldest_since ? h('span', {class: 'mono'}, p.oldest_since.slice(0, 10)) : '—')},
  ], pending, {rowAttrs: (p) => ({class: p.overdue ? 'overdue' : '', 'data-party': p.party, 'data-stage': p.stage})});
  pendingTable.id = 'dash-pending';

  const stateTable = table([
    {label: t('common.state'), get: ([k]) => label('state', k)},
    {label: t('dashboard.count'), get: ([, n]) => numCell(n), class: 'num'},
  ], sorted(s.by_state));
  stateTable.classList.add('compact');
  const deniedTable = table([
    {label: t('dashboard.reason'), get: ([k]) => (k.endsWith(':withheld')
      ? [`${label('stage', k.slice(0, -':withheld'.length))}:`, ' ', h('span', {class: 'muted withheld'}, t('dashboard.reasonWithheld'))]
      : stageReason(k))},
    {label: t('dashboard.count'), get: ([, n]) => numCell(n), class: 'num'},
  ], sorted(s.denied?.by_reason));
  deniedTable.classList.add('compact');

  main.append(...[
    h('div', {class: 'spread'}, h('h1', {}, t('dashboard.title')),
      s.today ? h('p', {class: 'muted', id: 'dash-today'}, t('dashboard.asOf', {d: isoIn(s.today)})) : null),
    filter,
    since ? h('p', {class: 'muted', id: 'dash-since-note'}, t('dashboard.sinceNote', {d: isoIn(since)})) : null,
    cards,
    withheld.length ? h('p', {class: 'muted', id: 'dash-withheld'}, t('dashboard.withheld')) : null,
    h('div', {class: 'dash-charts'}, crossFig.fig, deathFig.fig, urgencyFig?.fig, categoryFig.fig),
    h('section', {}, h('h2', {}, t('dashboard.pendingTitle')), pendingTable),
    h('div', {class: 'dash-charts'},
      h('section', {}, h('h2', {}, t('dashboard.byState')), stateTable),
      h('section', {}, h('h2', {}, t('dashboard.denied')),
        h('p', {class: 'muted'}, `${t('dashboard.total')}: ${num(s.denied?.total)}`), deniedTable)),
  ].filter(Boolean));

  // The charts, drawn once their boxes exist (they resize with the page).
  if (days.length) {
    mount(crossFig.box, {
      height: 260,
      tzDate: tzUTC,
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      scales: {x: dayScale, y: {range: (u, min, max) => [0, Math.max(1, max) * 1.08]}},
      axes: [dayAxis(), yAxis()],
      series: [
        {label: t('common.date'), value: (u, v) => (v == null ? '—' : isoOf(v))},
        {label: t('dashboard.capacity'), stroke: 'rgba(11,92,173,0.55)', fill: COLOURS.capacity, width: 1,
          paths: uPlot.paths.bars({size: [0.9, 100], align: 0}), points: {show: false}, value: (u, v) => num(v)},
        {label: t('dashboard.crossed'), stroke: COLOURS.crossed, fill: COLOURS.crossed, width: 0,
          paths: uPlot.paths.bars({size: [0.5, 60], align: 0}), points: {show: false}, value: (u, v) => num(v)},
      ],
    }, [days.map((d) => dayTs(d.date)), days.map((d) => d.capacity), days.map((d) => d.crossed)]);
  } else {
    crossFig.box.append(h('p', {class: 'muted'}, t('dashboard.noData')));
  }
  if (deaths.length) {
    mount(deathFig.box, {
      height: 260,
      tzDate: tzUTC,
      cursor: {drag: {x: false, y: false}, points: {show: false}},
      scales: {x: dayScale, y: {range: (u, min, max) => [0, Math.max(1, max) * 1.15]}},
      axes: [dayAxis(), yAxis()],
      series: [
        {label: t('common.date'), value: (u, v) => (v == null ? '—' : isoOf(v))},
        {label: t('dashboard.deathsCol'), stroke: COLOURS.deaths, fill: COLOURS.deaths, width: 0,
          paths: uPlot.paths.bars({size: [0.7, 40], align: 0}), points: {show: false}, value: (u, v) => num(v)},
      ],
    }, [deaths.map((d) => dayTs(d.date)), deaths.map((d) => d.count)]);
  } else {
    deathFig.box.append(h('p', {class: 'muted'}, t('dashboard.noData')));
  }
  if (urgencyFig) categoryChart(urgencyFig.box, urgencyRows.map((r) => r.label), urgencyRows.map((r) => r.n), t('dashboard.waiting'), COLOURS.waiting);
  categoryChart(categoryFig.box, categoryRows.map((r) => r.label), categoryRows.map((r) => r.n), t('dashboard.waiting'), COLOURS.waiting);
}
