// The gate's check-in, for the operator's gate officer: one input for the
// ID number typed in or the MRZ scanned. Look up, then sign: the first
// Enter drafts the check-in and shows whom the document names (both
// scripts, ref, category, direction, group; no photo); a second Enter (or
// the button) signs it in this browser and commits it. Escape or editing
// the number discards the draft, so a look-up never signed leaves nothing
// in the log. A failed check-in keeps the number in the box, selected.

import {api} from '../api.js';
import {bidi, field, h, select} from '../dom.js';
import {t} from '../i18n.js';
import {change, signAndCommit} from '../keys.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, labelOr, ltr, tn} from '../util.js';
import {catLabel, reasonLabel} from './gate_labels.js';
import {mrzDigitFailures, nationalIdDigitOk} from './gate_digits.js';

export const strings = {
  en: {
    'gate.lookingUp': 'Looking up the document…',
    'gate.toSign': 'Is this the traveller? Nothing is signed yet.',
    'gate.toSignCheckin': 'Press Enter again, or “Check in”, to sign the check-in. Escape cancels.',
    'gate.toSignTurnBack': 'Press “Turn back” again to sign the turn-back ({r}). Escape cancels.',
    'gate.cancel': 'Cancel', 'gate.cancelled': 'Cancelled: nothing was signed.',
    'gate.patientOf': 'Travels with the patient', 'gate.companionsOf': 'Companions',
    'gate.f.passport_no': 'Passport number', 'gate.f.nationality': 'Nationality',
    'gate.badIdDigit': 'The check digit of this national ID is wrong: a digit was mistyped. Check the number and type it again.',
    'gate.badMrzDigit': 'A check digit of the MRZ is wrong ({f}): it was misread or altered. Scan it again, or type the ID number.',
  },
  ar: {
    'gate.lookingUp': 'جارٍ البحث عن الوثيقة…',
    'gate.toSign': 'هل هذا هو المسافر؟ لم يُوقَّع شيء بعد.',
    'gate.toSignCheckin': 'اضغط Enter مرة أخرى، أو «تأكيد العبور»، لتوقيع تأكيد العبور. مفتاح Escape يلغي.',
    'gate.toSignTurnBack': 'اضغط «إعادة» مرة أخرى لتوقيع الإعادة ({r}). مفتاح Escape يلغي.',
    'gate.cancel': 'إلغاء', 'gate.cancelled': 'أُلغي: لم يُوقَّع شيء.',
    'gate.patientOf': 'يرافق المريض', 'gate.companionsOf': 'المرافقون',
    'gate.f.passport_no': 'رقم جواز السفر', 'gate.f.nationality': 'الجنسية',
    'gate.badIdDigit': 'رقم التحقق في رقم الهوية هذا غير صحيح: أُدخل رقم خطأً. راجع الرقم واكتبه مجدداً.',
    'gate.badMrzDigit': 'أحد أرقام التحقق في المنطقة المقروءة آلياً غير صحيح ({f}): قُرئت خطأً أو عُدّلت. امسحها مجدداً أو اكتب رقم الهوية.',
  },
};

const fieldLabel = (f) => labelOr(`gate.field.${f}`, f);

// What the officer typed or scanned: an ID number (one line, no filler)
// or an MRZ (2 or 3 lines of A-Z, 0-9 and <). The MRZ is sent as read;
// only line ends are made LF and blank lines around it dropped, so the
// server can point at a misread character.
export function readDocument(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n');
  while (lines.length && lines[0].trim() === '') lines.shift();
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  if (!lines.length) return null;
  if (lines.length > 1 || lines[0].includes('<')) return {mrz: lines.join('\n'), lines: lines.length};
  return {id: lines[0].trim()};
}

const MRZ_LINE = /^[A-Za-z0-9<]{28,}$/;
// Enter in the input: a complete MRZ or an ID number is sent; Enter after
// a first MRZ line (a scanner types each line and Enter) starts the next.
function enterSends(text) {
  const lines = text.replace(/\r\n?/g, '\n').split('\n').filter((l) => l.trim() !== '');
  if (!lines.length) return false;
  const lens = lines.map((l) => l.trimEnd().length);
  if (lines.length === 3) return true;
  if (lines.length === 2 && lens.every((n) => n === 44 || n === 36)) return true;
  if (lines.length === 2 && lens.every((n) => n === 30)) return false;  // TD1: a third line follows
  if (lines.length === 2) return true;
  return !MRZ_LINE.test(lines[0].trim());
}

