// The public log: its latest checkpoint (GET /api/v1/log/checkpoint, a
// C2SP signed note: origin, size, root hash, then the log's signature and
// each witness's cosignature), and a case's proof (GET
// /api/v1/log/proof/{ref}): every statement about the case with its log
// index, the witness policy, and the proof file exactly as served, for
// `corridor verify-proof FILE` offline.

import {api, ApiError} from '../api.js';
import {download, h, table} from '../dom.js';
import {num, t} from '../i18n.js';
import {errorBox} from '../app.js';
import {stamp} from '../util.js';
import {label} from '../words.js';

export const strings = {
  en: {
    'log.title': 'Log', 'log.intro': 'Every change is a signed statement in an append-only log that each party checks and cosigns on its own.',
    'log.checkpoint': 'Latest checkpoint', 'log.origin': 'Log', 'log.size': 'Size', 'log.sizeValue': '{n} statements',
    'log.root': 'Root hash', 'log.signatures': 'Signatures', 'log.keyName': 'Key name', 'log.signer': 'Signer',
    'log.keyId': 'Key ID', 'log.cosignedAt': 'Cosigned at', 'log.logSig': 'The log', 'log.witnessSig': 'Witness: {p}',
    'log.otherSig': 'Other signature', 'log.extensions': 'Extension lines', 'log.noCheckpoint': 'The log has no checkpoint yet.',
    'log.rawCheckpoint': 'Show the checkpoint text', 'log.witnessCount': '{n} witness cosignatures',
    'log.search': 'Case reference', 'log.searchGo': 'Find its statements',
    'log.publicId': 'In the public log this case is named {id}, never by its reference. A reason kept private shows as sealed-…: a salted hash, whose code stays with the deployment.',
    'log.proofTitle': 'Statements about {ref}', 'log.proofCount': '{n} statements, proved against the log of size {s}',
    'log.index': 'Log index', 'log.kind': 'Kind', 'log.time': 'Time', 'log.signedBy': 'Signed by',
    'log.text': 'Statement text', 'log.download': 'Download proof',
    'log.verifyHint': 'Check the file offline, with no access to the server:',
    'log.pinHint': 'The proof names the log key below. To trust the key your party holds instead, add {log}; {quorum} sets your own witness quorum.',
    'log.logKey': 'Log key named by the proof', 'log.policy': 'Witness policy',
    'log.quorum': 'Quorum', 'log.quorumValue': '{q} of {n} parties must cosign', 'log.parties': 'Witness parties',
    'log.keys': 'Officer keys that signed these statements ({n})', 'log.notFound': 'The log has no statement about this case.',
    'log.refRequired': 'Give a case reference.',
    'log.withheld': 'Withheld from your party: this statement carries a reason from a list that holds health-related reasons. Shown with the reason withheld; not the signed text, so its signature cannot be checked here. Its inclusion in the log is proven by its leaf hash.',
    'log.witnessed': 'This proof\'s checkpoint is cosigned by {n} witnesses: quorum met.',
    'log.notWitnessed': 'This proof\'s checkpoint is cosigned by {n} witnesses, fewer than the quorum of {q}: verify-proof reports it as not witnessed until more witnesses cosign.',
  },
  ar: {
    'log.title': 'السجل', 'log.intro': 'كل تغيير بيان موقّع في سجل لا يُضاف إليه إلا في آخره، تتحقق منه كل جهة وتوقّع عليه مستقلةً.',
    'log.checkpoint': 'آخر نقطة تحقق', 'log.origin': 'السجل', 'log.size': 'الحجم', 'log.sizeValue': '{n} بياناً',
    'log.root': 'جذر التجزئة', 'log.signatures': 'التوقيعات', 'log.keyName': 'اسم المفتاح', 'log.signer': 'الموقّع',
    'log.keyId': 'معرّف المفتاح', 'log.cosignedAt': 'وقت التوقيع المشترك', 'log.logSig': 'السجل', 'log.witnessSig': 'شاهد: {p}',
    'log.otherSig': 'توقيع آخر', 'log.extensions': 'أسطر إضافية', 'log.noCheckpoint': 'لا توجد نقطة تحقق في السجل بعد.',
    'log.rawCheckpoint': 'عرض نص نقطة التحقق', 'log.witnessCount': '{n} توقيعات شهود',
    'log.search': 'رقم الملف', 'log.searchGo': 'اعرض بياناته',
    'log.publicId': 'في السجل العام يُسمّى هذا الملف {id}، ولا يُذكر رقمه المرجعي أبداً. ويظهر السبب المحجوب بصيغة sealed-…: تجزئة مملّحة يبقى رمزها لدى الجهة المشغّلة.',
    'log.proofTitle': 'البيانات الخاصة بالملف {ref}', 'log.proofCount': '{n} بيانات، مثبتة في السجل عند الحجم {s}',
    'log.index': 'رقم القيد', 'log.kind': 'النوع', 'log.time': 'الوقت', 'log.signedBy': 'وقّعه',
    'log.text': 'نص البيان', 'log.download': 'تنزيل الإثبات',
    'log.verifyHint': 'تحقق من الملف دون اتصال ودون الوصول إلى الخادم:',
    'log.pinHint': 'يسمّي الإثبات مفتاح السجل أدناه. لتعتمد المفتاح الذي تحمله جهتك بدلاً منه أضف {log}؛ ويحدد {quorum} نصاب الشهود الخاص بك.',
    'log.logKey': 'مفتاح السجل كما يسمّيه الإثبات', 'log.policy': 'سياسة الشهود',
    'log.quorum': 'النصاب', 'log.quorumValue': 'يجب أن توقّع {q} من أصل {n} جهات', 'log.parties': 'الجهات الشاهدة',
    'log.keys': 'مفاتيح الموظفين التي وقّعت هذه البيانات ({n})', 'log.notFound': 'لا يحتوي السجل أي بيان عن هذا الملف.',
    'log.refRequired': 'أدخل رقم الملف.',
    'log.withheld': 'محجوب عن جهتك: يتضمن هذا البيان سبباً من قائمة تضم أسباباً تتعلق بالصحة. يُعرض والسبب محجوب، وليس هو النص الموقّع، فلا يمكن التحقق من توقيعه هنا. أما إدراجه في السجل فمثبت بتجزئة ورقته.',
    'log.witnessed': 'نقطة التحقق في هذا الإثبات موقّعة من {n} شهود: النصاب مكتمل.',
    'log.notWitnessed': 'نقطة التحقق في هذا الإثبات موقّعة من {n} شهود، أقل من النصاب {q}: يعدّها verify-proof غير مشهود عليها حتى يوقّع شهود آخرون.',
  },
};

