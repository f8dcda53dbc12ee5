// Today's gate, as a section of a role's home (the monitor's page, the
// crossings authority's work): the day's status and what has crossed,
// been turned back or not shown so far. The counts are the server's
// (GET /api/v1/stats?since=TODAY, from the gate's events); nothing is
// counted here.

import {api} from '../api.js';
import {h} from '../dom.js';
import {add, num, t} from '../i18n.js';
import {deployment} from '../deployment.js';
import {crossingToday, ltr, orNull, tn} from '../util.js';

add({
  en: {
    'today.title': "Today's gate ({d})", 'today.noDay': 'No crossing day today.',
    'today.status': 'Day', 'today.crossed': 'Crossed', 'today.turnedBack': 'Turned back',
    'today.noShows': 'No-shows', 'today.capacity': 'Places offered', 'today.open': 'Open the gate page',
    'today.st.open': 'open', 'today.st.suspended': 'suspended', 'today.st.closed': 'closed',
    'today.st.pending': 'awaiting signatures', 'today.inProgress': 'in progress', 'today.gateClosed': 'closed at the gate',
  },
  ar: {
    'today.title': 'البوابة اليوم ({d})', 'today.noDay': 'لا يوم عبور اليوم.',
    'today.status': 'اليوم', 'today.crossed': 'عبروا', 'today.turnedBack': 'أُعيدوا',
    'today.noShows': 'لم يحضروا', 'today.capacity': 'المقاعد المتاحة', 'today.open': 'فتح صفحة البوابة',
    'today.st.open': 'مفتوح', 'today.st.suspended': 'معلّق', 'today.st.closed': 'مغلق',
    'today.st.pending': 'بانتظار التواقيع', 'today.inProgress': 'جارٍ', 'today.gateClosed': 'أُغلق عند البوابة',
  },
});

// A <section id="today-gate"> with today's figures, or the error in place.
export async function todayGate() {
  const dep = await deployment();
  const today = crossingToday(dep.crossing?.time_zone);
  const [daysRes, statsRes] = await Promise.all([
    orNull(api('GET', '/api/v1/days', {query: {from: today, to: today}})),
    orNull(api('GET', '/api/v1/stats', {query: {since: today}})),
  ]);
  const day = (daysRes.value?.days || []).find((d) => d.date === today);
  const figures = (statsRes.value?.crossings?.days || []).find((d) => d.date === today) || {};
  const section = h('section', {id: 'today-gate', class: 'panel'},
    h('h2', {}, tn('today.title', {d: ltr(today)})));
  if (!day) {
    section.append(h('p', {class: 'muted'}, t('today.noDay')));
  } else {
    const state = day.gate_closed ? t('today.gateClosed') : day.status === 'open' ? t('today.inProgress') : '';
    const rows = [
      [t('today.status'), [t(`today.st.${day.status}`), state ? ` (${state})` : ''], 'today-status'],
      [t('today.crossed'), num(figures.crossed ?? 0), 'today-crossed'],
      [t('today.turnedBack'), num(figures.turned_back ?? 0), 'today-turned-back'],
      [t('today.noShows'), num(figures.no_shows ?? 0), 'today-no-shows'],
    ];
    section.append(h('dl', {class: 'today-figures'},
      rows.map(([label, value, id]) => [h('dt', {}, label), h('dd', {id}, value)])));
  }
  section.append(h('p', {}, h('a', {href: `#/gate/${today}`, id: 'today-gate-link'}, t('today.open'))));
  return section;
}
