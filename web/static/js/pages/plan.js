// Planning (POST /api/v1/plan, docs/web.md "Planning"): the capacity
// planner on the live deployment. The first load asks for a plan with no
// scenario, so the server calibrates one from the log: that is the current
// course, kept. Each slider change (debounced) asks again with the
// calibrated scenario and the change ("set"), 2,000 runs, the same seed,
// and the page shows the scenario beside the current course: fan charts
// of the backlog and of deaths while waiting, days to clear, deaths,
// waiting time, throughput. The scenario (TOML) and its results (JSON)
// download as files.

import {api} from '../api.js';
import {download, h} from '../dom.js';
import {lang, num, pct, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {ltr, tn} from '../util.js';
import {label} from '../words.js';
import {destroyCharts} from './plan_charts.js';
import {clearTable, deathsTable, fanFigure, throughputTable} from './plan_view.js';
import {planStrings} from './plan_words.js';

export const strings = planStrings;

const RUNS = 2000;
const DAYS = 730;
const SEED = 1;
const DEBOUNCE_MS = 300;

// The page's state, kept across renders (a language switch draws the page
// again without asking the server again); dropped for another account.
let state = null;
let ui = null;  // the elements of the page on screen
let timer = null;

// The few keys the sliders start from, read from the scenario's TOML as
// plan::format_scenario writes it ("key = value" lines under [crossing]
// and [[stage]] tables).
export function readScenario(toml) {
  const out = {name: '', start: '', crossing: {}, stages: []};
  let section = '';
  for (const raw of toml.split('\n')) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    const table = /^\[\[?([a-z_]+)\]\]?$/.exec(line);
    if (table) {
      section = table[1];
      if (line.startsWith('[[') && section === 'stage') out.stages.push({});
      continue;
    }
    const kv = /^([a-z_]+)\s*=\s*(.*)$/.exec(line);
    if (!kv) continue;
    const value = parseValue(kv[2]);
    if (section === '' && (kv[1] === 'name' || kv[1] === 'start')) out[kv[1]] = value;
    else if (section === 'crossing') out.crossing[kv[1]] = value;
    else if (section === 'stage') out.stages[out.stages.length - 1][kv[1]] = value;
  }
  return out;
}

function parseValue(text) {
  const s = text.trim();
  if (s.startsWith('"')) return s.slice(1, s.indexOf('"', 1));
  if (s.startsWith('[')) return [...s.slice(0, s.indexOf(']') + 1).matchAll(/"([^"]*)"|([-\d.eE+]+)/g)].map((m) => m[1] ?? Number(m[2]));
  const bare = s.split('#')[0].trim();
  if (bare === 'true' || bare === 'false') return bare === 'true';
  return Number(bare);
}

function initialValues(p) {
  return {
    patient_places: p.crossing.patient_places,
    days_open_per_week: (p.crossing.open_weekdays || []).length,
    suspend_probability: p.crossing.suspend_probability,
    equal_in_out: !!p.crossing.equal_in_out,
    min_days: Object.fromEntries(p.stages.map((s) => [s.id, s.min_days])),
  };
}

// The body's "set": only what differs from the calibrated scenario.
export function changesOf(values, base) {
  const set = {};
  for (const k of ['patient_places', 'days_open_per_week', 'suspend_probability', 'equal_in_out']) {
    if (values[k] !== base[k]) set[k] = values[k];
  }
  const minDays = Object.fromEntries(Object.entries(values.min_days).filter(([id, v]) => v !== base.min_days[id]));
  if (Object.keys(minDays).length) set.min_days = minDays;
  return set;
}

