// Every code a person sees, in English and Arabic: stages, categories,
// case states, reasons (a stage's refusal reasons, the gate's turn-back
// reasons), closures, sex, nationality, the names of withheld fields, the
// kinds of crossing day, and the crossing's and parties' names.
//
//   label('stage', 'referral')      -> "WHO referral" / "إحالة منظمة الصحة العالمية"
//   label('stage', 'new-stage')     -> "new-stage" (no word yet: the code itself, visibly)
//
// web/tests/e2e_words.test.mjs fails if a code the deployment names
// (GET /api/v1/deployment) has no word here in either language.

import {add, has, lang, t} from './i18n.js';

export const words = {
  en: {
    'stage.referral': 'Referral', 'stage.acceptance': 'Acceptance', 'stage.security': 'Security check',
    'stage.registration': 'Registration',
    'category.medical': 'Referred patient', 'category.companion': 'Companion of a patient',
    'category.dual-national': 'Dual or foreign national', 'category.student': 'Student',
    'category.humanitarian-staff': 'Humanitarian staff', 'category.other': 'Other traveller',
    'category.returnee': 'Returning resident', 'category.total': 'Total',
    'state.registered': 'Registered', 'state.in-review': 'In review', 'state.returned': 'Returned for correction',
    'state.cleared': 'Cleared', 'state.denied': 'Denied', 'state.withdrawn': 'Withdrawn', 'state.deceased': 'Deceased',
    'state.expired': 'Expired', 'state.scheduled': 'Scheduled', 'state.crossed': 'Crossed', 'state.turned-back': 'Turned back', 'state.duplicate': 'Duplicate',
    'reason.not-eligible': 'Not eligible', 'reason.incomplete-file': 'Incomplete file',
    'reason.duplicate-referral': 'Duplicate referral', 'reason.other': 'Other',
    'reason.no-hospital-bed': 'No hospital bed', 'reason.specialty-not-accepted': 'Specialty not accepted',
    'reason.security-refusal': 'Security refusal', 'reason.identity-mismatch': 'Identity mismatch',
    'reason.companion-limit': 'Companion limit reached', 'reason.invalid-documents': 'Invalid documents',
    'reason.temporary-id': 'Temporary ID only', 'reason.missing-consent': 'Missing consent',
    'reason.entry-not-permitted': 'Entry not permitted', 'reason.transit-refused': 'Transit refused',
    'reason.too-ill-to-travel': 'Too ill to travel', 'reason.reexamination': 'Re-examination',
    'reason.withheld': 'Reason withheld',
    'outcome.crossed': 'Crossed', 'outcome.turned-back': 'Turned back', 'outcome.no-show': 'No-show',
    'closure.deceased': 'Deceased', 'closure.withdrawn': 'Withdrawn', 'closure.duplicate': 'Duplicate',
    'sex.M': 'Male', 'sex.F': 'Female',
    'day.open': 'Open', 'day.suspend': 'Suspend', 'day.close': 'Close',
    'day.opened': 'Open', 'day.suspended': 'Suspended', 'day.closed': 'Closed',
    'crossing.rafah': 'Rafah crossing',
    'kind.registration': 'registration', 'kind.registration-batch': 'registration batch', 'kind.decision': 'decision',
    'kind.amendment': 'amendment', 'kind.closure': 'closure', 'kind.officer-add': 'officer key added',
    'kind.officer-revoke': 'officer key revoked', 'kind.crossing': 'crossing day', 'kind.manifest': 'list of travellers',
    'kind.approval': 'list approval', 'kind.gate': 'gate', 'kind.reexamination': 're-examination',
    'kind.day-report': 'day report', 'kind.attestation': 'attestation',
    'kind.same-person': 'same person', 'kind.different-persons': 'different persons',
    'partyName.who': 'World Health Organization (with the Gaza Ministry of Health)',
    'partyName.egypt': 'Arab Republic of Egypt (receiving state)',
    'partyName.cogat': 'COGAT (Israeli security coordination)',
    'partyName.pa': 'Palestinian General Authority for Crossings and Borders',
    'partyName.eubam': 'EU Border Assistance Mission Rafah',
    'hidden.name_ar': 'name (Arabic)', 'hidden.name_en': 'name (Latin)', 'hidden.national_id': 'national ID',
    'hidden.date_of_birth': 'date of birth', 'hidden.sex': 'sex', 'hidden.nationality': 'nationality',
    'hidden.passport_no': 'passport', 'hidden.phone': 'phone', 'hidden.urgency': 'urgency',
    'hidden.diagnosis': 'diagnosis', 'hidden.group_ref': 'group', 'hidden.requested_on': 'referral date',
    'hidden.flags': 'flags', 'hidden.child': 'child or adult', 'hidden.priority': 'priority score',
    'hidden.decision notes': 'decision notes', 'hidden.decision reasons': 'decision reasons',
    'hidden.waiting.by_urgency': 'waiting by urgency', 'hidden.waiting.children_by_urgency': 'children waiting by urgency',
    'hidden.waiting.children': 'children waiting', 'hidden.waiting.children_by_category': 'children waiting by category',
    'hidden.crossings.days_to_cross': 'days from referral to crossing', 'hidden.denied.by_reason': 'denials by reason',
  },
  ar: {
    'stage.referral': 'الإحالة', 'stage.acceptance': 'القبول', 'stage.security': 'الفحص الأمني',
    'stage.registration': 'القيد',
    'category.medical': 'مريض محال', 'category.companion': 'مرافق مريض',
    'category.dual-national': 'مزدوج الجنسية أو أجنبي', 'category.student': 'طالب',
    'category.humanitarian-staff': 'عامل إنساني', 'category.other': 'مسافر آخر',
    'category.returnee': 'مقيم عائد', 'category.total': 'المجموع',
    'state.registered': 'مقيّد', 'state.in-review': 'قيد المراجعة', 'state.returned': 'معاد للتصحيح',
    'state.cleared': 'موافق عليه من الجميع', 'state.denied': 'مرفوض', 'state.withdrawn': 'مسحوب', 'state.deceased': 'متوفى',
    'state.expired': 'منتهي الصلاحية', 'state.scheduled': 'مدرج في كشف', 'state.crossed': 'عبر', 'state.turned-back': 'أُرجع', 'state.duplicate': 'مكرر',
    'reason.not-eligible': 'غير مستحق', 'reason.incomplete-file': 'ملف ناقص',
    'reason.duplicate-referral': 'إحالة مكررة', 'reason.other': 'سبب آخر',
    'reason.no-hospital-bed': 'لا يوجد سرير في المستشفى', 'reason.specialty-not-accepted': 'التخصص غير مقبول',
    'reason.security-refusal': 'رفض أمني', 'reason.identity-mismatch': 'عدم تطابق الهوية',
    'reason.companion-limit': 'اكتمل عدد المرافقين', 'reason.invalid-documents': 'وثائق غير صالحة',
    'reason.temporary-id': 'هوية مؤقتة فقط', 'reason.missing-consent': 'غياب الموافقة',
    'reason.entry-not-permitted': 'الدخول غير مسموح', 'reason.transit-refused': 'العبور مرفوض',
    'reason.too-ill-to-travel': 'حالته الصحية لا تسمح بالسفر', 'reason.reexamination': 'إعادة فحص',
    'reason.withheld': 'السبب محجوب',
    'outcome.crossed': 'عبر', 'outcome.turned-back': 'أُرجع', 'outcome.no-show': 'لم يحضر',
    'closure.deceased': 'متوفى', 'closure.withdrawn': 'سحب الطلب', 'closure.duplicate': 'مكرر',
    'sex.M': 'ذكر', 'sex.F': 'أنثى',
    'day.open': 'فتح', 'day.suspend': 'تعليق', 'day.close': 'إغلاق',
    'day.opened': 'مفتوح', 'day.suspended': 'معلّق', 'day.closed': 'مغلق',
    'crossing.rafah': 'معبر رفح',
    'kind.registration': 'قيد', 'kind.registration-batch': 'دفعة قيد', 'kind.decision': 'قرار',
    'kind.amendment': 'تعديل', 'kind.closure': 'إغلاق ملف', 'kind.officer-add': 'إضافة مفتاح موظف',
    'kind.officer-revoke': 'إبطال مفتاح موظف', 'kind.crossing': 'يوم عبور', 'kind.manifest': 'كشف المسافرين',
    'kind.approval': 'موافقة على الكشف', 'kind.gate': 'البوابة', 'kind.reexamination': 'إعادة فحص',
    'kind.day-report': 'تقرير اليوم', 'kind.attestation': 'مصادقة',
    'kind.same-person': 'الشخص نفسه', 'kind.different-persons': 'شخصان مختلفان',
    'partyName.who': 'منظمة الصحة العالمية (مع وزارة الصحة في غزة)',
    'partyName.egypt': 'جمهورية مصر العربية (الدولة المستقبلة)',
    'partyName.cogat': 'كوغات (منسق الأمن الإسرائيلي)',
    'partyName.pa': 'الهيئة العامة للمعابر والحدود الفلسطينية',
    'partyName.eubam': 'بعثة الاتحاد الأوروبي للمساعدة الحدودية في رفح',
    'hidden.name_ar': 'الاسم (بالعربية)', 'hidden.name_en': 'الاسم (بالأحرف اللاتينية)', 'hidden.national_id': 'رقم الهوية',
    'hidden.date_of_birth': 'تاريخ الميلاد', 'hidden.sex': 'الجنس', 'hidden.nationality': 'الجنسية',
    'hidden.passport_no': 'جواز السفر', 'hidden.phone': 'الهاتف', 'hidden.urgency': 'الأولوية الطبية',
    'hidden.diagnosis': 'التشخيص', 'hidden.group_ref': 'المجموعة', 'hidden.requested_on': 'تاريخ الإحالة',
    'hidden.flags': 'التنبيهات', 'hidden.child': 'طفل أم بالغ', 'hidden.priority': 'درجة الأولوية',
    'hidden.decision notes': 'ملاحظات القرارات', 'hidden.decision reasons': 'أسباب القرارات',
    'hidden.waiting.by_urgency': 'المنتظرون حسب الأولوية', 'hidden.waiting.children_by_urgency': 'الأطفال المنتظرون حسب الأولوية',
    'hidden.waiting.children': 'الأطفال المنتظرون', 'hidden.waiting.children_by_category': 'الأطفال المنتظرون حسب الفئة',
    'hidden.crossings.days_to_cross': 'الأيام من الإحالة إلى العبور', 'hidden.denied.by_reason': 'حالات الرفض حسب السبب',
  },
};
add(words);

