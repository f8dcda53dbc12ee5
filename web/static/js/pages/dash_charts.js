// The dashboard's charts (uPlot): days along a time axis, and bars over
// named categories. A time axis runs right to left in Arabic (the x
// scale's direction), with the value axis on the start side. Each chart
// is kept on its box (box.uplot) so that tests can read its geometry.

import uPlot from '/vendor/uPlot.esm.js';
import {num, t} from '../i18n.js';
import {FONT, axisStyle, chartSet, dayTs, isoOf, rtl} from './chart_box.js';

// uPlot charts of the page on screen: destroyed before the next render or
// when the route changes, so none keeps listening on the window.
const charts = chartSet('#/dashboard');
export const destroyCharts = charts.destroy;
const mount = charts.mount;

// The value axis: on the right in Arabic, where a reader starts.
const yAxis = () => axisStyle({values: (u, splits) => splits.map((v) => (Number.isInteger(v) ? num(v) : '')),
  size: 56, side: rtl() ? 1 : 3});
const yRange = (pad) => ({range: (u, min, max) => [0, Math.max(1, max) * pad]});

let measure;
function textWidth(text) {
  measure = measure || document.createElement('canvas').getContext('2d');
  measure.font = FONT;
  return measure.measureText(text).width;
}

// One series: {label, colour, kind: 'bars'|'line', values, size}.
function seriesOf(s) {
  const base = {label: s.label, stroke: s.colour, value: (u, v) => num(v), points: {show: false}};
  if (s.kind === 'line') return {...base, width: 2, points: {show: true, size: 4}};
  return {...base, fill: s.fill || s.colour, width: 0, paths: uPlot.paths.bars({size: s.size || [0.6, 60], align: 0})};
}

// Days (ISO dates) along a time axis; right to left in Arabic.
export function timeChart(box, dates, series, {height = 260, pad = 1.1} = {}) {
  return mount(box, {
    height,
    tzDate: (ts) => uPlot.tzDate(new Date(ts * 1000), 'Etc/UTC'),
    cursor: {drag: {x: false, y: false}, points: {show: false}},
    scales: {x: {time: true, dir: rtl() ? -1 : 1, range: (u, min, max) => [min - 43200, max + 43200]}, y: yRange(pad)},
    axes: [axisStyle({values: (u, splits) => splits.map((s) => isoOf(s).slice(5)), space: 48}), yAxis()],
    series: [{label: t('common.date'), value: (u, v) => (v == null ? '—' : isoOf(v))}, ...series.map(seriesOf)],
  }, [dates.map(dayTs), ...series.map((s) => s.values)]);
}

// Bars over named categories (x: 0..n-1): one series, or two side by side
// (the first before its category's tick, the second after); a series of
// kind 'mark' is drawn as dots (a deadline against two bars).
export function categoryChart(box, labels, series, {height = 220, xLabel = t('common.category')} = {}) {
  const xs = labels.map((_, i) => i);
  const widest = Math.max(...labels.map(textWidth), 0);
  const tilted = (u) => widest + 8 > (u.bbox.width / (window.devicePixelRatio || 1)) / Math.max(1, labels.length);
  const barCount = series.filter((s) => s.kind !== 'mark').length;
  let b = 0;
  const drawn = series.map((s) => {
    if (s.kind === 'mark') {
      return {label: s.label, stroke: s.colour, value: (u, v) => num(v), width: 0, paths: () => null,
        points: {show: true, size: 9, fill: s.colour, stroke: s.colour}};
    }
    const align = barCount === 2 ? (b++ === 0 ? -1 : 1) * (rtl() ? -1 : 1) : 0;
    return {...seriesOf(s), paths: uPlot.paths.bars({size: [barCount === 2 ? 0.35 : 0.6, 60], align})};
  });
  return mount(box, {
    height,
    legend: {show: series.length > 1},
    cursor: {drag: {x: false, y: false}, points: {show: false}},
    scales: {x: {time: false, dir: rtl() ? -1 : 1, range: () => [-0.5, labels.length - 0.5]}, y: yRange(1.08)},
    axes: [
      axisStyle({splits: () => xs, values: (u, splits) => splits.map((i) => labels[i] ?? ''), grid: {show: false},
        gap: 4, rotate: (u) => (tilted(u) ? 30 : 0), size: (u) => (tilted(u) ? 24 + widest * 0.5 : 40)}),
      yAxis(),
    ],
    series: [{label: xLabel, value: (u, i) => (i == null ? '—' : labels[i])}, ...drawn],
  }, [xs, ...series.map((s) => s.values)]);
}
