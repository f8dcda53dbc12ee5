// The officer's signing key in this browser: make one (WebCrypto Ed25519,
// non-extractable, kept in IndexedDB), send its public half to be
// registered by an administrator, and see whether the server's registered
// key is the one this browser holds. A new key for a name that has one (a
// cleared browser, a revoked key) is a replacement: an administrator
// registers it by a key rotation, and the old key signs nothing after.

import {api, loadSession} from '../api.js';
import {add, h} from '../dom.js';
import {t} from '../i18n.js';
import {generateKey, getKey, keyNameOf, supported} from '../keys.js';
import {errorBox} from '../app.js';

export const strings = {
  en: {
    'key.title': 'Signing key', 'key.name': 'Key name', 'key.here': 'In this browser',
    'key.server': 'On the server', 'key.none': 'none', 'key.match': 'The registered key is the one in this browser: you can sign.',
    'key.mismatch': 'The server has another key for you. Decisions signed here are refused until an administrator registers this browser\'s key as a replacement of yours (a key rotation, recorded in the log). Ask for it below.',
    'key.replacing': 'Waiting for an administrator to replace your registered key {id} with this one (a key rotation, recorded in the log). From then on only this key signs for you: the old key signs nothing, here or anywhere.',
    'key.revokedNote': 'Your key was revoked. Make a new key in this browser and ask for it: an administrator can register it as a replacement.',
    'key.replaceConfirm': 'Make a new key in this browser? The key it holds now is gone for good. An administrator must register the new key as a replacement (a key rotation, recorded in the log) before you can sign again; from then on the old key signs nothing.',
    'key.generate': 'Create a signing key in this browser', 'key.replace': 'Replace the key in this browser',
    'key.request': 'Ask for this key to be registered', 'key.requested': 'Sent. An administrator must register it before you can sign.',
    'key.registered': 'Registered: you can sign now.',
    'key.explain': 'Your private key is made here and cannot leave this browser. Only its public half (below) is sent to the server.',
    'key.unsupported': 'This browser cannot make Ed25519 keys (WebCrypto). Use a current Chromium or Firefox.',
    'key.status.registered': 'registered', 'key.status.pending': 'waiting for an administrator', 'key.status.none': 'none',
  },
  ar: {
    'key.title': 'مفتاح التوقيع', 'key.name': 'اسم المفتاح', 'key.here': 'في هذا المتصفح',
    'key.server': 'على الخادم', 'key.none': 'لا يوجد', 'key.match': 'المفتاح المسجل هو نفسه الموجود في هذا المتصفح: يمكنك التوقيع.',
    'key.mismatch': 'للخادم مفتاح آخر باسمك. تُرفض القرارات الموقعة هنا حتى يعتمد المسؤول مفتاح هذا المتصفح بديلاً عن مفتاحك (استبدال مفتاح يُدرج في السجل). اطلب ذلك أدناه.',
    'key.replacing': 'بانتظار أن يستبدل المسؤول مفتاحك المسجل \u2066{id}\u2069 بهذا المفتاح (استبدال مفتاح يُدرج في السجل). بعد ذلك يوقّع هذا المفتاح وحده باسمك، ولا يوقّع المفتاح القديم شيئاً هنا أو في أي مكان.',
    'key.revokedNote': 'أُلغي مفتاحك. أنشئ مفتاحاً جديداً في هذا المتصفح واطلب اعتماده: يستطيع المسؤول اعتماده بديلاً عن القديم.',
    'key.replaceConfirm': 'إنشاء مفتاح جديد في هذا المتصفح؟ يضيع المفتاح الموجود فيه الآن نهائياً. يجب أن يعتمد المسؤول المفتاح الجديد بديلاً (استبدال مفتاح يُدرج في السجل) قبل أن تتمكن من التوقيع مجدداً، ولا يوقّع المفتاح القديم بعد ذلك شيئاً.',
    'key.generate': 'إنشاء مفتاح توقيع في هذا المتصفح', 'key.replace': 'استبدال المفتاح في هذا المتصفح',
    'key.request': 'طلب اعتماد هذا المفتاح', 'key.requested': 'أُرسل الطلب. يجب أن يعتمده المسؤول قبل أن تتمكن من التوقيع.',
    'key.registered': 'تم الاعتماد: يمكنك التوقيع الآن.',
    'key.explain': 'يُنشأ مفتاحك الخاص هنا ولا يمكن أن يغادر هذا المتصفح. لا يُرسل إلى الخادم إلا نصفه العام (أدناه).',
    'key.unsupported': 'لا يستطيع هذا المتصفح إنشاء مفاتيح Ed25519. استخدم إصداراً حديثاً من Chromium أو Firefox.',
    'key.status.registered': 'مسجل', 'key.status.pending': 'بانتظار المسؤول', 'key.status.none': 'لا يوجد',
  },
};

export async function render({main, session, refresh, toast}) {
  add(main, h('h1', {}, t('key.title')), h('p', {class: 'muted'}, t('key.explain')));
  if (!supported()) {
    add(main, h('div', {class: 'error'}, t('key.unsupported')));
    return;
  }
  const s = await loadSession();
  const name = keyNameOf(s);
  const local = await getKey(name);
  const server = s.key || {status: 'none'};
  const msg = h('div', {'aria-live': 'polite'});
  const matches = local && server.vkey === local.vkey;
  const request = async (vkey) => {
    try {
      const r = await api('POST', '/api/v1/officers/requests', {body: {vkey}});
      toast(r.data.status === 'registered' ? t('key.registered') : t('key.requested'));
      refresh();
    } catch (err) {
      msg.replaceChildren(errorBox(err));
    }
  };
  add(main, h('dl', {class: 'kv panel'},
    h('dt', {}, t('key.name')), h('dd', {class: 'mono', id: 'key-name'}, name),
    h('dt', {}, t('key.here')), h('dd', {class: 'mono', id: 'key-local'}, local ? local.vkey : t('key.none')),
    h('dt', {}, t('key.server')), h('dd', {}, h('span', {class: `tag ${server.status === 'registered' ? 'ok' : 'warn'}`, id: 'key-status'}, t(`key.status.${server.status}`)),
      server.vkey ? h('div', {class: 'mono'}, server.vkey) : null)));
  if (local && server.status === 'registered') {
    add(main, h('p', {class: matches ? 'notice' : 'error', id: 'key-match'}, matches ? t('key.match') : t('key.mismatch')));
  }
  // A replacement waits for an admin's rotation; a revoked key is replaced the same way.
  if (server.status === 'pending' && server.replaces) {
    add(main, h('p', {class: 'notice', id: 'key-replacing'}, t('key.replacing', {id: String(server.replaces).split('+')[1] || ''})));
  } else if (server.status === 'none' && server.revoked_at) {
    add(main, h('p', {class: 'notice', id: 'key-revoked'}, t('key.revokedNote')));
  }
  add(main, msg, h('div', {class: 'row'},
    h('button', {type: 'button', id: 'key-generate', class: local ? 'secondary' : '', onclick: async () => {
      if (local && !confirm(t('key.replaceConfirm'))) return;
      try {
        const k = await generateKey(name);
        await request(k.vkey);
      } catch (err) {
        msg.replaceChildren(errorBox(err));
      }
    }}, local ? t('key.replace') : t('key.generate')),
    local && !matches && server.vkey !== local.vkey
      ? h('button', {type: 'button', id: 'key-request', onclick: () => request(local.vkey)}, t('key.request'))
      : null));
}
