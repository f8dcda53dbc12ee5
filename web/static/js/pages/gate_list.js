// The day's lists at the gate: who has crossed, who is still awaited, who
// did not come and who was turned back, with counts and a filter. The
// operator's no-show action is offered only when the rule allows it
// (core/gate.hpp check_checkin, docs/crossing.md): on the day itself, on
// an approved list, from [days] no_show_after at the crossing; before,
// the button is disabled with the reason beside it. A no-show is signed
// only once confirmed in a dialog.

import {bidi, field, h, select} from '../dom.js';
import {num, t} from '../i18n.js';
import {change} from '../keys.js';
import {errorBox} from '../app.js';
import {confirmDialog} from '../confirm.js';
import {ltr, tn} from '../util.js';
import {catLabel, reasonLabel} from './gate_labels.js';

export const strings = {
  en: {
    'gate.ns.notToday': 'No-shows are marked on the day itself.',
    'gate.ns.notApproved': 'No-shows wait until the list is approved.',
    'gate.ns.tooEarly': 'No-shows from {t}; before, closing the day marks them.',
    'gate.ns.title': 'Mark {ref} as a no-show?',
    'gate.ns.body': 'The traveller has not come to the gate. They go back to the queue, keeping their place, and a standby traveller may take the place today. The no-show is signed with your key and cannot be undone.',
    'gate.ns.confirm': 'Yes, sign the no-show', 'gate.ns.cancel': 'Not now',
  },
  ar: {
    'gate.ns.notToday': 'يُوثَّق عدم الحضور في اليوم نفسه فقط.',
    'gate.ns.notApproved': 'ينتظر توثيق عدم الحضور موافقة الكشف.',
    'gate.ns.tooEarly': 'يُوثَّق عدم الحضور ابتداءً من {t}؛ وقبل ذلك يوثّقه إغلاق اليوم.',
    'gate.ns.title': 'توثيق عدم حضور {ref}؟',
    'gate.ns.body': 'لم يحضر المسافر إلى البوابة. يعود إلى الدور محتفظاً بمكانه، ويمكن لمسافر من قائمة الاحتياط أن يأخذ مكانه اليوم. يُوقَّع عدم الحضور بمفتاحك ولا يمكن التراجع عنه.',
    'gate.ns.confirm': 'نعم، وقّع عدم الحضور', 'gate.ns.cancel': 'ليس الآن',
  },
};

export const DIRECTIONS = ['exit', 'entry'];
const STATUSES = ['pending', 'checked-in', 'turned-back', 'no-show', 'standby'];

// The time of day at the crossing, "HH:MM".
function clockAt(timeZone) {
  return new Intl.DateTimeFormat('en-GB', {timeZone: timeZone || undefined, hour: '2-digit', minute: '2-digit', hourCycle: 'h23'})
    .format(new Date());
}

// Why a main-list traveller awaited in `direction` may not be marked a
// no-show now (a t() key and its values), or null when the rule allows it.
export function noShowBlock({date, today, manifest, dep}) {
  if (date !== today) return ['gate.ns.notToday'];
  if ((manifest?.awaiting || []).length) return ['gate.ns.notApproved'];
  const from = dep.days?.no_show_after;
  if (from && clockAt(dep.crossing?.time_zone) < from) return ['gate.ns.tooEarly', {t: from}];
  return null;
}

