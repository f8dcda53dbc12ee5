// The public figures' proof: the checkpoint they were computed at, the
// latest checkpoint with its witnesses' cosignatures (GET
// /api/v1/log/checkpoint, open), and the commands an outsider runs to
// check the log and compute the same figures, with the log's key (GET
// /api/v1/log/key, open) filled in.

import {download, h, cmd, table} from '../dom.js';
import {add, num, t} from '../i18n.js';
import {stamp, tn} from '../util.js';
import {label} from '../words.js';
import {parseCheckpoint} from './log.js';

add({
  en: {
    'figv.checkpoint': 'Computed at this checkpoint', 'figv.origin': 'Log', 'figv.size': 'Size',
    'figv.sizeValue': '{n} statements', 'figv.root': 'Root hash',
    'figv.witnesses': 'Witnesses that cosigned the latest checkpoint', 'figv.witnessCount': '{n} witness cosignatures',
    'figv.noWitness': 'No witness has cosigned the latest checkpoint yet.',
    'figv.keyName': 'Key name', 'figv.party': 'Party', 'figv.keyId': 'Key ID', 'figv.cosignedAt': 'Cosigned at',
    'figv.same': 'The latest checkpoint is the one these figures were computed at.',
    'figv.newer': 'The log has grown since: the latest checkpoint has {n} statements. These figures are computed at {s}.',
    'figv.noCheckpoint': 'The log has no checkpoint yet.',
    'figv.rawCheckpoint': 'Show the checkpoint text',
    'figv.how': 'How to verify these figures',
    'figv.howIntro': 'You need no account and no trust in this server: only the log’s key and the witnesses’ keys, each got from the parties themselves.',
    'figv.step1': '1. The log’s key. Check that each party that runs a witness holds the same line:',
    'figv.step2': '2. Each witness’s key, from its own party (not from this server). These witnesses cosigned:',
    'figv.step2none': '2. Each witness’s key, from its own party (not from this server).',
    'figv.step3db': '3. A party that holds the database exports the log:',
    'figv.step3web': 'Anyone else fetches the same files from this server: save the checkpoint and the list of tiles, then',
    'figv.saveCheckpoint': 'Save the checkpoint', 'figv.saveTiles': 'Save the list of tiles ({n} files)',
    'figv.step4': '4. Verify the log with the keys you pinned and your own quorum (N: how many parties’ witnesses you require, at least 1):',
    'figv.step5': '5. Compute the figures from the log alone: the output is, byte for byte, the JSON this page shows, when the directory holds the same checkpoint. An export holds the deployment’s config (config.toml); with fetched tiles, give the config you got from a party:',
    'figv.docs': 'The steps are explained in Corridor’s documentation, in {a} (section “For an outside auditor”), and each figure is defined in {b}, precisely enough to recompute it in another language.',
    'figv.noKey': 'The log’s key could not be read: ask a party for it.',
  },
  ar: {
    'figv.checkpoint': 'حُسبت عند نقطة التحقق هذه', 'figv.origin': 'السجل', 'figv.size': 'الحجم',
    'figv.sizeValue': '{n} بياناً', 'figv.root': 'جذر التجزئة',
    'figv.witnesses': 'الشهود الذين وقّعوا على آخر نقطة تحقق', 'figv.witnessCount': '{n} توقيعات شهود',
    'figv.noWitness': 'لم يوقّع أي شاهد على آخر نقطة تحقق بعد.',
    'figv.keyName': 'اسم المفتاح', 'figv.party': 'الجهة', 'figv.keyId': 'معرّف المفتاح', 'figv.cosignedAt': 'وقت التوقيع المشترك',
    'figv.same': 'آخر نقطة تحقق هي نفسها التي حُسبت عندها هذه الأرقام.',
    'figv.newer': 'كبر السجل منذ ذلك: في آخر نقطة تحقق {n} بياناً. أما هذه الأرقام فمحسوبة عند {s}.',
    'figv.noCheckpoint': 'لا توجد نقطة تحقق في السجل بعد.',
    'figv.rawCheckpoint': 'عرض نص نقطة التحقق',
    'figv.how': 'كيف تتحقق من هذه الأرقام',
    'figv.howIntro': 'لا تحتاج إلى حساب ولا إلى الثقة بهذا الخادم: يكفي مفتاح السجل ومفاتيح الشهود، تحصل على كلٍّ منها من الجهات نفسها.',
    'figv.step1': '١. مفتاح السجل. تأكد أن كل جهة تشغّل شاهداً تحمل السطر نفسه:',
    'figv.step2': '٢. مفتاح كل شاهد، من جهته هي (لا من هذا الخادم). وقّع هؤلاء الشهود:',
    'figv.step2none': '٢. مفتاح كل شاهد، من جهته هي (لا من هذا الخادم).',
    'figv.step3db': '٣. الجهة التي تحمل قاعدة البيانات تصدّر السجل:',
    'figv.step3web': 'وأي شخص آخر ينزّل الملفات نفسها من هذا الخادم: احفظ نقطة التحقق وقائمة المربعات، ثم',
    'figv.saveCheckpoint': 'حفظ نقطة التحقق', 'figv.saveTiles': 'حفظ قائمة المربعات ({n} ملفاً)',
    'figv.step4': '٤. تحقق من السجل بالمفاتيح التي ثبّتها وبنصابك أنت (N: عدد الجهات التي تشترط توقيع شهودها، واحد على الأقل):',
    'figv.step5': '٥. احسب الأرقام من السجل وحده: الناتج مطابق بايتاً بايتاً لملف JSON الذي تعرضه هذه الصفحة، متى كانت في المجلد نقطة التحقق نفسها. يحوي التصدير إعدادات الجهة المشغّلة (config.toml)؛ أما مع المربعات المنزّلة فأعطِ الإعدادات التي حصلت عليها من إحدى الجهات:',
    'figv.docs': 'هذه الخطوات مشروحة في توثيق «الممر»، في الملف {a} (القسم «For an outside auditor»)، وكل رقم معرّف في الملف {b} بدقة تكفي لإعادة حسابه بلغة برمجة أخرى.',
    'figv.noKey': 'تعذّرت قراءة مفتاح السجل: اطلبه من إحدى الجهات.',
  },
});

