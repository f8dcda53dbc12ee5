// The crossing calendar (GET /api/v1/days): each day's status, why, who
// signed each opening, suspension or closure and when, and the places it
// offers by direction and category. An officer of a party the deployment
// lets open, suspend or close days drafts the change here and signs it in
// this browser (POST /api/v1/days); the server says plainly if the party
// may not.

import {api} from '../api.js';
import {add, field, h, select} from '../dom.js';
import {num, t} from '../i18n.js';
import {change} from '../keys.js';
import {deployment} from '../deployment.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, DATE_RE, comma, crossingToday, labelOr, listOf, ltr, rank, stamp} from '../util.js';
import {label} from '../words.js';

export const strings = {
  en: {
    'days.title': 'Crossing days', 'days.today': 'Today', 'days.todayIs': 'Today at the crossing (Asia/Gaza):',
    'days.none': 'No crossing day is recorded in this period.',
    'days.from': 'From', 'days.to': 'To', 'days.show': 'Show', 'days.allDates': 'All dates',
    'days.status': 'Status', 'days.reason': 'Reason', 'days.signatures': 'Signatures', 'days.capacity': 'Places',
    'days.links': 'Lists',
    'days.st.open': 'Open', 'days.st.suspended': 'Suspended', 'days.st.closed': 'Closed',
    'days.st.pending': 'Pending signatures',
    'days.gateClosed': 'Gate closed', 'days.awaiting': 'Awaiting: {p}', 'days.signedBy': 'Opening signed by: {p}',
    'days.act.open': 'Opened', 'days.act.suspend': 'Suspended', 'days.act.close': 'Closed',
    'days.manifestExit': 'Exit list', 'days.manifestEntry': 'Entry list', 'days.gate': 'Gate',
    'days.dir.exit': 'Out', 'days.dir.entry': 'In',
    'days.form.title': 'Open, suspend or close a day',
    'days.form.intro': 'Your party signs this in this browser. A day is open once every party that must open it has signed the same places; any party allowed to suspend or close a day may do so alone.',
    'days.form.action': 'Change', 'days.form.open': 'Open (sign the opening)', 'days.form.suspend': 'Suspend',
    'days.form.close': 'Close', 'days.form.date': 'Date', 'days.form.until': 'Until (optional)',
    'days.form.untilHint': 'The last day of a range, included.',
    'days.form.reason': 'Reason (public, one line, no personal data)',
    'days.form.capacity': 'Places offered', 'days.form.capHint': 'Every party must sign the same places; other places start the signatures again.',
    'days.form.addCat': 'Another category', 'days.form.catName': 'Category',
    'days.form.sign': 'Sign and submit', 'days.form.done': 'Signed and committed: {action} {d}.',
    'days.form.untilBefore': 'The last day must not be before the first.',
    'days.who.open': 'Who opens a day (all must sign):', 'days.who.suspend': 'Who may suspend:', 'days.who.close': 'Who may close:',
    'days.cat.medical': 'patients', 'days.cat.companion': 'companions', 'days.cat.total': 'total (all categories)',
    'days.cat.returnee': 'returnees', 'days.cat.dual-national': 'dual nationals', 'days.cat.student': 'students',
    'days.cat.humanitarian-staff': 'humanitarian staff', 'days.cat.other': 'other',
  },
  ar: {
    'days.title': 'أيام العبور', 'days.today': 'اليوم', 'days.todayIs': 'اليوم في المعبر (توقيت غزة):',
    'days.none': 'لا يوجد يوم عبور مسجل في هذه الفترة.',
    'days.from': 'من', 'days.to': 'إلى', 'days.show': 'عرض', 'days.allDates': 'كل التواريخ',
    'days.status': 'الوضع', 'days.reason': 'السبب', 'days.signatures': 'التواقيع', 'days.capacity': 'المقاعد',
    'days.links': 'الكشوف',
    'days.st.open': 'مفتوح', 'days.st.suspended': 'معلّق', 'days.st.closed': 'مغلق',
    'days.st.pending': 'بانتظار التواقيع',
    'days.gateClosed': 'أُغلقت البوابة', 'days.awaiting': 'بانتظار: {p}', 'days.signedBy': 'وقّع الفتح: {p}',
    'days.act.open': 'فتح', 'days.act.suspend': 'تعليق', 'days.act.close': 'إغلاق',
    'days.manifestExit': 'كشف الخروج', 'days.manifestEntry': 'كشف الدخول', 'days.gate': 'البوابة',
    'days.dir.exit': 'خروج', 'days.dir.entry': 'دخول',
    'days.form.title': 'فتح يوم أو تعليقه أو إغلاقه',
    'days.form.intro': 'توقّع جهتك هذا التغيير في هذا المتصفح. يُفتح اليوم حين توقّع كل الجهات المطلوبة على المقاعد نفسها؛ ويجوز لأي جهة مخوّلة بالتعليق أو الإغلاق أن تفعل ذلك منفردة.',
    'days.form.action': 'التغيير', 'days.form.open': 'فتح (توقيع الفتح)', 'days.form.suspend': 'تعليق',
    'days.form.close': 'إغلاق', 'days.form.date': 'التاريخ', 'days.form.until': 'حتى (اختياري)',
    'days.form.untilHint': 'آخر يوم في المدة، ضمناً.',
    'days.form.reason': 'السبب (علني، سطر واحد، بلا بيانات شخصية)',
    'days.form.capacity': 'المقاعد المتاحة', 'days.form.capHint': 'يجب أن توقّع كل الجهات على المقاعد نفسها؛ أي مقاعد مختلفة تعيد التواقيع من البداية.',
    'days.form.addCat': 'فئة أخرى', 'days.form.catName': 'الفئة',
    'days.form.sign': 'توقيع وإرسال', 'days.form.done': 'تم التوقيع والإدراج في السجل: {action} {d}.',
    'days.form.untilBefore': 'يجب ألا يسبق اليوم الأخير اليوم الأول.',
    'days.who.open': 'من يفتح اليوم (يجب أن يوقّع الجميع):', 'days.who.suspend': 'من يحق له التعليق:', 'days.who.close': 'من يحق له الإغلاق:',
    'days.cat.medical': 'مرضى', 'days.cat.companion': 'مرافقون', 'days.cat.total': 'المجموع (كل الفئات)',
    'days.cat.returnee': 'عائدون', 'days.cat.dual-national': 'مزدوجو الجنسية', 'days.cat.student': 'طلاب',
    'days.cat.humanitarian-staff': 'عاملون في المجال الإنساني', 'days.cat.other': 'أخرى',
  },
};

