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