// Kinds whose words live elsewhere under another prefix (i18n.js).
const PREFIX = {party: 'party', urgency: 'urgency', direction: 'dir', outcome: 'outcome', status: 'status'};

// Whether `kind`'s `code` has a word in `language` (for the tests).
export function hasLabel(kind, code, language) {
  if (kind === 'nationality') return nationalityName(code, language) !== null;
  return has(`${PREFIX[kind] || kind}.${code}`, language);
}

// The word for `code` of `kind` in the page's language; the code itself,
// kept left to right, where there is none.
export function label(kind, code) {
  if (code === undefined || code === null || code === '') return '—';
  if (kind === 'nationality') return nationalityName(code, lang()) ?? `\u2066${code}\u2069`;
  const key = `${PREFIX[kind] || kind}.${code}`;
  const s = t(key);
  return s === key ? `\u2066${code}\u2069` : s;
}

// "STAGE:reason" (the figures' denials by reason) in words.
export function stageReason(key) {
  const i = String(key).indexOf(':');
  return i < 0 ? label('stage', key) : `${label('stage', key.slice(0, i))}: ${label('reason', key.slice(i + 1))}`;
}

// A list of withheld fields ("Not shown to your party: {f}") in words.
export function hiddenList(fields) {
  const names = (fields || []).map((f) => label('hidden', f));
  return new Intl.ListFormat(lang(), {style: 'long', type: 'conjunction'}).format(names);
}

