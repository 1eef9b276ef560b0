// Copies the third-party files the pages use from node_modules into public/vendor/ (git-ignored), so
// that `sportello serve` answers every request itself: no CDN, nothing leaves the server. Text files
// get a gzip twin (NAME.gz) that the server sends to browsers accepting gzip.
// Run after `npm ci` (scripts/install-deps.sh does); safe to run again: it rebuilds vendor/ whole.
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const web = join(dirname(fileURLToPath(import.meta.url)), '..');
const modules = join(web, 'node_modules');
const target = join(web, 'public', 'vendor');
const staging = `${target}.tmp-${process.pid}`;

const italia = 'bootstrap-italia/dist';
const titillium = `${italia}/fonts/Titillium_Web/titillium-web-v10-latin-ext_latin`;
// [from (under node_modules), to (under vendor/)]
const files = [
  [`${italia}/css/bootstrap-italia.min.css`, 'bootstrap-italia/css/bootstrap-italia.min.css'],
  [`${italia}/svg/sprites.svg`, 'bootstrap-italia/svg/sprites.svg'],
  ['bootstrap-italia/LICENSE', 'bootstrap-italia/LICENSE.txt'],
  [`${titillium}-regular.woff2`, 'bootstrap-italia/fonts/titillium-web-400.woff2'],
  [`${titillium}-italic.woff2`, 'bootstrap-italia/fonts/titillium-web-400-italic.woff2'],
  [`${titillium}-600.woff2`, 'bootstrap-italia/fonts/titillium-web-600.woff2'],
  [`${titillium}-700.woff2`, 'bootstrap-italia/fonts/titillium-web-700.woff2'],
  [`${italia}/fonts/Titillium_Web/OFL.txt`, 'bootstrap-italia/fonts/OFL.txt'],
  ['qrcode-generator/dist/qrcode.mjs', 'qrcode-generator/qrcode.mjs'],
  // The proof-of-work widget (js/proof-of-work.js): the build without inline workers or styles, for
  // the pages' CSP; its SHA worker; its texts in the pages' four languages.
  ['altcha/dist/external/altcha.min.js', 'altcha/altcha.js'],
  ['altcha/dist/external/altcha.css', 'altcha/altcha.css'],
  ['altcha/dist/workers/sha.js', 'altcha/workers/sha.js'],
  ['altcha/dist/i18n/it.js', 'altcha/i18n/it.js'],
  ['altcha/dist/i18n/en.js', 'altcha/i18n/en.js'],
  ['altcha/dist/i18n/fr-fr.js', 'altcha/i18n/fr-fr.js'],
  ['altcha/dist/i18n/es-es.js', 'altcha/i18n/es-es.js'],
  ['altcha/LICENSE.txt', 'altcha/LICENSE.txt'],
];
const compressible = /\.(css|svg|mjs|js|txt)$/;

for (const [from] of files) {
  if (!existsSync(join(modules, from))) {
    console.error(`vendor: ${from} is missing: run \`npm ci\` in web/ first`);
    process.exit(1);
  }
}
rmSync(staging, { recursive: true, force: true });
for (const [from, to] of files) {
  const destination = join(staging, to);
  mkdirSync(dirname(destination), { recursive: true });
  copyFileSync(join(modules, from), destination);
  if (compressible.test(to)) writeFileSync(`${destination}.gz`, gzipSync(readFileSync(destination), { level: 9 }));
}
const versions = Object.fromEntries(
  ['altcha', 'bootstrap-italia', 'qrcode-generator'].map((name) => [
    name,
    JSON.parse(readFileSync(join(modules, name, 'package.json'), 'utf8')).version,
  ]),
);
writeFileSync(join(staging, 'versions.json'), `${JSON.stringify(versions, null, 2)}\n`);
rmSync(target, { recursive: true, force: true });
renameSync(staging, target);
