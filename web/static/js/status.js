// Status for families (status.html): a standalone page, no sign-in, no
// framework, nothing else loaded, for a phone on a poor connection. It asks
// POST /api/v1/public/inquiry (docs/api.md, "Status for families") and
// says the answer in Arabic or English. Its words are here, both languages
// (web/tests/words.test.mjs checks that every one has both).

export const strings = {
  en: {
    title: 'Case status',
    intro: 'Where a travel request stands, with each party\'s step. Type the reference on the referral and the date of birth of the person who travels.',
    'l-ref': 'Reference', 'h-ref': 'As written on the referral, e.g. WHO-2025-0102',
    'l-dob': 'Date of birth', 'h-dob': 'As on the identity card or birth certificate',
    'l-code': 'Inquiry code', 'h-code': 'Only if the referral slip has one',
    ask: 'Show the status', asking: 'Looking…',
    privacy: 'The date of birth you type is not kept; each inquiry is recorded, with the reference only when it matched. Several wrong tries about one reference make the page wait before the next.',
    staff: 'Staff sign in', other: 'العربية',
    found: 'The request', steps: 'Each party\'s step',
    miss: 'No request matches this reference and date of birth. Check both (and the code, if your slip has one) and try again.',
    'need.ref': 'Type the reference.', 'need.dob': 'Type the date of birth (year, month, day).',
    'bad.field': 'Please check this: {f}.',
    'wait.client': 'Too many tries from this connection. Try again in {t}.',
    'wait.ref': 'Too many wrong tries about this reference. Try again in {t}.',
    offline: 'The page could not reach the server. Check the connection and try again.',
    failed: 'Something went wrong on the server. Try again later.',
    seconds: '{n} seconds', minutes: '{n} minutes', hours: '{n} hours', days: '{n} days',
    'state.registered': 'Registered: no party has decided yet.',
    'state.in-review': 'In review: the parties are deciding.',
    'state.returned': 'A party asked for more information. The referring organisation will contact you.',
    'state.cleared': 'Cleared by every party. It waits for a place on a crossing day.',
    'state.expired': 'An approval ran out; that party must decide again.',
    'state.scheduled': 'On the list of a crossing day.',
    'state.crossed': 'Crossed.',
    'state.turned-back': 'Turned back at the crossing. The referring organisation will contact you.',
    'state.not-approved': 'Not approved. The referring organisation can tell you more.',
    'state.closed': 'Closed. The referring organisation can tell you more.',
    day: 'Crossing day: {d}',
    position: 'Place among cleared requests of the same kind: {p} of {n}. The order can change as others are cleared; the places of each day decide who travels.',
    'st.done': 'done {d}', 'st.pending': 'waiting for its decision {d}',
    'st.information-requested': 'asked for more information {d}', 'st.waiting': 'after the steps before it',
    ago: '({n} days ago)', for: '(for {n} days)', today: '(today)',
    'party.who': 'WHO', 'party.egypt': 'Egypt', 'party.cogat': 'COGAT', 'party.pa': 'Palestinian crossings authority', 'party.eubam': 'EUBAM',
    'stage.referral': 'referral', 'stage.acceptance': 'acceptance', 'stage.security': 'security check', 'stage.registration': 'registration',
  },
  ar: {
    title: 'حالة الطلب',
    intro: 'أين وصل طلب السفر، مع خطوة كل جهة. اكتب الرقم المرجعي المكتوب على الإحالة وتاريخ ميلاد الشخص المسافر.',
    'l-ref': 'الرقم المرجعي', 'h-ref': 'كما هو مكتوب على الإحالة، مثل WHO-2025-0102',
    'l-dob': 'تاريخ الميلاد', 'h-dob': 'كما في بطاقة الهوية أو شهادة الميلاد',
    'l-code': 'رمز الاستعلام', 'h-code': 'فقط إن كان على ورقة الإحالة',
    ask: 'اعرض الحالة', asking: 'جارٍ البحث…',
    privacy: 'لا يُحفظ تاريخ الميلاد الذي تكتبه؛ ويُسجَّل كل استفسار، ومعه الرقم المرجعي فقط إذا تطابق. بعد عدة محاولات خاطئة لرقم مرجعي واحد تنتظر الصفحة قبل المحاولة التالية.',
    staff: 'دخول الموظفين', other: 'English',
    found: 'الطلب', steps: 'خطوة كل جهة',
    miss: 'لا يوجد طلب بهذا الرقم المرجعي وتاريخ الميلاد. تحقق منهما (ومن الرمز إن كان على ورقتك) وحاول مرة أخرى.',
    'need.ref': 'اكتب الرقم المرجعي.', 'need.dob': 'اكتب تاريخ الميلاد (السنة، الشهر، اليوم).',
    'bad.field': 'يرجى التحقق من: {f}.',
    'wait.client': 'محاولات كثيرة من هذا الاتصال. حاول مرة أخرى بعد {t}.',
    'wait.ref': 'محاولات خاطئة كثيرة لهذا الرقم المرجعي. حاول مرة أخرى بعد {t}.',
    offline: 'تعذّر الوصول إلى الخادم. تحقق من الاتصال وحاول مرة أخرى.',
    failed: 'حدث خطأ في الخادم. حاول لاحقًا.',
    seconds: '{n} ثانية', minutes: '{n} دقيقة', hours: '{n} ساعة', days: '{n} يوم',
    'state.registered': 'مقيّد: لم تقرر أي جهة بعد.',
    'state.in-review': 'قيد المراجعة: الجهات تدرس الطلب.',
    'state.returned': 'طلبت جهة معلومات إضافية. ستتواصل معكم الجهة المحيلة.',
    'state.cleared': 'وافقت عليه كل الجهات. ينتظر مكانًا في يوم عبور.',
    'state.expired': 'انتهت صلاحية موافقة؛ على تلك الجهة أن تقرر من جديد.',
    'state.scheduled': 'مدرج في كشف يوم عبور.',
    'state.crossed': 'تم العبور.',
    'state.turned-back': 'أُرجع عند المعبر. ستتواصل معكم الجهة المحيلة.',
    'state.not-approved': 'لم تتم الموافقة. يمكن للجهة المحيلة أن تخبركم بالمزيد.',
    'state.closed': 'أُغلق الطلب. يمكن للجهة المحيلة أن تخبركم بالمزيد.',
    day: 'يوم العبور: {d}',
    position: 'الترتيب بين الطلبات الموافق عليها من النوع نفسه: {p} من {n}. قد يتغير الترتيب مع الموافقة على طلبات أخرى؛ وأماكن كل يوم تحدد من يسافر.',
    'st.done': 'تمت {d}', 'st.pending': 'بانتظار قرارها {d}',
    'st.information-requested': 'طلبت معلومات إضافية {d}', 'st.waiting': 'بعد الخطوات التي قبلها',
    ago: '(منذ {n} يوم)', for: '(منذ {n} يوم)', today: '(اليوم)',
    'party.who': 'منظمة الصحة العالمية', 'party.egypt': 'مصر', 'party.cogat': 'كوغات', 'party.pa': 'هيئة المعابر الفلسطينية', 'party.eubam': 'بعثة الاتحاد الأوروبي',
    'stage.referral': 'الإحالة', 'stage.acceptance': 'القبول', 'stage.security': 'الفحص الأمني', 'stage.registration': 'القيد',
  },
};

