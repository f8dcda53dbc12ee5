// One case as the signed-in party may see it (GET /api/v1/cases/{ref};
// the server logs the read). Names in both scripts, the group, each stage
// and a timeline of decisions with who signed them and where each sits in
// the log, and, for the party's pending stage, the decision form: approve,
// deny with a reason, or return with a reason, signed in this browser.

import {api} from '../api.js';
import {add, bidi, cmd, download, field, h, select, table} from '../dom.js';
import {t} from '../i18n.js';
import {change} from '../keys.js';
import {reasonsFor} from '../deployment.js';
import {hiddenList, label} from '../words.js';
import {stamp, tn} from '../util.js';
import {errorBox} from '../app.js';
import {draftOf, dropDraft, keepDraft} from '../drafts.js';

export const strings = {
  en: {
    'case.title': 'Case {ref}', 'case.person': 'Person', 'case.group': 'Group',
    'case.patient': 'Travels with patient', 'case.companions': 'Companions',
    'case.stages': 'Stages', 'case.timeline': 'Decisions', 'case.noDecisions': 'No decision yet.',
    'case.decide': 'Decide: {stage}', 'case.outcome': 'Decision', 'case.approve': 'Approve',
    'case.deny': 'Deny', 'case.return': 'Return for correction', 'case.reason': 'Reason',
    'case.note': 'Note (optional, seen by parties allowed medical details)',
    'case.sign': 'Sign and submit', 'case.done': 'Decision signed and committed to the log.',
    'case.signedBy': 'signed by {who}', 'case.logIndex': 'log entry {i}',
    'case.proof': 'Download log proof', 'case.proofHint': 'Check it offline with: {cmd}',
    'case.reasonWithheld': 'reason withheld',
    'case.priority': 'Priority score', 'case.daysWaiting': 'Days waiting',
    'case.referred': 'Referred on', 'case.registered': 'Registered',
    'case.flags': 'Flags', 'case.diagnosis': 'Diagnosis', 'case.state': 'State',
    'case.draftKept': 'Your unsigned decision was kept while you signed in again. Check it and sign it.',
    'case.stale': 'Someone changed this case while you were reading it. It has been reloaded; check it and decide again.',
    'case.next': 'Next case in your queue: {ref}', 'case.queueEmpty': 'Your queue is empty.', 'case.toQueue': 'Back to the work queue',
    'field.name_ar': 'Name (Arabic)', 'field.name_en': 'Name (Latin)', 'field.national_id': 'National ID',
    'field.date_of_birth': 'Date of birth', 'field.sex': 'Sex', 'field.nationality': 'Nationality',
    'field.passport_no': 'Passport', 'field.phone': 'Phone',
  },
  ar: {
    'case.title': 'الملف {ref}', 'case.person': 'الشخص', 'case.group': 'المجموعة',
    'case.patient': 'يرافق المريض', 'case.companions': 'المرافقون',
    'case.stages': 'المراحل', 'case.timeline': 'القرارات', 'case.noDecisions': 'لا قرار بعد.',
    'case.decide': 'القرار: {stage}', 'case.outcome': 'القرار', 'case.approve': 'موافقة',
    'case.deny': 'رفض', 'case.return': 'إعادة للتصحيح', 'case.reason': 'السبب',
    'case.note': 'ملاحظة (اختيارية، تراها الجهات المخوّلة بالتفاصيل الطبية)',
    'case.sign': 'توقيع وإرسال', 'case.done': 'تم توقيع القرار وإدراجه في السجل.',
    'case.signedBy': 'وقّعه {who}', 'case.logIndex': 'القيد {i} في السجل',
    'case.proof': 'تنزيل إثبات السجل', 'case.proofHint': 'تحقق منه دون اتصال: {cmd}',
    'case.reasonWithheld': 'السبب محجوب',
    'case.priority': 'درجة الأولوية', 'case.daysWaiting': 'أيام الانتظار',
    'case.referred': 'تاريخ الإحالة', 'case.registered': 'تاريخ القيد',
    'case.flags': 'تنبيهات', 'case.diagnosis': 'التشخيص', 'case.state': 'الحالة',
    'case.draftKept': 'احتُفظ بقرارك غير الموقّع أثناء دخولك من جديد. راجعه ثم وقّعه.',
    'case.stale': 'غيّر أحدهم هذا الملف أثناء قراءتك له. أعيد تحميله؛ راجعه وقرّر من جديد.',
    'case.next': 'الملف التالي في قائمتك: {ref}', 'case.queueEmpty': 'قائمة عملك فارغة.', 'case.toQueue': 'العودة إلى قائمة العمل',
    'field.name_ar': 'الاسم (بالعربية)', 'field.name_en': 'الاسم (بالأحرف اللاتينية)',
    'field.national_id': 'رقم الهوية', 'field.date_of_birth': 'تاريخ الميلاد', 'field.sex': 'الجنس',
    'field.nationality': 'الجنسية', 'field.passport_no': 'جواز السفر', 'field.phone': 'الهاتف',
  },
};