// "name: the document says 'X', approved 'Y'" -> {field, presented, approved}
function parseDifference(line) {
  const m = /^([\w-]+): the document says '(.*)', approved '(.*)'$/.exec(line);
  return m ? {field: m[1], presented: m[2], approved: m[3]} : null;
}

// "document_number: found 7, computed 8" -> {field, found, computed}
function parseCheck(line) {
  const m = /^([\w-]+): found (.*), computed (.*)$/.exec(line);
  return m ? {field: m[1], found: m[2], computed: m[3]} : null;
}

function diffTable(heads, rows) {
  return h('table', {class: 'grid mismatch-table'},
    h('thead', {}, h('tr', {}, heads.map((c) => h('th', {scope: 'col'}, c)))),
    h('tbody', {}, rows.map(([f, a, b]) => h('tr', {'data-field': f},
      h('th', {scope: 'row'}, fieldLabel(f)),
      h('td', {class: 'presented'}, ltr(a, {class: 'mono'})),
      h('td', {class: 'approved'}, ltr(b, {class: 'mono'}))))));
}

// The MRZ's failing check digits, from the browser's check or the server's.
function digitsBox(checks) {
  return h('div', {class: 'mismatch', id: 'gate-mismatch', role: 'alert', 'data-code': 'check-digits'},
    h('p', {class: 'mismatch-title'}, '✗ ', t('gate.badMrzDigit', {f: checks.map((c) => fieldLabel(c.field)).join(', ')})),
    diffTable([t('gate.field'), t('gate.found'), t('gate.computed')], checks.map((c) => [c.field, c.found, c.computed])));
}

function mismatchBox(err, doc, onTurnBack) {
  const lines = (err.problem && err.problem.errors) || [];
  if (err.code === 'identity-mismatch') {
    const ref = (/case (\S+)$/.exec(err.message) || [])[1] || '';
    const diffs = lines.map(parseDifference);
    return h('div', {class: 'mismatch', id: 'gate-mismatch', role: 'alert', 'data-code': err.code, 'data-ref': ref},
      h('p', {class: 'mismatch-title'}, '✗ ', t('gate.mismatch')),
      ref ? h('p', {}, tn('gate.mismatchCase', {ref: ltr(ref, {class: 'mono'})})) : null,
      diffs.every(Boolean) && diffs.length
        ? diffTable([t('gate.field'), t('gate.onDocument'), t('gate.approved')], diffs.map((d) => [d.field, d.presented, d.approved]))
        : h('ul', {}, lines.map((l) => h('li', {}, ltr(l)))),
      onTurnBack ? h('p', {}, h('button', {type: 'button', class: 'danger', id: 'gate-turnback-mismatch',
        onclick: () => onTurnBack(doc)}, t('gate.turnBackMismatch'))) : null);
  }
  const checks = lines.map(parseCheck);
  if (/check digits fail/.test(err.message) && checks.length && checks.every(Boolean)) return digitsBox(checks);
  return h('div', {class: 'mismatch', id: 'gate-mismatch', role: 'alert', 'data-code': err.code},
    h('p', {class: 'mismatch-title'}, '✗ ', t('gate.badMrz')),
    h('p', {}, ltr(err.message, {class: 'mono'}), lines.length ? h('ul', {}, lines.map((l) => h('li', {}, ltr(l)))) : null));
}