// A C2SP checkpoint (signed note): body lines, a blank line, then
// "— name base64(keyid || sig)" lines. A witness cosignature
// (cosignature/v1) also carries an 8-byte big-endian timestamp.
export function parseCheckpoint(text) {
  const cut = text.indexOf('\n\n');
  const body = (cut >= 0 ? text.slice(0, cut) : text).split('\n');
  const sigs = [];
  for (const line of (cut >= 0 ? text.slice(cut + 2) : '').split('\n')) {
    const m = /^\u2014 (\S+) (\S+)$/.exec(line);
    if (!m) continue;
    const sig = {name: m[1], keyId: '', time: null};
    try {
      const raw = Uint8Array.from(atob(m[2]), (ch) => ch.charCodeAt(0));
      sig.keyId = Array.from(raw.slice(0, 4), (b) => b.toString(16).padStart(2, '0')).join('');
      if (raw.length === 4 + 8 + 64) {
        let secs = 0;
        for (let i = 4; i < 12; i++) secs = secs * 256 + raw[i];
        if (secs > 0) sig.time = new Date(secs * 1000).toISOString().replace(/\.\d+Z$/, 'Z');
      }
    } catch { /* not base64: shown without its key ID */ }
    sigs.push(sig);
  }
  return {origin: body[0] || '', size: body[1] || '', root: body[2] || '', extensions: body.slice(3), sigs};
}

// A translated sentence with elements in place of its {name}s.
function withNodes(text, nodes) {
  return text.split(/(\{\w+\})/).map((part) => {
    const m = /^\{(\w+)\}$/.exec(part);
    return m && nodes[m[1]] ? nodes[m[1]] : part;
  });
}

// "key value" lines of a statement body, up to its signature.
function fieldsOf(statement) {
  const f = {};
  for (const line of (statement || '').split('\n')) {
    if (line.startsWith('\u2014')) break;
    const sp = line.indexOf(' ');
    if (sp > 0) f[line.slice(0, sp)] = line.slice(sp + 1);
  }
  return f;
}

// The proof as the server wrote it: its bytes are what verify-proof reads.
async function fetchProof(ref) {
  const path = `/api/v1/log/proof/${encodeURIComponent(ref)}`;
  let res;
  try {
    res = await fetch(path, {headers: {Accept: 'application/json, application/problem+json'}, credentials: 'same-origin', cache: 'no-store'});
  } catch (e) {
    const err = new ApiError(0, {title: 'network', detail: e.message});
    err.network = true;
    throw err;
  }
  const text = await res.text();
  if (!res.ok) {
    if (res.status === 401) await api('GET', path);  // the shared sign-in handling
    let problem;
    try {
      problem = JSON.parse(text);
    } catch {
      problem = {detail: text || res.statusText};
    }
    throw new ApiError(res.status, problem);
  }
  return {text, proof: JSON.parse(text)};
}