// The lists' section. ctx: {session, date, today, dep, manifests,
// travellers, touched, report, isOperator, isMonitor, onReexamine(ref)}.
// Returns {section, setStatus(ref, status, reason), redrawAll(), loaded()}.
export function listsSection(ctx, statesBox) {
  const {session, date, travellers, touched} = ctx;
  const listMsg = h('div', {'aria-live': 'polite', id: 'gate-list-msg'});
  const rows = new Map();  // ref -> tr
  const countsBox = h('div', {class: 'gate-counts', id: 'gate-counts'});
  const drawCounts = () => {
    const counts = {};
    for (const tr of travellers.values()) counts[tr.status] = (counts[tr.status] || 0) + 1;
    countsBox.replaceChildren(...STATUSES.filter((s) => counts[s]).map((s) =>
      h('span', {class: `tag st-${s}`, 'data-status': s}, `${t(`gate.s.${s}`)}: ${num(counts[s])}`)), ' ');
  };
  // another-day is not one of this day's STATUSES: shown, never counted.
  const statusCell = (tr) => [h('span', {class: `tag st-${tr.status}`}, t(`gate.s.${tr.status}`)),
    tr.reason ? [' ', h('span', {class: 'small'}, reasonLabel(tr.reason))] : null,
    tr.line?.reexamination === 'ordered'
      ? [' ', h('span', {class: 'tag reexam-tag', 'data-reexamination': 'ordered'}, t('gate.reexamTag'))] : null];
  const markNoShow = async (ref, btn) => {
    const ok = await confirmDialog({id: 'gate-noshow-dialog', title: tn('gate.ns.title', {ref: ltr(ref, {class: 'mono'})}),
      body: [h('p', {}, bidi(travellers.get(ref).line.name_ar, 'ar'), ' — ', bidi(travellers.get(ref).line.name_en, 'en')),
        h('p', {}, t('gate.ns.body'))],
      confirm: t('gate.ns.confirm'), cancel: t('gate.ns.cancel')});
    if (!ok) return;
    btn.disabled = true;
    listMsg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    try {
      await change(session, 'POST', `/api/v1/gate/${date}/no-shows`, {ref});
      listMsg.replaceChildren(h('p', {class: 'notice'}, tn('gate.noShowDone', {ref: ltr(ref, {class: 'mono'})})));
      setStatus(ref, 'no-show');
    } catch (err) {
      listMsg.replaceChildren(errorBox(err));
      btn.disabled = false;
    }
  };
  const actionCell = (ref, tr) => {
    const out = [];
    if (ctx.isOperator && !ctx.report && tr.status === 'pending') {
      const block = noShowBlock({...ctx, manifest: ctx.manifests[tr.direction].value});
      const why = block ? h('span', {class: 'small muted gate-noshow-why', id: `gate-noshow-why-${ref}`}, t(...block)) : null;
      const b = h('button', {type: 'button', class: 'secondary gate-noshow', id: `gate-noshow-${ref}`, 'data-ref': ref,
        'aria-label': `${t('gate.noShow')}: ${ref}`, disabled: !!block, 'aria-describedby': why ? why.id : null,
        onclick: () => markNoShow(ref, b)}, t('gate.noShow'));
      out.push(b, why ? [' ', why] : null);
    }
    if (ctx.isMonitor && session.role === 'monitor') {
      out.push(h('button', {type: 'button', class: 'secondary gate-reexamine', id: `gate-reexamine-${ref}`, 'data-ref': ref,
        'aria-label': `${t('gate.reexamine')}: ${ref}`, onclick: () => ctx.onReexamine(ref)}, t('gate.reexamine')));
    }
    return out.flat(2).filter(Boolean);
  };
  const redrawRow = (ref) => {
    const row = rows.get(ref);
    const tr = travellers.get(ref);
    if (!row) return;
    row.dataset.status = tr.status;
    row.querySelector('td.status').replaceChildren(...[statusCell(tr)].flat(2).filter(Boolean));
    row.querySelector('td.actions').replaceChildren(...actionCell(ref, tr));
  };
  const setStatus = (ref, status, reason) => {
    const tr = travellers.get(ref);
    if (!tr) return;
    touched.add(ref);
    tr.status = status;
    tr.reason = reason;
    redrawRow(ref);
    drawCounts();
  };
  const filter = h('input', {type: 'search', id: 'gate-filter', size: 24, autocomplete: 'off'});
  const statusFilter = select('status', [['', t('common.all')], ...STATUSES.map((s) => [s, t(`gate.s.${s}`)])], '', {id: 'gate-status-filter'});
  const applyFilter = () => {
    const q = filter.value.trim().toLowerCase();
    const s = statusFilter.value;
    for (const [ref, row] of rows) {
      const tr = travellers.get(ref);
      const hay = `${ref} ${tr.line.name_en || ''} ${tr.line.name_ar || ''} ${tr.line.id_last4 || ''}`.toLowerCase();
      row.hidden = (q && !hay.includes(q)) || (s && tr.status !== s);
    }
  };
  filter.addEventListener('input', applyFilter);
  statusFilter.addEventListener('change', applyFilter);

  const section = h('section', {class: 'gate-lists', id: 'gate-lists'},
    h('h2', {}, t('gate.lists')), countsBox,
    travellers.size ? h('div', {class: 'row no-print gate-filters'}, field(t('gate.filter'), filter), field(t('gate.statusFilter'), statusFilter)) : null,
    statesBox, listMsg);
  for (const d of DIRECTIONS) section.append(listTable(ctx, d, rows, statusCell, actionCell));
  drawCounts();
  // The no-show rule turns with the clock: the rows follow it.
  let blocked = JSON.stringify(DIRECTIONS.map((d) => noShowBlock({...ctx, manifest: ctx.manifests[d].value})));
  const timer = setInterval(() => {
    if (!section.isConnected) return clearInterval(timer);
    const now = JSON.stringify(DIRECTIONS.map((d) => noShowBlock({...ctx, manifest: ctx.manifests[d].value})));
    if (now === blocked) return;
    blocked = now;
    for (const ref of rows.keys()) redrawRow(ref);
  }, 20000);
  const redrawAll = () => {
    for (const ref of rows.keys()) redrawRow(ref);
    drawCounts();
    applyFilter();
  };
  return {section, setStatus, redrawAll};
}

