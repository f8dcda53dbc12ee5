// "Possible duplicates" (#/duplicates), for the parties that register
// (pa, who): the undecided pairs of open cases that may be the same person
// (GET /api/v1/duplicates, best score first, each record a logged read),
// each with the two records side by side and the evidence (dup_pair.js),
// decided and signed in this browser (dup_decide.js).

import {api} from '../api.js';
import {h} from '../dom.js';
import {num, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {compareTable, featureTable} from './dup_pair.js';
import {decideForm, scoreLine} from './dup_decide.js';

export {strings} from './dup_words.js';

const PAGE = 20;

function pairSection(pair, n, ctx) {
  const onDone = (message, kind = 'ok') => {
    ctx.toast(message, kind);
    ctx.refresh();
  };
  return h('section', {class: 'panel dup-pair', id: `dup-pair-${n}`, 'data-a': pair.a.ref, 'data-b': pair.b.ref},
    h('h2', {}, t('dup.pair', {n: num(n), a: `\u2066${pair.a.ref}\u2069`, b: `\u2066${pair.b.ref}\u2069`})),
    scoreLine(pair),
    compareTable(pair, n),
    featureTable(pair, n),
    decideForm(pair, n, {session: ctx.session, onDone}));
}

// One page of pairs after `cursor`.
async function fetchPairs(cursor) {
  const {data} = await api('GET', '/api/v1/duplicates', {query: {limit: PAGE, after: cursor}});
  return {pairs: data.pairs || [], next: data.next ?? null};
}

export async function render(ctx) {
  const {main} = ctx;
  const first = await fetchPairs(null);
  const list = h('div', {id: 'dup-list'});
  const count = h('p', {id: 'dup-count', 'aria-live': 'polite'});
  const moreBox = h('div', {});
  let shown = 0;
  const more = async (cursor) => {
    try {
      show(await fetchPairs(cursor));
    } catch (err) {
      moreBox.replaceChildren(errorBox(err, {retry: () => more(cursor)}));
    }
  };
  const show = (page) => {
    for (const pair of page.pairs) list.append(pairSection(pair, ++shown, ctx));
    count.textContent = t('dup.count', {n: num(shown)});
    count.dataset.n = String(shown);
    moreBox.replaceChildren(page.next === null ? '' : h('button', {type: 'button', class: 'secondary', id: 'dup-more',
      onclick: () => more(page.next)}, t('dup.more')));
  };
  main.append(h('h1', {}, t('dup.title')), h('p', {class: 'muted dup-intro'}, t('dup.intro')));
  if (!first.pairs.length) {
    main.append(h('p', {id: 'dup-empty', class: 'notice'}, t('dup.empty')));
    return;
  }
  show(first);
  main.append(count, list, moreBox);
}