function checkpointSection(text) {
  const cp = parseCheckpoint(text);
  const witnesses = cp.sigs.filter((s) => s.name !== cp.origin);
  const sigTable = table([
    {label: t('log.keyName'), get: (s) => h('span', {class: 'mono'}, s.name)},
    {label: t('log.signer'), get: (s) => {
      if (s.name === cp.origin) return h('span', {class: 'tag ok'}, t('log.logSig'));
      const [party, who] = s.name.split('/');
      if (who === 'witness') return t('log.witnessSig', {p: t(`party.${party}`)});
      return t('log.otherSig');
    }},
    {label: t('log.keyId'), get: (s) => h('span', {class: 'mono'}, s.keyId)},
    {label: t('log.cosignedAt'), get: (s) => (s.time ? stamp(s.time) : '—')},
  ], cp.sigs, {rowAttrs: (s) => ({'data-key': s.name})});
  sigTable.id = 'log-signatures';
  return h('section', {class: 'panel', id: 'log-checkpoint'},
    h('h2', {}, t('log.checkpoint')),
    h('dl', {class: 'kv'},
      h('dt', {}, t('log.origin')), h('dd', {class: 'mono', id: 'log-origin'}, h('bdi', {dir: 'ltr'}, cp.origin)),
      h('dt', {}, t('log.size')), h('dd', {id: 'log-size', 'data-size': cp.size}, t('log.sizeValue', {n: num(Number(cp.size))})),
      h('dt', {}, t('log.root')), h('dd', {class: 'mono', id: 'log-root'}, h('bdi', {dir: 'ltr'}, cp.root)),
      cp.extensions.length ? [h('dt', {}, t('log.extensions')), h('dd', {class: 'mono'}, h('bdi', {dir: 'ltr'}, cp.extensions.join('\n')))] : null),
    h('h3', {}, t('log.signatures'), ' ', h('span', {class: 'muted'}, `(${t('log.witnessCount', {n: num(witnesses.length)})})`)),
    sigTable,
    h('details', {}, h('summary', {}, t('log.rawCheckpoint')), h('pre', {dir: 'ltr', id: 'log-checkpoint-text'}, text)));
}

