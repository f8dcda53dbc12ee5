// The refusal rules and error codes the docs name, read from the docs
// themselves so that a rule added there without a sentence in the UI
// fails words.test.mjs: docs/log_format.md's "What the store refuses"
// table and docs/api.md's "The codes are:" list.

import {readFileSync} from 'node:fs';

const doc = (name) => readFileSync(new URL(`../../docs/${name}`, import.meta.url), 'utf8');
const ticks = (s) => [...s.matchAll(/`([^`]+)`/g)].map((m) => m[1]);
const CODE = /^[a-z][a-z0-9]*(-[a-z0-9]+)*$/;

// The text between the line matching `from` and the next line matching `to`.
function between(text, from, to) {
  const lines = text.split('\n');
  const start = lines.findIndex((l) => from.test(l));
  if (start < 0) throw new Error(`no line matches ${from}`);
  const rest = lines.slice(start + 1);
  const end = rest.findIndex((l) => to.test(l));
  return rest.slice(0, end < 0 ? undefined : end).join('\n');
}

// Rules in the first column of the table; where that column is prose
// ("the workflow's rules"), the rules listed in the second.
export function logFormatRules() {
  const table = between(doc('log_format.md'), /^### What the store refuses/, /^##/);
  const out = new Set();
  for (const line of table.split('\n')) {
    if (!line.startsWith('|') || /^\|[-| ]+\|$/.test(line) || line.startsWith('| rule')) continue;
    const [first, second] = line.split('|').slice(1, 3);
    const named = ticks(first);
    for (const c of (named.length ? named : ticks(second))) if (CODE.test(c)) out.add(c);
  }
  return [...out];
}

// Members and headers the codes list mentions that are not codes.
const NOT_CODES = new Set(['type', 'field', 'name', 'outcome', 'errors']);

export function apiCodes() {
  const list = between(doc('api.md'), /^The codes are:/, /^##/);
  return [...new Set(ticks(list).filter((c) => CODE.test(c) && !NOT_CODES.has(c)))];
}
