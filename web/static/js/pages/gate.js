// The gate on a crossing day. For the operator's gate officer: one input
// for the ID number typed in or the MRZ scanned from the passport or ID
// card, looked up and then signed in this browser (gate_checkin.js); a
// document that differs from the approved identity is shown field by
// field, in red. The day's lists with who has crossed, who is still
// awaited, who did not come and who was turned back, with a no-show action
// (gate_list.js); closing the day signs its report. For the monitor:
// re-examination orders and the attestation of the day's report
// (gate_report.js).

import {api} from '../api.js';
import {add, h} from '../dom.js';
import {t} from '../i18n.js';
import {deployment} from '../deployment.js';
import {errorBox} from '../app.js';
import {DATE_RE, crossingToday, labelOr, listOf, ltr, orNull, shiftDate, tn} from '../util.js';
import {checkinForm, strings as checkinStrings} from './gate_checkin.js';
import {DIRECTIONS, listsSection, strings as listStrings} from './gate_list.js';
import {closingSection, reexamSection, reportSection} from './gate_report.js';

export {readDocument} from './gate_checkin.js';

const own = {
  en: {
    'gate.title': 'Gate', 'gate.titleOf': 'Gate {d}', 'gate.today': 'Today',
    'gate.prevDay': '← Previous day', 'gate.nextDay': 'Next day →', 'gate.toToday': 'Today\'s gate',
    'gate.manifests': 'Manifests', 'gate.dayStatus': 'Crossing day: {s}', 'gate.noDay': 'No crossing day is recorded for this date.',
    'gate.st.open': 'open', 'gate.st.suspended': 'suspended', 'gate.st.closed': 'closed', 'gate.st.pending': 'pending signatures',
    'gate.notToday': 'Check-in happens on the day itself; the server refuses it on another day.',
    'gate.notApproved': 'The {dir} list is not approved by every approver yet (awaiting {p}): check-in is refused until it is.',
    'gate.checkin': 'Check-in', 'gate.input': 'National ID or passport number, or scan the MRZ',
    'gate.inputHint': 'Type the number and press Enter, or scan or paste the 2 or 3 lines of the document\'s machine readable zone.',
    'gate.checkinBtn': 'Check in', 'gate.turnBack': 'Turn back', 'gate.reason': 'Reason to turn back',
    'gate.chooseReason': 'Choose a reason…', 'gate.needReason': 'Choose the reason to turn the traveller back.',
    'gate.needInput': 'Type an ID number or scan the MRZ first.',
    'gate.idCheck': 'Also check the name and date of birth on the document (with an ID number)',
    'gate.docName': 'Name on the document (Latin)', 'gate.docDob': 'Date of birth (YYYY-MM-DD)',
    'gate.asMrz': 'Read as MRZ ({n} lines)', 'gate.asId': 'Read as ID number',
    'gate.crossed': 'Checked in — may cross', 'gate.turnedBackAs': 'Turned back: {r}',
    'gate.standbyTraveller': 'From the standby list', 'gate.logEntry': 'Log entry',
    'gate.mismatch': 'The document does not match the approved identity', 'gate.mismatchCase': 'Case {ref}. Nothing was recorded.',
    'gate.field': 'Field', 'gate.onDocument': 'On the document', 'gate.approved': 'Approved',
    'gate.turnBackMismatch': 'Turn back for identity mismatch',
    'gate.checkDigits': 'The MRZ\'s check digits fail: it was misread or altered. Scan it again, or type the ID number.',
    'gate.found': 'Found', 'gate.computed': 'Computed', 'gate.badMrz': 'The MRZ could not be read',
    'gate.field.name': 'Name', 'gate.field.date_of_birth': 'Date of birth', 'gate.field.document_number': 'Document number',
    'gate.field.composite': 'Composite check digit', 'gate.field.date_of_expiry': 'Date of expiry', 'gate.field.personal_number': 'Personal number',
    'gate.lists': 'Travellers of the day', 'gate.noManifest': 'No manifest is built for {dir} on this day.',
    'gate.filter': 'Find (name, case, ID last 4)', 'gate.statusFilter': 'Show',
    'gate.s.checked-in': 'Checked in', 'gate.s.turned-back': 'Turned back', 'gate.s.pending': 'Awaited',
    'gate.s.no-show': 'No-show', 'gate.s.standby': 'Standby',
    'gate.s.another-day': 'Through the gate on another day', 'gate.reexamTag': 'Re-examination ordered',
    'gate.noShow': 'No-show', 'gate.noShowDone': 'No-show signed for {ref}.',
    'gate.reexamine': 'Re-examine', 'gate.pos': '#', 'gate.ref': 'Case', 'gate.nameAr': 'Name (Arabic)', 'gate.nameEn': 'Name (Latin)',
    'gate.id4': 'ID last 4', 'gate.list': 'List', 'gate.main': 'main', 'gate.standby': 'standby', 'gate.status': 'Status',
    'gate.actions': 'Action', 'gate.countLine': '{n} listed',
    'gate.close': 'Close the day', 'gate.closeIntro': 'Closing marks every listed traveller not checked in as a no-show (they keep their place in the queue) and signs the day\'s report. It cannot be undone.',
    'gate.closeConfirm': 'Yes, close {d} and sign the report', 'gate.closeCancel': 'Not yet',
    'gate.closed': 'The day is closed and its report signed.',
    'gate.report': 'The day\'s report', 'gate.noReport': 'The day is not closed yet: no report.',
    'gate.reportedBy': 'Signed by {who} at {t}', 'gate.reportHash': 'Report hash',
    'gate.crossedBy': 'Crossed', 'gate.turnedBackList': 'Turned back ({n})', 'gate.noShows': 'No-shows ({n})',
    'gate.attestedBy': 'Attested by {who} at {t}', 'gate.notAttested': 'Awaiting the monitor\'s attestation.',
    'gate.matchesLog': 'The report agrees with the log\'s own statements.', 'gate.logDiffers': 'The report does not agree with the log:',
    'gate.attest': 'Attest the day', 'gate.attested': 'Your attestation is signed and committed.',
    'gate.attestIntro': 'Countersigns the operator\'s report for this day by its hash.',
    'gate.reexam': 'Re-examination', 'gate.reexamIntro': 'A traveller ordered re-examined cannot be marked crossed, on this day or later, until you record the re-examination.',
    'gate.reexamRef': 'Case', 'gate.reexamStep': 'Step', 'gate.reexamOrdered': 'Order a re-examination', 'gate.reexamRecorded': 'Record the re-examination (done)',
    'gate.reexamNote': 'Note (optional)', 'gate.reexamSubmit': 'Sign', 'gate.reexamDone': 'Signed: {step} for {ref} (log entry {i}).',
    'gate.total': 'Total', 'gate.none': 'None',
    'gate.reason.identity-mismatch': 'Identity mismatch', 'gate.reason.invalid-documents': 'Invalid documents',
    'gate.reason.too-ill-to-travel': 'Too ill to travel', 'gate.reason.missing-consent': 'Missing consent',
    'gate.reason.reexamination': 'Re-examination', 'gate.reason.other': 'Other',
    'gate.reason.withheld': 'Reason withheld',
    'gate.cat.medical': 'patient', 'gate.cat.companion': 'companion', 'gate.cat.returnee': 'returnee',
    'gate.cat.dual-national': 'dual national', 'gate.cat.student': 'student', 'gate.cat.humanitarian-staff': 'humanitarian staff',
    'gate.cat.other': 'other', 'gate.cat.total': 'total',
    'gate.badDate': 'Give the date as YYYY-MM-DD.',
    'field.national_id': 'National ID', 'field.date_of_birth': 'Date of birth', 'field.sex': 'Sex',
    'gate.sex.M': 'male', 'gate.sex.F': 'female',
  },
  ar: {
    'gate.title': 'البوابة', 'gate.titleOf': 'البوابة {d}', 'gate.today': 'اليوم',
    'gate.prevDay': '→ اليوم السابق', 'gate.nextDay': 'اليوم التالي ←', 'gate.toToday': 'بوابة اليوم',
    'gate.manifests': 'الكشوف', 'gate.dayStatus': 'يوم العبور: {s}', 'gate.noDay': 'لا يوجد يوم عبور مسجل بهذا التاريخ.',
    'gate.st.open': 'مفتوح', 'gate.st.suspended': 'معلّق', 'gate.st.closed': 'مغلق', 'gate.st.pending': 'بانتظار التواقيع',
    'gate.notToday': 'يجري تأكيد العبور في اليوم نفسه؛ يرفضه الخادم في أي يوم آخر.',
    'gate.notApproved': 'كشف {dir} لم توافق عليه كل الجهات بعد (بانتظار {p}): يُرفض تأكيد العبور حتى تتم الموافقة.',
    'gate.checkin': 'تأكيد العبور', 'gate.input': 'رقم الهوية أو رقم جواز السفر، أو امسح المنطقة المقروءة آلياً',
    'gate.inputHint': 'اكتب الرقم واضغط Enter، أو امسح أو الصق سطري أو أسطر المنطقة المقروءة آلياً الثلاثة من الوثيقة.',
    'gate.checkinBtn': 'تأكيد العبور', 'gate.turnBack': 'إعادة', 'gate.reason': 'سبب الإعادة',
    'gate.chooseReason': 'اختر سبباً…', 'gate.needReason': 'اختر سبب إعادة المسافر.',
    'gate.needInput': 'اكتب رقم الهوية أو امسح المنطقة المقروءة آلياً أولاً.',
    'gate.idCheck': 'تحقق أيضاً من الاسم وتاريخ الميلاد في الوثيقة (مع رقم الهوية)',
    'gate.docName': 'الاسم في الوثيقة (بالأحرف اللاتينية)', 'gate.docDob': 'تاريخ الميلاد (YYYY-MM-DD)',
    'gate.asMrz': 'ستُقرأ كمنطقة مقروءة آلياً ({n} أسطر)', 'gate.asId': 'سيُقرأ كرقم هوية',
    'gate.crossed': 'أُكّد العبور — يمكنه العبور', 'gate.turnedBackAs': 'أُعيد: {r}',
    'gate.standbyTraveller': 'من قائمة الاحتياط', 'gate.logEntry': 'القيد في السجل',
    'gate.mismatch': 'الوثيقة لا تطابق الهوية الموافق عليها', 'gate.mismatchCase': 'الملف {ref}. لم يُسجَّل شيء.',
    'gate.field': 'الحقل', 'gate.onDocument': 'في الوثيقة', 'gate.approved': 'الموافق عليه',
    'gate.turnBackMismatch': 'إعادة بسبب عدم تطابق الهوية',
    'gate.checkDigits': 'أرقام التحقق في المنطقة المقروءة آلياً غير صحيحة: قُرئت خطأً أو عُدّلت. امسحها مجدداً أو اكتب رقم الهوية.',
    'gate.found': 'الموجود', 'gate.computed': 'المحسوب', 'gate.badMrz': 'تعذّرت قراءة المنطقة المقروءة آلياً',
    'gate.field.name': 'الاسم', 'gate.field.date_of_birth': 'تاريخ الميلاد', 'gate.field.document_number': 'رقم الوثيقة',
    'gate.field.composite': 'رقم التحقق المركّب', 'gate.field.date_of_expiry': 'تاريخ الانتهاء', 'gate.field.personal_number': 'الرقم الشخصي',
    'gate.lists': 'مسافرو اليوم', 'gate.noManifest': 'لم يُعدّ كشف {dir} لهذا اليوم.',
    'gate.filter': 'بحث (الاسم، الملف، آخر 4 أرقام من الهوية)', 'gate.statusFilter': 'عرض',
    'gate.s.checked-in': 'أُكّد عبوره', 'gate.s.turned-back': 'أُعيد', 'gate.s.pending': 'منتظَر',
    'gate.s.no-show': 'لم يحضر', 'gate.s.standby': 'احتياط',
    'gate.s.another-day': 'عبر البوابة في يوم آخر', 'gate.reexamTag': 'أُمر بإعادة الفحص',
    'gate.noShow': 'لم يحضر', 'gate.noShowDone': 'تم توقيع عدم حضور {ref}.',
    'gate.reexamine': 'إعادة فحص', 'gate.pos': '#', 'gate.ref': 'الملف', 'gate.nameAr': 'الاسم (بالعربية)', 'gate.nameEn': 'الاسم (بالأحرف اللاتينية)',
    'gate.id4': 'آخر 4 أرقام من الهوية', 'gate.list': 'القائمة', 'gate.main': 'أساسي', 'gate.standby': 'احتياط', 'gate.status': 'الوضع',
    'gate.actions': 'إجراء', 'gate.countLine': '{n} مدرجاً',
    'gate.close': 'إغلاق اليوم', 'gate.closeIntro': 'يَعُدّ الإغلاق كل مسافر مدرج لم يُؤكَّد عبوره غائباً لم يحضر (ويحتفظ بمكانه في الدور) ويوقّع تقرير اليوم. لا يمكن التراجع عنه.',
    'gate.closeConfirm': 'نعم، أغلق {d} ووقّع التقرير', 'gate.closeCancel': 'ليس بعد',
    'gate.closed': 'أُغلق اليوم ووُقّع تقريره.',
    'gate.report': 'تقرير اليوم', 'gate.noReport': 'لم يُغلق اليوم بعد: لا تقرير.',
    'gate.reportedBy': 'وقّعه {who} في {t}', 'gate.reportHash': 'بصمة التقرير',
    'gate.crossedBy': 'العابرون', 'gate.turnedBackList': 'المُعادون ({n})', 'gate.noShows': 'لم يحضروا ({n})',
    'gate.attestedBy': 'صادق عليه {who} في {t}', 'gate.notAttested': 'بانتظار مصادقة المراقب.',
    'gate.matchesLog': 'يتطابق التقرير مع بيانات السجل نفسه.', 'gate.logDiffers': 'لا يتطابق التقرير مع السجل:',
    'gate.attest': 'المصادقة على اليوم', 'gate.attested': 'تم توقيع مصادقتك وإدراجها في السجل.',
    'gate.attestIntro': 'توقيع مقابل على تقرير الجهة المشغّلة لهذا اليوم ببصمته.',
    'gate.reexam': 'إعادة الفحص', 'gate.reexamIntro': 'لا يمكن تأكيد عبور مسافر أُمر بإعادة فحصه، في هذا اليوم أو بعده، حتى توثّق إعادة الفحص.',
    'gate.reexamRef': 'الملف', 'gate.reexamStep': 'الخطوة', 'gate.reexamOrdered': 'الأمر بإعادة الفحص', 'gate.reexamRecorded': 'توثيق إتمام إعادة الفحص',
    'gate.reexamNote': 'ملاحظة (اختيارية)', 'gate.reexamSubmit': 'توقيع', 'gate.reexamDone': 'تم التوقيع: {step} للملف {ref} (القيد {i}).',
    'gate.total': 'المجموع', 'gate.none': 'لا أحد',
    'gate.reason.identity-mismatch': 'عدم تطابق الهوية', 'gate.reason.invalid-documents': 'وثائق غير صالحة',
    'gate.reason.too-ill-to-travel': 'حالته الصحية لا تسمح بالسفر', 'gate.reason.missing-consent': 'غياب الموافقة',
    'gate.reason.reexamination': 'إعادة الفحص', 'gate.reason.other': 'سبب آخر',
    'gate.reason.withheld': 'السبب محجوب',
    'gate.cat.medical': 'مريض', 'gate.cat.companion': 'مرافق', 'gate.cat.returnee': 'عائد',
    'gate.cat.dual-national': 'مزدوج الجنسية', 'gate.cat.student': 'طالب', 'gate.cat.humanitarian-staff': 'عامل في المجال الإنساني',
    'gate.cat.other': 'أخرى', 'gate.cat.total': 'المجموع',
    'gate.badDate': 'أدخل التاريخ بصيغة YYYY-MM-DD.',
    'field.national_id': 'رقم الهوية', 'field.date_of_birth': 'تاريخ الميلاد', 'field.sex': 'الجنس',
    'gate.sex.M': 'ذكر', 'gate.sex.F': 'أنثى',
  },
};

