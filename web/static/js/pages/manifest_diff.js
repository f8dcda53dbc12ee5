// What a rebuild changes in a day's list, against the list the approvers
// approved: who is added, who is removed, who moved (to another place among
// those on both lists, or between the main and the standby list). Shown to
// the operator before a rebuild, in a confirmation, and to the approvers
// beside their approval of the rebuilt list.

import {bidi, h} from '../dom.js';
import {num, t} from '../i18n.js';
import {confirmDialog} from '../confirm.js';
import {ltr} from '../util.js';

export const strings = {
  en: {
    'mdiff.title': 'Changes against the approved list',
    'mdiff.intro': 'Compared with the list {p} approved:',
    'mdiff.added': 'Added ({n})', 'mdiff.removed': 'Removed ({n})', 'mdiff.moved': 'Moved ({n})',
    'mdiff.none': 'No traveller is added, removed or moved.',
    'mdiff.from': 'from {a} to {b}', 'mdiff.main': 'main list', 'mdiff.standby': 'standby',
    'mdiff.confirmTitle': 'Rebuild the approved list?',
    'mdiff.confirmBody': 'The list is approved. Rebuilding it replaces it with the list below, and every approver must approve it again before check-in.',
    'mdiff.confirm': 'Yes, rebuild and sign', 'mdiff.cancel': 'Keep the approved list',
  },
  ar: {
    'mdiff.title': 'التغييرات مقارنة بالكشف الموافق عليه',
    'mdiff.intro': 'مقارنة بالكشف الذي وافقت عليه {p}:',
    'mdiff.added': 'أُضيفوا ({n})', 'mdiff.removed': 'أُزيلوا ({n})', 'mdiff.moved': 'تغيّر موضعهم ({n})',
    'mdiff.none': 'لم يُضف أي مسافر ولم يُزل ولم يتغيّر موضعه.',
    'mdiff.from': 'من {a} إلى {b}', 'mdiff.main': 'القائمة الأساسية', 'mdiff.standby': 'الاحتياط',
    'mdiff.confirmTitle': 'إعادة إعداد الكشف الموافق عليه؟',
    'mdiff.confirmBody': 'الكشف موافق عليه. إعادة إعداده تستبدله بالكشف أدناه، ويجب على كل جهة موافقة أن توافق عليه من جديد قبل تأكيد العبور.',
    'mdiff.confirm': 'نعم، أعد الإعداد ووقّع', 'mdiff.cancel': 'أبقِ الكشف الموافق عليه',
  },
};

// before, after: [{ref, order, standby}] in list order. Returns
// {added, removed, moved}: lines of `after`, of `before`, and
// {line, from, to} (1-based places among the travellers on both lists).
export function listDiff(before, after) {
  const was = new Set(before.map((l) => l.ref));
  const is = new Set(after.map((l) => l.ref));
  const keptBefore = before.filter((l) => is.has(l.ref));
  const keptAfter = after.filter((l) => was.has(l.ref));
  const place = new Map(keptBefore.map((l, i) => [l.ref, {i: i + 1, standby: !!l.standby}]));
  const moved = [];
  keptAfter.forEach((l, i) => {
    const p = place.get(l.ref);
    if (p.i !== i + 1 || p.standby !== !!l.standby) moved.push({line: l, from: p, to: {i: i + 1, standby: !!l.standby}});
  });
  return {added: after.filter((l) => !was.has(l.ref)), removed: before.filter((l) => !is.has(l.ref)), moved};
}

const who = (l, names) => {
  const n = names.get(l.ref) || l;
  return [ltr(l.ref, {class: 'mono'}), n.name_en ? [' ', bidi(n.name_en, 'en')] : null, n.name_ar ? [' ', bidi(n.name_ar, 'ar')] : null];
};
const where = (p) => `${num(p.i)} (${t(p.standby ? 'mdiff.standby' : 'mdiff.main')})`;

// The diff drawn, with an id for tests. `names`: lines with names by ref.
export function diffView(before, after, {id, approvedBy, partyLabel}) {
  const d = listDiff(before, after);
  const names = new Map([...before, ...after].filter((l) => l.name_en || l.name_ar).map((l) => [l.ref, l]));
  const group = (key, items, draw, kind) => (items.length
    ? [h('h4', {}, t(key, {n: num(items.length)})), h('ul', {class: `mdiff-${kind}`}, items.map((x) => h('li', {'data-ref': (x.line || x).ref}, draw(x))))]
    : null);
  const none = !d.added.length && !d.removed.length && !d.moved.length;
  return h('div', {class: 'manifest-diff', id, 'data-added': d.added.length, 'data-removed': d.removed.length, 'data-moved': d.moved.length},
    h('h3', {}, t('mdiff.title')),
    approvedBy && approvedBy.length ? h('p', {class: 'small'}, t('mdiff.intro', {p: approvedBy.map(partyLabel).join(', ')})) : null,
    none ? h('p', {class: 'muted'}, t('mdiff.none')) : null,
    group('mdiff.added', d.added, (l) => who(l, names), 'added'),
    group('mdiff.removed', d.removed, (l) => who(l, names), 'removed'),
    group('mdiff.moved', d.moved, (m) => [who(m.line, names), ' — ', t('mdiff.from', {a: where(m.from), b: where(m.to)})], 'moved'));
}

// Asks before rebuilding an approved list, showing what would change.
export function confirmRebuild(published, plan, partyLabel) {
  return confirmDialog({id: 'manifest-rebuild-dialog', title: t('mdiff.confirmTitle'),
    body: [h('p', {}, t('mdiff.confirmBody')),
      diffView(published.travellers || [], plan.travellers || [], {id: 'manifest-rebuild-diff', approvedBy: published.approved_by, partyLabel})],
    confirm: t('mdiff.confirm'), cancel: t('mdiff.cancel')});
}
