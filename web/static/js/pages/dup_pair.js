// One pair of "Possible duplicates" (duplicates.js): the two records side
// by side, each field beside the matcher's evidence about it, coloured and
// said in words (agrees, partly agrees, disagrees, not compared), then the
// evidence feature by feature, and the decision form: the same person
// (which case stays open; the one registered first by default) or
// different persons, drafted and signed in this browser as a closure is.

import {bidi, h} from '../dom.js';
import {t} from '../i18n.js';
import {label} from '../words.js';
import {ltr, stamp} from '../util.js';
import {FEATURE_FIELDS, verdictOf} from './dup_words.js';

// The rows of the side-by-side table: [field, the label's key].
const ROWS = [
  ['name_ar', 'field.name_ar'], ['name_en', 'field.name_en'], ['date_of_birth', 'field.date_of_birth'],
  ['sex', 'field.sex'], ['national_id', 'field.national_id'], ['passport_no', 'field.passport_no'],
  ['phone', 'field.phone'], ['group', 'dup.group'], ['category', 'common.category'], ['registered', 'dup.registered'],
];

// A verdict as a tag: its colour and its word, never the colour alone.
export function verdictTag(verdict, text) {
  const mark = {agree: '\u2713', partial: '\u2248', disagree: '\u2717', missing: '\u2013'}[verdict];
  return h('span', {class: `tag verdict ${verdict}`, 'data-verdict': verdict},
    h('span', {'aria-hidden': 'true'}, `${mark} `), text || t(`verdict.${verdict}`));
}

// One feature in words: "Family name: Partly agrees (the same across scripts)".
function featureLine(f) {
  return h('li', {'data-feature': f.name},
    verdictTag(verdictOf(f.level), `${t(`feature.${f.name}`)}: ${t(`verdict.${verdictOf(f.level)}`)}`),
    ' ', h('span', {class: 'muted'}, `(${t(`level.${f.level}`)})`));
}

// What a case's group says: the patient it travels with, or its companions.
function groupOf(c) {
  if (c.group_ref) return [t('dup.travelsWith', {ref: '\u2066' + c.group_ref + '\u2069'})];
  if (c.companions && c.companions.length) return t('dup.companions', {refs: c.companions.map((r) => `\u2066${r}\u2069`).join(', ')});
  if ((c.withheld || []).includes('group_ref')) return h('span', {class: 'muted'}, t('dup.notShown'));
  return h('span', {class: 'muted'}, t('dup.noGroup'));
}

// One field of one case as shown: names in their own script, codes left to
// right, a withheld field said as such.
function valueOf(c, field) {
  const p = c.person || {};
  if (field === 'group') return groupOf(c);
  if (field === 'category') return label('category', c.category);
  if (field === 'registered') return c.registered_at ? stamp(c.registered_at) : '—';
  if ((c.withheld || []).includes(field)) return h('span', {class: 'muted'}, t('dup.notShown'));
  const v = p[field];
  if (v === undefined || v === null || v === '') return h('span', {class: 'muted'}, t('dup.none'));
  if (field === 'name_ar') return bidi(v, 'ar');
  if (field === 'name_en') return bidi(v, 'en');
  if (field === 'sex') return label('sex', v);
  return ltr(v, {class: 'mono'});
}

// The agreement of a row from its features: all agree, all disagree, or
// in part; a row with no feature has none.
function rowVerdict(features) {
  const vs = features.map((f) => verdictOf(f.level)).filter((v) => v !== 'missing');
  if (!features.length) return null;
  if (!vs.length) return 'missing';
  if (vs.every((v) => v === 'agree')) return 'agree';
  if (vs.every((v) => v === 'disagree')) return 'disagree';
  return 'partial';
}

// Whether either case shows `field` (a phone only where the party sees one).
const shown = (pair, field) => [pair.a, pair.b].some((c) => (c.person || {})[field] !== undefined ||
  (c.withheld || []).includes(field));

// The side-by-side table: a row per field, the two cases, the evidence.
export function compareTable(pair, n) {
  const features = pair.features || [];
  const about = (field) => features.filter((f) => (FEATURE_FIELDS[f.name] || []).includes(field));
  const rows = ROWS.filter(([field]) => field !== 'phone' || shown(pair, 'phone'));
  const used = new Set();
  return h('table', {class: 'grid dup-compare', id: `dup-compare-${n}`},
    h('caption', {}, t('dup.compare')),
    h('thead', {}, h('tr', {},
      h('th', {scope: 'col'}, t('dup.field')),
      [pair.a, pair.b].map((c) => h('th', {scope: 'col'}, t('dup.caseA', {ref: '\u2066' + c.ref + '\u2069'}))),
      h('th', {scope: 'col'}, t('dup.evidence')))),
    h('tbody', {}, rows.map(([field, key]) => {
      // The name features speak of both names: listed once, on the first.
      const fs = about(field).filter((f) => !used.has(f.name));
      fs.forEach((f) => used.add(f.name));
      const verdict = rowVerdict(about(field));
      return h('tr', {'data-field': field, class: verdict ? `ev-${verdict}` : null},
        h('th', {scope: 'row'}, t(key)),
        h('td', {'data-case': pair.a.ref}, valueOf(pair.a, field)),
        h('td', {'data-case': pair.b.ref}, valueOf(pair.b, field)),
        h('td', {}, fs.length ? h('ul', {class: 'dup-evidence'}, fs.map(featureLine)) : null));
    })));
}

// Every feature with its level, agreement and weight (log2 m/u: above 0
// speaks for the same person, below 0 against).
export function featureTable(pair, n) {
  const weight = (w) => ltr((w > 0 ? '+' : '') + Number(w).toFixed(1), {class: 'mono'});
  return h('table', {class: 'grid dup-features', id: `dup-features-${n}`},
    h('caption', {}, t('dup.features')),
    h('thead', {}, h('tr', {}, ['dup.feature', 'dup.level', 'dup.verdict', 'dup.weight'].map((k) => h('th', {scope: 'col'}, t(k))))),
    h('tbody', {}, (pair.features || []).map((f) => h('tr', {'data-feature': f.name, 'data-level': f.level},
      h('th', {scope: 'row'}, t(`feature.${f.name}`)),
      h('td', {}, t(`level.${f.level}`)),
      h('td', {}, verdictTag(verdictOf(f.level))),
      h('td', {}, weight(f.weight))))));
}

// The case registered first (ties: the smaller ref), kept by default.
export function earlier(a, b) {
  const ka = `${a.registered_at || ''}\u0000${a.ref}`;
  const kb = `${b.registered_at || ''}\u0000${b.ref}`;
  return ka <= kb ? a : b;
}