let lang = 'en';

export function t(key, vars) {
  let s = strings[lang][key] ?? strings.en[key] ?? key;
  if (vars) s = s.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  return s;
}

const $ = (id) => document.getElementById(id);
const el = (tag, cls, text) => {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = text;
  return e;
};

function wait(seconds) {
  const [unit, n] = seconds < 120 ? ['seconds', seconds] : seconds < 7200 ? ['minutes', Math.ceil(seconds / 60)]
    : seconds < 172800 ? ['hours', Math.ceil(seconds / 3600)] : ['days', Math.ceil(seconds / 86400)];
  return t(unit, {n});
}

let last = null;  // what the result shows, to say again in the other language

function show(what) {
  last = what;
  const box = $('result');
  box.replaceChildren();
  if (!what) return;
  const card = el('div', what.kind === 'found' ? '' : what.kind === 'miss' ? 'miss' : 'err');
  if (what.kind !== 'found') {
    card.append(el('p', '', what.text()));
  } else {
    const a = what.answer;
    card.append(el('h2', '', t('found')), el('p', 'state', t(`state.${a.state}`)));
    if (a.crossing_day) card.append(el('p', '', t('day', {d: a.crossing_day})));
    if (a.position) card.append(el('p', '', t('position', {p: a.position, n: a.cleared_total})));
    if (a.stages.length) {
      card.append(el('h2', '', t('steps')));
      const ol = el('ol');
      for (const s of a.stages) {
        const li = el('li');
        const when = s.days === null ? '' : s.days === 0 ? t('today') : t(s.status === 'done' ? 'ago' : 'for', {n: s.days});
        li.append(el('strong', '', `${t(`party.${s.party}`)} · ${t(`stage.${s.stage}`)}: `),
          el('span', s.status, t(`st.${s.status}`, {d: when}).trim()));
        ol.append(li);
      }
      card.append(ol);
    }
  }
  box.append(card);
  card.tabIndex = -1;
  card.focus();
}