// After a decision: the next case of the party's queue (its first item on
// another case), kept across the page's reload in sessionStorage.
const NEXT_KEY = 'corridor.next';

async function rememberNext(ref) {
  let next = '';
  try {
    const {data} = await api('GET', '/api/v1/queue', {query: {limit: 5}});
    next = ((data.items || []).find((i) => i.ref !== ref) || {}).ref || '';
  } catch { /* the link is a help, not a must */ }
  sessionStorage.setItem(NEXT_KEY, JSON.stringify({from: ref, next}));
}

function nextCase(ref) {
  let saved = null;
  try {
    saved = JSON.parse(sessionStorage.getItem(NEXT_KEY) || 'null');
  } catch { /* ignore */ }
  if (!saved || saved.from !== ref) {
    sessionStorage.removeItem(NEXT_KEY);
    return null;
  }
  return h('p', {class: 'notice no-print', id: 'next-case'},
    saved.next
      ? h('a', {href: `#/case/${encodeURIComponent(saved.next)}`, id: 'next-case-link'}, t('case.next', {ref: saved.next}))
      : [t('case.queueEmpty'), ' ', h('a', {href: '#/queue'}, t('case.toQueue'))]);
}

const PERSON_FIELDS = ['national_id', 'date_of_birth', 'sex', 'nationality', 'passport_no', 'phone'];

// A person's field as shown: sex and nationality in words, the rest as
// written, kept left to right.
const personValue = (f, v) => (f === 'sex' ? label('sex', v)
  : f === 'nationality' ? [label('nationality', v), ' ', bidi(`(${v})`, 'en')] : bidi(v, 'en'));

// Log entries of this case's statements, by kind/stage/party, from the
// proof bundle (GET /api/v1/log/proof/{ref}).
function entriesOf(proof) {
  const out = [];
  for (const s of proof.statements || []) {
    const f = {};
    // A withheld entry (a reason this party may not see) carries its text
    // with the reason withheld, unsigned.
    for (const line of (s.statement || s.withheld || '').split('\n')) {
      const sp = line.indexOf(' ');
      if (sp > 0 && !line.startsWith('\u2014')) f[line.slice(0, sp)] = line.slice(sp + 1);
    }
    out.push({index: s.index, fields: f});
  }
  return out;
}

// Puts a kept draft back into the form and asks the officer to check it.
async function restoreDraft(kept, {outcome, note, form, msg, showReasons}) {
  if (['approve', 'deny', 'return'].includes(kept.outcome)) outcome.value = kept.outcome;
  await showReasons();
  const reason = form.elements.namedItem('reason');
  if (reason && kept.reason) reason.value = kept.reason;
  note.value = kept.note || '';
  msg.replaceChildren(h('p', {class: 'notice', id: 'draft-kept', role: 'status'}, t('case.draftKept')));
}