// One direction's list, or why there is none.
function listTable(ctx, d, rows, statusCell, actionCell) {
  const res = ctx.manifests[d];
  // One call answers both lists: its failure is shown once.
  if (res.error) return d === DIRECTIONS[0] ? errorBox(res.error) : '';
  const m = res.value;
  if (!m || !(m.travellers || []).length) return h('p', {class: 'muted', 'data-direction': d}, t('gate.noManifest', {dir: t(`dir.${d}`)}));
  const lines = m.travellers;
  const cols = [t('gate.pos'), t('gate.nameAr'), t('gate.nameEn'), t('gate.id4'), t('gate.ref'), t('common.category'), t('gate.list'), t('gate.status'), t('gate.actions')];
  return h('table', {class: 'grid gate-list', id: `gate-list-${d}`, 'data-direction': d},
    h('caption', {}, `${t(`dir.${d}`)} — ${t('gate.countLine', {n: num(lines.length)})}`),
    h('thead', {}, h('tr', {}, cols.map((c, i) => h('th', {scope: 'col', class: i === 0 ? 'num' : null}, c)))),
    h('tbody', {}, lines.map((l) => {
      const tr = ctx.travellers.get(l.ref);
      const row = h('tr', {'data-ref': l.ref, 'data-status': tr.status, class: l.standby ? 'standby' : ''},
        h('td', {class: 'num'}, num(l.order)),
        h('td', {class: 'name-ar'}, bidi(l.name_ar, 'ar')),
        h('td', {}, bidi(l.name_en, 'en')),
        h('td', {}, ltr(l.id_last4 || '', {class: 'mono'})),
        h('td', {}, h('a', {href: `#/case/${encodeURIComponent(l.ref)}`, class: 'mono'}, ltr(l.ref))),
        h('td', {}, catLabel(l.category)),
        h('td', {}, l.standby ? t('gate.standby') : t('gate.main')),
        h('td', {class: 'status'}, statusCell(tr)),
        h('td', {class: 'actions no-print'}, actionCell(l.ref, tr)));
      rows.set(l.ref, row);
      return row;
    })));
}
