// The decision on one pair of "Possible duplicates": the same person
// (keep one case open; the other is closed as `duplicate`) or different
// persons. Drafted by the server, signed in this browser with the
// officer's key and committed (keys.js change()), as a closure is; the
// form is kept in the tab (drafts.js) until it is signed.

import {h} from '../dom.js';
import {t} from '../i18n.js';
import {change} from '../keys.js';
import {describe, errorBox} from '../app.js';
import {draftOf, dropDraft, keepDraft} from '../drafts.js';
import {earlier} from './dup_pair.js';

// The drafting routes (docs/api.md): a `same-person` statement with
// {keep, duplicate}, a `different-persons` one with {a, b}.
export const DRAFT = {
  'same-person': '/api/v1/duplicates/same-person',
  'different-persons': '/api/v1/duplicates/different-persons',
};

// The body drafted for the form's choice.
export function draftBody(decision, pair, keep) {
  if (decision === 'same-person') {
    const dup = keep === pair.a.ref ? pair.b.ref : pair.a.ref;
    return {keep, duplicate: dup};
  }
  return {a: pair.a.ref, b: pair.b.ref};
}

function radio(name, value, checked, text, attrs = {}) {
  return h('label', {class: 'choice'},
    h('input', {type: 'radio', name, value, checked, ...attrs}), ' ', text);
}

// The form for `pair` (the n-th listed). onDone(message, kind) after the
// commit, or after a refusal that ends the pair.
export function decideForm(pair, n, {session, onDone}) {
  const first = earlier(pair.a, pair.b);
  const draft = `duplicate:${pair.a.ref}:${pair.b.ref}`;
  const kept = draftOf(draft, session.name);
  const msg = h('div', {'aria-live': 'polite'});
  const keepBox = h('fieldset', {class: 'dup-keep'},
    h('legend', {}, t('dup.keep')),
    [pair.a, pair.b].map((c) => radio('keep', c.ref, c === first, [
      h('bdi', {dir: 'ltr', class: 'mono'}, c.ref),
      c === first ? [' ', h('span', {class: 'muted'}, `(${t('dup.earlier')})`)] : null,
    ], {id: `dup-keep-${n}-${c === pair.a ? 'a' : 'b'}`})),
    h('p', {class: 'hint muted'}, t('dup.keepHint')));
  const form = h('form', {class: 'panel dup-decide', id: `dup-decide-${n}`, onsubmit: async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const decision = f.get('decision');
    const body = draftBody(decision, pair, f.get('keep') || first.ref);
    const button = form.querySelector('button[type=submit]');
    msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    button.disabled = true;
    try {
      await change(session, 'POST', DRAFT[decision], body);
      dropDraft(draft);
      onDone(decision === 'same-person'
        ? t('dup.doneSame', {keep: `\u2066${body.keep}\u2069`, dup: `\u2066${body.duplicate}\u2069`})
        : t('dup.doneDifferent', {a: `\u2066${body.a}\u2069`, b: `\u2066${body.b}\u2069`}));
    } catch (err) {
      // Decided or closed meanwhile (another officer): the list is asked again.
      if (['pair-decided', 'case-closed'].includes(err.code)) {
        onDone(describe(err), 'bad');
        return;
      }
      msg.replaceChildren(errorBox(err));
      button.disabled = false;
    }
  }},
  h('fieldset', {class: 'dup-choice'},
    h('legend', {}, t('dup.decide')),
    radio('decision', 'same-person', true, t('dup.same'), {id: `dup-same-${n}`}),
    radio('decision', 'different-persons', false, t('dup.different'), {id: `dup-different-${n}`})),
  keepBox, msg,
  h('button', {type: 'submit', class: 'sign', id: `dup-sign-${n}`}, t('dup.sign')));
  // The case to keep matters only for the same person.
  const sync = () => {
    keepBox.disabled = form.elements.namedItem('decision').value !== 'same-person';
  };
  const keep = () => {
    sync();
    keepDraft(draft, session.name, Object.fromEntries(new FormData(form)));
  };
  form.addEventListener('change', keep);
  if (kept) {
    for (const [name, value] of Object.entries(kept)) {
      const input = form.querySelector(`input[name="${name}"][value="${CSS.escape(value)}"]`);
      if (input) input.checked = true;
    }
    msg.replaceChildren(h('p', {class: 'notice', role: 'status'}, t('dup.draftKept')));
  }
  sync();
  return form;
}

// The labelled score, left to right: "Match score 0.97".
export function scoreLine(pair) {
  return h('p', {class: 'dup-score-line'}, h('strong', {}, t('dup.score')), ': ',
    h('bdi', {dir: 'ltr', class: 'mono dup-score'}, Number(pair.score).toFixed(2)));
}
