// The shell: header, navigation by role, language switch, and a hash
// router that loads one page module per screen. Each page module exports
// render(ctx) and, optionally, strings ({en, ar}) for i18n.add().

import {api, ApiError, current, loadSession, logout, onUnauthorised} from './api.js';
import {h, clear} from './dom.js';
import {add, initialLang, languages, lang, onLangChange, setLang, t} from './i18n.js';
import {NoKeyError} from './keys.js';

// pattern -> page module; who: roles that may open it (none: anyone signed in)
const routes = [
  {path: 'login', page: 'login', open: true},
  {path: 'queue', page: 'queue', who: ['officer', 'monitor'], nav: 'nav.queue'},
  {path: 'case/:ref', page: 'case', who: ['officer', 'monitor']},
  {path: 'import', page: 'import', who: ['officer'], nav: 'nav.import'},
  {path: 'days', page: 'days', nav: 'nav.days'},
  {path: 'manifest', page: 'manifest', who: ['officer', 'monitor'], nav: 'nav.manifest'},
  {path: 'manifest/:date/:direction', page: 'manifest', who: ['officer', 'monitor']},
  {path: 'gate', page: 'gate', who: ['officer', 'monitor'], nav: 'nav.gate'},
  {path: 'gate/:date', page: 'gate', who: ['officer', 'monitor']},
  {path: 'dashboard', page: 'dashboard', nav: 'nav.dashboard'},
  {path: 'log', page: 'log', nav: 'nav.log'},
  {path: 'admin', page: 'admin', who: ['admin'], nav: 'nav.admin'},
  {path: 'key', page: 'key', who: ['officer', 'monitor'], nav: 'nav.key'},
  {path: 'monitor', page: 'monitor', who: ['monitor']},
  {path: 'work', page: 'work', who: ['officer']},
];

const pages = new Map();  // name -> module
let renderSeq = 0;

function match(hash) {
  const parts = hash.split('?')[0].replace(/^#\/?/, '').split('/').filter(Boolean).map(decodeURIComponent);
  for (const r of routes) {
    const pat = r.path.split('/');
    if (pat.length !== parts.length) continue;
    const params = {};
    let ok = true;
    pat.forEach((p, i) => {
      if (p.startsWith(':')) params[p.slice(1)] = parts[i];
      else if (p !== parts[i]) ok = false;
    });
    if (ok) return {route: r, params};
  }
  return null;
}

export function go(hash) {
  if (location.hash === hash) render();
  else location.hash = hash;
}

function homeOf(s) {
  if (!s) return '#/login';
  // The monitor decides no stage: its home is the monitor's page
  // (re-examinations, today's gate, the read log). The crossings authority
  // lands on its registration and gate work.
  if (s.role === 'admin') return '#/dashboard';
  if (s.role === 'monitor') return '#/monitor';
  return s.party === 'pa' ? '#/work' : '#/queue';
}

export function toast(message, kind = 'ok') {
  const el = document.getElementById('toast');
  clear(el).appendChild(h('div', {class: `toast-msg ${kind}`}, message));
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => clear(el), kind === 'ok' ? 4000 : 10000);
}

// An error for the person at the screen: what happened and, where the
// server named one, which field. Never a stack trace.
export function describe(err) {
  if (err instanceof NoKeyError) return t('err.no-key', {name: err.keyName});
  if (err instanceof ApiError) {
    if (err.network) return t('err.network');
    const where = err.field ? ` (${err.field})` : '';
    return `${err.message}${where}`;
  }
  return String(err && err.message ? err.message : err);
}

export function errorBox(err) {
  return h('div', {class: 'error', role: 'alert'}, describe(err));
}

function header(s) {
  const top = clear(document.getElementById('top'));
  document.getElementById('skip').textContent = t('app.skip');
  const nav = h('nav', {'aria-label': t('nav.main')});
  if (s) {
    for (const r of routes) {
      if (!r.nav) continue;
      if (r.who && !r.who.includes(s.role)) continue;
      const here = location.hash.split('?')[0].replace(/^#\/?/, '').split('/')[0] === r.path;
      nav.appendChild(h('a', {href: `#/${r.path}`, 'aria-current': here ? 'page' : null}, t(r.nav)));
    }
  }
  const next = languages.find(([l]) => l !== lang())[0];
  top.append(
    h('a', {class: 'brand', href: homeOf(s)}, t('app.name')),
    nav,
    h('div', {class: 'who'},
      s ? h('span', {class: 'account'}, `${s.name} · ${s.party ? t(`party.${s.party}`) + ' · ' : ''}${t(`role.${s.role}`)}`) : null,
      h('button', {type: 'button', class: 'link', id: 'lang', lang: next, onclick: () => setLang(next)}, t('lang.switch')),
      s ? h('button', {type: 'button', class: 'link', id: 'signout', onclick: async () => {
        await logout().catch(() => {});
        go('#/login');
      }}, t('nav.signout')) : null));
}

async function loadPage(name) {
  if (!pages.has(name)) {
    const mod = await import(`./pages/${name}.js`);
    if (mod.strings) add(mod.strings);
    pages.set(name, mod);
  }
  return pages.get(name);
}

export async function render() {
  const seq = ++renderSeq;
  const main = document.getElementById('main');
  let s = current();
  const m = match(location.hash);
  if (!m) {
    location.replace(homeOf(s));
    return;
  }
  if (!m.route.open && !s) {
    sessionStorage.setItem('corridor.after', location.hash);
    location.replace('#/login');
    return;
  }
  if (m.route.who && s && !m.route.who.includes(s.role)) {
    location.replace(homeOf(s));
    return;
  }
  header(s);
  clear(main).appendChild(h('p', {class: 'muted'}, t('common.loading')));
  try {
    const mod = await loadPage(m.route.page);
    if (seq !== renderSeq) return;
    header(s);  // the page's own strings are loaded now
    const view = h('div', {class: `page page-${m.route.page}`});
    if (s && s.role !== 'admin' && m.route.page !== 'key' && s.key && s.key.status !== 'registered') {
      view.appendChild(h('p', {class: 'notice', id: 'key-banner'},
        s.key.status === 'pending' ? t('err.key-pending') : t('err.no-key', {name: s.key.name}), ' ',
        h('a', {href: '#/key'}, t('nav.key'))));
    }
    await mod.render({main: view, params: m.params, session: s, go, toast, refresh: render, home: homeOf(s)});
    if (seq !== renderSeq) return;
    clear(main).appendChild(view);
    const title = view.querySelector('h1');
    document.title = `${title ? title.textContent + ' — ' : ''}${t('app.name')}`;
  } catch (err) {
    if (seq !== renderSeq) return;
    clear(main).appendChild(errorBox(err));
    if (!(err instanceof ApiError)) console.error(err);
  }
}

export async function signedIn() {
  await loadSession();
  const after = sessionStorage.getItem('corridor.after');
  sessionStorage.removeItem('corridor.after');
  go(after && after !== '#/login' ? after : homeOf(current()));
}

async function start() {
  setLang(initialLang());
  onLangChange(() => render());
  onUnauthorised(() => {
    if (!location.hash.startsWith('#/login')) {
      sessionStorage.setItem('corridor.after', location.hash);
      location.hash = '#/login';
    }
  });
  await loadSession().catch(() => null);
  window.addEventListener('hashchange', render);
  await render();
}

start();
