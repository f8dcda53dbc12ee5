// Shared by the browser tests: Debian's chromium through playwright-core,
// one browser context per officer (its own cookies and IndexedDB, so its
// own signing key), screenshots into the test output.

import {chromium} from 'playwright-core';
import {createHash, generateKeyPairSync} from 'node:crypto';
import {mkdirSync} from 'node:fs';
import {join} from 'node:path';
import assert from 'node:assert/strict';

export const BASE = process.env.CORRIDOR_URL;
export const OUT = process.env.CORRIDOR_SCREENSHOTS || 'test-output';
export const CORRIDOR = process.env.CORRIDOR;
export const PASSWORD = process.env.CORRIDOR_PASSWORD;
if (!BASE || !CORRIDOR || !PASSWORD) {
  throw new Error('run through tests/web/e2e.sh: CORRIDOR_URL, CORRIDOR and CORRIDOR_PASSWORD are needed');
}
mkdirSync(OUT, {recursive: true});

let browser;
export async function launch() {
  browser = await chromium.launch({
    executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
      '--disable-background-networking', '--disable-component-update', '--disable-sync'],
  });
  return browser;
}

export async function close() {
  if (browser) await browser.close();
}

// A signed-in page for `account`. Console errors and failed requests other
// than the ones a test expects are collected in page.problems.
export async function signIn(account, {lang = 'en', viewport = {width: 1280, height: 900}} = {}) {
  const context = await browser.newContext({viewport, locale: lang === 'ar' ? 'ar' : 'en-GB'});
  const page = await context.newPage();
  page.problems = [];
  page.on('pageerror', (e) => page.problems.push(`pageerror: ${e.message}`));
  page.on('console', (m) => {
    if (m.type() === 'error' && !/status of 4\d\d/.test(m.text())) page.problems.push(`console: ${m.text()}`);
  });
  await page.goto(`${BASE}/#/login`);
  await page.fill('#login-name', account);
  await page.fill('#login-password', PASSWORD);
  await page.click('#login-submit');
  await page.waitForSelector('#signout');
  return page;
}

export async function shot(page, name) {
  await page.waitForTimeout(150);  // let charts and fonts settle
  await page.screenshot({path: join(OUT, `${name}.png`), fullPage: true});
}

// Opens #/route and waits for its heading.
export async function open(page, hash) {
  const url = `${BASE}/${hash}`;
  if (page.url() === url) await page.reload();
  else await page.goto(url);
  await page.waitForSelector('main h1');
}

// The same request the page would make, with the page's cookie session.
export async function apiGet(page, path) {
  return page.evaluate(async (p) => {
    const r = await fetch(p, {credentials: 'same-origin'});
    return {status: r.status, body: await r.json()};
  }, path);
}

export function noProblems(page) {
  assert.deepEqual(page.problems, [], 'the page logged no errors');
}

// An Ed25519 key as the browser imports it (keys.js importKey), and its
// C2SP verifier key for `corridor officer add`.
export function newKey(name) {
  const {privateKey, publicKey} = generateKeyPairSync('ed25519');
  const pkcs8 = privateKey.export({type: 'pkcs8', format: 'der'});
  const raw = publicKey.export({type: 'spki', format: 'der'}).subarray(-32);
  const id = createHash('sha256').update(Buffer.concat([Buffer.from(`${name}\n\x01`, 'latin1'), raw])).digest().subarray(0, 4);
  const vkey = `${name}+${id.toString('hex')}+${Buffer.concat([Buffer.from([1]), raw]).toString('base64')}`;
  return {pkcs8: [...pkcs8], raw: [...raw], vkey};
}
