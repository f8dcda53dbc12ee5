// Copies the browser's npm dependencies (pinned in package.json and
// package-lock.json, installed by `npm ci`) into static/vendor/, which the
// server serves. Nothing is fetched at run time.
import {copyFileSync, mkdirSync, existsSync} from 'node:fs';
import {dirname, join} from 'node:path';
import {fileURLToPath} from 'node:url';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(web, 'static', 'vendor');
const files = [
  ['node_modules/uplot/dist/uPlot.esm.js', 'uPlot.esm.js'],
  ['node_modules/uplot/dist/uPlot.min.css', 'uPlot.min.css'],
  ['node_modules/uplot/LICENSE', 'uPlot.LICENSE'],
];
mkdirSync(out, {recursive: true});
for (const [from, to] of files) {
  const src = join(web, from);
  if (!existsSync(src)) {
    console.error(`vendor: ${src} is missing; run npm ci in web/ (scripts/install-deps.sh does)`);
    process.exit(1);
  }
  copyFileSync(src, join(out, to));
}
console.log(`vendor: ${files.length} files in ${out}`);
