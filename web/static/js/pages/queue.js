// Home for an officer: the party's work queue (GET /api/v1/queue), oldest
// first with overdue ones marked, filters, and bulk approval: one
// signature per case, all made in this browser, committed together.

import {api} from '../api.js';
import {add, field, h, select, table} from '../dom.js';
import {num, t, when} from '../i18n.js';
import {change} from '../keys.js';
import {errorBox} from '../app.js';
import {label} from '../words.js';
import {deployment} from '../deployment.js';

export const strings = {
  en: {
    'queue.title': 'Work queue', 'queue.total': '{n} pending, {o} overdue',
    'queue.empty': 'Nothing is waiting for your party.', 'queue.select': 'Select',
    'queue.selectAll': 'Select all on this page', 'queue.approve': 'Approve selected ({n})',
    'queue.approved': '{n} approvals signed and committed.', 'queue.open': 'Open',
    'queue.filter': 'Filter', 'queue.overdueOnly': 'Overdue only',
    'queue.confirm': 'Approve {n} cases at their current stage? Each is signed with your key.',
    'queue.sort': 'Order', 'queue.sort.since': 'Oldest first', 'queue.sort.urgency': 'Most urgent first',
    'queue.withPatient': 'companion of {ref}',
  },
  ar: {
    'queue.title': 'قائمة العمل', 'queue.total': '{n} بانتظار القرار، منها {o} متأخرة',
    'queue.empty': 'لا شيء بانتظار جهتك.', 'queue.select': 'تحديد',
    'queue.selectAll': 'تحديد الكل في هذه الصفحة', 'queue.approve': 'الموافقة على المحدد ({n})',
    'queue.approved': 'تم توقيع {n} موافقة وإدراجها في السجل.', 'queue.open': 'فتح',
    'queue.filter': 'تصفية', 'queue.overdueOnly': 'المتأخرة فقط',
    'queue.confirm': 'الموافقة على {n} ملفات في مرحلتها الحالية؟ يوقَّع كل منها بمفتاحك.',
    'queue.sort': 'الترتيب', 'queue.sort.since': 'الأقدم أولاً', 'queue.sort.urgency': 'الأكثر إلحاحاً أولاً',
    'queue.withPatient': 'مرافق لـ {ref}',
  },
};

const PAGE = 50;

// The filters' choices, from the deployment: the stages this party decides,
// the categories and directions of the crossing, and, for a party that may
// see urgency, the urgencies.
async function choices(party) {
  const d = await deployment();
  const stages = [];
  for (const w of d.workflows || []) {
    for (const s of w.stages || []) if (s.party === party && !stages.includes(s.id)) stages.push(s.id);
  }
  return {
    stages,
    categories: (d.categories || []).map((c) => c.id),
    directions: (d.crossing && d.crossing.directions) || ['exit', 'entry'],
    urgencies: d.urgencies || [],
  };
}