function decisionForm(c, stage, etag, {session, toast, refresh}) {
  const msg = h('div', {'aria-live': 'polite'});
  const reasonBox = h('span', {});
  const outcome = select('outcome', [['approve', t('case.approve')], ['deny', t('case.deny')], ['return', t('case.return')]], 'approve', {id: `outcome-${stage.stage}`});
  const note = h('input', {name: 'note', size: 40, maxlength: 200});
  const showReasons = async () => {
    reasonBox.replaceChildren();
    if (outcome.value === 'approve') return;
    let reasons = [];
    try {
      reasons = await reasonsFor(stage.stage, c.direction, c.category);
    } catch { /* the server checks the reason in any case */ }
    const control = reasons.length
      ? select('reason', reasons.map((r) => [r, label('reason', r)]), reasons[0], {required: true})
      : h('input', {name: 'reason', required: true, dir: 'ltr'});
    reasonBox.append(field(t('case.reason'), control));
  };
  outcome.addEventListener('change', showReasons);
  const draft = `decision:${c.ref}:${stage.stage}`;
  const kept = draftOf(draft, session.name);
  const form = h('form', {class: 'panel decide', 'data-stage': stage.stage, onsubmit: async (e) => {
    e.preventDefault();
    const f = new FormData(form);
    const body = {stage: stage.stage, outcome: f.get('outcome')};
    if (f.get('reason')) body.reason = f.get('reason');
    if (f.get('note')) body.note = f.get('note');
    msg.replaceChildren(h('p', {class: 'muted'}, t('common.signing')));
    form.querySelector('button[type=submit]').disabled = true;
    try {
      await change(session, 'POST', `/api/v1/cases/${encodeURIComponent(c.ref)}/decisions`, body, {ifMatch: etag});
      dropDraft(draft);
      await rememberNext(c.ref);
      toast(t('case.done'));
      refresh();
    } catch (err) {
      if (err.code === 'stale-version') {
        toast(t('case.stale'), 'bad');
        refresh();
        return;
      }
      msg.replaceChildren(errorBox(err));
      form.querySelector('button[type=submit]').disabled = false;
    }
  }},
  h('h3', {}, t('case.decide', {stage: label('stage', stage.stage)})),
  h('div', {class: 'row'}, field(t('case.outcome'), outcome), reasonBox, field(t('case.note'), note)),
  msg,
  h('button', {type: 'submit', class: 'sign'}, t('case.sign')));
  // The draft survives a session that ends before it is signed.
  const keep = () => keepDraft(draft, session.name, Object.fromEntries(new FormData(form)));
  form.addEventListener('input', keep);
  form.addEventListener('change', keep);
  if (kept) restoreDraft(kept, {outcome, note, form, msg, showReasons});
  return form;
}

