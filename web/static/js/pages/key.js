// The officer's signing key in this browser: make one (WebCrypto Ed25519,
// non-extractable, kept in IndexedDB), send its public half to be
// registered by an administrator, and see whether the server's registered
// key is the one this browser holds.

import {api, loadSession} from '../api.js';
import {add, h} from '../dom.js';
import {t} from '../i18n.js';
import {generateKey, getKey, keyNameOf, supported} from '../keys.js';
import {errorBox} from '../app.js';

export const strings = {
  en: {
    'key.title': 'Signing key', 'key.name': 'Key name', 'key.here': 'In this browser',
    'key.server': 'On the server', 'key.none': 'none', 'key.match': 'The registered key is the one in this browser: you can sign.',
    'key.mismatch': 'The server has another key for you. Decisions signed here will be refused until an administrator registers this browser\'s key.',
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
    'key.mismatch': 'للخادم مفتاح آخر باسمك. ستُرفض القرارات الموقعة هنا حتى يعتمد المسؤول مفتاح هذا المتصفح.',
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
  add(main, msg, h('div', {class: 'row'},
    h('button', {type: 'button', id: 'key-generate', class: local ? 'secondary' : '', onclick: async () => {
      if (local && !confirm(t('key.replace') + '?')) return;
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