// Whom the document names: the look-up's traveller (what the party may
// see of the record) with the day's list for names of the group.
function personBox(ctx, tv, {ref, category, direction, standby, logIndex}, head, cls, attrs) {
  const p = tv.person || {};
  const line = ctx.travellers.get(ref)?.line || {};
  const nameAr = p.name_ar || line.name_ar;
  const nameEn = p.name_en || line.name_en;
  const person = h('dl', {class: 'kv gate-person'});
  const put = (label, value) => person.append(h('dt', {}, label), h('dd', {}, value));
  const nameOf = (r) => {
    const l = ctx.travellers.get(r)?.line;
    return [ltr(r, {class: 'mono'}), l && l.name_en ? [' ', bidi(l.name_en, 'en')] : null, l && l.name_ar ? [' ', bidi(l.name_ar, 'ar')] : null];
  };
  put(t('gate.ref'), ltr(ref, {class: 'mono'}));
  put(t('common.category'), catLabel(category));
  put(t('common.direction'), t(`dir.${direction}`));
  if (p.national_id) put(t('field.national_id'), ltr(p.national_id, {class: 'mono'}));
  else if (line.id_last4) put(t('gate.id4'), ltr(line.id_last4, {class: 'mono gate-id4'}));
  if (p.passport_no) put(t('gate.f.passport_no'), ltr(p.passport_no, {class: 'mono'}));
  if (p.date_of_birth) put(t('field.date_of_birth'), ltr(p.date_of_birth, {class: 'mono'}));
  if (p.sex) put(t('field.sex'), labelOr(`gate.sex.${p.sex}`, p.sex));
  if (p.nationality) put(t('gate.f.nationality'), ltr(p.nationality, {class: 'mono'}));
  if (tv.group_ref && tv.group_ref !== ref) put(t('gate.patientOf'), h('span', {id: 'gate-group'}, nameOf(tv.group_ref)));
  if ((tv.companions || []).length) {
    put(t('gate.companionsOf'), h('ul', {class: 'plain', id: 'gate-companions'}, tv.companions.map((r) => h('li', {}, nameOf(r)))));
  }
  if (standby) put(t('gate.list'), t('gate.standbyTraveller'));
  if (logIndex) put(t('gate.logEntry'), ltr(String(logIndex), {class: 'mono'}));
  return h('div', {class: `gate-result ${cls}`, role: 'status', 'data-ref': ref, ...attrs},
    h('p', {class: 'gate-verdict'}, head),
    h('div', {class: 'gate-names'},
      nameAr ? h('div', {class: 'gate-name-ar', lang: 'ar'}, bidi(nameAr, 'ar')) : null,
      nameEn ? h('div', {class: 'gate-name-en', lang: 'en'}, bidi(nameEn, 'en')) : null),
    person);
}