function setLang(l) {
  lang = l === 'ar' ? 'ar' : 'en';
  document.documentElement.lang = lang;
  document.documentElement.dir = lang === 'ar' ? 'rtl' : 'ltr';
  document.title = t('title');
  for (const id of ['title', 'intro', 'l-ref', 'h-ref', 'l-dob', 'h-dob', 'l-code', 'h-code', 'ask', 'privacy', 'staff'])
    $(id).textContent = t(id);
  const other = $('lang');
  other.textContent = t('other');
  other.lang = lang === 'ar' ? 'en' : 'ar';
  try { localStorage.setItem('corridor.lang', lang); } catch { /* private mode */ }
  if (last) show(last);
}

async function ask(event) {
  event.preventDefault();
  const ref = $('ref').value.trim();
  const dob = $('dob').value;
  if (!ref) return show({kind: 'err', text: () => t('need.ref')});
  if (!/^\d{4}-\d\d-\d\d$/.test(dob)) return show({kind: 'err', text: () => t('need.dob')});
  const body = {ref, date_of_birth: dob};
  const code = $('code').value.trim();
  if (code) body.code = code;
  const button = $('ask');
  button.disabled = true;
  button.textContent = t('asking');
  try {
    const r = await fetch('/api/v1/public/inquiry', {method: 'POST', headers: {'Content-Type': 'application/json'},
      body: JSON.stringify(body), credentials: 'omit'});
    const j = await r.json().catch(() => ({}));
    if (r.status === 200) show(j.found ? {kind: 'found', answer: j} : {kind: 'miss', text: () => t('miss')});
    else if (r.status === 429) {
      const s = Number(r.headers.get('Retry-After')) || j.retry_after || 60;
      const key = /inquiry-locked$/.test(j.type || '') ? 'wait.ref' : 'wait.client';
      show({kind: 'err', text: () => t(key, {t: wait(s)})});
    } else if (r.status < 500 && j.field) {
      const label = {ref: 'l-ref', date_of_birth: 'l-dob', code: 'l-code'}[j.field];
      show({kind: 'err', text: () => t('bad.field', {f: label ? t(label) : j.field})});
    } else show({kind: 'err', text: () => t('failed')});
  } catch {
    show({kind: 'err', text: () => t('offline')});
  } finally {
    button.disabled = false;
    button.textContent = t('ask');
  }
}

function start() {
  let saved = null;
  try { saved = localStorage.getItem('corridor.lang'); } catch { /* private mode */ }
  setLang(new URLSearchParams(location.search).get('lang') || saved || ((navigator.language || '').startsWith('ar') ? 'ar' : 'en'));
  $('dob').max = new Date().toISOString().slice(0, 10);
  $('lang').addEventListener('click', () => setLang(lang === 'ar' ? 'en' : 'ar'));
  $('form').addEventListener('submit', ask);
}

if (typeof document !== 'undefined') start();
