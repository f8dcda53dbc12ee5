// The manifest page's plan: what the priority policy gives now (the order
// of units with their scores, the standby list) and why every other
// eligible case is not on it. Nothing here is signed.

import {h} from '../dom.js';
import {num, t} from '../i18n.js';
import {comma, labelOr, ltr, rank} from '../util.js';
import {label} from '../words.js';

const PAGE = 100;

const catLabel = (c) => labelOr(`manifest.cat.${c}`, label('category', c));
const whyLabel = (r) => labelOr(`manifest.why.${r}`, r);
export const caseLink = (ref) => h('a', {href: `#/case/${encodeURIComponent(ref)}`, class: 'mono'}, ltr(ref));

// "50 patients, 100 companions", in the order of the deployment's `categories`.
export function placesText(obj, categories) {
  return Object.entries(obj || {}).sort(([a], [b]) => rank(a, categories) - rank(b, categories) || (a < b ? -1 : 1))
    .map(([k, n]) => `${num(n)} ${labelOr(`manifest.cats.${k}`, k)}`).join(comma());
}

// Consecutive lines of one group (a patient and their companions) form a
// unit; its score is its principal's.
function unitsOf(lines) {
  const units = [];
  for (const l of lines) {
    const key = l.group_ref || l.ref;
    const last = units[units.length - 1];
    if (last && last.key === key) last.lines.push(l);
    else units.push({key, lines: [l]});
  }
  return units;
}

function scoreCell(p) {
  if (!p) return '—';
  return h('span', {class: 'score'}, h('strong', {}, num(p.score)),
    h('span', {class: 'muted small terms', title: t('manifest.terms')}, ' ', ltr(`${num(p.urgency)} + ${num(p.waiting)} + ${num(p.child)}`)));
}

function unitTable(lines, id) {
  const units = unitsOf(lines);
  const cols = [t('manifest.unit'), t('manifest.pos'), t('manifest.ref'), t('common.category'), t('manifest.group'),
    t('manifest.score'), t('manifest.daysWaiting')];
  return h('table', {class: 'grid units', id},
    h('thead', {}, h('tr', {}, cols.map((c, i) => h('th', {scope: 'col', class: i === 0 || i === 1 || i >= 5 ? 'num' : null}, c)))),
    units.map((u, ui) => h('tbody', {class: 'unit', 'data-unit': u.key}, u.lines.map((l, li) => h('tr', {'data-ref': l.ref},
      li === 0 ? h('th', {scope: 'rowgroup', rowspan: u.lines.length, class: 'num'}, num(ui + 1)) : null,
      h('td', {class: 'num'}, num(l.order)),
      h('td', {}, caseLink(l.ref)),
      h('td', {}, catLabel(l.category)),
      h('td', {}, l.group_ref ? caseLink(l.group_ref) : ''),
      li === 0 ? h('td', {rowspan: u.lines.length, class: 'num'}, scoreCell(l.priority)) : null,
      li === 0 ? h('td', {rowspan: u.lines.length, class: 'num'}, l.priority ? num(l.priority.days_waiting) : '—') : null)))));
}

function notChosenView(list) {
  if (!list.length) return h('p', {class: 'muted'}, t('manifest.noneNotChosen'));
  const groups = new Map();
  for (const n of list) {
    if (!groups.has(n.reason)) groups.set(n.reason, []);
    groups.get(n.reason).push(n);
  }
  const sorted = [...groups.entries()].sort((a, b) => b[1].length - a[1].length);
  return h('div', {class: 'not-chosen'}, sorted.map(([reason, items]) => {
    const body = h('div', {class: 'not-chosen-body'});
    const details = h('details', {class: 'not-chosen-group panel', 'data-reason': reason, id: `manifest-why-${reason}`, ontoggle: () => {
      if (!details.open || body.firstChild) return;
      // Drawn on first opening, a page at a time: a reason can hold a
      // thousand cases.
      const tbody = h('tbody', {});
      let shown = 0;
      const more = h('button', {type: 'button', class: 'secondary more'});
      const page = () => {
        const next = items.slice(shown, shown + PAGE);
        tbody.append(...next.map((n) => h('tr', {'data-ref': n.ref},
          h('td', {}, caseLink(n.ref)),
          h('td', {}, catLabel(n.category)),
          h('td', {class: 'num'}, scoreCell(n.priority)),
          h('td', {class: 'num'}, n.priority ? num(n.priority.days_waiting) : '—'),
          h('td', {}, n.detail ? h('bdi', {}, n.detail) : ''),
          h('td', {}, n.standby ? h('span', {class: 'tag'}, t('manifest.onStandby')) : ''))));
        shown += next.length;
        more.hidden = shown >= items.length;
        more.textContent = t('manifest.more', {n: num(Math.min(PAGE, items.length - shown))});
      };
      more.addEventListener('click', page);
      body.append(h('table', {class: 'grid'},
        h('thead', {}, h('tr', {}, [t('manifest.ref'), t('common.category'), t('manifest.score'), t('manifest.daysWaiting'), t('manifest.detail'), t('manifest.onStandby')]
          .map((c, i) => h('th', {scope: 'col', class: i === 2 || i === 3 ? 'num' : null}, c)))),
        tbody), more);
      page();
    }},
    h('summary', {}, h('strong', {}, whyLabel(reason)), ' ', h('span', {class: 'tag count', 'data-count': items.length}, num(items.length)),
      ' ', h('code', {class: 'muted small'}, reason)),
    body);
    return details;
  }));
}

export function planView(plan, open, categories) {
  const lines = plan.travellers || [];
  const main = lines.filter((l) => !l.standby);
  const standby = lines.filter((l) => l.standby);
  const notChosen = plan.not_chosen || [];
  return h('details', {class: 'manifest-plan no-print', id: 'manifest-plan', open},
    h('summary', {id: 'manifest-plan-toggle'}, h('h2', {class: 'inline'}, t('manifest.plan'))),
    h('p', {class: 'muted'}, t('manifest.planIntro')),
    h('p', {},
      t('manifest.capacity', {c: placesText(plan.capacity, categories)}), h('br'),
      t('manifest.counts', {c: placesText(Object.fromEntries(Object.entries(plan.counts || {}).filter(([, n]) => n > 0)), categories) || '0'}),
      plan.equal_in_out_cap !== undefined ? [h('br'), t('manifest.inOutCap', {n: num(plan.equal_in_out_cap)})] : null),
    lines.length && !lines.some((l) => l.priority) ? h('p', {class: 'muted', id: 'manifest-no-scores'}, t('manifest.noScores')) : null,
    main.length
      ? [h('h3', {}, t('manifest.order', {u: num(unitsOf(main).length), n: num(main.length)})), unitTable(main, 'manifest-plan-order')]
      : h('p', {class: 'notice'}, t('manifest.planEmpty')),
    standby.length
      ? [h('h3', {}, t('manifest.planStandby', {u: num(unitsOf(standby).length), n: num(standby.length)})), unitTable(standby, 'manifest-plan-standby')]
      : null,
    h('h3', {}, t('manifest.notChosen', {n: num(notChosen.length)})),
    notChosen.length ? h('p', {class: 'muted'}, t('manifest.notChosenIntro')) : null,
    notChosenView(notChosen));
}