// The check-in form. ctx: {session, date, today, reasons, travellers,
// onOutcome(ref, status, reason)}.
export function checkinForm(ctx) {
  const {session, date, today, reasons} = ctx;
  const input = h('textarea', {id: 'gate-input', class: 'gate-input', rows: 1, autofocus: true, spellcheck: 'false',
    autocomplete: 'off', autocapitalize: 'characters', dir: 'ltr', 'aria-describedby': 'gate-input-hint gate-input-kind'});
  const kind = h('span', {class: 'muted small', id: 'gate-input-kind', 'aria-live': 'polite'});
  const reason = select('reason', [['', t('gate.chooseReason')], ...reasons.map((r) => [r, reasonLabel(r)])], '', {id: 'gate-reason'});
  const docName = h('input', {type: 'text', id: 'gate-name', size: 30, dir: 'ltr', autocomplete: 'off'});
  const docDob = h('input', {type: 'text', id: 'gate-dob', size: 11, maxlength: 10, dir: 'ltr', inputmode: 'numeric',
    pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD', autocomplete: 'off'});
  const outcome = h('div', {id: 'gate-outcome', 'aria-live': 'assertive'});
  const checkinBtn = h('button', {type: 'submit', id: 'gate-checkin', class: 'big'}, t('gate.checkinBtn'));
  const turnBackBtn = h('button', {type: 'button', id: 'gate-turnback', class: 'danger'}, t('gate.turnBack'));
  let pending = null;  // the look-up shown: {key, draft, doc, out}
  let seq = 0;         // the latest look-up; an older answer is discarded

  const grow = () => {
    const n = input.value.split('\n').length;
    input.rows = Math.min(Math.max(n, 1), 4);
    const doc = readDocument(input.value);
    kind.textContent = !doc ? '' : doc.mrz ? t('gate.asMrz', {n: doc.lines}) : t('gate.asId');
  };
  const busy = (on) => {
    checkinBtn.disabled = on;
    turnBackBtn.disabled = on;
  };
  const discard = (draft) => {
    if (draft && draft.commit) api('DELETE', draft.commit).catch(() => {});
  };
  // Drops the look-up shown (and its draft on the server).
  const cancel = (say) => {
    seq++;
    if (!pending) return;
    discard(pending.draft);
    pending = null;
    outcome.replaceChildren(say ? h('p', {class: 'muted', id: 'gate-cancelled'}, t('gate.cancelled')) : '');
  };
  // A failure: the message, and the number back in the box, selected, so
  // the officer can retype it at once.
  const failed = (node, text) => {
    pending = null;
    outcome.replaceChildren(node);
    input.value = text;
    grow();
    input.focus();
    input.select();
  };
  const errorOf = (err, doc, text) => {
    if (err.code === 'identity-mismatch' || (doc.mrz && err.code === 'invalid')) {
      return mismatchBox(err, doc, err.code === 'identity-mismatch' && reasons.includes('identity-mismatch')
        ? (d) => turnBackAtOnce({...d, reason: 'identity-mismatch'}, text) : null);
    }
    const box = errorBox(err);
    box.id = 'gate-error';
    box.dataset.code = err.code || '';
    return box;
  };
  const bodyOf = (doc, out) => {
    const body = doc.mrz ? {mrz: doc.mrz} : {id: doc.id};
    if (doc.id && doc.name) body.name = doc.name;
    if (doc.id && doc.dob) body.date_of_birth = doc.dob;
    body.outcome = out;
    if (out === 'turned-back') body.reason = doc.reason;
    return body;
  };
  // The committed outcome: the person, the verdict, the row on the list.
  const done = (res, doc, tv) => {
    const crossed = res.outcome === 'crossed';
    input.value = '';
    docName.value = '';
    docDob.value = '';
    reason.value = '';
    grow();
    outcome.replaceChildren(personBox(ctx, tv || {}, {ref: res.ref, category: res.category, direction: res.direction,
      standby: res.standby, logIndex: res.log_index},
    crossed ? `✓ ${t('gate.crossed')}` : `⟲ ${t('gate.turnedBackAs', {r: reasonLabel(doc.reason || '')})}`,
    crossed ? 'ok' : 'back', {id: 'gate-result', 'data-outcome': res.outcome}));
    ctx.onOutcome(res.ref, crossed ? 'checked-in' : 'turned-back', crossed ? undefined : doc.reason);
    input.focus();
  };
  // Turning back for an identity mismatch: the differences are what the
  // officer looked at; drafted and signed at once.
  const turnBackAtOnce = async (doc, text) => {
    busy(true);
    outcome.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    try {
      done(await change(session, 'POST', `/api/v1/gate/${date}/checkins`, bodyOf(doc, 'turned-back')), doc, null);
    } catch (err) {
      failed(errorOf(err, doc, text), text);
    } finally {
      busy(false);
    }
  };
  const lookUp = async (doc, out, text) => {
    const mine = ++seq;
    busy(true);
    outcome.replaceChildren(h('p', {class: 'muted', id: 'gate-looking'}, t('gate.lookingUp')));
    try {
      const draft = (await api('POST', `/api/v1/gate/${date}/checkins`, {body: bodyOf(doc, out)})).data;
      if (mine !== seq) return discard(draft);  // the number changed meanwhile
      pending = {key: `${out}|${doc.reason || ''}|${text}`, draft, doc, out};
      const tv = draft.traveller || {};
      const listed = ctx.travellers.get(tv.ref);
      outcome.replaceChildren(personBox(ctx, tv, {ref: tv.ref, category: tv.category, direction: tv.direction,
        standby: listed?.line.standby}, t('gate.toSign'), 'lookup', {id: 'gate-lookup', 'data-outcome': out}),
      h('p', {class: 'row gate-confirm-line'}, h('span', {id: 'gate-to-sign'},
        out === 'crossed' ? t('gate.toSignCheckin') : t('gate.toSignTurnBack', {r: reasonLabel(doc.reason)})),
      h('button', {type: 'button', class: 'secondary', id: 'gate-cancel', onclick: () => {
        cancel(true);
        input.focus();
      }}, t('gate.cancel'))));
      input.focus();
    } catch (err) {
      if (mine === seq) failed(errorOf(err, doc, text), text);
    } finally {
      if (mine === seq) busy(false);
    }
  };
  const sign = async (p, text) => {
    busy(true);
    outcome.querySelector('#gate-to-sign')?.replaceChildren(t('common.signing'));
    try {
      const res = await signAndCommit(session, p.draft);
      pending = null;
      done(res, p.doc, p.draft.traveller);
    } catch (err) {
      failed(errorOf(err, p.doc, text), text);
    } finally {
      busy(false);
    }
  };
  const take = (out) => {
    const text = input.value;
    const doc = readDocument(text);
    if (!doc) {
      outcome.replaceChildren(h('div', {class: 'error', role: 'alert', id: 'gate-error'}, t('gate.needInput')));
      input.focus();
      return;
    }
    if (out === 'turned-back') {
      if (!reason.value) {
        outcome.replaceChildren(h('div', {class: 'error', role: 'alert', id: 'gate-error'}, t('gate.needReason')));
        reason.focus();
        return;
      }
      doc.reason = reason.value;
    }
    if (doc.id) {
      doc.name = docName.value.trim();
      doc.dob = docDob.value.trim();
    }
    if (pending && pending.key === `${out}|${doc.reason || ''}|${text}`) return sign(pending, text);
    cancel(false);
    // Check digits first, here: a typo is told as a typo. A registered ID
    // may fail its digit (flagged at import), so only a number no one on
    // the lists may hold (by its last 4 digits) is refused here; the server
    // decides the others, with the same rule.
    const mayBeListed = () => [...ctx.travellers.values()].some((tr) => tr.line.id_last4 && doc.id.endsWith(tr.line.id_last4));
    if (doc.id && !nationalIdDigitOk(doc.id) && !mayBeListed()) {
      return failed(h('div', {class: 'error', role: 'alert', id: 'gate-error', 'data-code': 'check-digit'}, t('gate.badIdDigit')), text);
    }
    const bad = doc.mrz ? mrzDigitFailures(doc.mrz) : null;
    if (bad && bad.length) return failed(digitsBox(bad), text);
    return lookUp(doc, out, text);
  };
  input.addEventListener('input', () => {
    cancel(false);
    grow();
  });
  input.addEventListener('keydown', (e) => {
    if (e.key === 'Escape' && pending) {
      e.preventDefault();
      cancel(true);
      return;
    }
    if (e.key !== 'Enter' || e.shiftKey || e.isComposing) return;
    if (e.ctrlKey || e.metaKey || enterSends(input.value)) {
      e.preventDefault();
      if (!checkinBtn.disabled) take('crossed');
    }
  });
  for (const el of [docName, docDob, reason]) el.addEventListener('change', () => cancel(false));
  turnBackBtn.addEventListener('click', () => take('turned-back'));
  const form = h('form', {class: 'panel gate-checkin no-print', id: 'gate-form', onsubmit: (e) => {
    e.preventDefault();
    take('crossed');
  }},
  h('h2', {}, t('gate.checkin')),
  date !== today ? h('p', {class: 'warn-text'}, t('gate.notToday')) : null,
  h('label', {for: 'gate-input', class: 'gate-label'}, t('gate.input')),
  input,
  h('p', {class: 'muted small', id: 'gate-input-hint'}, t('gate.inputHint'), ' ', kind),
  h('details', {class: 'gate-idcheck', id: 'gate-idcheck'}, h('summary', {}, t('gate.idCheck')),
    h('div', {class: 'row'}, field(t('gate.docName'), docName), field(t('gate.docDob'), docDob))),
  h('div', {class: 'row gate-buttons'}, checkinBtn, h('span', {class: 'gate-sep'}),
    field(t('gate.reason'), reason), turnBackBtn),
  outcome);
  // Leaving the page drops a look-up never signed.
  window.addEventListener('hashchange', () => cancel(false), {once: true});
  // Focus once the page is on screen: the next traveller can be scanned at once.
  const focus = (n) => (input.isConnected ? input.focus() : n > 0 && setTimeout(() => focus(n - 1), 30));
  setTimeout(() => focus(20), 0);
  return form;
}
