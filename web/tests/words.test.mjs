// Every refusal rule and error code the docs name has a sentence in
// English and in Arabic (web/static/js/refusals.js). The rules are read
// from docs/log_format.md and docs/api.md, so a rule added to the docs
// without a sentence fails here. Runs in node, without a browser.

import {test} from 'node:test';
import assert from 'node:assert/strict';
import {apiCodes, logFormatRules} from './doc_rules.mjs';
import {refusals} from '../static/js/refusals.js';
import {strings as statusStrings} from '../static/js/status.js';

test('the docs name the rules this test reads (the parser still finds them)', () => {
  const rules = logFormatRules();
  for (const r of ['stale-snapshot', 'already-decided', 'stage-party', 'not-on-manifest', 'already-attested']) {
    assert.ok(rules.includes(r), `docs/log_format.md's table names ${r}`);
  }
  const codes = apiCodes();
  for (const c of ['no-session', 'stale-version', 'invalid', 'not-found', 'signed-body-differs']) {
    assert.ok(codes.includes(c), `docs/api.md's codes name ${c}`);
  }
});

for (const [doc, list] of [['docs/log_format.md', logFormatRules], ['docs/api.md', apiCodes]]) {
  test(`every rule of ${doc} has a sentence in English and Arabic`, () => {
    const missing = [];
    for (const rule of list()) {
      for (const l of ['en', 'ar']) {
        const s = refusals[l][rule];
        if (typeof s !== 'string' || !s.trim()) missing.push(`${l}:${rule}`);
      }
    }
    assert.deepEqual(missing, [], 'rules without a sentence');
  });
}

test('the Arabic sentences are Arabic and differ from the English ones', () => {
  for (const [rule, s] of Object.entries(refusals.ar)) {
    assert.match(s, /[\u0600-\u06FF]/, `${rule} is written in Arabic`);
    assert.notEqual(s, refusals.en[rule]);
  }
});

test('the status page for families says everything in English and Arabic', () => {
  const en = Object.keys(statusStrings.en).sort();
  assert.deepEqual(Object.keys(statusStrings.ar).sort(), en, 'the same keys in both');
  for (const key of en) {
    assert.ok(statusStrings.en[key].trim(), `en:${key}`);
    if (key === 'other') continue;  // the name of the other language
    assert.match(statusStrings.ar[key], /[\u0600-\u06FF]/, `ar:${key} is written in Arabic`);
    assert.notEqual(statusStrings.ar[key], statusStrings.en[key], `ar:${key} differs`);
  }
  // Placeholders agree.
  const vars = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const key of en) assert.equal(vars(statusStrings.ar[key]), vars(statusStrings.en[key]), key);
});

test('the possible-duplicates page says everything, each feature and each level in English and Arabic', async () => {
  const {strings, verdictOf} = await import('../static/js/pages/dup_words.js');
  const en = Object.keys(strings.en).sort();
  assert.deepEqual(Object.keys(strings.ar).sort(), en, 'the same keys in both');
  const vars = (s) => [...s.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort().join(',');
  for (const key of en) {
    assert.ok(strings.en[key].trim(), `en:${key}`);
    assert.match(strings.ar[key], /[\u0600-\u06FF]/, `ar:${key} is written in Arabic`);
    assert.equal(vars(strings.ar[key]), vars(strings.en[key]), `${key}: the same placeholders`);
  }
  // The matcher's features and levels (docs/dedup.md), and every verdict a level gives.
  const features = ['name_first', 'name_family', 'name_full', 'date_of_birth', 'sex', 'national_id', 'passport_no', 'phone', 'group'];
  const levels = ['exact', 'transliteration', 'fuzzy', 'swapped_day_month', 'year_only', 'one_digit', 'disagree', 'missing'];
  for (const f of features) assert.ok(strings.en[`feature.${f}`] && strings.ar[`feature.${f}`], `feature ${f}`);
  for (const l of levels) {
    assert.ok(strings.en[`level.${l}`] && strings.ar[`level.${l}`], `level ${l}`);
    assert.ok(strings.en[`verdict.${verdictOf(l)}`], `the verdict of ${l}`);
  }
  assert.deepEqual(levels.map(verdictOf), ['agree', 'partial', 'partial', 'partial', 'partial', 'partial', 'disagree', 'missing']);
});