const mono = (s, attrs = {}) => h('span', {class: 'mono', ...attrs}, h('bdi', {dir: 'ltr'}, s));

export function checkpointSection(cp) {
  return h('section', {class: 'panel', id: 'fig-checkpoint'},
    h('h2', {}, t('figv.checkpoint')),
    h('dl', {class: 'kv'},
      h('dt', {}, t('figv.origin')), h('dd', {}, mono(cp.origin || '—', {id: 'fig-origin'})),
      h('dt', {}, t('figv.size')), h('dd', {id: 'fig-size', 'data-size': cp.size}, t('figv.sizeValue', {n: num(cp.size)})),
      h('dt', {}, t('figv.root')), h('dd', {}, mono(cp.root || '—', {id: 'fig-root'}))));
}

// The latest checkpoint's witnesses (every "— name base64" line but the log's own).
export function witnessSection(text, figSize) {
  if (!text) return h('section', {class: 'panel', id: 'fig-witnesses'}, h('p', {class: 'notice'}, t('figv.noCheckpoint')));
  const cp = parseCheckpoint(text);
  const witnesses = cp.sigs.filter((s) => s.name !== cp.origin);
  const tb = table([
    {label: t('figv.keyName'), get: (s) => mono(s.name)},
    {label: t('figv.party'), get: (s) => label('party', s.name.split('/')[0])},
    {label: t('figv.keyId'), get: (s) => mono(s.keyId)},
    {label: t('figv.cosignedAt'), get: (s) => (s.time ? stamp(s.time) : '—')},
  ], witnesses, {caption: t('figv.witnessCount', {n: num(witnesses.length)}), rowAttrs: (s) => ({'data-key': s.name})});
  tb.id = 'fig-witness-table';
  const size = Number(cp.size);
  return h('section', {class: 'panel', id: 'fig-witnesses'},
    h('h2', {}, t('figv.witnesses')),
    h('p', {id: 'fig-latest', 'data-size': cp.size},
      size === figSize ? t('figv.same') : t('figv.newer', {n: num(size), s: num(figSize)})),
    witnesses.length ? tb : h('p', {class: 'muted', id: 'fig-no-witness'}, t('figv.noWitness')),
    h('details', {}, h('summary', {}, t('figv.rawCheckpoint')), h('pre', {dir: 'ltr', id: 'fig-checkpoint-text'}, text)));
}