const catLabel = (c) => labelOr(`days.cat.${c}`, label('category', c));
const partyLabel = (p) => labelOr(`party.${p}`, p);
const DIRECTIONS = ['exit', 'entry'];

// A day's categories in the deployment's order (`categories`: [{id}]).
const catKeys = (places, categories) => Object.keys(places).sort((a, b) =>
  rank(a, categories) - rank(b, categories) || (a < b ? -1 : a > b ? 1 : 0));
function dateInput(attrs) {
  return h('input', {type: 'text', inputmode: 'numeric', pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD',
    size: 11, maxlength: 10, dir: 'ltr', autocomplete: 'off', ...attrs});
}

// "exit: 50 patients, 100 companions"
function capacityView(cap, categories) {
  const dirs = DIRECTIONS.filter((d) => cap && cap[d] && Object.keys(cap[d]).length);
  if (!dirs.length) return h('span', {class: 'muted'}, '—');
  return h('ul', {class: 'days-cap'}, dirs.map((d) => {
    const places = cap[d];
    return h('li', {'data-direction': d},
      h('strong', {}, t(`days.dir.${d}`), ': '),
      catKeys(places, categories).map((k, i) => [i ? comma() : '', h('span', {class: 'nowrap', 'data-category': k}, num(places[k]), ' ', catLabel(k))]));
  }));
}

function statusView(d) {
  return h('div', {class: 'days-status'},
    h('span', {class: `tag ${d.status}`, 'data-status': d.status}, t(`days.st.${d.status}`)),
    d.gate_closed ? [' ', h('span', {class: 'tag'}, t('days.gateClosed'))] : null,
    d.awaiting && d.awaiting.length
      ? h('div', {class: 'muted small'}, t('days.awaiting', {p: listOf(d.awaiting.map(partyLabel))}))
      : null,
    d.signed_by && d.signed_by.length && d.status !== 'open'
      ? h('div', {class: 'muted small'}, t('days.signedBy', {p: listOf(d.signed_by.map(partyLabel))}))
      : null);
}

