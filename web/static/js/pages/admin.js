// The administrator's page: accounts (GET/POST /api/v1/accounts, DELETE
// to disable), officers' verifier keys (GET/POST /api/v1/officers, DELETE
// to revoke), key requests sent from officers' browsers
// (/api/v1/officers/requests; a replacement is granted by a key rotation,
// POST /api/v1/officers/{party}/{name}/rotation) and the read log (GET
// /api/v1/read-log).
// Each section reloads on its own after a change.

import {api, newKey} from '../api.js';
import {field, h, select, table} from '../dom.js';
import {num, t} from '../i18n.js';
import {deployment} from '../deployment.js';
import {errorBox} from '../app.js';
import {DATE_PATTERN, stamp} from '../util.js';

export const strings = {
  en: {
    'admin.title': 'Administration',
    'admin.accounts': 'Accounts', 'admin.name': 'Name', 'admin.role': 'Role', 'admin.party': 'Party',
    'admin.created': 'Created', 'admin.state': 'State', 'admin.active': 'active', 'admin.disabled': 'disabled',
    'admin.disable': 'Disable', 'admin.disableConfirm': 'Disable the account {name}? It can no longer sign in and its sessions end now. This cannot be undone.',
    'admin.disabledDone': 'Account {name} disabled.', 'admin.you': '(you)',
    'admin.reset': 'Reset password', 'admin.resetFor': 'New password for {name}', 'admin.resetSet': 'Set password',
    'admin.resetConfirm': 'Set a new password for {name}? Their sessions end now and the old password stops working.',
    'admin.resetDone': 'Password of {name} set; their sessions have ended.', 'admin.actions': 'Actions',
    'admin.newAccount': 'New account', 'admin.password': 'Password',
    'admin.passwordHint': 'At least 12 characters, not the name. Give it to the person by a separate channel.',
    'admin.nameHint': 'a-z, 0-9, . _ - ; starts with a letter. An officer\'s account has the name of their key.',
    'admin.partyNone': '—', 'admin.partyHint': 'Required for an officer; none for an administrator.', 'admin.create': 'Create account', 'admin.created.done': 'Account {name} created.',
    'admin.officers': 'Officers\' verifier keys', 'admin.officer': 'Officer', 'admin.vkey': 'Verifier key',
    'admin.registered': 'Registered', 'admin.revoked': 'Revoked', 'admin.witness': 'witness',
    'admin.revoke': 'Revoke', 'admin.revokeConfirm': 'Revoke the key of {who}? Statements it signs from now on are refused. This cannot be undone.',
    'admin.revokedDone': 'Key of {who} revoked.', 'admin.newOfficer': 'Register a key',
    'admin.vkeyHint': 'party/name+keyid+base64, as the officer\'s browser or corridor keygen shows it.',
    'admin.register': 'Register', 'admin.registeredDone': 'Key of {who} registered.',
    'admin.showRevoked': 'Show revoked keys ({n})',
    'admin.requests': 'Key requests from browsers', 'admin.requestsNone': 'No key request is waiting.',
    'admin.requestsMissing': 'This server does not offer key requests yet (GET /api/v1/officers/requests answered 404). Register keys by hand above.',
    'admin.account': 'Account', 'admin.requested': 'Requested', 'admin.reject': 'Reject',
    'admin.rejectConfirm': 'Reject the key request of {name}?', 'admin.rejectedDone': 'Request of {name} rejected.',
    'admin.kind': 'Request', 'admin.firstKey': 'first key', 'admin.replaces': 'replaces key {id}', 'admin.replacesRevoked': 'replaces revoked key {id}',
    'admin.replace': 'Replace key',
    'admin.replaceConfirm': 'Replace the key of {who}? Key {old} then signs nothing more, and key {new} signs for {who}. The rotation is in the log for every party to see. Check key {new} with the officer in person or by phone first.',
    'admin.replacedDone': 'Key of {who} replaced: key {new} signs from now on.',
    'admin.readLog': 'Read log', 'admin.readLogIntro': 'Every read of a person\'s record, newest first.',
    'admin.ref': 'Case reference', 'admin.since': 'Since', 'admin.breakGlass': 'Break-glass reads only',
    'admin.filter': 'Filter', 'admin.at': 'Time', 'admin.what': 'What', 'admin.why': 'Why',
    'admin.readsNone': 'No read matches.', 'admin.rows': 'Rows {from}–{to}', 'admin.glassTag': 'break-glass',
  },
  ar: {
    'admin.title': 'الإدارة',
    'admin.accounts': 'الحسابات', 'admin.name': 'الاسم', 'admin.role': 'الدور', 'admin.party': 'الجهة',
    'admin.created': 'أُنشئ', 'admin.state': 'الحالة', 'admin.active': 'فعّال', 'admin.disabled': 'معطّل',
    'admin.disable': 'تعطيل', 'admin.disableConfirm': 'تعطيل الحساب {name}؟ لن يتمكن من الدخول وتنتهي جلساته الآن. لا يمكن التراجع عن ذلك.',
    'admin.disabledDone': 'تم تعطيل الحساب {name}.', 'admin.you': '(أنت)',
    'admin.reset': 'إعادة تعيين كلمة المرور', 'admin.resetFor': 'كلمة مرور جديدة للحساب {name}', 'admin.resetSet': 'تعيين كلمة المرور',
    'admin.resetConfirm': 'تعيين كلمة مرور جديدة للحساب {name}؟ تنتهي جلساته الآن ولا تعود كلمة المرور القديمة صالحة.',
    'admin.resetDone': 'تم تعيين كلمة مرور {name}؛ انتهت جلساته.', 'admin.actions': 'إجراءات',
    'admin.newAccount': 'حساب جديد', 'admin.password': 'كلمة المرور',
    'admin.passwordHint': '12 حرفاً على الأقل، ولا تكون هي الاسم. سلّمها لصاحبها بوسيلة منفصلة.',
    'admin.nameHint': 'الأحرف \u2066a-z\u2069 والأرقام \u20660-9\u2069 والرموز \u2066. _ -\u2069، ويبدأ بحرف. حساب الموظف يحمل اسم مفتاحه.',
    'admin.partyNone': '—', 'admin.partyHint': 'مطلوبة للموظف؛ لا شيء للمسؤول.', 'admin.create': 'إنشاء الحساب', 'admin.created.done': 'تم إنشاء الحساب {name}.',
    'admin.officers': 'مفاتيح التحقق للموظفين', 'admin.officer': 'الموظف', 'admin.vkey': 'مفتاح التحقق',
    'admin.registered': 'سُجّل', 'admin.revoked': 'أُلغي', 'admin.witness': 'شاهد',
    'admin.revoke': 'إلغاء', 'admin.revokeConfirm': 'إلغاء مفتاح {who}؟ ستُرفض البيانات التي يوقّعها من الآن. لا يمكن التراجع عن ذلك.',
    'admin.revokedDone': 'تم إلغاء مفتاح {who}.', 'admin.newOfficer': 'اعتماد مفتاح',
    'admin.vkeyHint': '\u2066party/name+keyid+base64\u2069 كما يعرضه متصفح الموظف أو \u2066corridor keygen\u2069.',
    'admin.register': 'اعتماد', 'admin.registeredDone': 'تم اعتماد مفتاح {who}.',
    'admin.showRevoked': 'عرض المفاتيح الملغاة ({n})',
    'admin.requests': 'طلبات المفاتيح من المتصفحات', 'admin.requestsNone': 'لا توجد طلبات مفاتيح بالانتظار.',
    'admin.requestsMissing': 'لا يوفّر هذا الخادم طلبات المفاتيح بعد (أجاب \u2066GET /api/v1/officers/requests\u2069 بالرمز 404). اعتمد المفاتيح يدوياً أعلاه.',
    'admin.account': 'الحساب', 'admin.requested': 'تاريخ الطلب', 'admin.reject': 'رفض',
    'admin.rejectConfirm': 'رفض طلب مفتاح {name}؟', 'admin.rejectedDone': 'تم رفض طلب {name}.',
    'admin.kind': 'الطلب', 'admin.firstKey': 'مفتاح أول', 'admin.replaces': 'يستبدل المفتاح \u2066{id}\u2069', 'admin.replacesRevoked': 'يستبدل المفتاح الملغى \u2066{id}\u2069',
    'admin.replace': 'استبدال المفتاح',
    'admin.replaceConfirm': 'استبدال مفتاح {who}؟ لن يوقّع المفتاح \u2066{old}\u2069 بعد ذلك شيئاً، وسيوقّع المفتاح \u2066{new}\u2069 باسم {who}. يُسجَّل الاستبدال في السجل لتراه كل الجهات. تحقّق أولاً من المفتاح \u2066{new}\u2069 مع الموظف شخصياً أو بالهاتف.',
    'admin.replacedDone': 'تم استبدال مفتاح {who}: يوقّع المفتاح \u2066{new}\u2069 من الآن.',
    'admin.readLog': 'سجل الاطلاع', 'admin.readLogIntro': 'كل اطلاع على سجل شخص، الأحدث أولاً.',
    'admin.ref': 'رقم الملف', 'admin.since': 'منذ', 'admin.breakGlass': 'الاطلاع الطارئ فقط',
    'admin.filter': 'تصفية', 'admin.at': 'الوقت', 'admin.what': 'ما عُرض', 'admin.why': 'السبب',
    'admin.readsNone': 'لا يوجد اطلاع مطابق.', 'admin.rows': 'الصفوف {from}–{to}', 'admin.glassTag': 'اطلاع طارئ',
  },
};

