// The planning page's fan charts (uPlot): for each course (the current one
// and the scenario), the p10-p90 band and the p50 line of a weekly series
// over the days of the horizon. Right to left in Arabic, the value axis on
// the start side, as the dashboard's charts. Each chart is kept on its box
// (box.uplot) so that tests can read it.

import uPlot from '/vendor/uPlot.esm.js';
import {lang, num, t} from '../i18n.js';

const FONT = '12px "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif';

let live = [];
export function destroyCharts() {
  for (const c of live) c.destroy();
  live = [];
}
window.addEventListener('hashchange', () => {
  if (!location.hash.startsWith('#/plan')) destroyCharts();
});

const rtl = () => lang() === 'ar';
const DAY = 86400;
export const dayTs = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
export const isoOf = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);

function axis(extra = {}) {
  return {stroke: '#1b1f24', grid: {stroke: '#e3e7ec', width: 1}, ticks: {stroke: '#d5dbe1', width: 1}, font: FONT, ...extra};
}

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
  const u = new uPlot({
    width: Math.max(box.clientWidth, 280) || 600,
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
  }, data, box);
  live.push(u);
  box.uplot = u;
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
