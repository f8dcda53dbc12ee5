// Arabic (right to left) and English. Each page module adds its own
// strings with add({en: {...}, ar: {...}}); t() falls back to English,
// then to the key itself, so a missing translation shows, never breaks.
// Dates stay in ISO form in both languages; digits stay Latin, as on the
// documents the gate reads.

const dict = {en: {}, ar: {}};
const listeners = [];
export const languages = [['en', 'English'], ['ar', 'العربية']];

export function add(strings) {
  for (const lang of Object.keys(dict)) Object.assign(dict[lang], strings[lang] || {});
}

// Whether `language` has its own text for `key` (no fallback).
export function has(key, language) {
  return Object.hasOwn(dict[language] || {}, key);
}

// A copy of one language's strings (for the tests).
export function strings(language) {
  return {...(dict[language] || {})};
}

export function lang() {
  return document.documentElement.lang === 'ar' ? 'ar' : 'en';
}

// t('queue.title') or t('queue.total', {n: 5}) with "{n} cases" in the text.
export function t(key, vars) {
  let s = dict[lang()][key] ?? dict.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

export function setLang(l) {
  if (!dict[l]) l = 'en';
  localStorage.setItem('corridor.lang', l);
  document.documentElement.lang = l;
  document.documentElement.dir = l === 'ar' ? 'rtl' : 'ltr';
  for (const fn of listeners) fn(l);
}

export function onLangChange(fn) {
  listeners.push(fn);
}

export function initialLang() {
  const saved = localStorage.getItem('corridor.lang');
  if (saved) return saved;
  return (navigator.language || 'en').startsWith('ar') ? 'ar' : 'en';
}

export function num(n) {
  if (n === null || n === undefined || Number.isNaN(n)) return '—';
  return new Intl.NumberFormat(lang() === 'ar' ? 'ar-u-nu-latn' : 'en').format(n);
}

export function pct(x) {
  if (x === null || x === undefined) return '—';
  return new Intl.NumberFormat(lang() === 'ar' ? 'ar-u-nu-latn' : 'en',
    {style: 'percent', maximumFractionDigits: 1}).format(x);
}

// "2026-11-26T05:35:57Z" -> "2026-11-26 05:35 UTC" (ISO date, 24 h clock).
export function when(ts) {
  if (!ts) return '—';
  const m = /^(\d{4}-\d{2}-\d{2})T(\d{2}:\d{2})/.exec(ts);
  // Isolated left to right (U+2066 ... U+2069), so Arabic text around it
  // does not reorder the date's parts.
  return m ? `\u2066${m[1]} ${m[2]} UTC\u2069` : ts;
}

// Words shared by every page: stages, outcomes, states, parties.
add({
  en: {
    'app.name': 'Corridor',
    'app.skip': 'Skip to content',
    'nav.queue': 'Work queue', 'nav.days': 'Crossing days', 'nav.manifest': 'Manifests',
    'nav.gate': 'Gate', 'nav.dashboard': 'Dashboard', 'nav.log': 'Log', 'nav.admin': 'Admin',
    'nav.import': 'Register', 'nav.key': 'Signing key', 'nav.signout': 'Sign out', 'nav.main': 'Main',
    'lang.switch': 'العربية', 'nav.figures': 'Public figures', 'nav.plan': 'Planning',
    'nav.duplicates': 'Possible duplicates',
    'common.loading': 'Loading…', 'common.error': 'Error', 'common.save': 'Save',
    'common.cancel': 'Cancel', 'common.none': 'None', 'common.yes': 'Yes', 'common.no': 'No',
    'common.prev': 'Previous', 'common.next': 'Next', 'common.page': 'Page {p} of {n}',
    'common.refresh': 'Refresh', 'common.date': 'Date', 'common.direction': 'Direction',
    'common.category': 'Category', 'common.urgency': 'Urgency', 'common.state': 'State',
    'common.party': 'Party', 'common.stage': 'Stage', 'common.since': 'Since',
    'common.case': 'Case', 'common.child': 'Child', 'common.overdue': 'Overdue',
    'common.all': 'All', 'common.signed': 'Signed and committed to the log.',
    'common.signing': 'Signing in this browser…', 'common.download': 'Download',
    'common.reason': 'Reason', 'common.any': 'Any', 'common.status': 'Status',
    'common.withheld': 'Not shown to your party: {f}', 'common.table': 'Table',
    'err.no-key': 'This browser holds no signing key for {name}. Create one on the Signing key page.',
    'err.key-pending': 'Your signing key waits for an administrator to register it.',
    'err.network': 'The server could not be reached. Nothing was changed; try again.',
    'err.unreachable': 'The server cannot be reached. Check the connection, then retry.',
    'err.unreachable.title': 'Server unreachable', 'err.retry': 'Retry', 'err.details': 'Details',
    'err.field': '(field: {field})',
    'dir.exit': 'Exit (to Egypt)', 'dir.entry': 'Entry (to Gaza)',
    'party.who': 'WHO', 'party.egypt': 'Egypt', 'party.cogat': 'COGAT', 'party.pa': 'PA crossings',
    'party.eubam': 'EUBAM',
    'role.officer': 'officer', 'role.monitor': 'monitor', 'role.admin': 'administrator',
    'outcome.approve': 'Approved', 'outcome.deny': 'Denied', 'outcome.return': 'Returned',
    'status.pending': 'Pending', 'status.waiting': 'Waiting', 'status.approved': 'Approved',
    'status.denied': 'Denied', 'status.returned': 'Returned', 'status.expired': 'Expired',
    'status.stale': 'To decide again (identity corrected)',
    'urgency.life-saving': 'Life-saving', 'urgency.critical': 'Critical',
    'urgency.urgent': 'Urgent', 'urgency.routine': 'Routine',
  },
  ar: {
    'app.name': 'الممر',
    'app.skip': 'انتقل إلى المحتوى',
    'nav.queue': 'قائمة العمل', 'nav.days': 'أيام العبور', 'nav.manifest': 'كشوف السفر',
    'nav.gate': 'البوابة', 'nav.dashboard': 'لوحة المتابعة', 'nav.log': 'السجل', 'nav.admin': 'الإدارة',
    'nav.import': 'قيد المسافرين', 'nav.key': 'مفتاح التوقيع', 'nav.signout': 'الخروج من الحساب', 'nav.main': 'الرئيسية',
    'lang.switch': 'English', 'nav.figures': 'الأرقام العامة', 'nav.plan': 'التخطيط',
    'nav.duplicates': 'سجلات مكررة محتملة',
    'common.loading': 'جارٍ التحميل…', 'common.error': 'خطأ', 'common.save': 'حفظ',
    'common.cancel': 'إلغاء', 'common.none': 'لا شيء', 'common.yes': 'نعم', 'common.no': 'لا',
    'common.prev': 'السابق', 'common.next': 'التالي', 'common.page': 'الصفحة {p} من {n}',
    'common.refresh': 'تحديث', 'common.date': 'التاريخ', 'common.direction': 'الاتجاه',
    'common.category': 'الفئة', 'common.urgency': 'الأولوية الطبية', 'common.state': 'الحالة',
    'common.party': 'الجهة', 'common.stage': 'المرحلة', 'common.since': 'منذ',
    'common.case': 'الملف', 'common.child': 'طفل', 'common.overdue': 'متأخر',
    'common.all': 'الكل', 'common.signed': 'تم التوقيع والإدراج في السجل.',
    'common.signing': 'جارٍ التوقيع في هذا المتصفح…', 'common.download': 'تنزيل',
    'common.reason': 'السبب', 'common.any': 'أي', 'common.status': 'الوضع',
    'common.withheld': 'غير معروض لجهتك: {f}', 'common.table': 'جدول',
    'err.no-key': 'لا يحمل هذا المتصفح مفتاح توقيع لـ {name}. أنشئ مفتاحاً من صفحة مفتاح التوقيع.',
    'err.key-pending': 'مفتاح التوقيع بانتظار اعتماده من المسؤول.',
    'err.network': 'تعذّر الوصول إلى الخادم. لم يتغير شيء؛ أعد المحاولة.',
    'err.unreachable': 'لا يمكن الوصول إلى الخادم. تحقق من الاتصال ثم أعد المحاولة.',
    'err.unreachable.title': 'الخادم غير متاح', 'err.retry': 'إعادة المحاولة', 'err.details': 'التفاصيل',
    'err.field': '(الحقل: {field})',
    'dir.exit': 'خروج (إلى مصر)', 'dir.entry': 'دخول (إلى غزة)',
    'party.who': 'منظمة الصحة العالمية', 'party.egypt': 'مصر', 'party.cogat': 'كوغات',
    'party.pa': 'المعابر الفلسطينية', 'party.eubam': 'بعثة الاتحاد الأوروبي',
    'role.officer': 'موظف', 'role.monitor': 'مراقب', 'role.admin': 'مسؤول',
    'outcome.approve': 'موافقة', 'outcome.deny': 'رفض', 'outcome.return': 'إعادة',
    'status.pending': 'قيد الانتظار', 'status.waiting': 'بانتظار مرحلة سابقة',
    'status.approved': 'موافق عليه', 'status.denied': 'مرفوض', 'status.returned': 'معاد',
    'status.expired': 'منتهي الصلاحية',
    'status.stale': 'للبت من جديد (صُحّحت الهوية)',
    'urgency.life-saving': 'منقذ للحياة', 'urgency.critical': 'حرج',
    'urgency.urgent': 'عاجل', 'urgency.routine': 'اعتيادي',
  },
});

// The header's search box (pages/search.js has the page's own words).
add({
  en: {'search.label': 'Search cases', 'search.placeholder': 'Ref, ID, passport or name', 'search.go': 'Search'},
  ar: {'search.label': 'البحث في الملفات', 'search.placeholder': 'رقم الملف أو الهوية أو الجواز أو الاسم', 'search.go': 'بحث'},
});