function eventsView(events) {
  if (!events || !events.length) return h('span', {class: 'muted'}, '—');
  return h('ol', {class: 'days-events'}, events.map((e) => h('li', {class: `act-${e.action}`},
    h('strong', {}, t(`days.act.${e.action}`)), ' · ',
    partyLabel(e.party), ' ', ltr(`${e.party}/${e.officer}`, {class: 'mono'}), ' · ',
    h('time', {datetime: e.at}, stamp(e.at)),
    e.reason ? h('div', {class: 'muted small'}, h('bdi', {}, e.reason)) : null)));
}

function dayTable(days, today, categories) {
  const rows = days.map((d) => {
    const isToday = d.date === today;
    return h('tr', {class: `day-row ${isToday ? 'today' : ''}`, 'data-date': d.date, 'data-status': d.status,
      'aria-current': isToday ? 'date' : null, id: isToday ? 'days-today' : null},
    h('th', {scope: 'row'}, ltr(d.date, {class: 'mono'}),
      isToday ? [' ', h('span', {class: 'tag today-tag'}, t('days.today'))] : null),
    h('td', {}, statusView(d)),
    h('td', {}, d.reason ? h('bdi', {}, d.reason) : h('span', {class: 'muted'}, '—')),
    h('td', {}, eventsView(d.events)),
    h('td', {}, capacityView(d.capacity, categories)),
    h('td', {class: 'no-print'}, h('div', {class: 'days-links'},
      h('a', {href: `#/manifest/${d.date}/exit`}, t('days.manifestExit')),
      h('a', {href: `#/manifest/${d.date}/entry`}, t('days.manifestEntry')),
      h('a', {href: `#/gate/${d.date}`}, t('days.gate')))));
  });
  return h('table', {class: 'grid days-table', id: 'days-list'},
    h('thead', {}, h('tr', {},
      [t('common.date'), t('days.status'), t('days.reason'), t('days.signatures'), t('days.capacity')]
        .map((l) => h('th', {scope: 'col'}, l)),
      h('th', {scope: 'col', class: 'no-print'}, t('days.links')))),
    h('tbody', {}, rows));
}

// The places to offer: the chosen day's own (so a second party signs the
// same), else the latest day's, else the config's defaults.
function defaultCapacity(days, date) {
  const own = days.find((d) => d.date === date);
  if (own && own.capacity && Object.keys(own.capacity).length) return own.capacity;
  for (let i = days.length - 1; i >= 0; i--) {
    if (days[i].capacity && Object.keys(days[i].capacity).length) return days[i].capacity;
  }
  return {exit: {medical: 50, companion: 100}, entry: {total: 50}};
}