// "1 day", "5 days"; in Arabic each plural form of its own.
function nDays(n) {
  const form = new Intl.PluralRules(lang()).select(n);
  const key = `plan.days.${form}`;
  return t(t(key) === key ? 'plan.days.other' : key, {n: num(n)});
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
// Still on this page (an answer for a page left is dropped).
const onScreen = () => !!ui && location.hash.startsWith('#/plan');

async function ask(body) {
  for (;;) {
    try {
      return (await api('POST', '/api/v1/plan', {body: {runs: RUNS, days: DAYS, seed: SEED, ...body}})).data;
    } catch (err) {
      // Another plan is being calculated (another person's): wait, then again.
      if (err.code !== 'plan-busy' || !onScreen()) throw err;
      await sleep(1000);
    }
  }
}

async function calibrate() {
  state.loading = true;
  draw();
  try {
    const base = await ask({});
    state.base = base;
    // The sliders' settings; a party that may not see urgency gets no
    // calibrated scenario (docs/api.md, Planning), only these.
    state.parsed = base.controls || readScenario(base.scenario);
    state.initial = initialValues(state.parsed);
    state.values = structuredClone(state.initial);
    state.error = null;
  } catch (err) {
    state.error = err;
  }
  state.loading = false;
  if (ui) renderBody();
}

async function simulate() {
  if (state.inflight) {
    state.again = true;
    return;
  }
  const set = changesOf(state.values, state.initial);
  if (!Object.keys(set).length) {
    state.scenario = null;
    draw();
    return;
  }
  state.inflight = true;
  draw();
  try {
    // Without the scenario (withheld), the server calibrates it again.
    const scenario = state.base.scenario ? {scenario: state.base.scenario} : {};
    state.scenario = await ask({...scenario, set});
    state.error = null;
  } catch (err) {
    state.error = err;
  }
  state.inflight = false;
  if (state.again) {
    state.again = false;
    return simulate();
  }
  draw();
}

function changed() {
  clearTimeout(timer);
  timer = setTimeout(simulate, DEBOUNCE_MS);
}

// One slider: its label, the range, and its value as text (an <output>).
function slider(id, text, {min, max, step = 1, value, show, onValue}) {
  const out = h('output', {id: `${id}-value`, for: id, class: 'plan-value'}, show(value));
  const input = h('input', {type: 'range', id, name: id, min, max, step, value, 'aria-valuetext': show(value),
    oninput: () => {
      const v = Number(input.value);
      out.textContent = show(v);
      input.setAttribute('aria-valuetext', show(v));
      onValue(v);
      changed();
    }});
  return h('div', {class: 'plan-slider'}, h('label', {for: id}, text), h('div', {class: 'plan-slider-row'}, input, out));
}

function controls() {
  const v = state.values;
  const set = (k) => (x) => {
    v[k] = x;
  };
  const inOut = h('input', {type: 'checkbox', role: 'switch', id: 'plan-in-out', checked: v.equal_in_out,
    'aria-checked': String(!!v.equal_in_out),
    onchange: () => {
      v.equal_in_out = inOut.checked;
      inOut.setAttribute('aria-checked', String(inOut.checked));
      changed();
    }});
  const stages = state.parsed.stages.map((s) => slider(`plan-min-${s.id}`,
    t('plan.minDays', {stage: label('stage', s.id), party: t(`party.${s.party}`)}),
    {min: 1, max: Math.max(60, s.min_days), value: v.min_days[s.id], show: nDays,
      onValue: (x) => { v.min_days[s.id] = x; }}));
  return h('form', {class: 'panel plan-controls', id: 'plan-controls', 'aria-labelledby': 'plan-controls-title', onsubmit: (e) => e.preventDefault()},
    h('h2', {id: 'plan-controls-title'}, t('plan.controls')),
    slider('plan-places', t('plan.places'), {min: 0, max: Math.max(400, v.patient_places * 2), value: v.patient_places,
      show: (x) => num(x), onValue: set('patient_places')}),
    slider('plan-days-open', t('plan.daysOpen'), {min: 1, max: 7, value: v.days_open_per_week, show: (x) => num(x),
      onValue: set('days_open_per_week')}),
    slider('plan-suspend', t('plan.suspend'), {min: 0, max: 1, step: 0.01, value: v.suspend_probability, show: (x) => pct(x),
      onValue: set('suspend_probability')}),
    stages,
    h('div', {class: 'plan-switch'}, inOut, h('label', {for: 'plan-in-out'}, t('plan.inOut'))),
    h('button', {type: 'button', class: 'secondary', id: 'plan-reset', onclick: () => {
      state.values = structuredClone(state.initial);
      state.scenario = null;
      if (state.inflight) state.again = true;  // its answer is for values no longer set
      renderBody();
      document.getElementById('plan-reset')?.focus();
    }}, t('plan.reset')));
}

function statusText() {
  if (state.loading) return [t('plan.calibrating')];
  if (state.inflight) return [t('plan.running')];
  const r = (state.scenario || state.base)?.result;
  if (!r) return [];
  return tn('plan.basis', {runs: num(r.runs), days: num(r.days), start: ltr(r.start), seed: String(r.seed)});
}

// The results part of the page, drawn again after every answer.
function draw() {
  if (!ui) return;
  ui.status.replaceChildren(...statusText());
  ui.root.setAttribute('aria-busy', state.loading || state.inflight ? 'true' : 'false');
  ui.errors.replaceChildren(...(state.error ? [errorBox(state.error, {retry: state.base ? simulate : calibrate})] : []));
  if (!state.base) return;
  const cur = state.base.result;
  const sc = state.scenario?.result || null;
  destroyCharts();
  const backlog = fanFigure('plan-backlog', t('plan.backlogChart'), cur, sc, (s) => s.backlog);
  const deaths = fanFigure('plan-deaths-chart', t('plan.deathsChart'), cur, sc, (s) => s.deaths);
  ui.results.replaceChildren(
    h('p', {class: 'plan-legend'}, h('span', {class: 'plan-key plan-key-current'}), t('plan.current'), ' ',
      h('span', {class: 'plan-key plan-key-scenario'}), sc ? t('plan.scenario') : t('plan.noScenario')),
    h('div', {class: 'plan-charts'}, backlog.fig, deaths.fig),
    clearTable(cur, sc), deathsTable(cur, sc), throughputTable(cur, sc));
  backlog.draw();
  deaths.draw();
  ui.root.dataset.shown = sc ? 'scenario' : 'current';
}

function downloads() {
  const shown = () => state.scenario || state.base;
  const name = () => state.parsed?.name || 'scenario';
  return h('div', {class: 'row plan-downloads'},
    // Withheld from a party that may not see urgency: its counts by urgency.
    state.base?.scenario
      ? h('button', {type: 'button', class: 'secondary', id: 'plan-download-scenario',
        onclick: () => download(`plan-${name()}.toml`, shown().scenario, 'application/toml')}, t('plan.downloadScenario'))
      : h('p', {class: 'muted', id: 'plan-scenario-withheld'}, t('plan.scenarioWithheld')),
    h('button', {type: 'button', class: 'secondary', id: 'plan-download-result',
      onclick: () => download(`plan-${name()}-result.json`, `${JSON.stringify(shown().result, null, 2)}\n`, 'application/json')},
    t('plan.downloadResult')));
}

// The page: its heading and status stay; the controls and figures below
// them are drawn again when the current course arrives (the focus stays on
// the heading a page change put it on).
function renderInto(root) {
  root.replaceChildren();
  ui = {root, status: h('p', {id: 'plan-status', class: 'muted', role: 'status', 'aria-live': 'polite'}),
    errors: h('div', {id: 'plan-errors'}), body: h('div', {class: 'plan-body'}), results: h('div', {id: 'plan-results'})};
  root.append(
    h('h1', {}, t('plan.title')),
    h('p', {class: 'plan-intro'}, t('plan.intro', {runs: num(RUNS), days: num(DAYS)})),
    ui.status, ui.errors, ui.body);
  renderBody();
}

function renderBody() {
  ui.body.replaceChildren();
  ui.results = h('div', {id: 'plan-results'});
  if (state.base) {
    ui.body.append(h('div', {class: 'plan-layout'}, controls(), h('div', {class: 'plan-main'}, downloads(), ui.results)));
  }
  draw();
}

export async function render({main, session}) {
  if (!state || state.account !== session.name) {
    state = {account: session.name, base: null, scenario: null, loading: false, inflight: false};
  }
  const root = h('div', {class: 'plan-page'});
  main.appendChild(root);
  renderInto(root);
  if (!state.base && !state.loading) calibrate();
}