// A tile's index as C2SP tlog-tiles writes it: three-digit groups, all but the last with an "x".
export function tileIndex(n) {
  let s = String(n);
  s = s.padStart(Math.ceil(s.length / 3) * 3, '0');
  const groups = s.match(/\d{3}/g);
  return groups.map((g, i) => (i < groups.length - 1 ? `x${g}` : g)).join('/');
}

// Every tile of a log of `size` entries: the entry bundles, then the hash
// tiles of each level (as `corridor log export` writes them).
export function tilePaths(size) {
  const out = [];
  const part = (count, n) => (count - n * 256 >= 256 ? '' : `.p/${count - n * 256}`);
  for (let n = 0; n * 256 < size; n++) out.push(`tile/entries/${tileIndex(n)}${part(size, n)}`);
  for (let level = 0; Math.floor(size / 256 ** level) > 0; level++) {
    const nodes = Math.floor(size / 256 ** level);
    for (let n = 0; n * 256 < nodes; n++) out.push(`tile/${level}/${tileIndex(n)}${part(nodes, n)}`);
  }
  return out;
}

// Command lines, each wrapping between its words; a word too long for a
// phone (a key) may also wrap inside itself.
function block(...lines) {
  const box = h('div', {class: 'fig-cmd', dir: 'ltr'}, lines.map((l) => h('div', {}, cmd(l))));
  for (const w of box.querySelectorAll('code.cmd > span')) if (w.textContent.length > 28) w.classList.add('fig-long');
  return box;
}

export function verifySection({checkpointText, key, size}) {
  const vkey = key?.key || 'VKEY';
  const cp = checkpointText ? parseCheckpoint(checkpointText) : null;
  const witnesses = cp ? cp.sigs.filter((s) => s.name !== cp.origin) : [];
  const pins = witnesses.length ? witnesses.map((w) => `--witness '${w.name}+${w.keyId}+…'`) : ["--witness 'PARTY/witness+…'"];
  const base = `${location.origin}/api/v1/log`;
  // The tiles of the checkpoint one saves here (the latest), whatever the figures' size.
  const paths = tilePaths(cp ? Number(cp.size) || 0 : size);
  return h('section', {class: 'panel', id: 'fig-verify'},
    h('h2', {}, t('figv.how')),
    h('p', {}, t('figv.howIntro')),
    h('p', {}, t('figv.step1')),
    block(`curl ${base}/key`),
    key ? h('p', {dir: 'ltr'}, mono(vkey, {id: 'fig-log-key'})) : h('p', {class: 'error', role: 'alert'}, t('figv.noKey')),
    h('p', {}, t(witnesses.length ? 'figv.step2' : 'figv.step2none')),
    witnesses.length ? h('ul', {id: 'fig-witness-pins', dir: 'ltr'}, witnesses.map((w) => h('li', {}, mono(`${w.name}+${w.keyId}+…`)))) : null,
    h('p', {}, t('figv.step3db')),
    block('corridor log export --db DB --out DIR'),
    h('p', {}, t('figv.step3web')),
    h('div', {class: 'row'},
      h('button', {type: 'button', class: 'secondary', id: 'fig-save-checkpoint', disabled: !checkpointText,
        onclick: () => download('checkpoint', checkpointText, 'text/plain')}, t('figv.saveCheckpoint')),
      h('button', {type: 'button', class: 'secondary', id: 'fig-save-tiles',
        onclick: () => download('tiles.txt', paths.map((p) => `${base}/${p}\n`).join(''), 'text/plain')},
      t('figv.saveTiles', {n: num(paths.length)}))),
    block('mkdir DIR && cp checkpoint DIR/checkpoint', `echo '${vkey}' > DIR/log.vkey`,
      'wget -q -x -nH --cut-dirs=3 -P DIR -i tiles.txt'),
    h('p', {}, t('figv.step4')),
    h('div', {id: 'fig-verify-command'}, block(`corridor verify DIR --log '${vkey}' --quorum N ${pins.join(' ')}`)),
    h('p', {}, t('figv.step5')),
    h('div', {id: 'fig-figures-command'}, block('corridor figures DIR', 'corridor figures DIR --config config.toml')),
    h('p', {class: 'muted', id: 'fig-docs'}, tn('figv.docs', {a: h('code', {}, 'docs/log_format.md'), b: h('code', {}, 'docs/figures.md')})));
}
