// The gate on a crossing day. For the operator's gate officer: one input
// for the ID number typed in or the MRZ scanned from the passport or ID
// card, check-in or turn-back, each signed in this browser; a document that
// differs from the approved identity is shown field by field, in red. The
// day's lists with who has crossed, who is still awaited, who did not come
// and who was turned back, with a no-show action; closing the day signs its
// report. For the monitor: re-examination orders and the attestation of
// the day's report.

import {api} from '../api.js';
import {add, bidi, field, h, select} from '../dom.js';
import {num, t} from '../i18n.js';
import {change} from '../keys.js';
import {deployment} from '../deployment.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, DATE_RE, crossingToday, labelOr, listOf, ltr, orNull, rank, shiftDate, stamp, tn} from '../util.js';
import {label} from '../words.js';

export const strings = {
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
    'gate.loadingStates': 'Looking up who has crossed…',
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
    'gate.crossed': 'سُجّل العبور — يمكنه العبور', 'gate.turnedBackAs': 'أُعيد: {r}',
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
    'gate.loadingStates': 'جارٍ التحقق ممن عبروا…',
    'field.national_id': 'رقم الهوية', 'field.date_of_birth': 'تاريخ الميلاد', 'field.sex': 'الجنس',
    'gate.sex.M': 'ذكر', 'gate.sex.F': 'أنثى',
  },
};

const DIRECTIONS = ['exit', 'entry'];

const STATUSES = ['pending', 'checked-in', 'turned-back', 'no-show', 'standby'];

const catLabel = (c) => labelOr(`gate.cat.${c}`, label('category', c));
const partyLabel = (p) => labelOr(`party.${p}`, p);
const reasonLabel = (r) => labelOr(`gate.reason.${r}`, label('reason', r));
const fieldLabel = (f) => labelOr(`gate.field.${f}`, f);

// Every case in `state` (summaries, no names), by pages of 500 asked for
// together: each answer takes the server a scan of all cases, so `guess`
// pages go at once and any further ones after.
async function casesIn(state, direction, guess = 1) {
  const limit = 500;
  const get = (offset) => api('GET', '/api/v1/cases', {query: {state, direction, limit, offset}}).then((r) => r.data);
  const pages = await Promise.all(Array.from({length: guess}, (_, i) => get(i * limit)));
  const total = pages[0].total || 0;
  const more = [];
  for (let off = guess * limit; off < total; off += limit) more.push(get(off));
  pages.push(...await Promise.all(more));
  return pages.flatMap((p) => p.cases || []);
}

// What the officer typed or scanned: an ID number (one line, no filler)
// or an MRZ (2 or 3 lines of A-Z, 0-9 and <). The MRZ is sent as read;
// only line ends are made LF and blank lines around it dropped, so the
// server can point at a misread character.
export function readDocument(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (!lines.length) return null;
  if (lines.length > 1 || lines[0].includes('<')) return {mrz: lines.join('\n'), lines: lines.length};
  return {id: lines[0].trim()};
}

const MRZ_LINE = /^[A-Za-z0-9<]{28,}$/;
// Enter in the input: a complete MRZ or an ID number is sent; Enter after
// a first MRZ line (a scanner types each line and Enter) starts the next.
function enterSends(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return false;
  const lens = lines.map((l) => l.trimEnd().length);
  if (lines.length === 3) return true;
  if (lines.length === 2 && lens.every((n) => n === 44 || n === 36)) return true;
  if (lines.length === 2 && lens.every((n) => n === 30)) return false;  // TD1: a third line follows
  if (lines.length === 2) return true;
  return !MRZ_LINE.test(lines[0].trim());
}

// "name: the document says 'X', approved 'Y'" -> {field, presented, approved}
function parseDifference(line) {
  const m = /^([\w-]+): the document says '(.*)', approved '(.*)'$/.exec(line);
  return m ? {field: m[1], presented: m[2], approved: m[3]} : null;
}