function proofSection(ref, text, proof) {
  const statements = proof.statements || [];
  const cp = parseCheckpoint(proof.checkpoint || '');
  const file = `${ref}.proof.json`;
  const policy = proof.witness_policy || {};
  const cosigned = cp.sigs.filter((x) => x.name !== cp.origin).length;
  const quorumMet = policy.quorum == null || cosigned >= policy.quorum;
  const items = statements.map((s) => {
    const f = fieldsOf(s.statement || s.withheld);
    const time = f.time && /^\d+$/.test(f.time) ? new Date(Number(f.time) * 1000).toISOString() : '';
    return h('li', {class: 'log-statement panel', 'data-index': s.index},
      h('div', {class: 'row log-statement-head'},
        h('span', {}, h('span', {class: 'muted'}, `${t('log.index')}: `), h('strong', {class: 'mono log-index'}, String(s.index))),
        h('span', {}, h('span', {class: 'muted'}, `${t('log.kind')}: `), h('span', {class: 'tag'}, f.kind ? label('kind', f.kind) : '?'),
          f.stage ? ` ${label('stage', f.stage)}` : '', f.outcome ? ` · ${label('outcome', f.outcome)}` : ''),
        f.party ? h('span', {}, h('span', {class: 'muted'}, `${t('log.signedBy')}: `), h('span', {class: 'mono'}, `${f.party}/${f.officer || ''}`)) : null,
        time ? h('span', {}, h('span', {class: 'muted'}, `${t('log.time')}: `), stamp(time)) : null),
      s.statement == null && s.withheld ? h('p', {class: 'notice log-withheld'}, t('log.withheld')) : null,
      h('pre', {class: 'log-text', dir: 'ltr', 'aria-label': `${t('log.text')} ${s.index}`}, s.statement ?? s.withheld ?? ''));
  });
  const keys = proof.keys || [];
  // The log names the case by its public id (docs/log_format.md).
  const publicId = statements.map((s) => fieldsOf(s.statement || s.withheld).case).find(Boolean);
  return h('section', {id: 'log-proof'},
    h('h2', {}, t('log.proofTitle', {ref})),
    publicId ? h('p', {class: 'muted', id: 'log-public-id'}, withNodes(t('log.publicId'), {
      id: h('bdi', {dir: 'ltr'}, h('code', {}, publicId))})) : null,
    h('p', {class: 'muted', id: 'log-proof-count'}, t('log.proofCount', {n: num(statements.length), s: num(Number(cp.size))})),
    h('div', {class: 'panel'},
      h('div', {class: 'row'},
        h('button', {type: 'button', id: 'log-proof-download', onclick: () => download(file, text, 'application/json')}, t('log.download')),
        h('span', {class: 'mono'}, file)),
      h('p', {}, t('log.verifyHint'), ' ', h('bdi', {dir: 'ltr'}, h('code', {id: 'log-verify-command'}, `corridor verify-proof ${file}`))),
      h('p', {class: 'muted'}, withNodes(t('log.pinHint'), {
        log: h('bdi', {dir: 'ltr'}, h('code', {}, '--log VKEY')),
        quorum: h('bdi', {dir: 'ltr'}, h('code', {}, '--quorum N'))})),
      h('dl', {class: 'kv'},
        h('dt', {}, t('log.logKey')), h('dd', {class: 'mono', id: 'log-key'}, h('bdi', {dir: 'ltr'}, proof.log || '—')),
        h('dt', {}, t('log.quorum')), h('dd', {id: 'log-quorum', 'data-quorum': policy.quorum ?? ''},
          policy.quorum != null ? t('log.quorumValue', {q: num(policy.quorum), n: num((policy.parties || []).length)}) : '—'),
        h('dt', {}, t('log.parties')), h('dd', {id: 'log-parties'},
          (policy.parties || []).map((p, i) => [i ? ', ' : '', t(`party.${p}`)]))),
      h('p', {class: quorumMet ? 'notice' : 'error', id: 'log-witnessed', 'data-met': quorumMet ? '1' : '0'},
        quorumMet ? t('log.witnessed', {n: num(cosigned)}) : t('log.notWitnessed', {n: num(cosigned), q: num(policy.quorum)}))),
    h('ol', {class: 'log-statements', id: 'log-statements'}, items),
    keys.length ? h('details', {id: 'log-keys'},
      h('summary', {}, t('log.keys', {n: num(keys.length)})),
      h('ol', {class: 'log-statements'}, keys.map((k) => h('li', {class: 'log-statement panel', 'data-index': k.index},
        h('div', {}, h('span', {class: 'muted'}, `${t('log.index')}: `), h('strong', {class: 'mono'}, String(k.index))),
        h('pre', {class: 'log-text', dir: 'ltr'}, k.statement))))) : null);
}

export async function render({main, refresh}) {
  const params = new URLSearchParams(location.hash.split('?')[1] || '');
  const ref = (params.get('ref') || '').trim();

  main.append(h('h1', {}, t('log.title')), h('p', {class: 'muted'}, t('log.intro')));

  try {
    const {data} = await api('GET', '/api/v1/log/checkpoint');
    main.append(data && String(data).trim() ? checkpointSection(String(data)) : h('p', {class: 'notice'}, t('log.noCheckpoint')));
  } catch (err) {
    main.append(err.status === 404 ? h('p', {class: 'notice'}, t('log.noCheckpoint')) : errorBox(err));
  }

  const msg = h('div', {'aria-live': 'polite', id: 'log-message'});
  const input = h('input', {id: 'log-search', name: 'ref', value: ref, dir: 'ltr', size: 24, autocomplete: 'off', spellcheck: 'false'});
  main.append(h('form', {class: 'row filters panel', role: 'search', onsubmit: (e) => {
    e.preventDefault();
    const v = input.value.trim();
    if (!v) {
      msg.replaceChildren(h('div', {class: 'error', role: 'alert'}, t('log.refRequired')));
      return;
    }
    const next = `#/log?ref=${encodeURIComponent(v)}`;
    if (location.hash === next) refresh();
    else location.hash = next;
  }},
  h('label', {class: 'field', for: 'log-search'}, h('span', {class: 'label'}, t('log.search')), input),
  h('button', {type: 'submit', id: 'log-search-go'}, t('log.searchGo'))), msg);

  if (!ref) return;
  try {
    const {text, proof} = await fetchProof(ref);
    main.append(proofSection(proof.case || ref, text, proof));
  } catch (err) {
    msg.replaceChildren(err.code === 'not-found'
      ? h('div', {class: 'error', role: 'alert', id: 'log-not-found'}, t('log.notFound'), ' (', h('span', {class: 'mono'}, ref), ')')
      : errorBox(err));
  }
}