function changeForm(days, today, dep, {session, toast, refresh}) {
  const msg = h('div', {'aria-live': 'polite', id: 'days-msg'});
  const action = select('action', [['open', t('days.form.open')], ['suspend', t('days.form.suspend')], ['close', t('days.form.close')]], 'open', {id: 'days-action'});
  const date = dateInput({name: 'date', id: 'days-date', value: today, required: true});
  const until = dateInput({name: 'until', id: 'days-until'});
  const reason = h('input', {type: 'text', name: 'reason', id: 'days-reason', required: true, maxlength: 200, size: 48});
  const capBox = h('fieldset', {class: 'days-capacity', id: 'days-capacity'});

  const fillCapacity = () => {
    const cap = defaultCapacity(days, date.value);
    capBox.replaceChildren(h('legend', {}, t('days.form.capacity')),
      h('p', {class: 'hint muted'}, t('days.form.capHint')));
    for (const d of DIRECTIONS) {
      const places = cap[d] || {};
      const row = h('div', {class: 'row days-cap-row', 'data-direction': d}, h('strong', {class: 'days-cap-dir'}, t(`dir.${d}`)));
      for (const k of catKeys(places, dep.categories)) {
        row.append(field(catLabel(k), h('input', {type: 'number', min: 0, max: 999999, step: 1, required: true,
          class: 'cap', 'data-direction': d, 'data-category': k, id: `days-cap-${d}-${k}`, value: String(places[k]), dir: 'ltr'})));
      }
      const extra = h('button', {type: 'button', class: 'secondary small-btn', onclick: () => {
        const name = h('input', {type: 'text', class: 'cap-name', size: 14, dir: 'ltr', pattern: '[a-z0-9-]+', 'aria-label': t('days.form.catName')});
        const places = h('input', {type: 'number', class: 'cap-extra', min: 0, max: 999999, step: 1, value: '0', dir: 'ltr', 'data-direction': d, 'aria-label': t('days.capacity')});
        row.insertBefore(h('span', {class: 'field'}, h('span', {class: 'label'}, t('days.form.catName')), h('span', {class: 'row'}, name, places)), extra);
        name.focus();
      }}, t('days.form.addCat'));
      row.append(extra);
      capBox.append(row);
    }
  };
  const showCap = () => {
    capBox.hidden = action.value !== 'open';
    for (const i of capBox.querySelectorAll('input')) i.disabled = capBox.hidden;
  };
  action.addEventListener('change', showCap);
  date.addEventListener('input', () => {
    if (!DATE_RE.test(date.value)) return;
    fillCapacity();
    showCap();
  });
  fillCapacity();
  showCap();

  const submit = h('button', {type: 'submit', class: 'sign', id: 'days-submit'}, t('days.form.sign'));
  const form = h('form', {class: 'days-form', id: 'days-form', onsubmit: async (e) => {
    e.preventDefault();
    if (until.value && until.value < date.value) {
      msg.replaceChildren(h('div', {class: 'error', role: 'alert'}, t('days.form.untilBefore')));
      until.focus();
      return;
    }
    const body = {action: action.value, date: date.value, reason: reason.value.trim()};
    if (until.value) body.until = until.value;
    if (action.value === 'open') {
      const items = [];
      for (const i of capBox.querySelectorAll('input.cap')) items.push(`${i.dataset.direction}/${i.dataset.category}=${i.value.trim()}`);
      for (const i of capBox.querySelectorAll('input.cap-extra')) {
        const name = i.parentElement.querySelector('input.cap-name').value.trim();
        if (name) items.push(`${i.dataset.direction}/${name}=${i.value.trim()}`);
      }
      body.capacity = items.join(',');
    }
    msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    submit.disabled = true;
    try {
      await change(session, 'POST', '/api/v1/days', body);
      toast(t('days.form.done', {action: t(`days.act.${body.action}`), d: body.until ? `${body.date} – ${body.until}` : body.date}));
      refresh();
    } catch (err) {
      msg.replaceChildren(errorBox(err));
      submit.disabled = false;
    }
  }},
  h('p', {class: 'muted'}, t('days.form.intro')),
  dep.days ? h('p', {class: 'small', id: 'days-who'},
    ['open', 'suspend', 'close'].filter((k) => (dep.days[k] || []).length).map((k, i) => [i ? ' · ' : '',
      h('strong', {}, t(`days.who.${k}`)), ' ', listOf(dep.days[k].map(partyLabel))])) : null,
  h('div', {class: 'row'},
    field(t('days.form.action'), action),
    field(t('days.form.date'), date),
    field(t('days.form.until'), until, t('days.form.untilHint')),
    field(t('days.form.reason'), reason)),
  capBox,
  msg,
  submit);
  return h('details', {class: 'panel days-change no-print', id: 'days-change'},
    h('summary', {id: 'days-change-toggle'}, h('h2', {class: 'inline'}, t('days.form.title'))),
    form);
}

export async function render(ctx) {
  const {main, session} = ctx;
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const from = params.get('from') || '';
  const to = params.get('to') || '';
  const [{data}, dep] = await Promise.all([api('GET', '/api/v1/days', {query: {from, to}}), deployment()]);
  const days = (data.days || []).slice().sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const today = crossingToday(dep.crossing?.time_zone);

  const filter = h('form', {class: 'row filters panel no-print', id: 'days-filter', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const q = new URLSearchParams();
    if (f.get('from')) q.set('from', f.get('from'));
    if (f.get('to')) q.set('to', f.get('to'));
    location.hash = `#/days${q.toString() ? '?' + q : ''}`;
  }},
  field(t('days.from'), dateInput({name: 'from', value: from, id: 'days-from'})),
  field(t('days.to'), dateInput({name: 'to', value: to, id: 'days-to'})),
  h('button', {type: 'submit', class: 'secondary'}, t('days.show')),
  from || to ? h('a', {href: '#/days'}, t('days.allDates')) : null);

  add(main,
    h('div', {class: 'spread'}, h('h1', {}, t('days.title')),
      h('p', {class: 'muted', id: 'days-today-is'}, t('days.todayIs'), ' ', ltr(today, {class: 'mono'}))),
    session.role === 'officer' ? changeForm(days, today, dep, ctx) : null,
    filter,
    days.length ? dayTable(days, today, dep.categories) : h('p', {class: 'notice'}, t('days.none')));
}
