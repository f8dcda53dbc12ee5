// The planning page's fan charts (uPlot): for each course (the current one
// and the scenario), the p10-p90 band and the p50 line of a weekly series
// over the days of the horizon. Right to left in Arabic, the value axis on
// the start side, as the dashboard's charts. Each chart is kept on its box
// (box.uplot) so that tests can read it.

import uPlot from '/vendor/uPlot.esm.js';
import {num, t} from '../i18n.js';
import {axisStyle as axis, chartSet, dayTs, isoOf, rtl} from './chart_box.js';

const charts = chartSet('#/plan');
export const destroyCharts = charts.destroy;
const DAY = 86400;

// A colour with an alpha, from "#rrggbb".
function alpha(hex, a) {
  const n = parseInt(hex.slice(1), 16);
  return `rgba(${n >> 16}, ${(n >> 8) & 255}, ${n & 255}, ${a})`;
}

// courses: [{label, colour, series: {p10, p50, p90}}] over the same days.
// Series are p10, p90 (thin, edging the band) and p50 (the line), per course.
export function fanChart(box, start, days, courses, {height = 260} = {}) {
  const xs = days.map((d) => dayTs(start) + d * DAY);
  const series = [{label: t('common.date'), value: (u, v) => (v == null ? '—' : isoOf(v))}];
  const data = [xs];
  const bands = [];
  for (const c of courses) {
    const at = series.length;
    series.push(
      {label: `${c.label} · p10`, stroke: alpha(c.colour, 0.5), width: 1, value: (u, v) => num(v), points: {show: false}},
      {label: `${c.label} · p90`, stroke: alpha(c.colour, 0.5), width: 1, value: (u, v) => num(v), points: {show: false}},
      {label: `${c.label} · p50`, stroke: c.colour, width: 2, dash: c.dash, value: (u, v) => num(v), points: {show: false}});
    data.push(c.series.p10, c.series.p90, c.series.p50);
    bands.push({series: [at + 1, at], fill: alpha(c.colour, 0.18)});
  }
  return charts.mount(box, {
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: {drag: {x: false, y: false}, points: {show: false}},
    legend: {show: false},
    bands,
    scales: {x: {time: true, dir: rtl() ? -1 : 1}, y: {range: (uu, min, max) => [0, Math.max(1, max) * 1.05]}},
    axes: [
      axis({values: (uu, splits) => splits.map((s) => isoOf(s).slice(0, 7)), space: 64}),
      axis({values: (uu, splits) => splits.map((v) => (Number.isInteger(v) ? num(v) : '')), size: 64, side: rtl() ? 1 : 3}),
    ],
    series,
  }, data);
}
