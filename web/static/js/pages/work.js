// The crossings authority's home (PA): the registration and gate work
// waiting for it: its queue (GET /api/v1/queue: registrations to decide,
// oldest first), a way to register referrals, and today's gate.

import {api} from '../api.js';
import {h, table} from '../dom.js';
import {num, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {orNull, stamp} from '../util.js';
import {todayGate} from './today_gate.js';

export const strings = {
  en: {
    'work.title': 'Work waiting for {p}', 'work.queue': 'Waiting for your decision',
    'work.counts': '{n} pending, {o} overdue', 'work.empty': 'Nothing is waiting for your party.',
    'work.all': 'Open the whole queue', 'work.register': 'Registration',
    'work.registerHint': 'Register referrals from a CSV file.', 'work.import': 'Register referrals',
    'work.overdue': 'overdue', 'work.since': 'Waiting since',
  },
  ar: {
    'work.title': 'العمل بانتظار {p}', 'work.queue': 'بانتظار قرارك',
    'work.counts': '{n} بانتظار القرار، منها {o} متأخرة', 'work.empty': 'لا شيء بانتظار جهتك.',
    'work.all': 'فتح قائمة العمل كاملة', 'work.register': 'القيد',
    'work.registerHint': 'قيد الإحالات من ملف CSV.', 'work.import': 'قيد الإحالات',
    'work.overdue': 'متأخر', 'work.since': 'بالانتظار منذ',
  },
};

const SHOWN = 10;

function queueSection(res) {
  const section = h('section', {id: 'work-queue', class: 'panel'}, h('h2', {}, t('work.queue')));
  if (res.error) return section.appendChild(errorBox(res.error)), section;
  const data = res.value || {};
  const items = data.items || [];
  const total = data.total ?? items.length;
  const overdue = data.overdue ?? items.filter((i) => i.overdue).length;
  section.append(h('p', {id: 'work-counts'}, t('work.counts', {n: num(total), o: num(overdue)})));
  if (!items.length) {
    section.append(h('p', {class: 'muted'}, t('work.empty')));
    return section;
  }
  section.append(table([
    {label: t('common.case'), get: (i) => h('a', {href: `#/case/${encodeURIComponent(i.ref)}`, class: 'mono'}, i.ref)},
    {label: t('common.stage'), get: (i) => h('span', {class: 'mono'}, i.stage)},
    {label: t('common.category'), get: (i) => i.category},
    {label: t('work.since'), get: (i) => [stamp(i.since), i.overdue ? [' ', h('span', {class: 'tag overdue'}, t('work.overdue'))] : null]},
  ], items.slice(0, SHOWN)), h('p', {}, h('a', {href: '#/queue', id: 'work-all'}, t('work.all'))));
  return section;
}

export async function render({main, session}) {
  const [queue, today] = await Promise.all([
    orNull(api('GET', '/api/v1/queue', {query: {limit: SHOWN}})),
    todayGate().catch((err) => h('section', {id: 'today-gate', class: 'panel'}, errorBox(err))),
  ]);
  main.append(
    h('h1', {}, t('work.title', {p: t(`party.${session.party}`)})),
    queueSection(queue),
    h('section', {id: 'work-register', class: 'panel'}, h('h2', {}, t('work.register')),
      h('p', {}, t('work.registerHint')), h('p', {}, h('a', {href: '#/import', id: 'work-import'}, t('work.import')))),
    today);
}
