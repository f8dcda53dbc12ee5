// A crossing day's manifest for one direction. The plan (what the priority
// policy gives now: the order of units with their scores, the standby
// list, and why every other eligible case is not on it: manifest_plan.js),
// the operator's "Build manifest" and the approvers' "Approve", each signed
// in this browser (a rebuild of an approved list asks first and shows what
// changes: manifest_diff.js), and the published list (names, ID last 4)
// with its approvals, to print or to export as CSV.

import {api} from '../api.js';
import {add, bidi, download, field, h, select} from '../dom.js';
import {num, t, when} from '../i18n.js';
import {change} from '../keys.js';
import {deployment} from '../deployment.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, DATE_RE, comma, crossingToday, labelOr, listOf, ltr, orNull, shiftDate, tn} from '../util.js';
import {label} from '../words.js';
import {confirmRebuild, diffView, strings as diffStrings} from './manifest_diff.js';
import {caseLink, placesText, planView} from './manifest_plan.js';

const own = {
  en: {
    'manifest.title': 'Manifests', 'manifest.titleOf': 'Manifest {d} · {dir}',
    'manifest.choose': 'Choose a day and a direction', 'manifest.open': 'Show',
    'manifest.recent': 'Recent crossing days', 'manifest.today': 'Today',
    'manifest.all': 'All manifests', 'manifest.prevDay': '← Previous day', 'manifest.nextDay': 'Next day →',
    'manifest.otherDir': 'Show {dir}', 'manifest.dayStatus': 'Crossing day: {s}', 'manifest.noDay': 'No crossing day is recorded for {d}.',
    'manifest.st.open': 'open', 'manifest.st.suspended': 'suspended', 'manifest.st.closed': 'closed', 'manifest.st.pending': 'pending signatures',
    'manifest.gateClosed': 'gate closed', 'manifest.gateLink': 'Gate for this day',
    'manifest.actions': 'Sign', 'manifest.build': 'Build manifest', 'manifest.approve': 'Approve',
    'manifest.buildHint': 'Fills the day by the priority policy and publishes the list; signed with your key.',
    'manifest.rebuildWarn': 'A manifest is already published. Building again replaces it, and every approver must approve the new one.',
    'manifest.built': 'Manifest built and signed: {n} travellers on the list, {s} on standby (log entry {i}).',
    'manifest.approved': 'Your approval is signed and committed.',
    'manifest.approveHint': 'Approves the published list by its hash: {h}',
    'manifest.alreadyApproved': 'Your party has approved this list.',
    'manifest.nothingToApprove': 'No published list to approve yet.',
    'manifest.published': 'Published list', 'manifest.notBuilt': 'No manifest is built for this day and direction yet.',
    'manifest.approvedBy': 'Approved by', 'manifest.awaiting': 'Awaiting approval from',
    'manifest.fullyApproved': 'Approved by every approver', 'manifest.notApproved': 'Not yet approved by every approver',
    'manifest.hash': 'Manifest hash', 'manifest.logIndex': 'Log entry',
    'manifest.print': 'Print', 'manifest.csv': 'Export CSV',
    'manifest.mainList': 'Travellers ({n})', 'manifest.standbyList': 'Standby ({n})',
    'manifest.pos': '#', 'manifest.ref': 'Case', 'manifest.nameAr': 'Name (Arabic)', 'manifest.nameEn': 'Name (Latin)',
    'manifest.id4': 'ID last 4', 'manifest.group': 'Group (patient)', 'manifest.list': 'List',
    'manifest.main': 'main', 'manifest.standby': 'standby', 'manifest.counts': 'On the list: {c}',
    'manifest.capacity': 'Places: {c}', 'manifest.inOutCap': 'In = out cap: {n}',
    'manifest.printTitle': 'Published list of travellers', 'manifest.printedAt': 'Printed {t}',
    'manifest.plan': 'Plan: what the priority policy gives now',
    'manifest.planIntro': 'Computed now from the cases cleared by every party; nothing is signed until the operator builds the manifest.',
    'manifest.order': 'Order ({u} units, {n} travellers)', 'manifest.planStandby': 'Standby ({u} units, {n} travellers)',
    'manifest.unit': 'Unit', 'manifest.score': 'Score', 'manifest.terms': 'urgency + waiting + child',
    'manifest.daysWaiting': 'Days waiting', 'manifest.travellers': 'Travellers',
    'manifest.notChosen': 'Eligible but not chosen ({n})', 'manifest.notChosenIntro': 'Every other eligible case, grouped by why it is not on the list. Open a group to see its cases.',
    'manifest.detail': 'Detail', 'manifest.onStandby': 'On standby', 'manifest.noneNotChosen': 'Every eligible case is on the list.',
    'manifest.planEmpty': 'The policy places nobody on this day.',
    'manifest.why.quota-full': 'No places left in the category',
    'manifest.why.total-full': 'No places left in the day\'s total',
    'manifest.why.group-too-large': 'The group needs more places than are left',
    'manifest.why.companion-not-cleared': 'A patient lacks a cleared companion',
    'manifest.why.approval-expires': 'An approval expires before the day ends',
    'manifest.why.scheduled-elsewhere': 'Already on another day\'s list',
    'manifest.why.not-cleared': 'Not cleared by every party',
    'manifest.why.equal-in-out': 'Capped by the in = out rule',
    'manifest.cat.medical': 'patient', 'manifest.cat.companion': 'companion', 'manifest.cat.total': 'total',
    'manifest.cat.returnee': 'returnee', 'manifest.cat.dual-national': 'dual national', 'manifest.cat.student': 'student',
    'manifest.cat.humanitarian-staff': 'humanitarian staff', 'manifest.cat.other': 'other',
    'manifest.badRoute': 'Give a date as YYYY-MM-DD and a direction (exit or entry).',
    'manifest.cats.medical': 'patients', 'manifest.cats.companion': 'companions', 'manifest.cats.total': 'in total',
    'manifest.cats.returnee': 'returnees', 'manifest.cats.dual-national': 'dual nationals', 'manifest.cats.student': 'students',
    'manifest.cats.humanitarian-staff': 'humanitarian staff', 'manifest.cats.other': 'other',
    'manifest.past': 'This day is over: its manifest can no longer be built or approved.',
    'manifest.gateClosedNote': 'The gate has closed this day: its manifest can no longer change.',
    'manifest.more': 'Show {n} more', 'manifest.showPlan': 'Show the plan',
    'manifest.noScores': 'Scores are not shown to your party: they follow from the medical urgency, which it may not see.',
  },
  ar: {
    'manifest.title': 'كشوف السفر', 'manifest.titleOf': 'كشف {d} · {dir}',
    'manifest.choose': 'اختر اليوم والاتجاه', 'manifest.open': 'عرض',
    'manifest.recent': 'أيام العبور الأخيرة', 'manifest.today': 'اليوم',
    'manifest.all': 'كل الكشوف', 'manifest.prevDay': '→ اليوم السابق', 'manifest.nextDay': 'اليوم التالي ←',
    'manifest.otherDir': 'عرض {dir}', 'manifest.dayStatus': 'يوم العبور: {s}', 'manifest.noDay': 'لا يوجد يوم عبور مسجل بتاريخ {d}.',
    'manifest.st.open': 'مفتوح', 'manifest.st.suspended': 'معلّق', 'manifest.st.closed': 'مغلق', 'manifest.st.pending': 'بانتظار التواقيع',
    'manifest.gateClosed': 'أُغلقت البوابة', 'manifest.gateLink': 'البوابة لهذا اليوم',
    'manifest.actions': 'التوقيع', 'manifest.build': 'إعداد الكشف', 'manifest.approve': 'موافقة',
    'manifest.buildHint': 'يملأ اليوم وفق سياسة الأولوية وينشر الكشف؛ يوقَّع بمفتاحك.',
    'manifest.rebuildWarn': 'يوجد كشف منشور. إعداده من جديد يحلّ محله، ويجب على كل جهة موافقة أن توافق على الكشف الجديد.',
    'manifest.built': 'تم إعداد الكشف وتوقيعه: {n} مسافراً في الكشف و{s} في الاحتياط (القيد {i} في السجل).',
    'manifest.approved': 'تم توقيع موافقتك وإدراجها في السجل.',
    'manifest.approveHint': 'الموافقة على الكشف المنشور ببصمته: {h}',
    'manifest.alreadyApproved': 'وافقت جهتك على هذا الكشف.',
    'manifest.nothingToApprove': 'لا يوجد كشف منشور للموافقة عليه بعد.',
    'manifest.published': 'الكشف المنشور', 'manifest.notBuilt': 'لم يُعدّ كشف لهذا اليوم وهذا الاتجاه بعد.',
    'manifest.approvedBy': 'وافقت عليه', 'manifest.awaiting': 'بانتظار موافقة',
    'manifest.fullyApproved': 'وافقت عليه كل الجهات المطلوبة', 'manifest.notApproved': 'لم توافق عليه كل الجهات المطلوبة بعد',
    'manifest.hash': 'بصمة الكشف', 'manifest.logIndex': 'القيد في السجل',
    'manifest.print': 'طباعة', 'manifest.csv': 'تصدير CSV',
    'manifest.mainList': 'المسافرون ({n})', 'manifest.standbyList': 'الاحتياط ({n})',
    'manifest.pos': '#', 'manifest.ref': 'الملف', 'manifest.nameAr': 'الاسم (بالعربية)', 'manifest.nameEn': 'الاسم (بالأحرف اللاتينية)',
    'manifest.id4': 'آخر 4 أرقام من الهوية', 'manifest.group': 'المجموعة (المريض)', 'manifest.list': 'القائمة',
    'manifest.main': 'أساسي', 'manifest.standby': 'احتياط', 'manifest.counts': 'في الكشف: {c}',
    'manifest.capacity': 'المقاعد: {c}', 'manifest.inOutCap': 'سقف التساوي بين الدخول والخروج: {n}',
    'manifest.printTitle': 'الكشف المنشور للمسافرين', 'manifest.printedAt': 'طُبع {t}',
    'manifest.plan': 'الخطة: ما تعطيه سياسة الأولوية الآن',
    'manifest.planIntro': 'تُحسب الآن من الملفات التي وافقت عليها كل الجهات؛ لا يوقَّع شيء حتى تُعدّ الجهة المشغّلة الكشف.',
    'manifest.order': 'الترتيب ({u} وحدات، {n} مسافراً)', 'manifest.planStandby': 'الاحتياط ({u} وحدات، {n} مسافراً)',
    'manifest.unit': 'الوحدة', 'manifest.score': 'الدرجة', 'manifest.terms': 'الأولوية الطبية + الانتظار + الطفل',
    'manifest.daysWaiting': 'أيام الانتظار', 'manifest.travellers': 'المسافرون',
    'manifest.notChosen': 'مؤهلون لم يُختاروا ({n})', 'manifest.notChosenIntro': 'كل ملف مؤهل آخر، مجمّعة حسب سبب عدم إدراجه. افتح مجموعة لترى ملفاتها.',
    'manifest.detail': 'التفاصيل', 'manifest.onStandby': 'في الاحتياط', 'manifest.noneNotChosen': 'كل الملفات المؤهلة مدرجة في الكشف.',
    'manifest.planEmpty': 'لا تدرج السياسة أحداً في هذا اليوم.',
    'manifest.why.quota-full': 'لم تبق مقاعد في الفئة',
    'manifest.why.total-full': 'لم تبق مقاعد في مجموع اليوم',
    'manifest.why.group-too-large': 'تحتاج المجموعة مقاعد أكثر من المتبقية',
    'manifest.why.companion-not-cleared': 'لا مرافق موافق عليه للمريض',
    'manifest.why.approval-expires': 'تنتهي إحدى الموافقات قبل نهاية اليوم',
    'manifest.why.scheduled-elsewhere': 'مدرج في كشف يوم آخر',
    'manifest.why.not-cleared': 'لم توافق عليه كل الجهات',
    'manifest.why.equal-in-out': 'محدود بقاعدة التساوي بين الدخول والخروج',
    'manifest.cat.medical': 'مريض', 'manifest.cat.companion': 'مرافق', 'manifest.cat.total': 'المجموع',
    'manifest.cat.returnee': 'عائد', 'manifest.cat.dual-national': 'مزدوج الجنسية', 'manifest.cat.student': 'طالب',
    'manifest.cat.humanitarian-staff': 'عامل في المجال الإنساني', 'manifest.cat.other': 'أخرى',
    'manifest.badRoute': 'أدخل التاريخ بصيغة YYYY-MM-DD والاتجاه (exit أو entry).',
    'manifest.cats.medical': 'مريضاً', 'manifest.cats.companion': 'مرافقاً', 'manifest.cats.total': 'في المجموع',
    'manifest.cats.returnee': 'عائداً', 'manifest.cats.dual-national': 'مزدوج الجنسية', 'manifest.cats.student': 'طالباً',
    'manifest.cats.humanitarian-staff': 'عاملاً في المجال الإنساني', 'manifest.cats.other': 'أخرى',
    'manifest.past': 'انتهى هذا اليوم: لم يعد ممكناً إعداد كشفه أو الموافقة عليه.',
    'manifest.gateClosedNote': 'أغلقت البوابة هذا اليوم: لم يعد ممكناً تغيير كشفه.',
    'manifest.more': 'عرض {n} أخرى', 'manifest.showPlan': 'عرض الخطة',
    'manifest.noScores': 'لا تُعرض الدرجات لجهتك: فهي مبنية على الأولوية الطبية التي لا يحق لها الاطلاع عليها.',
  },
};