// "document_number: found 7, computed 8" -> {field, found, computed}
function parseCheck(line) {
  const m = /^([\w-]+): found (.*), computed (.*)$/.exec(line);
  return m ? {field: m[1], found: m[2], computed: m[3]} : null;
}

function mismatchBox(err, doc, onTurnBack) {
  const lines = (err.problem && err.problem.errors) || [];
  if (err.code === 'identity-mismatch') {
    const ref = (/case (\S+)$/.exec(err.message) || [])[1] || '';
    const diffs = lines.map(parseDifference);
    return h('div', {class: 'mismatch', id: 'gate-mismatch', role: 'alert', 'data-code': err.code, 'data-ref': ref},
      h('p', {class: 'mismatch-title'}, '✗ ', t('gate.mismatch')),
      ref ? h('p', {}, tn('gate.mismatchCase', {ref: ltr(ref, {class: 'mono'})})) : null,
      diffs.every(Boolean) && diffs.length
        ? h('table', {class: 'grid mismatch-table'},
          h('thead', {}, h('tr', {}, [t('gate.field'), t('gate.onDocument'), t('gate.approved')].map((c) => h('th', {scope: 'col'}, c)))),
          h('tbody', {}, diffs.map((d) => h('tr', {'data-field': d.field},
            h('th', {scope: 'row'}, fieldLabel(d.field)),
            h('td', {class: 'presented'}, ltr(d.presented, {class: 'mono'})),
            h('td', {class: 'approved'}, ltr(d.approved, {class: 'mono'}))))))
        : h('ul', {}, lines.map((l) => h('li', {}, ltr(l)))),
      onTurnBack ? h('p', {}, h('button', {type: 'button', class: 'danger', id: 'gate-turnback-mismatch',
        onclick: () => onTurnBack(doc)}, t('gate.turnBackMismatch'))) : null);
  }
  const checks = lines.map(parseCheck);
  const digits = /check digits fail/.test(err.message) && checks.length && checks.every(Boolean);
  return h('div', {class: 'mismatch', id: 'gate-mismatch', role: 'alert', 'data-code': digits ? 'check-digits' : err.code},
    h('p', {class: 'mismatch-title'}, '✗ ', digits ? t('gate.checkDigits') : t('gate.badMrz')),
    digits
      ? h('table', {class: 'grid mismatch-table'},
        h('thead', {}, h('tr', {}, [t('gate.field'), t('gate.found'), t('gate.computed')].map((c) => h('th', {scope: 'col'}, c)))),
        h('tbody', {}, checks.map((c) => h('tr', {'data-field': c.field},
          h('th', {scope: 'row'}, fieldLabel(c.field)),
          h('td', {class: 'presented'}, ltr(c.found, {class: 'mono'})),
          h('td', {class: 'approved'}, ltr(c.computed, {class: 'mono'}))))))
      : h('p', {}, ltr(err.message, {class: 'mono'}), lines.length ? h('ul', {}, lines.map((l) => h('li', {}, ltr(l)))) : null));
}