export async function render(ctx) {
  const {main, params, session} = ctx;
  const ref = params.ref;
  const path = `/api/v1/cases/${encodeURIComponent(ref)}`;
  const res = await api('GET', path, {query: {why: 'case-review'}});
  const c = res.data;
  let entries = [];
  let proof = null;
  try {
    proof = (await api('GET', `/api/v1/log/proof/${encodeURIComponent(ref)}`)).data;
    entries = entriesOf(proof);
  } catch { /* a case with nothing in the log yet, or no checkpoint */ }

  const p = c.person || {};
  const names = h('div', {class: 'names'},
    p.name_ar !== undefined ? bidi(p.name_ar, 'ar') : null,
    p.name_en !== undefined ? bidi(p.name_en, 'en') : null);
  const kv = h('dl', {class: 'kv'});
  const put = (label, value) => {
    if (value === undefined || value === null || value === '') return;
    kv.append(h('dt', {}, label), h('dd', {}, value));
  };
  for (const f of PERSON_FIELDS) put(t(`field.${f}`), p[f] !== undefined && p[f] !== null && p[f] !== '' ? personValue(f, p[f]) : undefined);
  put(t('case.state'), h('span', {class: 'tag'}, label('state', c.state)));
  put(t('common.category'), label('category', c.category));
  put(t('common.direction'), t(`dir.${c.direction}`));
  if (c.urgency) put(t('common.urgency'), h('span', {class: `tag ${c.urgency}`}, t(`urgency.${c.urgency}`)));
  if (c.diagnosis) put(t('case.diagnosis'), c.diagnosis);
  if (c.flags && c.flags.length) put(t('case.flags'), c.flags.join(', '));
  put(t('case.referred'), c.requested_on);
  put(t('case.registered'), stamp(c.registered_at));
  if (c.priority) {
    put(t('case.priority'), String(c.priority.score));
    put(t('case.daysWaiting'), String(c.priority.days_waiting));
  }

  const group = h('div', {},
    c.group_ref ? h('p', {}, t('case.patient'), ': ', h('a', {href: `#/case/${encodeURIComponent(c.group_ref)}`, class: 'mono'}, c.group_ref)) : null,
    c.companions && c.companions.length
      ? h('p', {}, t('case.companions'), ': ', c.companions.map((r, i) => [i ? ', ' : '', h('a', {href: `#/case/${encodeURIComponent(r)}`, class: 'mono'}, r)]))
      : null);

  const stages = table([
    {label: t('common.stage'), get: (s) => label('stage', s.stage)},
    {label: t('common.party'), get: (s) => t(`party.${s.party}`)},
    {label: t('common.status'), get: (s) => [h('span', {class: `tag ${s.status}`}, t(`status.${s.status}`)), s.overdue ? [' ', h('span', {class: 'tag overdue'}, t('common.overdue'))] : null]},
    {label: t('common.since'), get: (s) => stamp(s.since)},
  ], c.stages || []);

  const used = new Set();
  const timeline = (c.decisions || []).length
    ? h('ol', {class: 'timeline'}, c.decisions.map((d) => {
      const e = entries.find((x, i) => !used.has(i) && x.fields.kind === 'decision' && x.fields.stage === d.stage &&
        x.fields.party === d.party && x.fields.officer === d.officer && x.fields.outcome === d.outcome);
      if (e) used.add(entries.indexOf(e));
      return h('li', {class: d.outcome},
        h('strong', {}, `${label('stage', d.stage)} · ${t(`party.${d.party}`)}: ${t(`outcome.${d.outcome}`)}`),
        d.reason ? ` (${label('reason', d.reason)})` : '', ' — ', stamp(d.at), ' — ', t('case.signedBy', {who: `${d.party}/${d.officer}`}),
        e ? [' — ', h('span', {class: 'mono log-index'}, t('case.logIndex', {i: e.index}))] : null,
        d.note ? h('div', {class: 'muted'}, d.note) : null);
    }))
    : h('p', {class: 'muted'}, t('case.noDecisions'));

  const mine = session.role !== 'admin' ? (c.stages || []).filter((s) => s.party === session.party && s.actionable) : [];
  // The decision form beside the person on a laptop screen, so that Sign
  // shows without scrolling (app.css, .case-top).
  add(main,
    h('h1', {}, t('case.title', {ref: `\u2066${c.ref}\u2069`})),
    nextCase(c.ref),
    names,
    c.withheld && c.withheld.length ? h('p', {class: 'muted'}, t('common.withheld', {f: hiddenList(c.withheld)})) : null,
    h('div', {class: mine.length ? 'case-top' : ''},
      h('div', {},
        h('section', {class: 'panel'}, h('h2', {}, t('case.person')), kv),
        h('section', {}, h('h2', {}, t('case.group')), group)),
      mine.length ? h('div', {class: 'case-decide'}, mine.map((s) => decisionForm(c, s, res.etag, ctx))) : null),
    h('section', {}, h('h2', {}, t('case.stages')), stages),
    h('section', {}, h('h2', {}, t('case.timeline')), timeline),
    proof ? h('p', {class: 'no-print'},
      h('button', {type: 'button', class: 'secondary', id: 'proof-download',
        onclick: () => download(`${c.ref}.proof.json`, JSON.stringify(proof, null, 2), 'application/json')}, t('case.proof')),
      ' ', h('span', {class: 'muted'}, tn('case.proofHint', {cmd: cmd(`corridor verify-proof ${c.ref}.proof.json`)}))) : null);
}
