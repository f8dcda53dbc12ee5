// The words of the "Possible duplicates" page (duplicates.js, dup_pair.js,
// dup_decide.js), English and Arabic, every key in both
// (web/tests/words.test.mjs checks it without a browser): the page's own
// words, each feature of the matcher's evidence (docs/dedup.md), each level
// a feature may take, and the person's field names as case.js has them (for
// when this page is opened before a case).
// No browser API here, so node can import it.

export const strings = {
  en: {
    'dup.title': 'Possible duplicates',
    'dup.intro': 'Pairs of open cases that may be the same person, best score first. Compare the two records and decide: the same person (one case stays open, the other is closed as a duplicate and its companions move to the kept case) or different persons (the pair is not proposed again). Each decision is signed with your key.',
    'dup.empty': 'No possible duplicates wait for a decision.',
    'dup.count': '{n} pairs shown',
    'dup.more': 'Show more pairs',
    'dup.pair': 'Pair {n}: {a} and {b}',
    'dup.score': 'Match score',
    'dup.field': 'Field', 'dup.caseA': 'Case {ref}', 'dup.evidence': 'Evidence',
    'dup.compare': 'The two records side by side, with the evidence for each field',
    'dup.ref': 'Case ref', 'dup.registered': 'Registered', 'dup.group': 'Group',
    'dup.travelsWith': 'travels with {ref}', 'dup.companions': 'companions: {refs}', 'dup.noGroup': 'travels alone',
    'dup.notShown': 'not shown to your party', 'dup.none': 'none',
    'dup.features': 'Evidence by feature', 'dup.feature': 'Feature', 'dup.level': 'How it compares',
    'dup.verdict': 'Agreement', 'dup.weight': 'Weight',
    'dup.decide': 'Decision', 'dup.same': 'The same person', 'dup.different': 'Different persons',
    'dup.keep': 'Case to keep open', 'dup.keepHint': 'The other case is closed as a duplicate.',
    'dup.earlier': 'registered first',
    'dup.sign': 'Sign and submit',
    'dup.doneSame': 'Signed: {dup} is closed as a duplicate of {keep}.',
    'dup.doneDifferent': 'Signed: {a} and {b} are different persons.',
    'dup.draftKept': 'Your unsigned decision was kept while you signed in again. Check it and sign it.',
    'field.name_ar': 'Name (Arabic)', 'field.name_en': 'Name (Latin)', 'field.national_id': 'National ID',
    'field.date_of_birth': 'Date of birth', 'field.sex': 'Sex', 'field.passport_no': 'Passport', 'field.phone': 'Phone',
    'verdict.agree': 'Agrees', 'verdict.partial': 'Partly agrees', 'verdict.disagree': 'Disagrees', 'verdict.missing': 'Not compared',
    'feature.name_first': 'First name', 'feature.name_family': 'Family name', 'feature.name_full': 'Full name',
    'feature.date_of_birth': 'Date of birth', 'feature.sex': 'Sex', 'feature.national_id': 'National ID',
    'feature.passport_no': 'Passport', 'feature.phone': 'Phone', 'feature.group': 'Group',
    'level.exact': 'exactly the same', 'level.transliteration': 'the same across scripts or spellings',
    'level.fuzzy': 'similar', 'level.swapped_day_month': 'day and month swapped', 'level.year_only': 'same year only',
    'level.one_digit': 'one digit differs', 'level.disagree': 'different', 'level.missing': 'missing on one side',
  },
  ar: {
    'dup.title': 'سجلات مكررة محتملة',
    'dup.intro': 'أزواج من الملفات المفتوحة قد تخص الشخص نفسه، الأعلى درجة أولاً. قارن بين السجلين وقرّر: الشخص نفسه (يبقى ملف واحد مفتوحاً ويُغلق الآخر لأنه مكرر وينتقل مرافقوه إلى الملف الباقي) أو شخصان مختلفان (لا يُقترح الزوج مرة أخرى). يُوقَّع كل قرار بمفتاحك.',
    'dup.empty': 'لا توجد سجلات مكررة محتملة بانتظار القرار.',
    'dup.count': 'عدد الأزواج المعروضة: {n}',
    'dup.more': 'عرض المزيد من الأزواج',
    'dup.pair': 'الزوج {n}: {a} و{b}',
    'dup.score': 'درجة التطابق',
    'dup.field': 'الحقل', 'dup.caseA': 'الملف {ref}', 'dup.evidence': 'الأدلة',
    'dup.compare': 'السجلان جنباً إلى جنب، مع الأدلة لكل حقل',
    'dup.ref': 'رقم الملف', 'dup.registered': 'تاريخ القيد', 'dup.group': 'المجموعة',
    'dup.travelsWith': 'يرافق {ref}', 'dup.companions': 'المرافقون: {refs}', 'dup.noGroup': 'يسافر وحده',
    'dup.notShown': 'غير معروض لجهتك', 'dup.none': 'لا يوجد',
    'dup.features': 'الأدلة حسب السمة', 'dup.feature': 'السمة', 'dup.level': 'نتيجة المقارنة',
    'dup.verdict': 'التوافق', 'dup.weight': 'الوزن',
    'dup.decide': 'القرار', 'dup.same': 'الشخص نفسه', 'dup.different': 'شخصان مختلفان',
    'dup.keep': 'الملف الذي يبقى مفتوحاً', 'dup.keepHint': 'يُغلق الملف الآخر لأنه مكرر.',
    'dup.earlier': 'قُيّد أولاً',
    'dup.sign': 'توقيع وإرسال',
    'dup.doneSame': 'تم التوقيع: أُغلق الملف {dup} لأنه مكرر للملف {keep}.',
    'dup.doneDifferent': 'تم التوقيع: الملفان {a} و{b} لشخصين مختلفين.',
    'dup.draftKept': 'احتُفظ بقرارك غير الموقّع أثناء دخولك من جديد. راجعه ثم وقّعه.',
    'field.name_ar': 'الاسم (بالعربية)', 'field.name_en': 'الاسم (بالأحرف اللاتينية)', 'field.national_id': 'رقم الهوية',
    'field.date_of_birth': 'تاريخ الميلاد', 'field.sex': 'الجنس', 'field.passport_no': 'جواز السفر', 'field.phone': 'الهاتف',
    'verdict.agree': 'متوافق', 'verdict.partial': 'متوافق جزئياً', 'verdict.disagree': 'مختلف', 'verdict.missing': 'لم يُقارن',
    'feature.name_first': 'الاسم الأول', 'feature.name_family': 'اسم العائلة', 'feature.name_full': 'الاسم الكامل',
    'feature.date_of_birth': 'تاريخ الميلاد', 'feature.sex': 'الجنس', 'feature.national_id': 'رقم الهوية',
    'feature.passport_no': 'جواز السفر', 'feature.phone': 'الهاتف', 'feature.group': 'المجموعة',
    'level.exact': 'متطابق تماماً', 'level.transliteration': 'متطابق بين الكتابتين أو التهجئتين',
    'level.fuzzy': 'متشابه', 'level.swapped_day_month': 'اليوم والشهر متبادلان', 'level.year_only': 'السنة نفسها فقط',
    'level.one_digit': 'يختلف في رقم واحد', 'level.disagree': 'مختلف', 'level.missing': 'غير متوفر في أحدهما',
  },
};

// A feature's level as agreement: exact agrees, disagree disagrees,
// missing is not compared, every other level (transliteration, fuzzy,
// swapped parts, one digit) agrees in part.
export function verdictOf(level) {
  if (level === 'exact') return 'agree';
  if (level === 'disagree') return 'disagree';
  if (level === 'missing') return 'missing';
  return 'partial';
}

// The fields of a person record each feature speaks about (the rows of
// the side-by-side table it highlights).
export const FEATURE_FIELDS = {
  name_first: ['name_ar', 'name_en'], name_family: ['name_ar', 'name_en'], name_full: ['name_ar', 'name_en'],
  date_of_birth: ['date_of_birth'], sex: ['sex'], national_id: ['national_id'], passport_no: ['passport_no'],
  phone: ['phone'], group: ['group'],
};
