// Registering travellers: a referral CSV (docs/csv.md) checked by the
// server row by row, then signed here as one import statement. Either every
// row is imported or none is.

import {api} from '../api.js';
import {add, field, h, table} from '../dom.js';
import {num, t} from '../i18n.js';
import {signAndCommit} from '../keys.js';
import {errorBox} from '../app.js';

export const strings = {
  en: {
    'import.title': 'Register travellers', 'import.file': 'Referral CSV file',
    'import.text': 'or paste the CSV', 'import.check': 'Check', 'import.submit': 'Sign and import',
    'import.ok': 'The file is valid: {n} rows.', 'import.done': 'Imported {n} cases, signed and committed to the log.',
    'import.rows': 'Nothing was imported. Correct these rows and try again:',
    'import.help': 'Columns as in docs/csv.md: ref, direction, category, urgency, diagnosis, group_ref, national_id, passport_no, name_ar, name_en, date_of_birth, sex, nationality, phone, requested_on.',
  },
  ar: {
    'import.title': 'قيد المسافرين', 'import.file': 'ملف الإحالات (CSV)',
    'import.text': 'أو الصق محتوى الملف', 'import.check': 'فحص', 'import.submit': 'توقيع واستيراد',
    'import.ok': 'الملف سليم: {n} صفوف.', 'import.done': 'تم قيد {n} ملفات وتوقيعها وإدراجها في السجل.',
    'import.rows': 'لم يُستورد شيء. صحّح هذه الصفوف وأعد المحاولة:',
    'import.help': 'الأعمدة كما في docs/csv.md: ref, direction, category, urgency, diagnosis, group_ref, national_id, passport_no, name_ar, name_en, date_of_birth, sex, nationality, phone, requested_on.',
  },
};

function rowErrors(err) {
  const list = err.problem && (err.problem.errors || err.problem.details);
  if (!Array.isArray(list) || !list.length) return errorBox(err);
  return h('div', {class: 'error', role: 'alert', id: 'import-errors'}, t('import.rows'),
    h('ul', {}, list.map((e) => h('li', {}, typeof e === 'string' ? e : JSON.stringify(e)))));
}

export async function render({main, session, toast}) {
  const msg = h('div', {'aria-live': 'polite'});
  const file = h('input', {type: 'file', id: 'import-file', accept: '.csv,text/csv'});
  const text = h('textarea', {id: 'import-text', rows: 8, dir: 'ltr', spellcheck: 'false'});
  file.addEventListener('change', async () => {
    if (file.files[0]) text.value = await file.files[0].text();
  });
  const send = async (dryRun) => {
    const name = file.files[0] ? file.files[0].name : 'pasted.csv';
    msg.replaceChildren(h('p', {class: 'muted'}, dryRun ? t('common.loading') : t('common.signing')));
    try {
      const r = await api('POST', '/api/v1/imports', {body: text.value, type: 'text/csv; charset=utf-8', query: {file: name, dry_run: dryRun ? 1 : ''}});
      if (dryRun) {
        msg.replaceChildren(h('p', {class: 'notice'}, t('import.ok', {n: num(r.data.rows ?? r.data.cases ?? 0)})));
        return;
      }
      const done = await signAndCommit(session, r.data);
      const n = done.cases ?? done.imported ?? done.rows ?? 0;
      msg.replaceChildren(h('p', {class: 'notice', id: 'import-done'}, t('import.done', {n: num(n)})),
        Array.isArray(done.refs) ? table([{label: t('common.case'), get: (ref) => h('a', {href: `#/case/${encodeURIComponent(ref)}`}, ref)}], done.refs) : null);
      toast(t('import.done', {n: num(n)}));
    } catch (err) {
      msg.replaceChildren(rowErrors(err));
    }
  };
  add(main,
    h('h1', {}, t('import.title')),
    h('p', {class: 'muted'}, t('import.help')),
    h('div', {class: 'panel'}, field(t('import.file'), file), h('div', {}, field(t('import.text'), text))),
    h('div', {class: 'row'},
      h('button', {type: 'button', class: 'secondary', id: 'import-check', onclick: () => send(true)}, t('import.check')),
      h('button', {type: 'button', id: 'import-submit', onclick: () => send(false)}, t('import.submit'))),
    msg);
}
