// What the dashboard's and the planning page's uPlot charts share: the
// font, the axis style, ISO days as timestamps, and a chart mounted in a
// box as wide as the box, following its size, kept on the box
// (box.uplot) so that tests can read it, and destroyed when its page is
// left (so none keeps listening on the window).

import uPlot from '/vendor/uPlot.esm.js';
import {lang} from '../i18n.js';

export const FONT = '12px "Noto Sans", "Noto Sans Arabic", "DejaVu Sans", sans-serif';
export const rtl = () => lang() === 'ar';
export const dayTs = (iso) => Date.parse(`${iso}T00:00:00Z`) / 1000;
export const isoOf = (ts) => new Date(ts * 1000).toISOString().slice(0, 10);

export function axisStyle(extra = {}) {
  return {stroke: '#1b1f24', grid: {stroke: '#e3e7ec', width: 1}, ticks: {stroke: '#d5dbe1', width: 1},
    font: FONT, ...extra};
}

// The charts of the page whose route starts with `route`: mount() adds
// one, destroy() ends them all (also when the route changes).
export function chartSet(route) {
  let live = [];
  const destroy = () => {
    for (const c of live) c.destroy();
    live = [];
  };
  window.addEventListener('hashchange', () => {
    if (!location.hash.startsWith(route)) destroy();
  });
  const mount = (box, opts, data) => {
    const height = opts.height || 240;
    const u = new uPlot({...opts, width: Math.max(box.clientWidth, 280) || 600, height}, data, box);
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
    const end = u.destroy.bind(u);
    u.destroy = () => {
      ro.disconnect();
      end();
    };
    return u;
  };
  return {mount, destroy};
}