// This page's strings and the diff's, in each language.
export const strings = Object.fromEntries(['en', 'ar'].map((l) => [l, {...own[l], ...diffStrings[l]}]));

const DIRECTIONS = ['exit', 'entry'];

const catLabel = (c) => labelOr(`manifest.cat.${c}`, label('category', c));
const partyLabel = (p) => labelOr(`party.${p}`, p);

// --- CSV (RFC 4180): a field with a comma, quote or line break is quoted,
// quotes doubled; lines end in CRLF; UTF-8 with a BOM so that Excel reads
// the Arabic names. A field that a spreadsheet would take for a formula
// gets a leading apostrophe.
export function csvField(v) {
  let s = v === undefined || v === null ? '' : String(v);
  if (/^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function manifestCsv(m) {
  const head = ['position', 'ref', 'name_ar', 'name_en', 'id_last4', 'category', 'group_ref', 'list'];
  const rows = (m.travellers || []).map((l) => [l.order, l.ref, l.name_ar, l.name_en, l.id_last4, l.category,
    l.group_ref, l.standby ? 'standby' : 'main']);
  return '\uFEFF' + [head, ...rows].map((r) => r.map(csvField).join(',')).join('\r\n') + '\r\n';
}

// --- the chooser ------------------------------------------------------------

async function chooser({main}, dep) {
  const today = crossingToday(dep.crossing?.time_zone);
  let days = [];
  let daysErr = null;
  try {
    days = (await api('GET', '/api/v1/days')).data.days || [];
  } catch (err) {
    daysErr = err;
  }
  const date = h('input', {type: 'text', name: 'date', id: 'manifest-date', value: today, required: true, dir: 'ltr',
    inputmode: 'numeric', pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD', size: 11, maxlength: 10, autocomplete: 'off'});
  const dir = select('direction', DIRECTIONS.map((d) => [d, t(`dir.${d}`)]), 'exit', {id: 'manifest-direction'});
  const form = h('form', {class: 'row panel', id: 'manifest-choose', onsubmit: (e) => {
    e.preventDefault();
    location.hash = `#/manifest/${date.value.trim()}/${dir.value}`;
  }},
  field(t('common.date'), date), field(t('common.direction'), dir),
  h('button', {type: 'submit', id: 'manifest-go'}, t('manifest.open')));

  const recent = days.slice().sort((a, b) => (a.date < b.date ? 1 : -1)).slice(0, 21);
  add(main,
    h('h1', {}, t('manifest.title')),
    h('h2', {}, t('manifest.choose')), form,
    h('h2', {}, t('manifest.recent')),
    daysErr ? errorBox(daysErr) : null,
    h('ul', {class: 'manifest-recent', id: 'manifest-recent'}, recent.map((d) => h('li', {class: d.date === today ? 'today' : '', 'data-date': d.date},
      ltr(d.date, {class: 'mono'}), ' ',
      h('span', {class: `tag ${d.status}`}, labelOr(`manifest.st.${d.status}`, d.status)),
      d.date === today ? [' ', h('span', {class: 'tag today-tag'}, t('manifest.today'))] : null, ' — ',
      DIRECTIONS.map((x, i) => [i ? ' · ' : '', h('a', {href: `#/manifest/${d.date}/${x}`}, t(`dir.${x}`))])))));
}

// --- the published list ------------------------------------------------------

function listTable(lines, id, caption) {
  const cols = [
    [t('manifest.pos'), (l) => num(l.order), 'num'],
    [t('manifest.ref'), (l) => caseLink(l.ref)],
    [t('manifest.nameAr'), (l) => bidi(l.name_ar, 'ar'), 'name-ar'],
    [t('manifest.nameEn'), (l) => bidi(l.name_en, 'en')],
    [t('manifest.id4'), (l) => ltr(l.id_last4 || '', {class: 'mono'})],
    [t('common.category'), (l) => catLabel(l.category)],
    [t('manifest.group'), (l) => (l.group_ref ? caseLink(l.group_ref) : '')],
  ];
  return h('table', {class: 'grid manifest-list', id},
    h('caption', {}, caption),
    h('thead', {}, h('tr', {}, cols.map(([label, , cls]) => h('th', {scope: 'col', class: cls}, label)))),
    h('tbody', {}, lines.map((l) => h('tr', {'data-ref': l.ref, 'data-order': l.order},
      cols.map(([, get, cls]) => h('td', {class: cls}, get(l)))))));
}

function approvalsView(m) {
  const full = !(m.awaiting || []).length;
  return h('div', {class: 'approvals', id: 'manifest-approvals'},
    h('span', {class: `tag ${full ? 'ok' : 'warn'}`, id: 'manifest-status', 'data-approved': full ? 'yes' : 'no'},
      full ? t('manifest.fullyApproved') : t('manifest.notApproved')),
    (m.approved_by || []).length ? [' ', t('manifest.approvedBy'), ': ',
      m.approved_by.map((p, i) => [i ? comma() : '', h('span', {class: 'approved-by', 'data-party': p}, '✓ ', partyLabel(p))])] : null,
    (m.awaiting || []).length ? [' — ', t('manifest.awaiting'), ': ',
      m.awaiting.map((p, i) => [i ? comma() : '', h('span', {class: 'awaiting', 'data-party': p}, partyLabel(p))])] : null);
}

function publishedView(m, date, direction, crossing, categories) {
  const lines = m.travellers || [];
  const main = lines.filter((l) => !l.standby);
  const standby = lines.filter((l) => l.standby);
  const dirLabel = t(`dir.${direction}`);
  const printHead = h('div', {class: 'print-only print-head', id: 'manifest-print-head'},
    h('p', {class: 'print-title'}, `${crossing ? crossing + ' — ' : ''}${t('manifest.printTitle')}`),
    h('dl', {class: 'kv'},
      h('dt', {}, t('common.date')), h('dd', {}, ltr(date)),
      h('dt', {}, t('common.direction')), h('dd', {}, dirLabel),
      h('dt', {}, t('manifest.hash')), h('dd', {class: 'mono'}, ltr(m.manifest)),
      h('dt', {}, t('manifest.approvedBy')), h('dd', {}, (m.approved_by || []).length ? listOf(m.approved_by.map((p) => `${partyLabel(p)} (${p})`)) : '—'),
      (m.awaiting || []).length ? [h('dt', {}, t('manifest.awaiting')), h('dd', {}, listOf(m.awaiting.map((p) => `${partyLabel(p)} (${p})`)))] : null,
      h('dt', {}, t('manifest.travellers')), h('dd', {}, `${num(main.length)} + ${num(standby.length)} ${t('manifest.standby')}`)),
    h('p', {class: 'small'}, t('manifest.printedAt', {t: when(new Date().toISOString())})));
  return h('section', {class: 'manifest-published', id: 'manifest-published', 'data-hash': m.manifest},
    printHead,
    h('h2', {class: 'no-print'}, t('manifest.published')),
    h('div', {class: 'panel no-print'},
      approvalsView(m),
      h('dl', {class: 'kv small'},
        h('dt', {}, t('manifest.hash')), h('dd', {class: 'mono', id: 'manifest-hash'}, ltr(m.manifest)),
        m.log_index ? [h('dt', {}, t('manifest.logIndex')), h('dd', {}, num(m.log_index))] : null,
        h('dt', {}, t('manifest.travellers')), h('dd', {}, t('manifest.counts', {c: placesText(m.counts, categories) || '0'})))),
    h('div', {class: 'row no-print'},
      h('button', {type: 'button', id: 'manifest-print', class: 'secondary', onclick: () => window.print()}, t('manifest.print')),
      h('button', {type: 'button', id: 'manifest-csv', class: 'secondary', onclick: () =>
        download(`manifest-${date}-${direction}.csv`, manifestCsv(m), 'text/csv;charset=utf-8')}, t('manifest.csv'))),
    listTable(main, 'manifest-list', t('manifest.mainList', {n: num(main.length)})),
    standby.length ? listTable(standby, 'manifest-standby', t('manifest.standbyList', {n: num(standby.length)})) : null);
}

// --- the page -------------------------------------------------------------------

export async function render(ctx) {
  const {main, params, session, toast, refresh} = ctx;
  // The deployment first: "today" is a date in the crossing's time zone.
  const dep = await deployment();
  if (!params.date) return chooser(ctx, dep);
  const {date, direction} = params;
  if (!DATE_RE.test(date) || !DIRECTIONS.includes(direction)) throw new Error(t('manifest.badRoute'));
  const base = `/api/v1/manifests/${date}/${direction}`;
  const [pub, plan, dayRes] = await Promise.all([
    orNull(api('GET', base, {query: {why: 'manifest page'}})),
    orNull(api('GET', `${base}/plan`)),
    orNull(api('GET', '/api/v1/days', {query: {from: date, to: date}})),
  ]);
  const m = pub.value;
  const day = dayRes.value ? (dayRes.value.days || []).find((d) => d.date === date) : null;
  const {operator} = dep.manifest;
  const approvers = dep.manifest.approvers || [];
  const isOfficer = session.role === 'officer';
  const other = direction === 'exit' ? 'entry' : 'exit';
  const today = crossingToday(dep.crossing?.time_zone);

  // Signing: build (the operator) and approve (each approver).
  const msg = h('div', {'aria-live': 'polite', id: 'manifest-msg'});
  const busy = (on) => {
    for (const b of main.querySelectorAll('.manifest-actions button')) b.disabled = on || b.dataset.off === '1';
  };
  const build = async () => {
    // An approved list is rebuilt only once the operator has seen what changes.
    if (m && (m.approved_by || []).length) {
      let next;
      try {
        next = (await api('GET', `${base}/plan`)).data;
      } catch (err) {
        msg.replaceChildren(errorBox(err));
        return;
      }
      if (!await confirmRebuild(m, next, partyLabel)) return;
    }
    msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    busy(true);
    try {
      const r = await change(session, 'POST', base, undefined);
      const lines = r.travellers || [];
      toast(t('manifest.built', {n: num(lines.filter((l) => !l.standby).length), s: num(lines.filter((l) => l.standby).length), i: r.log_index ?? '—'}));
      refresh();
    } catch (err) {
      msg.replaceChildren(errorBox(err));
      busy(false);
    }
  };
  const approve = async () => {
    msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    busy(true);
    try {
      await change(session, 'POST', `${base}/approval`, undefined);
      toast(t('manifest.approved'));
      refresh();
    } catch (err) {
      msg.replaceChildren(errorBox(err));
      busy(false);
    }
  };
  const actions = [];
  const over = date < today || (day && day.gate_closed);
  if (isOfficer && (session.party === operator || approvers.includes(session.party)) && over) {
    actions.push(h('p', {class: 'muted', id: 'manifest-over'}, date < today ? t('manifest.past') : t('manifest.gateClosedNote')));
  } else if (isOfficer && session.party === operator) {
    actions.push(h('div', {class: 'action'},
      h('button', {type: 'button', id: 'manifest-build', onclick: build}, t('manifest.build')),
      ' ', h('span', {class: 'muted small'}, t('manifest.buildHint')),
      m ? h('p', {class: 'warn-text small', id: 'manifest-rebuild-warn'}, t('manifest.rebuildWarn')) : null));
  }
  if (isOfficer && approvers.includes(session.party) && !over) {
    const mine = m && (m.awaiting || []).includes(session.party);
    const done = m && (m.approved_by || []).includes(session.party);
    // A rebuilt list: what changed against the list approved before it.
    const before = mine && m.replaced && m.replaced.travellers;
    actions.push(h('div', {class: 'action'},
      before ? diffView(before, m.travellers || [], {id: 'manifest-diff', approvedBy: m.replaced.approved_by, partyLabel}) : null,
      h('button', {type: 'button', id: 'manifest-approve', disabled: !mine, dataset: {off: mine ? '0' : '1'}, onclick: approve}, t('manifest.approve')),
      ' ', h('span', {class: 'muted small', id: 'manifest-approve-note'},
        !m ? t('manifest.nothingToApprove') : done ? t('manifest.alreadyApproved') : t('manifest.approveHint', {h: m.manifest.slice(0, 16) + '…'}))));
  }

  add(main,
    h('h1', {}, tn('manifest.titleOf', {d: ltr(date), dir: t(`dir.${direction}`)})),
    h('nav', {class: 'row manifest-nav no-print', 'aria-label': t('manifest.title')},
      h('a', {href: '#/manifest', id: 'manifest-all'}, t('manifest.all')),
      h('a', {href: `#/manifest/${shiftDate(date, -1)}/${direction}`, id: 'manifest-prev'}, t('manifest.prevDay')),
      h('a', {href: `#/manifest/${shiftDate(date, 1)}/${direction}`, id: 'manifest-next'}, t('manifest.nextDay')),
      h('a', {href: `#/manifest/${date}/${other}`, id: 'manifest-other'}, t('manifest.otherDir', {dir: t(`dir.${other}`)})),
      h('a', {href: `#/gate/${date}`}, t('manifest.gateLink'))),
    h('p', {class: 'no-print', id: 'manifest-day'},
      date === today ? [h('span', {class: 'tag today-tag'}, t('manifest.today')), ' '] : null,
      day
        ? [t('manifest.dayStatus', {s: labelOr(`manifest.st.${day.status}`, day.status)}),
          day.gate_closed ? [' · ', t('manifest.gateClosed')] : null,
          day.reason ? [' — ', h('bdi', {}, day.reason)] : null]
        : dayRes.error ? null : h('span', {class: 'muted'}, tn('manifest.noDay', {d: ltr(date)}))),
    actions.length ? h('section', {class: 'panel manifest-actions no-print', id: 'manifest-actions'}, h('h2', {class: 'inline'}, t('manifest.actions')), actions, msg) : null,
    pub.error ? errorBox(pub.error) : m ? publishedView(m, date, direction, labelOr(`crossing.${dep.crossing?.id}`, dep.crossing?.name || t('app.name')), dep.categories) : h('p', {class: 'panel', id: 'manifest-none'}, t('manifest.notBuilt')),
    plan.error ? h('section', {class: 'no-print', id: 'manifest-plan'}, h('h2', {}, t('manifest.plan')),
      plan.error.code === 'day-not-open' ? h('p', {class: 'muted', role: 'status'}, plan.error.message) : errorBox(plan.error))
      : plan.value ? planView(plan.value, !m, dep.categories) : null);
}
