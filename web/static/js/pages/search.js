// Search (GET /api/v1/search?q=): a case by ref, national ID, passport
// number or name in either script. The server looks only in the fields the
// party may see, answers only what it may see, and logs every search in
// the read log (without the words searched for).

import {api} from '../api.js';
import {add, bidi, field, h, table} from '../dom.js';
import {lang, t} from '../i18n.js';
import {label} from '../words.js';

export const strings = {
  en: {
    'search.title': 'Search', 'search.results': '{n} found', 'search.none': 'No case found.',
    'search.truncated': 'Only the first {n} are shown: add more of the name, or search by ID.',
    'search.looked': 'Looked in: {f}.', 'search.foundBy': 'Found by', 'search.names': 'Name',
    'search.born': 'Born', 'search.logged': 'Every search is recorded in the read log.',
    'search.field.ref': 'case ref', 'search.field.national_id': 'national ID',
    'search.field.passport_no': 'passport number', 'search.field.name_ar': 'Arabic name',
    'search.field.name_en': 'Latin name',
  },
  ar: {
    'search.title': 'بحث', 'search.results': 'عدد النتائج: {n}', 'search.none': 'لم يُعثر على أي ملف.',
    'search.truncated': 'تُعرض أول {n} نتيجة فقط: أضف جزءاً آخر من الاسم، أو ابحث برقم الهوية.',
    'search.looked': 'جرى البحث في: {f}.', 'search.foundBy': 'طريقة العثور', 'search.names': 'الاسم',
    'search.born': 'تاريخ الميلاد', 'search.logged': 'تُدرج كل عملية بحث في سجل الاطلاع.',
    'search.field.ref': 'رقم الملف', 'search.field.national_id': 'رقم الهوية',
    'search.field.passport_no': 'رقم الجواز', 'search.field.name_ar': 'الاسم بالعربية',
    'search.field.name_en': 'الاسم بالأحرف اللاتينية',
  },
};

function hits(results) {
  return table([
    {label: t('common.case'), get: (r) => h('a', {href: `#/case/${encodeURIComponent(r.ref)}`, class: 'mono'}, r.ref)},
    {label: t('search.names'), get: (r) => h('div', {class: 'names'},
      r.person?.name_ar !== undefined ? bidi(r.person.name_ar, 'ar') : null, ' ',
      r.person?.name_en !== undefined ? bidi(r.person.name_en, 'en') : null)},
    {label: t('search.born'), get: (r) => (r.person?.date_of_birth ? bidi(r.person.date_of_birth, 'en') : '')},
    {label: t('common.direction'), get: (r) => t(`dir.${r.direction}`)},
    {label: t('common.category'), get: (r) => label('category', r.category)},
    {label: t('common.state'), get: (r) => label('state', r.state)},
    {label: t('search.foundBy'), get: (r) => t(`search.field.${r.matched}`)},
  ], results, {rowAttrs: (r) => ({'data-ref': r.ref, class: 'hit'})});
}

export async function render({main, go}) {
  const q = new URLSearchParams(location.hash.split('?')[1] || '').get('q') || '';
  const input = h('input', {type: 'search', name: 'q', id: 'search-q', value: q, required: true, maxlength: 100, size: 30, autocomplete: 'off'});
  const form = h('form', {role: 'search', class: 'row panel', onsubmit: (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (v) go(`#/search?q=${encodeURIComponent(v)}`);
  }}, field(t('search.label'), input, t('search.placeholder')), h('button', {type: 'submit'}, t('search.go')));
  add(main, h('h1', {}, t('search.title')), form, h('p', {class: 'muted'}, t('search.logged')));
  if (!q.trim()) return;
  const {data} = await api('GET', '/api/v1/search', {query: {q}});
  const results = data.results || [];
  add(main,
    h('p', {id: 'search-count', 'data-q': q, 'aria-live': 'polite'}, results.length ? t('search.results', {n: results.length}) : t('search.none')),
    data.truncated ? h('p', {class: 'notice'}, t('search.truncated', {n: data.limit})) : null,
    results.length ? h('div', {class: 'hits'}, hits(results)) : null,
    // Arabic lists take the Arabic comma.
    h('p', {class: 'muted', id: 'search-looked'}, t('search.looked', {f: (data.searched || [])
      .map((f) => t(`search.field.${f}`)).join(lang() === 'ar' ? '، ' : ', ')})));
}