// This page's strings and its parts', in each language.
export const strings = Object.fromEntries(['en', 'ar'].map((l) =>
  [l, {...own[l], ...checkinStrings[l], ...listStrings[l]}]));

const partyLabel = (p) => labelOr(`party.${p}`, p);

// A line's status at the gate (GET /api/v1/gate/{date}/travellers) as
// this page names it: a standby traveller not yet through the gate is on
// standby; one who crossed is checked in; one who went through the gate
// on another day is shown so, and not counted in this day's figures.
const pageStatus = (l) => {
  if (l.another_day) return 'another-day';
  if (l.status === 'crossed') return 'checked-in';
  if (l.status === 'pending' && l.standby) return 'standby';
  return l.status || (l.standby ? 'standby' : 'pending');
};

export async function render(ctx) {
  const {main, params, session, toast, refresh} = ctx;
  // The deployment first: "today" is a date in the crossing's time zone.
  const dep = await deployment();
  const today = crossingToday(dep.crossing?.time_zone);
  const date = params.date || today;
  if (!DATE_RE.test(date)) throw new Error(t('gate.badDate'));

  // A report exists only once the gate has closed the day.
  const dayP = orNull(api('GET', '/api/v1/days', {query: {from: date, to: date}}));
  const reportP = dayP.then((r) => {
    const d = r.value ? (r.value.days || []).find((x) => x.date === date) : null;
    return !r.value || (d && d.gate_closed) ? orNull(api('GET', `/api/v1/gate/${date}/report`)) : {value: null};
  });
  // Both lists and each traveller's status, in one call (the server reads
  // the day's own tables: the lists, the gate's events, the orders).
  const listP = orNull(api('GET', `/api/v1/gate/${date}/travellers`, {query: {why: 'gate'}}));
  const [dayRes, reportRes, listRes] = await Promise.all([dayP, reportP, listP]);
  const day = dayRes.value ? (dayRes.value.days || []).find((d) => d.date === date) : null;
  const report = reportRes.value;
  // A date with no crossing day has no lists (404, as null): shown as such.
  const manifests = {};
  for (const d of DIRECTIONS) manifests[d] = {value: listRes.value?.manifests?.[d] || null, error: listRes.error};
  const {operator, monitor} = dep.manifest;
  const reasons = dep.manifest.turn_back_reasons || [];
  const isOperator = session.role === 'officer' && session.party === operator;
  const isMonitor = session.party === monitor || session.role === 'monitor';

  // Each traveller: its line on a list and its status at the gate.
  const travellers = new Map();  // ref -> {line, direction, status, reason}
  for (const d of DIRECTIONS) {
    for (const l of manifests[d].value?.travellers || []) {
      travellers.set(l.ref, {line: l, direction: d, status: pageStatus(l), reason: l.reason});
    }
  }
  const touched = new Set();  // changed here since the list was read

  // --- header -------------------------------------------------------------
  add(main,
    h('h1', {}, tn('gate.titleOf', {d: ltr(date)})),
    h('nav', {class: 'row gate-nav no-print', 'aria-label': t('gate.title')},
      h('a', {href: `#/gate/${shiftDate(date, -1)}`, id: 'gate-prev'}, t('gate.prevDay')),
      h('a', {href: `#/gate/${shiftDate(date, 1)}`, id: 'gate-next'}, t('gate.nextDay')),
      date !== today ? h('a', {href: '#/gate', id: 'gate-today'}, t('gate.toToday')) : null,
      DIRECTIONS.map((d) => h('a', {href: `#/manifest/${date}/${d}`}, `${t('gate.manifests')}: ${t(`dir.${d}`)}`))),
    h('p', {id: 'gate-day'},
      date === today ? [h('span', {class: 'tag today-tag'}, t('gate.today')), ' '] : null,
      day ? [t('gate.dayStatus', {s: labelOr(`gate.st.${day.status}`, day.status)}), day.reason ? [' — ', h('bdi', {}, day.reason)] : null]
        : dayRes.error ? errorBox(dayRes.error) : h('span', {class: 'muted'}, t('gate.noDay'))));
  for (const d of DIRECTIONS) {
    const m = manifests[d].value;
    if (m && (m.awaiting || []).length && !report) {
      add(main, h('p', {class: 'error', 'data-direction': d},
        t('gate.notApproved', {dir: t(`dir.${d}`), p: listOf(m.awaiting.map(partyLabel))})));
    }
  }

  // --- the parts, each in its own module --------------------------------
  const statesBox = h('div', {id: 'gate-states', 'aria-live': 'polite'});
  let reexam = null;  // the monitor's form
  const part = {session, date, today, dep, manifests, travellers, touched, report, reportRes, isOperator, isMonitor,
    toast, refresh, reasons,
    onReexamine: (ref) => {
      if (!reexam) return;
      reexam.refInput.value = ref;
      reexam.refInput.scrollIntoView({block: 'center'});
      reexam.refInput.focus();
    }};
  const lists = listsSection(part, statesBox);
  lists.section.dataset.loaded = 'yes';
  if (isOperator && !report) add(main, checkinForm({...part, onOutcome: lists.setStatus}));
  const reportMsg = h('div', {'aria-live': 'polite', id: 'gate-report-msg'});
  if (isOperator && !report) add(main, closingSection(part, reportMsg));
  add(main, reportSection(part, reportMsg));
  if (session.role === 'monitor') {
    reexam = reexamSection(part);
    add(main, reexam.form);
  }
  // The long list comes last, below every action.
  add(main, lists.section);
}