export async function render(ctx) {
  const {main, params, session, toast, refresh} = ctx;
  // The deployment first: "today" is a date in the crossing's time zone.
  const dep = await deployment();
  const today = crossingToday(dep.crossing?.time_zone);
  const date = params.date || today;
  if (!DATE_RE.test(date)) throw new Error(t('gate.badDate'));
  const isOfficer = session.role === 'officer' || session.role === 'monitor';

  // A report exists only once the gate has closed the day.
  const dayP = orNull(api('GET', '/api/v1/days', {query: {from: date, to: date}}));
  const reportP = dayP.then((r) => {
    const d = r.value ? (r.value.days || []).find((x) => x.date === date) : null;
    return !r.value || (d && d.gate_closed) ? orNull(api('GET', `/api/v1/gate/${date}/report`)) : {value: null};
  });
  const [dayRes, reportRes, ...manRes] = await Promise.all([
    dayP,
    reportP,
    ...DIRECTIONS.map((d) => orNull(api('GET', `/api/v1/manifests/${date}/${d}`, {query: {why: 'gate'}}))),
  ]);
  const day = dayRes.value ? (dayRes.value.days || []).find((d) => d.date === date) : null;
  const report = reportRes.value;
  const manifests = {};
  DIRECTIONS.forEach((d, i) => { manifests[d] = manRes[i]; });
  const {operator, monitor} = dep.manifest;
  const reasons = dep.manifest.turn_back_reasons || [];
  const isOperator = session.role === 'officer' && session.party === operator;
  const isMonitor = session.party === monitor || session.role === 'monitor';

  // Each traveller: its line on a list and its status at the gate.
  const travellers = new Map();  // ref -> {line, direction, status, reason}
  for (const d of DIRECTIONS) {
    for (const l of manifests[d].value?.travellers || []) travellers.set(l.ref, {line: l, direction: d, status: l.standby ? 'standby' : 'pending'});
  }
  // Where each traveller stands comes from the case states (a scan of every
  // case on the server, so it is fetched while the page is drawn) and,
  // once the day is closed, from its report.
  const dirs = DIRECTIONS.filter((d) => manifests[d].value && (manifests[d].value.travellers || []).length);
  const dirQuery = dirs.length === 1 ? dirs[0] : undefined;
  const statesP = travellers.size && isOfficer
    ? Promise.all([casesIn('scheduled', dirQuery), casesIn('crossed', dirQuery, 3), casesIn('turned-back', dirQuery)])
    : null;
  if (statesP) statesP.catch(() => {});  // handled below, once the page is drawn
  const touched = new Set();  // changed here since the states were asked for
  const applyReport = () => {
    if (!report) return;
    const out = new Set(report.no_show || []);
    for (const tb of report.turned_back || []) out.add(tb.ref);
    // A closed day: the main list's others crossed.
    for (const [ref, tr] of travellers) if (!tr.line.standby && !out.has(ref) && tr.status === 'pending') tr.status = 'checked-in';
    for (const ref of report.no_show || []) if (travellers.has(ref)) travellers.get(ref).status = 'no-show';
    for (const tb of report.turned_back || []) {
      if (travellers.has(tb.ref)) Object.assign(travellers.get(tb.ref), {status: 'turned-back', reason: tb.reason});
    }
  };
  const applyStates = ([scheduled, crossed, turned]) => {
    const state = new Map();
    for (const list of [scheduled, crossed, turned]) for (const c of list) state.set(c.ref, c.state);
    for (const [ref, tr] of travellers) {
      if (touched.has(ref)) continue;
      const st = state.get(ref);
      if (st === 'crossed') tr.status = 'checked-in';
      else if (st === 'turned-back') tr.status = 'turned-back';
      else if (st === 'scheduled') tr.status = tr.line.standby ? 'standby' : 'pending';
      else tr.status = tr.line.standby ? 'standby' : 'no-show';
    }
    applyReport();
  };
  applyReport();

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

  // --- the day's lists ----------------------------------------------------
  const listMsg = h('div', {'aria-live': 'polite', id: 'gate-list-msg'});
  const rows = new Map();  // ref -> tr
  const counts = {};
  const countsBox = h('div', {class: 'gate-counts', id: 'gate-counts'});
  const drawCounts = () => {
    for (const s of STATUSES) counts[s] = 0;
    for (const tr of travellers.values()) counts[tr.status] = (counts[tr.status] || 0) + 1;
    countsBox.replaceChildren(...STATUSES.filter((s) => counts[s]).map((s) =>
      h('span', {class: `tag st-${s}`, 'data-status': s}, `${t(`gate.s.${s}`)}: ${num(counts[s])}`)), ' ');
  };
  const statusCell = (tr) => [h('span', {class: `tag st-${tr.status}`}, t(`gate.s.${tr.status}`)),
    tr.reason ? [' ', h('span', {class: 'small'}, reasonLabel(tr.reason))] : null];
  let reexamRef = null;  // the monitor's form field
  const markNoShow = async (ref, btn) => {
    btn.disabled = true;
    listMsg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    try {
      await change(session, 'POST', `/api/v1/gate/${date}/no-shows`, {ref});
      listMsg.replaceChildren(h('p', {class: 'notice'}, tn('gate.noShowDone', {ref: ltr(ref, {class: 'mono'})})));
      travellers.get(ref).status = 'no-show';
      touched.add(ref);
      redrawRow(ref);
      drawCounts();
    } catch (err) {
      listMsg.replaceChildren(errorBox(err));
      btn.disabled = false;
    }
  };
  const actionCell = (ref, tr) => {
    const out = [];
    if (isOperator && !report && tr.status === 'pending') {
      const b = h('button', {type: 'button', class: 'secondary gate-noshow', id: `gate-noshow-${ref}`, 'data-ref': ref,
        'aria-label': `${t('gate.noShow')}: ${ref}`,
        onclick: () => markNoShow(ref, b)}, t('gate.noShow'));
      out.push(b);
    }
    if (isMonitor && session.role === 'monitor') {
      out.push(h('button', {type: 'button', class: 'secondary gate-reexamine', id: `gate-reexamine-${ref}`, 'data-ref': ref,
        'aria-label': `${t('gate.reexamine')}: ${ref}`,
        onclick: () => {
          if (!reexamRef) return;
          reexamRef.value = ref;
          reexamRef.scrollIntoView({block: 'center'});
          reexamRef.focus();
        }}, t('gate.reexamine')));
    }
    return out;
  };
  const redrawRow = (ref) => {
    const row = rows.get(ref);
    const tr = travellers.get(ref);
    if (!row) return;
    row.dataset.status = tr.status;
    row.querySelector('td.status').replaceChildren(...[statusCell(tr)].flat(2).filter(Boolean));
    row.querySelector('td.actions').replaceChildren(...actionCell(ref, tr));
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

  const statesBox = h('div', {id: 'gate-states', 'aria-live': 'polite'},
    statesP ? h('p', {class: 'muted'}, t('gate.loadingStates')) : null);
  const listSection = h('section', {class: 'gate-lists', id: 'gate-lists', 'data-loaded': statesP ? 'no' : 'yes'},
    h('h2', {}, t('gate.lists')), countsBox,
    travellers.size ? h('div', {class: 'row no-print gate-filters'}, field(t('gate.filter'), filter), field(t('gate.statusFilter'), statusFilter)) : null,
    statesBox,
    listMsg);
  for (const d of DIRECTIONS) {
    const res = manifests[d];
    if (res.error) {
      add(listSection, errorBox(res.error));
      continue;
    }
    const m = res.value;
    if (!m || !(m.travellers || []).length) {
      add(listSection, h('p', {class: 'muted', 'data-direction': d}, t('gate.noManifest', {dir: t(`dir.${d}`)})));
      continue;
    }
    const lines = m.travellers;
    const cols = [t('gate.pos'), t('gate.nameAr'), t('gate.nameEn'), t('gate.id4'), t('gate.ref'), t('common.category'), t('gate.list'), t('gate.status'), t('gate.actions')];
    add(listSection, h('table', {class: 'grid gate-list', id: `gate-list-${d}`, 'data-direction': d},
      h('caption', {}, `${t(`dir.${d}`)} — ${t('gate.countLine', {n: num(lines.length)})}`),
      h('thead', {}, h('tr', {}, cols.map((c, i) => h('th', {scope: 'col', class: i === 0 ? 'num' : null}, c)))),
      h('tbody', {}, lines.map((l) => {
        const tr = travellers.get(l.ref);
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
      }))));
  }
  drawCounts();

  // --- check-in (the operator) --------------------------------------------
  if (isOperator && !report) {
    const input = h('textarea', {id: 'gate-input', class: 'gate-input', rows: 1, autofocus: true, spellcheck: 'false',
      autocomplete: 'off', autocapitalize: 'characters', dir: 'ltr', 'aria-describedby': 'gate-input-hint gate-input-kind'});
    const kind = h('span', {class: 'muted small', id: 'gate-input-kind', 'aria-live': 'polite'});
    const reason = select('reason', [['', t('gate.chooseReason')], ...reasons.map((r) => [r, reasonLabel(r)])], '', {id: 'gate-reason'});
    const docName = h('input', {type: 'text', id: 'gate-name', size: 30, dir: 'ltr', autocomplete: 'off'});
    const docDob = h('input', {type: 'text', id: 'gate-dob', size: 11, maxlength: 10, dir: 'ltr', inputmode: 'numeric',
      pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD', autocomplete: 'off'});
    const outcome = h('div', {id: 'gate-outcome', 'aria-live': 'assertive'});
    const checkinBtn = h('button', {type: 'submit', id: 'gate-checkin', class: 'big'}, t('gate.checkinBtn'));
    const turnBackBtn = h('button', {type: 'button', id: 'gate-turnback', class: 'danger'}, t('gate.turnBack'));
    const grow = () => {
      const n = input.value.split('\n').length;
      input.rows = Math.min(Math.max(n, 1), 4);
      const doc = readDocument(input.value);
      kind.textContent = !doc ? '' : doc.mrz ? t('gate.asMrz', {n: doc.lines}) : t('gate.asId');
    };
    // The document is taken as soon as it is sent, so the next traveller's
    // can be typed or scanned while the server answers.
    const clearInput = () => {
      input.value = '';
      docName.value = '';
      docDob.value = '';
      reason.value = '';
      grow();
    };
    const showIdentity = async (res, doc) => {
      const tr = travellers.get(res.ref);
      const l = tr ? tr.line : {ref: res.ref, category: res.category};
      const crossed = res.outcome === 'crossed';
      const person = h('dl', {class: 'kv gate-person'});
      const box = h('div', {class: `gate-result ${crossed ? 'ok' : 'back'}`, id: 'gate-result', role: 'status',
        'data-ref': res.ref, 'data-outcome': res.outcome},
      h('p', {class: 'gate-verdict'}, crossed ? `✓ ${t('gate.crossed')}` : `⟲ ${t('gate.turnedBackAs', {r: reasonLabel(doc.reason || '')})}`),
      h('div', {class: 'gate-names'},
        l.name_ar ? h('div', {class: 'gate-name-ar'}, bidi(l.name_ar, 'ar')) : null,
        l.name_en ? h('div', {class: 'gate-name-en'}, bidi(l.name_en, 'en')) : null),
      person);
      const put = (label, value) => person.append(h('dt', {}, label), h('dd', {}, value));
      put(t('gate.ref'), ltr(res.ref, {class: 'mono'}));
      if (l.id_last4) put(t('gate.id4'), ltr(l.id_last4, {class: 'mono gate-id4'}));
      put(t('common.category'), catLabel(res.category));
      put(t('common.direction'), t(`dir.${res.direction}`));
      if (res.standby) put(t('gate.list'), t('gate.standbyTraveller'));
      if (res.log_index) put(t('gate.logEntry'), ltr(String(res.log_index), {class: 'mono'}));
      outcome.replaceChildren(box);
      if (tr) {
        touched.add(res.ref);
        tr.status = crossed ? 'checked-in' : 'turned-back';
        tr.reason = crossed ? undefined : doc.reason;
        redrawRow(res.ref);
        drawCounts();
      }
      // The approved identity in full (a logged read, for the gate).
      try {
        const c = (await api('GET', `/api/v1/cases/${encodeURIComponent(res.ref)}`, {query: {why: 'gate check-in'}})).data;
        const p = c.person || {};
        if (p.national_id) put(t('field.national_id'), ltr(p.national_id, {class: 'mono'}));
        if (p.date_of_birth) put(t('field.date_of_birth'), ltr(p.date_of_birth, {class: 'mono'}));
        if (p.sex) put(t('field.sex'), labelOr(`gate.sex.${p.sex}`, p.sex));
      } catch { /* the names above are the list's */ }
    };
    const send = async (doc, out) => {
      const body = doc.mrz ? {mrz: doc.mrz} : {id: doc.id};
      if (doc.id && doc.name) body.name = doc.name;
      if (doc.id && doc.dob) body.date_of_birth = doc.dob;
      body.outcome = out;
      if (out === 'turned-back') body.reason = doc.reason;
      outcome.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
      checkinBtn.disabled = true;
      turnBackBtn.disabled = true;
      try {
        const res = await change(session, 'POST', `/api/v1/gate/${date}/checkins`, body);
        await showIdentity(res, doc);
      } catch (err) {
        if (err.code === 'identity-mismatch' || (doc.mrz && err.code === 'invalid')) {
          outcome.replaceChildren(mismatchBox(err, doc, err.code === 'identity-mismatch' && reasons.includes('identity-mismatch')
            ? (d) => send({...d, reason: 'identity-mismatch'}, 'turned-back') : null));
        } else {
          const box = errorBox(err);
          box.id = 'gate-error';
          outcome.replaceChildren(box);
        }
      } finally {
        checkinBtn.disabled = false;
        turnBackBtn.disabled = false;
        input.focus();
      }
    };
    const take = (out) => {
      const doc = readDocument(input.value);
      if (!doc) {
        outcome.replaceChildren(h('div', {class: 'error', role: 'alert', id: 'gate-error'}, t('gate.needInput')));
        input.focus();
        return;
      }
      if (out === 'turned-back') {
        if (!reason.value) {
          outcome.replaceChildren(h('div', {class: 'error', role: 'alert', id: 'gate-error'}, t('gate.needReason')));
          reason.focus();
          return;
        }
        doc.reason = reason.value;
      }
      if (doc.id) {
        doc.name = docName.value.trim();
        doc.dob = docDob.value.trim();
      }
      clearInput();
      send(doc, out);
    };
    input.addEventListener('input', grow);
    input.addEventListener('keydown', (e) => {
      if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
      if (e.ctrlKey || e.metaKey || enterSends(input.value)) {
        e.preventDefault();
        take('crossed');
      }
    });
    turnBackBtn.addEventListener('click', () => take('turned-back'));
    const form = h('form', {class: 'panel gate-checkin no-print', id: 'gate-form', onsubmit: (e) => {
      e.preventDefault();
      take('crossed');
    }},
    h('h2', {}, t('gate.checkin')),
    date !== today ? h('p', {class: 'warn-text'}, t('gate.notToday')) : null,
    h('label', {for: 'gate-input', class: 'gate-label'}, t('gate.input')),
    input,
    h('p', {class: 'muted small', id: 'gate-input-hint'}, t('gate.inputHint'), ' ', kind),
    h('details', {class: 'gate-idcheck', id: 'gate-idcheck'}, h('summary', {}, t('gate.idCheck')),
      h('div', {class: 'row'}, field(t('gate.docName'), docName), field(t('gate.docDob'), docDob))),
    h('div', {class: 'row gate-buttons'}, checkinBtn, h('span', {class: 'gate-sep'}),
      field(t('gate.reason'), reason), turnBackBtn),
    outcome);
    add(main, form);
    // Focus once the page is on screen: the next traveller can be scanned at once.
    const focus = (n) => (input.isConnected ? input.focus() : n > 0 && setTimeout(() => focus(n - 1), 30));
    setTimeout(() => focus(20), 0);
  }

  // --- closing, the report, the attestation --------------------------------
  const reportMsg = h('div', {'aria-live': 'polite', id: 'gate-report-msg'});
  if (isOperator && !report) {
    const confirmBox = h('div', {class: 'gate-confirm', id: 'gate-close-confirm-box', hidden: true},
      h('div', {class: 'row'},
        h('button', {type: 'button', class: 'danger', id: 'gate-close-confirm', onclick: async (e) => {
          e.target.disabled = true;
          reportMsg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
          try {
            await change(session, 'POST', `/api/v1/gate/${date}/close`, undefined);
            toast(t('gate.closed'));
            refresh();
          } catch (err) {
            reportMsg.replaceChildren(errorBox(err));
            e.target.disabled = false;
          }
        }}, tn('gate.closeConfirm', {d: ltr(date)})),
        h('button', {type: 'button', class: 'secondary', id: 'gate-close-cancel', onclick: () => {
          confirmBox.hidden = true;
          closeBtn.focus();
        }}, t('gate.closeCancel'))));
    const closeBtn = h('button', {type: 'button', id: 'gate-close', onclick: () => {
      confirmBox.hidden = false;
      confirmBox.querySelector('#gate-close-confirm').focus();
    }}, t('gate.close'));
    add(main, h('section', {class: 'panel no-print', id: 'gate-closing'}, h('h2', {}, t('gate.close')),
      h('p', {class: 'muted'}, t('gate.closeIntro')), closeBtn, confirmBox, reportMsg));
  }

  const reportSection = h('section', {class: 'gate-report', id: 'gate-report'}, h('h2', {}, t('gate.report')));
  if (reportRes.error) add(reportSection, errorBox(reportRes.error));
  else if (!report) add(reportSection, h('p', {class: 'muted', id: 'gate-no-report'}, t('gate.noReport')));
  else {
    const crossedRows = [];
    for (const d of DIRECTIONS) {
      const byCat = Object.entries((report.crossed || {})[d] || {}).sort(([a], [b]) => rank(a, dep.categories) - rank(b, dep.categories) || (a < b ? -1 : 1));
      for (const [c, n] of byCat) crossedRows.push([d, c, n]);
    }
    add(reportSection, 
      h('p', {}, tn('gate.reportedBy', {who: ltr(report.reported_by, {class: 'mono'}), t: stamp(report.reported_at)})),
      h('dl', {class: 'kv small'}, h('dt', {}, t('gate.reportHash')), h('dd', {class: 'mono', id: 'gate-report-hash'}, ltr(report.report))),
      report.matches_log
        ? h('p', {class: 'notice', id: 'gate-report-log'}, t('gate.matchesLog'))
        : h('div', {class: 'error', id: 'gate-report-log'}, t('gate.logDiffers'), h('ul', {}, (report.log_differences || []).map((x) => h('li', {}, ltr(x))))),
      h('h3', {}, t('gate.crossedBy')),
      crossedRows.length
        ? h('table', {class: 'grid gate-crossed', id: 'gate-crossed'},
          h('thead', {}, h('tr', {}, [t('common.direction'), t('common.category'), t('gate.crossedBy')].map((c, i) => h('th', {scope: 'col', class: i === 2 ? 'num' : null}, c)))),
          h('tbody', {}, crossedRows.map(([d, c, n]) => h('tr', {'data-direction': d, 'data-category': c},
            h('td', {}, t(`dir.${d}`)), h('td', {}, catLabel(c)), h('td', {class: 'num'}, num(n))))),
          h('tfoot', {}, h('tr', {}, h('th', {scope: 'row', colspan: 2}, t('gate.total')),
            h('td', {class: 'num'}, num(crossedRows.reduce((a, [, , n]) => a + n, 0))))))
        : h('p', {class: 'muted'}, t('gate.none')),
      h('h3', {}, t('gate.turnedBackList', {n: num((report.turned_back || []).length)})),
      (report.turned_back || []).length
        ? h('ul', {id: 'gate-turned-back'}, report.turned_back.map((x) => h('li', {'data-ref': x.ref},
          h('a', {href: `#/case/${encodeURIComponent(x.ref)}`, class: 'mono'}, ltr(x.ref)), ' — ', reasonLabel(x.reason))))
        : h('p', {class: 'muted'}, t('gate.none')),
      h('h3', {}, t('gate.noShows', {n: num((report.no_show || []).length)})),
      (report.no_show || []).length
        ? h('p', {class: 'gate-noshows', id: 'gate-no-shows'}, report.no_show.map((r, i) => [i ? ' ' : '',
          h('a', {href: `#/case/${encodeURIComponent(r)}`, class: 'mono', 'data-ref': r}, ltr(r))]))
        : h('p', {class: 'muted'}, t('gate.none')),
      report.attested_by
        ? h('p', {class: 'notice', id: 'gate-attested'}, tn('gate.attestedBy', {who: ltr(report.attested_by, {class: 'mono'}), t: stamp(report.attested_at)}))
        : h('p', {class: 'warn-text', id: 'gate-not-attested'}, t('gate.notAttested')));
    if (session.role === 'monitor' && !report.attested_by) {
      add(reportSection, h('div', {class: 'panel no-print'},
        h('p', {class: 'muted'}, t('gate.attestIntro')),
        h('button', {type: 'button', id: 'gate-attest', onclick: async (e) => {
          e.target.disabled = true;
          reportMsg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
          try {
            await change(session, 'POST', `/api/v1/gate/${date}/attestation`, undefined);
            toast(t('gate.attested'));
            refresh();
          } catch (err) {
            reportMsg.replaceChildren(errorBox(err));
            e.target.disabled = false;
          }
        }}, t('gate.attest')),
        reportMsg));
    }
  }
  add(main, reportSection);

  // --- re-examinations (the monitor) ---------------------------------------
  if (session.role === 'monitor') {
    const msg = h('div', {'aria-live': 'polite', id: 'gate-reexam-msg'});
    reexamRef = h('input', {type: 'text', id: 'gate-reexam-ref', name: 'ref', required: true, size: 24, dir: 'ltr',
      list: 'gate-reexam-refs', autocomplete: 'off'});
    const step = select('step', [['ordered', t('gate.reexamOrdered')], ['recorded', t('gate.reexamRecorded')]], 'ordered', {id: 'gate-reexam-step'});
    const note = h('input', {type: 'text', id: 'gate-reexam-note', name: 'note', size: 36, maxlength: 200});
    const submit = h('button', {type: 'submit', id: 'gate-reexam-submit'}, t('gate.reexamSubmit'));
    const form = h('form', {class: 'panel no-print', id: 'gate-reexam-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = {ref: reexamRef.value.trim(), step: step.value};
      if (note.value.trim()) body.note = note.value.trim();
      submit.disabled = true;
      msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
      try {
        const r = await change(session, 'POST', `/api/v1/gate/${date}/reexaminations`, body);
        msg.replaceChildren(h('p', {class: 'notice', id: 'gate-reexam-done'},
          tn('gate.reexamDone', {step: step.value === 'ordered' ? t('gate.reexamOrdered') : t('gate.reexamRecorded'),
            ref: ltr(r.ref || body.ref, {class: 'mono'}), i: String(r.log_index)})));
        note.value = '';
      } catch (err) {
        msg.replaceChildren(errorBox(err));
      } finally {
        submit.disabled = false;
      }
    }},
    h('h2', {}, t('gate.reexam')),
    h('p', {class: 'muted'}, t('gate.reexamIntro')),
    h('datalist', {id: 'gate-reexam-refs'}, [...travellers.keys()].map((r) => h('option', {value: r}))),
    h('div', {class: 'row'}, field(t('gate.reexamRef'), reexamRef), field(t('gate.reexamStep'), step), field(t('gate.reexamNote'), note), submit),
    msg);
    add(main, form);
  }
  // The long list comes last, below every action.
  add(main, listSection);

  if (statesP) {
    statesP.then((lists) => {
      applyStates(lists);
      for (const ref of rows.keys()) redrawRow(ref);
      drawCounts();
      applyFilter();
      statesBox.replaceChildren();
    }, (err) => {
      statesBox.replaceChildren(errorBox(err));
    }).finally(() => {
      listSection.dataset.loaded = 'yes';
    });
  }
}
