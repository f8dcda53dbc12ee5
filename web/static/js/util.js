// Small helpers the pages share: dates at the crossing, text kept left to
// right inside Arabic, labels with a fallback, lists in the page's
// language, the order of categories, and a GET where "not found" is an
// answer.

import {h} from './dom.js';
import {lang, t, when} from './i18n.js';

// An ISO date, for an input's pattern attribute (no anchors: the browser adds them).
export const DATE_PATTERN = '\\d{4}-\\d{2}-\\d{2}';
// An ISO date, the whole string.
export const DATE_RE = new RegExp(`^${DATE_PATTERN}$`);

// Today's date at the crossing, in its `timeZone` (deployment().crossing.time_zone), whatever this computer's zone.
export function crossingToday(timeZone) {
  return new Intl.DateTimeFormat('en-CA', {timeZone: timeZone || undefined, year: 'numeric', month: '2-digit', day: '2-digit'})
    .format(new Date());
}

// The ISO date `days` days after `iso` (before, if negative).
export function shiftDate(iso, days) {
  const d = new Date(`${iso}T12:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

// Dates, times and codes keep their left-to-right order inside Arabic text.
export const ltr = (s, attrs = {}) => h('bdi', {dir: 'ltr', ...attrs}, s);

// A timestamp "2026-11-26 05:35 UTC" kept left to right inside Arabic.
export const stamp = (ts) => ltr(when(ts), {class: 'stamp'});

// t() with nodes for its {placeholders}: a date stays left to right in Arabic.
export function tn(key, vars) {
  return t(key).split(/(\{\w+\})/).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && m[1] in vars ? vars[m[1]] : part;
  });
}

// t(key), or `fallback` when no language has the key.
export const labelOr = (key, fallback) => {
  const s = t(key);
  return s === key ? fallback : s;
};

// "a, b and c" in the page's language.
export const listOf = (items) => new Intl.ListFormat(lang(), {style: 'long', type: 'conjunction'}).format(items);

// The separator between items of a list drawn as nodes.
export const comma = () => (lang() === 'ar' ? '، ' : ', ');

// A category's place among the deployment's categories ([{id}], in config order): 'total' last, unknown ones between.
export function rank(k, categories) {
  if (k === 'total') return 1000;
  const i = (categories || []).findIndex((c) => c.id === k);
  return i < 0 ? 500 : i;
}

// An api() answer's data as {value}, a 404 not-found as {value: null}, any other failure as {error}.
export async function orNull(promise) {
  try {
    return {value: (await promise).data};
  } catch (err) {
    if (err.status === 404 && err.code === 'not-found') return {value: null};
    return {error: err};
  }
}