export async function render({main, session, toast, refresh}) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = {
    stage: params.get('stage') || '', category: params.get('category') || '',
    direction: params.get('direction') || '', urgency: params.get('urgency') || '',
    sort: params.get('sort') || '', overdue: params.get('overdue') || '',
    offset: Number(params.get('offset') || 0), limit: PAGE,
  };
  const [{data}, opts] = await Promise.all([api('GET', '/api/v1/queue', {query: q}), choices(session.party)]);
  const any = [['', t('common.any')]];
  const selected = new Set();
  const approveBtn = h('button', {type: 'button', id: 'bulk-approve', disabled: true}, t('queue.approve', {n: 0}));
  const status = h('div', {'aria-live': 'polite'});
  const update = () => {
    approveBtn.disabled = selected.size === 0;
    approveBtn.textContent = t('queue.approve', {n: selected.size});
  };
  const setQuery = (changes) => {
    const next = new URLSearchParams({...q, ...changes});
    for (const [k, v] of [...next]) if (!v || (k === 'offset' && v === '0') || k === 'limit') next.delete(k);
    location.hash = `#/queue${next.toString() ? '?' + next : ''}`;
  };

  const filters = h('form', {class: 'row filters panel', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    setQuery({stage: f.get('stage'), category: f.get('category'), direction: f.get('direction'),
      urgency: f.get('urgency') || '', sort: f.get('sort') || '', overdue: f.get('overdue') ? '1' : '', offset: 0});
  }},
  field(t('common.stage'), select('stage', [...any, ...opts.stages.map((s) => [s, s])], q.stage, {id: 'filter-stage'})),
  field(t('common.category'), select('category', [...any, ...opts.categories.map((c) => [c, c])], q.category, {id: 'filter-category'})),
  field(t('common.direction'), select('direction', [...any, ...opts.directions.map((d) => [d, t(`dir.${d}`)])], q.direction, {id: 'filter-direction'})),
  // Urgency only for a party that may see it: the server refuses it to any other.
  data.sees_urgency ? field(t('common.urgency'), select('urgency', [...any, ...opts.urgencies.map((u) => [u, t(`urgency.${u}`)])], q.urgency, {id: 'filter-urgency'})) : null,
  data.sees_urgency ? field(t('queue.sort'), select('sort', [['', t('queue.sort.since')], ['urgency', t('queue.sort.urgency')]], q.sort, {id: 'filter-sort'})) : null,
  h('label', {class: 'field'}, h('span', {class: 'label'}, t('queue.overdueOnly')),
    h('input', {type: 'checkbox', name: 'overdue', value: '1', checked: q.overdue === '1'})),
  h('button', {type: 'submit', class: 'secondary'}, t('queue.filter')));

  const rows = data.items || [];
  const checkAll = h('input', {type: 'checkbox', 'aria-label': t('queue.selectAll'), onchange: (e) => {
    for (const box of main.querySelectorAll('input.pick')) {
      box.checked = e.target.checked;
      if (box.checked) selected.add(box.value);
      else selected.delete(box.value);
    }
    update();
  }});
  const byKey = new Map(rows.map((r) => [`${r.ref}|${r.stage}`, r]));
  const grid = table([
    {label: checkAll, get: (r) => h('input', {type: 'checkbox', class: 'pick', value: `${r.ref}|${r.stage}`,
      'aria-label': `${t('queue.select')} ${r.ref}`, onchange: (e) => {
        if (e.target.checked) selected.add(e.target.value);
        else selected.delete(e.target.value);
        update();
      }})},
    {label: t('common.case'), get: (r) => [
      r.group_ref ? h('span', {'aria-hidden': 'true', class: 'muted'}, '\u21b3 ') : null,
      h('a', {href: `#/case/${encodeURIComponent(r.ref)}`, class: 'mono'}, r.ref),
      r.group_ref ? h('div', {class: 'muted small'}, t('queue.withPatient', {ref: r.group_ref})) : null]},
    {label: t('common.stage'), get: (r) => label('stage', r.stage)},
    {label: t('common.category'), get: (r) => label('category', r.category)},
    {label: t('common.direction'), get: (r) => t(`dir.${r.direction}`)},
    {label: t('common.urgency'), get: (r) => (r.urgency ? h('span', {class: `tag ${r.urgency}`}, t(`urgency.${r.urgency}`)) : '')},
    {label: t('common.child'), get: (r) => (r.child ? t('common.yes') : '')},
    {label: t('common.since'), get: (r) => [when(r.since), ' ', r.overdue ? h('span', {class: 'tag overdue'}, t('common.overdue')) : null]},
    {label: t('common.status'), get: (r) => t(`status.${r.status}`)},
  ], rows, {rowAttrs: (r) => ({class: [r.overdue ? 'overdue' : '', r.group_ref ? 'companion' : ''].join(' ').trim(),
    'data-ref': r.ref, 'data-group': r.group_ref || null})});

  approveBtn.addEventListener('click', async () => {
    if (!confirm(t('queue.confirm', {n: selected.size}))) return;
    approveBtn.disabled = true;
    status.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    try {
      const decisions = [...selected].map((k) => {
        const r = byKey.get(k);
        return {ref: r.ref, stage: r.stage, outcome: 'approve'};
      });
      await change(session, 'POST', '/api/v1/decisions', {decisions});
      toast(t('queue.approved', {n: decisions.length}));
      refresh();
    } catch (err) {
      status.replaceChildren(errorBox(err));
      update();
    }
  });

  const pages = Math.max(1, Math.ceil(data.total / PAGE));
  const page = Math.floor(q.offset / PAGE) + 1;
  add(main,
    h('div', {class: 'spread'}, h('h1', {}, t('queue.title')),
      h('p', {class: 'muted', id: 'queue-total'}, t('queue.total', {n: num(data.total), o: num(data.overdue)}))),
    filters,
    rows.length ? h('div', {class: 'row no-print'}, approveBtn) : null,
    status,
    rows.length ? grid : h('p', {class: 'notice'}, t('queue.empty')),
    h('div', {class: 'row no-print'},
      h('button', {type: 'button', class: 'secondary', disabled: q.offset === 0, onclick: () => setQuery({offset: Math.max(0, q.offset - PAGE)})}, t('common.prev')),
      h('span', {}, t('common.page', {p: page, n: pages})),
      h('button', {type: 'button', class: 'secondary', disabled: page >= pages, onclick: () => setQuery({offset: q.offset + PAGE})}, t('common.next'))));
}