// ISO 3166-1 alpha-3 (as on passports and in the registry) to alpha-2, for
// Intl.DisplayNames; the crossing's usual nationalities and neighbours.
const ALPHA2 = {PSE: 'PS', EGY: 'EG', ISR: 'IL', JOR: 'JO', SYR: 'SY', LBN: 'LB', SAU: 'SA', ARE: 'AE', QAT: 'QA',
  KWT: 'KW', TUR: 'TR', USA: 'US', GBR: 'GB', DEU: 'DE', FRA: 'FR', ITA: 'IT', ESP: 'ES', NLD: 'NL', BEL: 'BE',
  SWE: 'SE', NOR: 'NO', DNK: 'DK', IRL: 'IE', CAN: 'CA', AUS: 'AU', RUS: 'RU', UKR: 'UA', CHN: 'CN', IND: 'IN',
  PAK: 'PK', MAR: 'MA', DZA: 'DZ', TUN: 'TN', LBY: 'LY', SDN: 'SD', IRQ: 'IQ', YEM: 'YE', OMN: 'OM', BHR: 'BH',
  MYS: 'MY', IDN: 'ID', BRA: 'BR', CHL: 'CL', ZAF: 'ZA', GRC: 'GR', CYP: 'CY', AUT: 'AT', CHE: 'CH', POL: 'PL'};

export function nationalityName(code, language) {
  if (code === 'XXX') return language === 'ar' ? 'بلا جنسية' : 'Stateless';
  const a2 = ALPHA2[String(code).toUpperCase()];
  if (!a2) return null;
  try {
    return new Intl.DisplayNames([language === 'ar' ? 'ar' : 'en'], {type: 'region', fallback: 'none'}).of(a2) ?? null;
  } catch {
    return null;
  }
}
