// Sign in: name and password; the session is an HttpOnly cookie.

import {login} from '../api.js';
import {h} from '../dom.js';
import {t} from '../i18n.js';
import {errorBox, signedIn} from '../app.js';

export const strings = {
  en: {'login.title': 'Sign in', 'login.name': 'Account', 'login.password': 'Password',
    'login.submit': 'Sign in', 'login.intro': 'Each party signs in with its own accounts and sees only what it needs.',
    'login.figures': 'Public figures: what the log proves, open to anyone without signing in',
    'login.status': 'Families: see where a case stands, without signing in'},
  ar: {'login.title': 'الدخول إلى الحساب', 'login.name': 'الحساب', 'login.password': 'كلمة المرور',
    'login.submit': 'الدخول إلى الحساب', 'login.intro': 'تدخل كل جهة بحساباتها الخاصة ولا ترى إلا ما تحتاجه.',
    'login.figures': 'الأرقام العامة: ما يثبته السجل، متاحة لأي شخص دون الدخول إلى حساب',
    'login.status': 'للعائلات: اعرفوا أين وصل الطلب دون الدخول إلى حساب'},
};

export async function render({main}) {
  const msg = h('div', {'aria-live': 'assertive'});
  const name = h('input', {name: 'name', id: 'login-name', autocomplete: 'username', required: true, autofocus: true, dir: 'ltr'});
  const password = h('input', {name: 'password', id: 'login-password', type: 'password', autocomplete: 'current-password', required: true, dir: 'ltr'});
  const form = h('form', {class: 'panel login', onsubmit: async (e) => {
    e.preventDefault();
    msg.replaceChildren();
    try {
      await login(name.value.trim(), password.value);
      await signedIn();
    } catch (err) {
      msg.replaceChildren(errorBox(err));
    }
  }},
  h('h1', {}, t('login.title')),
  h('p', {class: 'muted'}, t('login.intro')),
  h('label', {class: 'field', for: 'login-name'}, h('span', {class: 'label'}, t('login.name')), name),
  h('label', {class: 'field', for: 'login-password'}, h('span', {class: 'label'}, t('login.password')), password),
  msg,
  h('button', {type: 'submit', id: 'login-submit'}, t('login.submit')));
  main.append(form, h('p', {class: 'login-public'}, h('a', {href: '#/public/figures', id: 'login-figures'}, t('login.figures'))));
  // Families ask where a case stands on a page of its own (status.html).
  const lang = document.documentElement.lang === 'ar' ? 'ar' : 'en';
  main.append(h('p', {class: 'login-status'},
    h('a', {href: `/status.html?lang=${lang}`, id: 'status-link'}, t('login.status'))));
}
