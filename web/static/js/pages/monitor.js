// The monitor's home (EUBAM): the re-examinations it ordered and has not
// recorded, today's gate, the read log with filters, and the break-glass
// reads to review. Every figure and row is the server's answer
// (GET /api/v1/reexaminations, /stats, /read-log).

import {api} from '../api.js';
import {field, h, table} from '../dom.js';
import {t} from '../i18n.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, ltr, orNull, stamp} from '../util.js';
import {todayGate} from './today_gate.js';

export const strings = {
  en: {
    'monitor.title': "Monitor's page", 'monitor.reexams': 'Re-examinations to record',
    'monitor.noReexams': 'No re-examination is waiting.', 'monitor.orderedBy': 'Ordered by',
    'monitor.orderedAt': 'Ordered at', 'monitor.readLog': 'Read log', 'monitor.glass': 'Break-glass reads to review',
    'monitor.noGlass': 'No break-glass read.', 'monitor.noReads': 'No read matches.',
    'monitor.account': 'Account', 'monitor.reason': 'Reason contains', 'monitor.from': 'From', 'monitor.to': 'To',
    'monitor.filter': 'Filter', 'monitor.clear': 'Clear', 'monitor.anyParty': 'Any party',
    'monitor.at': 'When', 'monitor.what': 'What was read', 'monitor.why': 'Reason', 'monitor.case': 'Case',
    'monitor.day': 'Day',
  },
  ar: {
    'monitor.title': 'صفحة المراقب', 'monitor.reexams': 'إعادات فحص بانتظار التوثيق',
    'monitor.noReexams': 'لا إعادة فحص بالانتظار.', 'monitor.orderedBy': 'أمر بها',
    'monitor.orderedAt': 'وقت الأمر', 'monitor.readLog': 'سجل الاطلاع', 'monitor.glass': 'اطلاعات طارئة للمراجعة',
    'monitor.noGlass': 'لا اطلاع طارئ.', 'monitor.noReads': 'لا اطلاع مطابق.',
    'monitor.account': 'الحساب', 'monitor.reason': 'السبب يتضمن', 'monitor.from': 'من', 'monitor.to': 'إلى',
    'monitor.filter': 'تصفية', 'monitor.clear': 'مسح', 'monitor.anyParty': 'أي جهة',
    'monitor.at': 'الوقت', 'monitor.what': 'ما تم الاطلاع عليه', 'monitor.why': 'السبب', 'monitor.case': 'الملف',
    'monitor.day': 'اليوم',
  },
};

const PARTIES = ['who', 'egypt', 'cogat', 'pa', 'eubam'];
const FILTERS = ['party', 'account', 'since', 'until', 'reason'];

function reexamSection(res) {
  const section = h('section', {id: 'monitor-reexams', class: 'panel'}, h('h2', {}, t('monitor.reexams')));
  if (res.error) return section.appendChild(errorBox(res.error)), section;
  const rows = res.value?.reexaminations || [];
  if (!rows.length) return section.appendChild(h('p', {class: 'muted'}, t('monitor.noReexams'))), section;
  section.append(table([
    {label: t('monitor.day'), get: (r) => h('a', {href: `#/gate/${r.date}`}, ltr(r.date))},
    {label: t('monitor.case'), get: (r) => h('span', {class: 'mono'}, r.ref)},
    {label: t('monitor.orderedBy'), get: (r) => ltr(r.ordered_by)},
    {label: t('monitor.orderedAt'), get: (r) => stamp(r.ordered_at)},
  ], rows, {rowAttrs: (r) => ({'data-ref': r.ref})}));
  return section;
}

function readsTable(reads, empty) {
  if (!reads.length) return h('p', {class: 'muted'}, empty);
  return table([
    {label: t('monitor.at'), get: (r) => stamp(r.at)},
    {label: t('common.party'), get: (r) => (r.party ? t(`party.${r.party}`) : '—')},
    {label: t('monitor.account'), get: (r) => ltr(r.account)},
    {label: t('monitor.case'), get: (r) => h('span', {class: 'mono'}, r.ref)},
    {label: t('monitor.what'), get: (r) => r.what},
    {label: t('monitor.why'), get: (r) => h('bdi', {}, r.reason)},
  ], reads, {rowAttrs: (r) => ({'data-party': r.party, 'data-glass': r.break_glass ? '1' : '0'})});
}

function readLogSection(q, res) {
  const inp = (name, attrs = {}) => h('input', {name, id: `rl-${name}`, value: q[name] || '', dir: 'ltr', size: 12, ...attrs});
  const form = h('form', {class: 'row filters no-print', id: 'read-log-filter', onsubmit: (e) => {
    e.preventDefault();
    const f = new FormData(e.target);
    const next = new URLSearchParams();
    for (const k of FILTERS) if (f.get(k)) next.set(k, f.get(k).trim());
    location.hash = `#/monitor${next.toString() ? '?' + next : ''}`;
  }},
  field(t('common.party'), h('select', {name: 'party', id: 'rl-party'},
    h('option', {value: ''}, t('monitor.anyParty')),
    PARTIES.map((p) => h('option', {value: p, selected: q.party === p}, t(`party.${p}`))))),
  field(t('monitor.account'), inp('account')),
  field(t('monitor.from'), inp('since', {pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD'})),
  field(t('monitor.to'), inp('until', {pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD'})),
  field(t('monitor.reason'), inp('reason', {dir: 'auto'})),
  h('button', {type: 'submit', id: 'rl-go'}, t('monitor.filter')),
  h('button', {type: 'button', class: 'secondary', id: 'rl-clear', onclick: () => { location.hash = '#/monitor'; }}, t('monitor.clear')));
  return h('section', {id: 'monitor-read-log', class: 'panel'}, h('h2', {}, t('monitor.readLog')), form,
    res.error ? errorBox(res.error) : readsTable(res.value?.reads || [], t('monitor.noReads')));
}

export async function render({main}) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const q = Object.fromEntries(FILTERS.map((k) => [k, params.get(k) || '']));
  const query = Object.fromEntries(Object.entries(q).filter(([, v]) => v));
  const [reexams, reads, glass, today] = await Promise.all([
    orNull(api('GET', '/api/v1/reexaminations')),
    orNull(api('GET', '/api/v1/read-log', {query: {...query, limit: 200}})),
    orNull(api('GET', '/api/v1/read-log', {query: {break_glass: 1, limit: 200}})),
    todayGate().catch((err) => h('section', {id: 'today-gate', class: 'panel'}, errorBox(err))),
  ]);
  main.append(
    h('h1', {}, t('monitor.title')),
    reexamSection(reexams),
    today,
    h('section', {id: 'monitor-glass', class: 'panel'}, h('h2', {}, t('monitor.glass')),
      glass.error ? errorBox(glass.error) : readsTable(glass.value?.reads || [], t('monitor.noGlass'))),
    readLogSection(q, reads));
}
