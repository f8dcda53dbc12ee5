// What the planning page shows of two results (POST /api/v1/plan's
// "result", docs/planner.md): the fan charts of the backlog and of deaths
// while waiting, each with its figures as a table, and the tables of days
// to clear, deaths, waiting time and throughput, the current course beside
// the scenario. Every number is text as well as a line.

import {h, table} from '../dom.js';
import {num, t} from '../i18n.js';
import {ltr} from '../util.js';
import {fanChart} from './plan_charts.js';

export const COLOURS = {current: '#5f6b7a', scenario: '#1f6fd1'};

const urgencyName = (u) => (u === 'all' ? t('plan.allUrgencies') : t(`urgency.${u}`));
const fixed = (x, d = 1) => (x === null || x === undefined ? '—' : num(Math.round(x * 10 ** d) / 10 ** d));

// Days to clear at one percentile: null is "not within the horizon".
function clearDays(v, days) {
  return v === null || v === undefined ? t('plan.notWithin', {n: num(days)}) : num(Math.round(v));
}

// "812 (809–816)": a mean and its 95% interval, kept left to right in Arabic.
const meanCi = (s) => (s ? ltr(`${fixed(s.mean)} (${fixed(s.ci_low)}–${fixed(s.ci_high)})`) : '—');

// The two courses as the chart's and the tables' columns.
function courses(cur, sc) {
  return [{key: 'current', label: t('plan.current'), result: cur}, {key: 'scenario', label: t('plan.scenario'), result: sc}];
}

// A fan chart and, under it, its weekly figures as a table.
export function fanFigure(id, title, cur, sc, pick) {
  const box = h('div', {class: 'chart-box', id, role: 'img', 'aria-label': title});
  const cs = courses(cur, sc).filter((c) => c.result);
  const rows = cur.series.days.map((d, i) => ({d, i}));
  const cols = [{label: t('plan.day'), class: 'num', get: (r) => num(r.d)}];
  for (const c of cs) {
    for (const p of ['p10', 'p50', 'p90']) {
      cols.push({label: `${c.label} ${p}`, class: 'num', get: (r) => num(pick(c.result.series)[p][r.i])});
    }
  }
  const tb = table(cols, rows);
  tb.classList.add('compact');
  tb.id = `${id}-table`;
  const fig = h('figure', {class: 'plan-chart panel', id: `${id}-figure`, 'aria-labelledby': `${id}-title`},
    h('figcaption', {id: `${id}-title`, class: 'plan-chart-title'}, title),
    box,
    h('p', {class: 'muted small'}, t('plan.fanHint')),
    h('details', {class: 'plan-figures'}, h('summary', {}, t('plan.figures')), tb));
  const draw = () => fanChart(box, cur.start, cur.series.days,
    cs.map((c) => ({label: c.label, colour: COLOURS[c.key], dash: c.key === 'current' ? [6, 4] : undefined, series: pick(c.result.series)})));
  return {fig, draw};
}

// Days to clear per urgency class (and all): p10, p50, p90 of each course.
export function clearTable(cur, sc) {
  const cs = courses(cur, sc).filter((c) => c.result);
  const rows = [...cur.urgencies, 'all'];
  const cols = [{label: t('common.urgency'), get: (u) => urgencyName(u)}];
  for (const c of cs) {
    for (const p of ['p10', 'p50', 'p90']) {
      cols.push({label: `${c.label} ${p}`, class: 'num',
        get: (u) => clearDays(c.result.clear_days[u]?.[p], c.result.days)});
    }
  }
  const tb = table(cols, rows, {caption: t('plan.clearTitle'), rowAttrs: (u) => ({'data-urgency': u})});
  tb.id = 'plan-clear';
  return tb;
}

// Deaths while waiting, and waiting days, by urgency: mean (95% interval).
export function deathsTable(cur, sc) {
  const cs = courses(cur, sc).filter((c) => c.result);
  const rows = [...cur.urgencies, 'all'];
  const deaths = (r, u) => (u === 'all' ? r.deaths : r.deaths.by_urgency?.[u]);
  const cols = [{label: t('common.urgency'), get: (u) => urgencyName(u)}];
  for (const c of cs) cols.push({label: `${c.label}: ${t('plan.deaths')}`, class: 'num', get: (u) => meanCi(deaths(c.result, u))});
  for (const c of cs) {
    cols.push({label: `${c.label}: ${t('plan.wait')}`, class: 'num',
      get: (u) => (u === 'all' ? '' : fixed(c.result.wait_days?.[u]?.mean))});
  }
  const tb = table(cols, rows, {caption: t('plan.deathsTitle'), rowAttrs: (u) => ({'data-urgency': u})});
  tb.id = 'plan-deaths';
  return tb;
}

// Throughput and outcomes: means per run.
export function throughputTable(cur, sc) {
  const cs = courses(cur, sc).filter((c) => c.result);
  const rows = [
    ['patients_per_day', (r) => r.throughput.patients_per_day],
    ['patients_per_open_day', (r) => r.throughput.patients_per_open_day],
    ['companions_per_day', (r) => r.throughput.companions_per_day],
    ['open_days', (r) => r.throughput.open_days],
    ['crossed', (r) => r.outcomes.crossed],
    ['denied', (r) => r.outcomes.denied],
    ['waiting_at_end', (r) => r.outcomes.waiting_at_end],
  ];
  const cols = [{label: t('plan.measure'), get: ([k]) => t(`plan.m.${k}`)}];
  for (const c of cs) cols.push({label: c.label, class: 'num', get: ([, f]) => meanCi(f(c.result))});
  const tb = table(cols, rows, {caption: t('plan.throughputTitle'), rowAttrs: ([k]) => ({'data-measure': k})});
  tb.id = 'plan-throughput';
  return tb;
}
