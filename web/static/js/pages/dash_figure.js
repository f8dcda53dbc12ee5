// A dashboard figure: its caption, the chart, and under it the same
// figures three other ways: a <details> table to read, a CSV file (a Blob
// download) and a print of the figure alone. The table and the CSV come
// from the same rows and columns: column.value(row) is the plain value,
// column.cell(row) (optional) how the table shows it.

import {download, h, table} from '../dom.js';
import {add, t} from '../i18n.js';

add({
  en: {'dash.figures': 'Show the figures', 'dash.csv': 'CSV', 'dash.csvOf': 'Download the figures of “{t}” as CSV',
    'dash.print': 'Print', 'dash.printOf': 'Print “{t}”', 'dash.noData': 'No data for this period.'},
  ar: {'dash.figures': 'عرض الأرقام', 'dash.csv': 'CSV', 'dash.csvOf': 'تنزيل أرقام «{t}» بصيغة CSV',
    'dash.print': 'طباعة', 'dash.printOf': 'طباعة «{t}»', 'dash.noData': 'لا بيانات لهذه الفترة.'},
});

// One CSV field (RFC 4180): quoted when it holds a comma, quote or newline;
// a leading =, +, - or @ is neutralised so that a spreadsheet shows, never
// runs, it.
function csvField(v) {
  let s = v === null || v === undefined ? '' : String(v);
  if (/^[=+\-@]/.test(s) && !/^-?\d/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replaceAll('"', '""')}"` : s;
}

export function toCsv(columns, rows) {
  const lines = [columns.map((c) => csvField(c.label)).join(',')];
  for (const r of rows) lines.push(columns.map((c) => csvField(c.value(r))).join(','));
  return `${lines.join('\r\n')}\r\n`;
}

// Prints only `fig`: the page is marked while the print dialog is open.
function printOne(fig) {
  document.body.classList.add('printing-one');
  fig.classList.add('print-target');
  const done = () => {
    document.body.classList.remove('printing-one');
    fig.classList.remove('print-target');
    window.removeEventListener('afterprint', done);
  };
  window.addEventListener('afterprint', done);
  window.print();
}

// {fig, box}: box is where the chart goes; `file` names the CSV.
export function chartFigure(id, title, columns, rows, file) {
  const box = h('div', {class: 'chart-box', id, role: 'img', 'aria-label': title});
  const tb = table(columns.map((c) => ({label: c.label, class: c.class, get: c.cell || c.value})), rows);
  tb.classList.add('compact');
  tb.id = `${id}-table`;
  const fig = h('figure', {class: 'dash-chart panel', id: `${id}-figure`, 'aria-labelledby': `${id}-title`},
    h('div', {class: 'spread'},
      h('figcaption', {id: `${id}-title`, class: 'dash-chart-title'}, title),
      h('div', {class: 'row dash-chart-tools no-print'},
        h('button', {type: 'button', class: 'secondary small', id: `${id}-csv`, 'aria-label': t('dash.csvOf', {t: title}),
          onclick: () => download(`${file}.csv`, toCsv(columns, rows), 'text/csv;charset=utf-8')}, t('dash.csv')),
        h('button', {type: 'button', class: 'secondary small', id: `${id}-print`, 'aria-label': t('dash.printOf', {t: title}),
          onclick: () => printOne(fig)}, t('dash.print')))),
    box,
    rows.length ? null : h('p', {class: 'muted'}, t('dash.noData')),
    h('details', {class: 'dash-figures', id: `${id}-figures`}, h('summary', {}, t('dash.figures')), tb));
  return {fig, box};
}
