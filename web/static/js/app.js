// The shell: header, navigation by role, language switch, and a hash
// router that loads one page module per screen. Each page module exports
// render(ctx) and, optionally, strings ({en, ar}) for i18n.add().

import {api, ApiError, current, loadSession, logout, onUnauthorised} from './api.js';
import {h, clear} from './dom.js';
import {add, initialLang, languages, lang, onLangChange, setLang, t} from './i18n.js';
import {NoKeyError} from './keys.js';
import './refusals.js';
import './words.js';
import {dropAllDrafts} from './drafts.js';

// pattern -> page module; who: roles that may open it (none: anyone signed
// in); parties: the only parties that may open it (none: any)
export const routes = [
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
  {path: 'plan', page: 'plan', nav: 'nav.plan'},
  {path: 'log', page: 'log', nav: 'nav.log'},
  {path: 'admin', page: 'admin', who: ['admin'], nav: 'nav.admin'},
  {path: 'key', page: 'key', who: ['officer', 'monitor'], nav: 'nav.key'},
  {path: 'search', page: 'search', who: ['officer', 'monitor']},
  // Only the parties that register (pa, who) decide duplicates.
  {path: 'duplicates', page: 'duplicates', who: ['officer'], parties: ['pa', 'who'], nav: 'nav.duplicates'},
  {path: 'monitor', page: 'monitor', who: ['monitor']},
  {path: 'work', page: 'work', who: ['officer']},
  {path: 'public/figures', page: 'figures', open: true, nav: 'nav.figures'},
];

// Who may search cases: those who read them (GET /api/v1/search).
const searchers = ['officer', 'monitor'];

// The search box in the header, on every page: it opens #/search?q=...
function searchBox() {
  const input = h('input', {type: 'search', name: 'q', id: 'nav-search', required: true, maxlength: 100,
    autocomplete: 'off', placeholder: t('search.placeholder'), 'aria-label': t('search.label')});
  return h('form', {role: 'search', class: 'nav-search', 'aria-label': t('search.label'), onsubmit: (e) => {
    e.preventDefault();
    const q = input.value.trim();
    if (q) go(`#/search?q=${encodeURIComponent(q)}`);
  }}, input, h('button', {type: 'submit', class: 'secondary', id: 'nav-search-go'}, t('search.go')));
}

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