const READS_PAGE = 50;

const partyName = (p) => (p ? t(`party.${p}`) : '—');
const safeId = (s) => String(s).replace(/[^A-Za-z0-9_.-]/g, '_');
// A verifier key's ID, "party/name+1a2b3c4d+..." -> "1a2b3c4d".
const keyIdOf = (vkey) => String(vkey || '').split('+')[1] || '';

// A POST that changes state, under one Idempotency-Key for every try, so
// a retry after a lost answer changes nothing twice.
async function postOnce(path, body) {
  const key = newKey();
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return await api('POST', path, {body, idempotencyKey: key});
    } catch (e) {
      last = e;
      if (!e.network) throw e;
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
    }
  }
  throw last;
}

// A section that loads itself: `load()` replaces its body.
function section(id, title, build) {
  const body = h('div', {class: 'admin-body'});
  const el = h('section', {class: 'admin-section', id, 'aria-labelledby': `${id}-title`},
    h('h2', {id: `${id}-title`}, title), body);
  const load = async () => {
    try {
      const nodes = await build();
      body.replaceChildren(...[].concat(nodes).filter(Boolean));
    } catch (err) {
      body.replaceChildren(errorBox(err));
    }
  };
  return {el, load};
}

export async function render({main, session, toast}) {
  // The deployment's parties, in config order; officers of any other are added below.
  const partyList = (await deployment()).parties.map((p) => p.id);
  const sections = {};

  // --- accounts ---------------------------------------------------------------
  sections.accounts = section('admin-accounts', t('admin.accounts'), async () => {
    const {data} = await api('GET', '/api/v1/accounts');
    const rows = (data.accounts || []).slice().sort((a, b) => Number(a.disabled) - Number(b.disabled) || a.name.localeCompare(b.name));
    const msg = h('div', {'aria-live': 'polite'});
    const grid = table([
      {label: t('admin.name'), get: (a) => [h('span', {class: 'mono'}, a.name), a.name === session.name ? ` ${t('admin.you')}` : '']},
      {label: t('admin.role'), get: (a) => t(`role.${a.role}`)},
      {label: t('admin.party'), get: (a) => partyName(a.party)},
      {label: t('admin.created'), get: (a) => stamp(a.created_at)},
      {label: t('admin.state'), get: (a) => h('span', {class: `tag ${a.disabled ? 'bad' : 'ok'}`}, a.disabled ? t('admin.disabled') : t('admin.active'))},
      {label: t('admin.actions'), get: (a) => (a.disabled ? '' : [
        h('button', {type: 'button', class: 'secondary small', id: `reset-${safeId(a.name)}`,
          'aria-label': `${t('admin.reset')} ${a.name}`, onclick: () => resetBox.replaceChildren(resetForm(a.name))}, t('admin.reset')),
        a.name === session.name ? '' : [' ', h('button', {
          type: 'button', class: 'danger small', id: `disable-${safeId(a.name)}`, 'aria-label': `${t('admin.disable')} ${a.name}`,
          onclick: async (e) => {
            if (!confirm(t('admin.disableConfirm', {name: a.name}))) return;
            e.target.disabled = true;
            try {
              await api('DELETE', `/api/v1/accounts/${encodeURIComponent(a.name)}`);
              toast(t('admin.disabledDone', {name: a.name}));
              sections.accounts.load();
            } catch (err) {
              msg.replaceChildren(errorBox(err));
              e.target.disabled = false;
            }
          }}, t('admin.disable'))]])},
    ], rows, {rowAttrs: (a) => ({'data-name': a.name, class: a.disabled ? 'disabled' : ''})});
    grid.id = 'accounts-table';
    const resetBox = h('div', {id: 'reset-box'});
    // The new password, typed by the admin and confirmed before it is set
    // (POST /api/v1/accounts/{name}/password ends the account's sessions).
    const resetForm = (name) => {
      const pw = h('input', {type: 'password', name: 'password', id: 'reset-password', required: true, minlength: 12, maxlength: 1024, autocomplete: 'new-password'});
      const out = h('div', {'aria-live': 'polite'});
      const form = h('form', {class: 'panel row', id: 'reset-form', onsubmit: async (e) => {
        e.preventDefault();
        if (!confirm(t('admin.resetConfirm', {name}))) return;
        try {
          await api('POST', `/api/v1/accounts/${encodeURIComponent(name)}/password`, {body: {password: pw.value}});
          toast(t('admin.resetDone', {name}));
          resetBox.replaceChildren();
        } catch (err) {
          out.replaceChildren(errorBox(err));
        }
      }},
      field(t('admin.resetFor', {name}), pw, t('admin.passwordHint')),
      h('button', {type: 'submit', id: 'reset-submit'}, t('admin.resetSet')),
      h('button', {type: 'button', class: 'secondary', onclick: () => resetBox.replaceChildren()}, t('common.cancel')),
      out);
      setTimeout(() => pw.focus(), 0);
      return form;
    };
    return [msg, grid, resetBox, accountForm()];
  });

  function accountForm() {
    const msg = h('div', {'aria-live': 'polite'});
    const name = h('input', {id: 'account-name', name: 'name', required: true, dir: 'ltr', autocomplete: 'off',
      pattern: '[a-z][a-z0-9._\\-]{0,63}', maxlength: 64, spellcheck: 'false'});
    const role = select('role', [['officer', t('role.officer')], ['monitor', t('role.monitor')], ['admin', t('role.admin')]], 'officer', {id: 'account-role'});
    const party = select('party', [['', t('admin.partyNone')], ...partyList.map((p) => [p, `${t(`party.${p}`)} (${p})`])], '', {id: 'account-party'});
    const password = h('input', {id: 'account-password', name: 'password', type: 'password', required: true, minlength: 12,
      autocomplete: 'new-password', dir: 'ltr'});
    const sync = () => {
      party.disabled = role.value === 'admin';
      party.required = role.value === 'officer';
      if (role.value === 'admin') party.value = '';
    };
    role.addEventListener('change', sync);
    sync();
    const submit = h('button', {type: 'submit', id: 'account-create'}, t('admin.create'));
    const form = h('form', {class: 'panel', id: 'account-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = {name: name.value.trim(), role: role.value, password: password.value};
      if (role.value !== 'admin' && party.value) body.party = party.value;
      submit.disabled = true;
      msg.replaceChildren();
      try {
        await postOnce('/api/v1/accounts', body);
        password.value = '';
        toast(t('admin.created.done', {name: body.name}));
        sections.accounts.load();
      } catch (err) {
        msg.replaceChildren(errorBox(err));
        submit.disabled = false;
      }
    }},
    h('h3', {}, t('admin.newAccount')),
    h('div', {class: 'row'},
      field(t('admin.name'), name, t('admin.nameHint')),
      field(t('admin.role'), role),
      field(t('admin.party'), party, t('admin.partyHint')),
      field(t('admin.password'), password, t('admin.passwordHint'))),
    msg, submit);
    return form;
  }

  // --- officers' keys -----------------------------------------------------------
  sections.officers = section('admin-officers', t('admin.officers'), async () => {
    const {data} = await api('GET', '/api/v1/officers');
    const all = (data.officers || []).slice().sort((a, b) => a.party.localeCompare(b.party) || a.name.localeCompare(b.name));
    for (const o of all) if (!partyList.includes(o.party)) partyList.push(o.party);
    const msg = h('div', {'aria-live': 'polite'});
    const cols = [
      {label: t('admin.party'), get: (o) => partyName(o.party)},
      {label: t('admin.officer'), get: (o) => [h('span', {class: 'mono'}, o.name), o.witness ? [' ', h('span', {class: 'tag'}, t('admin.witness'))] : null]},
      {label: t('admin.vkey'), get: (o) => h('span', {class: 'mono vkey', dir: 'ltr'}, o.vkey)},
      {label: t('admin.registered'), get: (o) => stamp(o.added_at)},
      {label: t('admin.revoked'), get: (o) => (o.revoked_at ? h('span', {class: 'tag bad'}, stamp(o.revoked_at)) : '—')},
      {label: '', get: (o) => (o.revoked_at ? '' : h('button', {
        type: 'button', class: 'danger small', id: `revoke-${safeId(o.party)}-${safeId(o.name)}`,
        'aria-label': `${t('admin.revoke')} ${o.party}/${o.name}`,
        onclick: async (e) => {
          const who = `${o.party}/${o.name}`;
          if (!confirm(t('admin.revokeConfirm', {who}))) return;
          e.target.disabled = true;
          try {
            await api('DELETE', `/api/v1/officers/${encodeURIComponent(o.party)}/${encodeURIComponent(o.name)}`);
            toast(t('admin.revokedDone', {who}));
            sections.officers.load();
            sections.requests.load();
          } catch (err) {
            msg.replaceChildren(errorBox(err));
            e.target.disabled = false;
          }
        }}, t('admin.revoke')))},
    ];
    const rowAttrs = (o) => ({'data-party': o.party, 'data-name': o.name, class: o.revoked_at ? 'revoked' : ''});
    const current = all.filter((o) => !o.revoked_at);
    const revoked = all.filter((o) => o.revoked_at);
    const grid = table(cols, current, {rowAttrs});
    grid.id = 'officers-table';
    const old = revoked.length ? h('details', {id: 'officers-revoked'},
      h('summary', {}, t('admin.showRevoked', {n: num(revoked.length)})), table(cols, revoked, {rowAttrs})) : null;
    return [msg, grid, old, officerForm()];
  });

  function officerForm() {
    const msg = h('div', {'aria-live': 'polite'});
    const party = select('party', partyList.map((p) => [p, `${t(`party.${p}`)} (${p})`]), partyList[0], {id: 'officer-party', required: true});
    const name = h('input', {id: 'officer-name', name: 'name', required: true, dir: 'ltr', autocomplete: 'off', spellcheck: 'false', maxlength: 64});
    const vkey = h('input', {id: 'officer-vkey', name: 'vkey', required: true, dir: 'ltr', autocomplete: 'off', spellcheck: 'false', size: 60, maxlength: 512});
    const submit = h('button', {type: 'submit', id: 'officer-register'}, t('admin.register'));
    return h('form', {class: 'panel', id: 'officer-form', onsubmit: async (e) => {
      e.preventDefault();
      const body = {party: party.value, name: name.value.trim(), vkey: vkey.value.trim()};
      submit.disabled = true;
      msg.replaceChildren();
      try {
        await postOnce('/api/v1/officers', body);
        toast(t('admin.registeredDone', {who: `${body.party}/${body.name}`}));
        sections.officers.load();
        sections.requests.load();
      } catch (err) {
        msg.replaceChildren(errorBox(err));
        submit.disabled = false;
      }
    }},
    h('h3', {}, t('admin.newOfficer')),
    h('div', {class: 'row'},
      field(t('admin.party'), party),
      field(t('admin.officer'), name),
      field(t('admin.vkey'), vkey, t('admin.vkeyHint'))),
    msg, submit);
  }

  // --- key requests from browsers (key.js sends them) -----------------------------
  sections.requests = section('admin-requests', t('admin.requests'), async () => {
    let data;
    try {
      data = (await api('GET', '/api/v1/officers/requests')).data;
    } catch (err) {
      if (err.status === 404) return h('p', {class: 'muted', id: 'requests-missing'}, t('admin.requestsMissing'));
      throw err;
    }
    const list = data.requests || [];
    if (!list.length) return h('p', {class: 'muted', id: 'requests-none'}, t('admin.requestsNone'));
    const msg = h('div', {'aria-live': 'polite'});
    // A request's name is the account's, and the officer key's name too.
    const accountOf = (r) => r.name;
    const officerOf = (r) => r.name;
    // A replacement: the server's log key signs the officer-rotate (as it
    // signs an officer-add); nothing is signed in this browser.
    const replaceButton = (r) => h('button', {type: 'button', class: 'small', id: `replace-${safeId(accountOf(r))}`,
      'aria-label': `${t('admin.replace')} ${accountOf(r)}`,
      onclick: async (e) => {
        const who = `${r.party}/${officerOf(r)}`;
        const ids = {who, old: keyIdOf(r.replaces), new: keyIdOf(r.vkey)};
        if (!confirm(t('admin.replaceConfirm', ids))) return;
        e.target.disabled = true;
        try {
          await postOnce(`/api/v1/officers/${encodeURIComponent(r.party)}/${encodeURIComponent(officerOf(r))}/rotation`, {vkey: r.vkey});
          toast(t('admin.replacedDone', ids));
          sections.requests.load();
          sections.officers.load();
        } catch (err) {
          msg.replaceChildren(errorBox(err));
          e.target.disabled = false;
        }
      }}, t('admin.replace'));
    const grid = table([
      {label: t('admin.account'), get: (r) => h('span', {class: 'mono'}, accountOf(r))},
      {label: t('admin.party'), get: (r) => partyName(r.party)},
      {label: t('admin.vkey'), get: (r) => h('span', {class: 'mono vkey', dir: 'ltr'}, r.vkey)},
      // A first key is registered (officer-add); a replacement is a rotation.
      {label: t('admin.kind'), get: (r) => (r.replaces
        ? h('span', {class: 'tag warn', 'data-replaces': r.replaces},
          t(r.replaces_revoked ? 'admin.replacesRevoked' : 'admin.replaces', {id: keyIdOf(r.replaces)}))
        : h('span', {class: 'tag'}, t('admin.firstKey')))},
      {label: t('admin.requested'), get: (r) => stamp(r.requested_at || r.at || r.created_at)},
      {label: '', get: (r) => h('div', {class: 'row nowrap'},
        r.replaces ? replaceButton(r) : h('button', {type: 'button', class: 'small', id: `register-${safeId(accountOf(r))}`,
          'aria-label': `${t('admin.register')} ${accountOf(r)}`,
          onclick: async (e) => {
            e.target.disabled = true;
            const body = {party: r.party, name: officerOf(r), vkey: r.vkey};
            try {
              await postOnce('/api/v1/officers', body);
              toast(t('admin.registeredDone', {who: `${body.party}/${body.name}`}));
              sections.requests.load();
              sections.officers.load();
            } catch (err) {
              msg.replaceChildren(errorBox(err));
              e.target.disabled = false;
            }
          }}, t('admin.register')),
        h('button', {type: 'button', class: 'secondary small', id: `reject-${safeId(accountOf(r))}`,
          'aria-label': `${t('admin.reject')} ${accountOf(r)}`,
          onclick: async (e) => {
            if (!confirm(t('admin.rejectConfirm', {name: accountOf(r)}))) return;
            e.target.disabled = true;
            try {
              await api('DELETE', `/api/v1/officers/requests/${encodeURIComponent(accountOf(r))}`);
              toast(t('admin.rejectedDone', {name: accountOf(r)}));
              sections.requests.load();
            } catch (err) {
              msg.replaceChildren(errorBox(err));
              e.target.disabled = false;
            }
          }}, t('admin.reject')))},
    ], list, {rowAttrs: (r) => ({'data-name': accountOf(r)})});
    grid.id = 'requests-table';
    return [msg, grid];
  });

  // --- the read log ----------------------------------------------------------------
  const rq = {ref: '', since: '', break_glass: '', offset: 0};
  const readRef = h('input', {id: 'readlog-ref', name: 'ref', dir: 'ltr', size: 20, autocomplete: 'off', spellcheck: 'false'});
  const readSince = h('input', {id: 'readlog-since', name: 'since', type: 'text', dir: 'ltr', size: 12, inputmode: 'numeric',
    autocomplete: 'off', pattern: DATE_PATTERN, placeholder: 'YYYY-MM-DD'});
  const readGlass = h('input', {id: 'readlog-glass', name: 'break_glass', type: 'checkbox', value: '1'});
  const readFilters = h('form', {class: 'row filters panel', id: 'readlog-form', onsubmit: (e) => {
    e.preventDefault();
    rq.ref = readRef.value.trim();
    rq.since = readSince.value;
    rq.break_glass = readGlass.checked ? '1' : '';
    rq.offset = 0;
    sections.reads.load();
  }},
  field(t('admin.ref'), readRef),
  field(t('admin.since'), readSince),
  h('label', {class: 'field'}, h('span', {class: 'label'}, t('admin.breakGlass')), readGlass),
  h('button', {type: 'submit', class: 'secondary', id: 'readlog-go'}, t('admin.filter')));
  sections.reads = section('admin-readlog', t('admin.readLog'), async () => {
    const {data} = await api('GET', '/api/v1/read-log', {query: {ref: rq.ref, since: rq.since, break_glass: rq.break_glass,
      limit: READS_PAGE, offset: rq.offset}});
    const reads = data.reads || [];
    const grid = table([
      {label: t('admin.at'), get: (r) => stamp(r.at)},
      {label: t('admin.account'), get: (r) => [h('span', {class: 'mono'}, r.account), ' ', h('span', {class: 'muted'}, `${t(`role.${r.role}`)}${r.party ? ' · ' + partyName(r.party) : ''}`)]},
      {label: t('common.case'), get: (r) => h('span', {class: 'mono'}, r.ref)},
      {label: t('admin.what'), get: (r) => [r.what, r.break_glass ? [' ', h('span', {class: 'tag bad'}, t('admin.glassTag'))] : null]},
      {label: t('admin.why'), get: (r) => h('bdi', {}, r.reason)},
    ], reads, {rowAttrs: (r) => ({class: r.break_glass ? 'break-glass' : ''})});
    grid.id = 'readlog-table';
    const from = rq.offset + 1;
    const to = rq.offset + reads.length;
    return [
      h('p', {class: 'muted'}, t('admin.readLogIntro')),
      readFilters,
      reads.length ? grid : h('p', {class: 'notice', id: 'readlog-none'}, t('admin.readsNone')),
      h('div', {class: 'row no-print'},
        h('button', {type: 'button', class: 'secondary', id: 'readlog-prev', disabled: rq.offset === 0, onclick: () => {
          rq.offset = Math.max(0, rq.offset - READS_PAGE);
          sections.reads.load();
        }}, t('common.prev')),
        reads.length ? h('span', {id: 'readlog-rows'}, t('admin.rows', {from: num(from), to: num(to)})) : null,
        h('button', {type: 'button', class: 'secondary', id: 'readlog-next', disabled: reads.length < READS_PAGE, onclick: () => {
          rq.offset += READS_PAGE;
          sections.reads.load();
        }}, t('common.next'))),
    ];
  });

  const nav = h('nav', {class: 'admin-nav panel', 'aria-label': t('admin.title')},
    [['admin-accounts', 'admin.accounts'], ['admin-officers', 'admin.officers'], ['admin-requests', 'admin.requests'], ['admin-readlog', 'admin.readLog']]
      .map(([id, key]) => h('a', {href: `#/admin`, onclick: (e) => {
        e.preventDefault();
        const target = document.getElementById(id);
        if (target) {
          target.scrollIntoView({block: 'start'});
          target.querySelector('h2')?.setAttribute('tabindex', '-1');
          target.querySelector('h2')?.focus();
        }
      }}, t(key))));

  // Officers first: their parties feed the account form's list.
  await sections.officers.load();
  await Promise.all([sections.accounts.load(), sections.requests.load(), sections.reads.load()]);
  main.append(h('h1', {}, t('admin.title')), nav,
    sections.accounts.el, sections.officers.el, sections.requests.el, sections.reads.el);
}
