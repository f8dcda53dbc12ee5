// The end of a gate day: the operator closes it, which signs its report;
// the report (who crossed, who was turned back, who did not come) and the
// monitor's attestation of it; and the monitor's re-examination orders.

import {add, field, h, select} from '../dom.js';
import {num, t} from '../i18n.js';
import {change} from '../keys.js';
import {errorBox} from '../app.js';
import {ltr, rank, stamp, tn} from '../util.js';
import {catLabel, reasonLabel} from './gate_labels.js';
import {DIRECTIONS} from './gate_list.js';


// Closing the day (the operator), with its confirmation.
export function closingSection({session, date, toast, refresh}, reportMsg) {
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
  return h('section', {class: 'panel no-print', id: 'gate-closing'}, h('h2', {}, t('gate.close')),
    h('p', {class: 'muted'}, t('gate.closeIntro')), closeBtn, confirmBox, reportMsg);
}

// The day's report, and the monitor's attestation of it.
export function reportSection({session, date, dep, report, reportRes, toast, refresh}, reportMsg) {
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
  return reportSection;
}

// The monitor's re-examination form. Returns {form, refInput}.
export function reexamSection({session, date, travellers}) {
  const msg = h('div', {'aria-live': 'polite', id: 'gate-reexam-msg'});
  const reexamRef = h('input', {type: 'text', id: 'gate-reexam-ref', name: 'ref', required: true, size: 24, dir: 'ltr',
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
  return {form, refInput: reexamRef};
}