// Whether the session `s` may open route `r`: its role, and its party
// where the route names parties.
function allowed(r, s) {
  if (r.who && !r.who.includes(s.role)) return false;
  return !r.parties || r.parties.includes(s.party);
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

// An error for the person at the screen: the rule's sentence in the
// page's language (refusals.js) and, where the server named one, the field.
// Never a stack trace.
export function describe(err) {
  if (err instanceof NoKeyError) return t('err.no-key', {name: err.keyName});
  if (unreachable(err)) return t(err instanceof ApiError ? 'err.network' : 'err.unreachable');
  if (err instanceof ApiError) {
    const sentence = err.code ? t(`refusal.${err.code}`) : `refusal.${err.code}`;
    const known = sentence !== `refusal.${err.code}`;
    const where = err.field && (!known || err.code === 'invalid') ? ` ${t('err.field', {field: '\u2068' + err.field + '\u2069'})}` : '';
    return `${known ? sentence : err.message}${where}`;
  }
  return String(err && err.message ? err.message : err);
}

// The server did not answer: a fetch that failed on the network, or a
// page's module that could not be loaded ("Failed to fetch dynamically
// imported module"), or a gateway in front of the server that says so.
export function unreachable(err) {
  if (err instanceof ApiError) return !!err.network || ([502, 503, 504].includes(err.status) && !err.code);
  return err instanceof TypeError && /dynamically imported module|module script failed|Failed to fetch|NetworkError/i.test(err.message);
}

// The server's own words (English, left to right) for a "Details" disclosure.
function details(err) {
  if (!(err instanceof ApiError) || err.network) return null;
  const lines = [err.problem?.detail, ...(Array.isArray(err.problem?.errors) ? err.problem.errors : [])].filter(Boolean);
  if (!lines.length) return null;
  return h('details', {class: 'error-details', open: ['invalid', 'import-rows'].includes(err.code) || null},
    h('summary', {}, t('err.details')),
    h('div', {lang: 'en', dir: 'ltr', class: 'mono'}, h('p', {}, [err.code, err.field].filter(Boolean).join(' · ')), lines.map((l) => h('p', {}, l))));
}

// The error as a box: the sentence, the server's detail under "Details",
// and, given `retry`, a button that tries again.
export function errorBox(err, {retry} = {}) {
  return h('div', {class: 'error', role: 'alert', 'data-code': err instanceof ApiError ? err.code || null : null},
    h('p', {class: 'error-sentence'}, describe(err)),
    details(err),
    retry ? h('button', {type: 'button', class: 'secondary', id: 'retry', onclick: retry}, t('err.retry')) : null);
}

function header(s) {
  const top = clear(document.getElementById('top'));
  document.getElementById('skip').textContent = t('app.skip');
  const nav = h('nav', {'aria-label': t('nav.main')});
  if (s) {
    for (const r of routes) {
      if (!r.nav) continue;
      if (!allowed(r, s)) continue;
      const path = location.hash.split('?')[0].replace(/^#\/?/, '');
      const here = path.split('/')[0] === r.path || path === r.path;
      nav.appendChild(h('a', {href: `#/${r.path}`, 'aria-current': here ? 'page' : null}, t(r.nav)));
    }
  }
  const next = languages.find(([l]) => l !== lang())[0];
  top.append(
    h('a', {class: 'brand', href: homeOf(s)}, t('app.name')),
    nav,
    s && searchers.includes(s.role) ? searchBox() : '',  // append() would print null
    h('div', {class: 'who'},
      s ? h('span', {class: 'account'}, `${s.name} · ${s.party ? t(`party.${s.party}`) + ' · ' : ''}${t(`role.${s.role}`)}`) : null,
      h('button', {type: 'button', class: 'link', id: 'lang', lang: next, onclick: () => setLang(next)}, t('lang.switch')),
      s ? h('button', {type: 'button', class: 'link', id: 'signout', onclick: async () => {
        await logout().catch(() => {});
        dropAllDrafts();
        go('#/login');
      }}, t('nav.signout')) : null));
}

async function loadPage(name) {
  if (!pages.has(name)) {
    // A module that failed to load may stay failed under its own URL: a
    // retry asks for it afresh.
    const mod = await import(`./pages/${name}.js${loadPage.failed ? `?retry=${loadPage.failed}` : ''}`);
    if (mod.strings) add(mod.strings);
    pages.set(name, mod);
  }
  return pages.get(name);
}

// After a page change the focus goes to the page's main heading (or to the
// control the page marks autofocus, as the sign-in name), so a screen reader
// announces the new page and Tab starts from it. A page that has put the
// focus somewhere itself keeps it.
function focusHeading(view) {
  if (view.contains(document.activeElement)) return;
  const target = view.querySelector('[autofocus]') || view.querySelector('h1');
  if (!target) return;
  if (target.tagName === 'H1') target.setAttribute('tabindex', '-1');
  target.focus({preventScroll: true});
}

// Every table scrolls inside its own box, so a wide table never makes the
// page scroll sideways on a phone. The box joins the Tab order only while
// it has something to scroll, so keyboard users can scroll it too.
function scrollBoxes(root) {
  const fit = (box) => {
    if (box.scrollWidth > box.clientWidth + 1) box.setAttribute('tabindex', '0');
    else box.removeAttribute('tabindex');
  };
  const wrap = () => {
    for (const table of root.querySelectorAll('table')) {
      if (table.parentElement.classList.contains('table-scroll')) continue;
      const box = h('div', {class: 'table-scroll', role: 'region',
        'aria-label': table.querySelector('caption')?.textContent || t('common.table')});
      table.replaceWith(box);
      box.appendChild(table);
    }
    for (const box of root.querySelectorAll('.table-scroll')) fit(box);
  };
  new MutationObserver(wrap).observe(root, {childList: true, subtree: true});
  window.addEventListener('resize', () => root.querySelectorAll('.table-scroll').forEach(fit));
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
    rememberAfter(null);
    location.replace('#/login');
    return;
  }
  if (s && !allowed(m.route, s)) {
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
    focusHeading(view);
    const title = view.querySelector('h1');
    document.title = `${title ? title.textContent + ' — ' : ''}${t('app.name')}`;
  } catch (err) {
    if (seq !== renderSeq) return;
    if (unreachable(err) && !(err instanceof ApiError)) loadPage.failed = (loadPage.failed || 0) + 1;
    clear(main).appendChild(unreachable(err)
      ? h('div', {class: 'page page-unreachable'}, h('h1', {tabindex: '-1'}, t('err.unreachable.title')),
        errorBox(err, {retry: () => render()}))
      : errorBox(err));
    focusHeading(main);
    if (!(err instanceof ApiError) && !unreachable(err)) console.error(err);
  }
}

// The page to come back to after signing in, with the account that was on
// it: on a shared tab another account never lands on it (a search's address
// holds what was searched for, so it is never kept).
function rememberAfter(account) {
  if (location.hash.startsWith('#/search')) return;
  sessionStorage.setItem('corridor.after', JSON.stringify({hash: location.hash, account}));
}

function takeAfter(account) {
  let after = null;
  try {
    after = JSON.parse(sessionStorage.getItem('corridor.after') || 'null');
  } catch { /* an older plain value: dropped */ }
  sessionStorage.removeItem('corridor.after');
  if (!after || typeof after.hash !== 'string' || after.hash === '#/login') return null;
  return after.account === null || after.account === account ? after.hash : null;
}

export async function signedIn() {
  await loadSession();
  const s = current();
  go(takeAfter(s && s.name) || homeOf(s));
}

async function start() {
  setLang(initialLang());
  onLangChange(() => render());
  onUnauthorised((was) => {
    if (!location.hash.startsWith('#/login')) {
      rememberAfter(was ? was.name : null);
      location.hash = '#/login';
    }
  });
  await loadSession().catch(() => null);
  scrollBoxes(document.getElementById('main'));
  window.addEventListener('hashchange', render);
  await render();
}

start();
