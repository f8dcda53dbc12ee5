// Building the page: elements from data, never from HTML strings, so a
// name or a reason can never become markup.

// h('a', {href: '#/x', class: 'btn', onclick: fn}, 'text', child, [more])
export function h(tag, attrs = {}, ...children) {
  const el = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith('on') && typeof v === 'function') {
      el.addEventListener(k.slice(2), v);
    } else if (k === 'class') {
      el.className = v;
    } else if (k === 'dataset') {
      Object.assign(el.dataset, v);
    } else if (k === 'value' || k === 'checked' || k === 'disabled' || k === 'selected') {
      el[k] = v;
    } else {
      el.setAttribute(k, v === true ? '' : String(v));
    }
  }
  append(el, children);
  return el;
}

function append(el, children) {
  for (const c of children) {
    if (c === undefined || c === null || c === false) continue;
    if (Array.isArray(c)) append(el, c);
    else if (c instanceof Node) el.appendChild(c);
    else el.appendChild(document.createTextNode(String(c)));
  }
}

// el.append() prints null as "null" and does not flatten arrays: this
// skips null, undefined and false, and flattens.
export function add(el, ...children) {
  append(el, children);
  return el;
}

export function clear(el) {
  while (el.firstChild) el.removeChild(el.firstChild);
  return el;
}

// Text in a script of its own: an Arabic name inside English text, or a
// Latin one inside Arabic, keeps its own direction.
export function bidi(text, lang) {
  return h('bdi', {lang, dir: lang === 'ar' ? 'rtl' : 'ltr'}, text ?? '');
}

// A command line, left to right: it may wrap between its words on a
// narrow screen, never inside one (`corridor verify-proof FILE`).
export function cmd(text) {
  return h('code', {class: 'cmd', dir: 'ltr'}, text.split(' ').map((w, i) => [i ? ' ' : '', h('span', {}, w)]));
}

// A table from rows. columns: [{label, get(row) -> Node|string, class}]
export function table(columns, rows, {caption, rowAttrs} = {}) {
  return h('table', {class: 'grid'},
    caption ? h('caption', {}, caption) : null,
    h('thead', {}, h('tr', {}, columns.map((c) => h('th', {scope: 'col', class: c.class}, c.label)))),
    h('tbody', {}, rows.map((r) => h('tr', rowAttrs ? rowAttrs(r) : {},
      columns.map((c) => h('td', {class: c.class}, c.get(r)))))));
}

// A labelled form field. Returns the label wrapping the control.
export function field(label, control, hint) {
  return h('label', {class: 'field'}, h('span', {class: 'label'}, label), control,
    hint ? h('span', {class: 'hint'}, hint) : null);
}

export function select(name, options, value, attrs = {}) {
  return h('select', {name, ...attrs},
    options.map(([v, label]) => h('option', {value: v, selected: v === value}, label)));
}

// Saves text as a file the browser downloads.
export function download(filename, text, type = 'text/plain') {
  const url = URL.createObjectURL(new Blob([text], {type}));
  const a = h('a', {href: url, download: filename});
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
