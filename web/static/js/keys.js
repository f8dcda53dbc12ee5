// The officer's signing key lives in this browser: an Ed25519 key made by
// WebCrypto as non-extractable and kept in IndexedDB, so no script (ours
// included) can read the private half, and it never reaches the server.
// Signatures are C2SP signed notes (c2sp.org/signed-note): the body, a
// blank line, then "— <name> base64(key id || signature)".

import {api, newKey} from './api.js';

const DB = 'corridor-keys';
const STORE = 'keys';

function idb() {
  return new Promise((resolve, reject) => {
    const req = indexedDB.open(DB, 1);
    req.onupgradeneeded = () => req.result.createObjectStore(STORE, {keyPath: 'name'});
    req.onsuccess = () => resolve(req.result);
    req.onerror = () => reject(req.error);
  });
}

async function tx(mode, fn) {
  const db = await idb();
  return new Promise((resolve, reject) => {
    const t = db.transaction(STORE, mode);
    const req = fn(t.objectStore(STORE));
    t.oncomplete = () => resolve(req && req.result);
    t.onerror = () => reject(t.error);
    t.onabort = () => reject(t.error);
  });
}

const enc = new TextEncoder();

export function b64(bytes) {
  let s = '';
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function hex(bytes) {
  return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
}

// C2SP key id: SHA-256(name || 0x0A || 0x01 || public key)[:4].
export async function keyId(name, rawPublic) {
  const n = enc.encode(name);
  const msg = new Uint8Array(n.length + 2 + rawPublic.length);
  msg.set(n, 0);
  msg[n.length] = 0x0a;
  msg[n.length + 1] = 0x01;
  msg.set(rawPublic, n.length + 2);
  return new Uint8Array(await crypto.subtle.digest('SHA-256', msg)).slice(0, 4);
}

// name+hex(key id)+base64(0x01 || public key)
export async function vkeyOf(name, rawPublic) {
  const typed = new Uint8Array(33);
  typed[0] = 0x01;
  typed.set(rawPublic, 1);
  return `${name}+${hex(await keyId(name, rawPublic))}+${b64(typed)}`;
}

async function record(name, privateKey, publicKey) {
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', publicKey));
  return {name, privateKey, publicKey, vkey: await vkeyOf(name, raw), created: new Date().toISOString()};
}

export function supported() {
  return !!(window.crypto && crypto.subtle && window.indexedDB);
}

// The key named "party/officer", or null.
export async function getKey(name) {
  return (await tx('readonly', (s) => s.get(name))) || null;
}

// Makes (or replaces) the key for `name`. The private half is
// non-extractable: it can sign here and nowhere else.
export async function generateKey(name) {
  const pair = await crypto.subtle.generateKey({name: 'Ed25519'}, false, ['sign', 'verify']);
  const rec = await record(name, pair.privateKey, pair.publicKey);
  await tx('readwrite', (s) => s.put(rec));
  return rec;
}

// For tests and for officers moving a key made elsewhere: a PKCS#8
// Ed25519 private key, imported as non-extractable.
export async function importKey(name, pkcs8, rawPublic) {
  const privateKey = await crypto.subtle.importKey('pkcs8', pkcs8, {name: 'Ed25519'}, false, ['sign']);
  const publicKey = await crypto.subtle.importKey('raw', rawPublic, {name: 'Ed25519'}, true, ['verify']);
  const rec = await record(name, privateKey, publicKey);
  await tx('readwrite', (s) => s.put(rec));
  return rec;
}

export async function deleteKey(name) {
  await tx('readwrite', (s) => s.delete(name));
}

// The signed note for `body` (which ends in "\n").
export async function signNote(key, body) {
  const sig = new Uint8Array(await crypto.subtle.sign({name: 'Ed25519'}, key.privateKey, enc.encode(body)));
  const raw = new Uint8Array(await crypto.subtle.exportKey('raw', key.publicKey));
  const id = await keyId(key.name, raw);
  const both = new Uint8Array(4 + sig.length);
  both.set(id, 0);
  both.set(sig, 4);
  return `${body}\n\u2014 ${key.name} ${b64(both)}\n`;
}

// The key name of the signed-in officer: "party/name".
export function keyNameOf(session) {
  return session.key?.name || `${session.party}/${session.name}`;
}

export class NoKeyError extends Error {
  constructor(name) {
    super(`no signing key for ${name} in this browser`);
    this.keyName = name;
  }
}

// Signs every body of a draft (201 from a drafting route) in this browser
// and commits it. One Idempotency-Key for all tries, so a retry after a
// lost answer commits once. Returns the commit's answer.
export async function signAndCommit(session, draft) {
  if (!draft.sign || !draft.commit) return draft;  // nothing to sign (200)
  const key = await getKey(keyNameOf(session));
  if (!key) throw new NoKeyError(keyNameOf(session));
  const notes = [];
  for (const body of draft.sign) notes.push(await signNote(key, body));
  const idem = newKey();
  let last;
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      return (await api('POST', draft.commit, {body: {notes}, idempotencyKey: idem})).data;
    } catch (e) {
      last = e;
      if (!e.network) throw e;
      await new Promise((r) => setTimeout(r, 300 * (attempt + 1)));
    }
  }
  throw last;
}

// Draft with `method path body`, sign and commit: the whole change.
export async function change(session, method, path, body, opts = {}) {
  const r = await api(method, path, {body, ...opts});
  return signAndCommit(session, r.data);
}
