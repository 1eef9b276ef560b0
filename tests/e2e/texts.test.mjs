// Every text of the pages exists in the four languages, with the same placeholders, and every key the
// pages use is defined; likewise the staff console's texts in Italian and English. No browser needed.
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { SOURCE_DIR } from './support/server.mjs';

const { TEXTS } = await import(join(SOURCE_DIR, 'web/public/js/texts.js'));
const { VISIT_TEXTS } = await import(join(SOURCE_DIR, 'web/public/js/visit-texts.js'));  // the kiosk and the display
const { CONSOLE_TEXTS } = await import(join(SOURCE_DIR, 'web/public/console/texts.js'));
const CONSOLE_PAGE = 'staff.html';
const placeholders = (text) => [...text.matchAll(/\{(\w+)\}/g)].map((m) => m[1]).sort();

test('every language has every text, with the same placeholders', () => {
  const keys = Object.keys(TEXTS.it).filter((key) => !key.startsWith('language.'));
  for (const language of ['en', 'fr', 'es']) {
    const missing = keys.filter((key) => !(key in TEXTS[language]));
    assert.deepEqual(missing, [], `missing in ${language}`);
    const extra = Object.keys(TEXTS[language]).filter((key) => !(key in TEXTS.it));
    assert.deepEqual(extra, [], `unknown keys in ${language}`);
    for (const key of keys) {
      assert.ok(TEXTS[language][key].trim(), `${language}: ${key} is empty`);
      assert.deepEqual(placeholders(TEXTS[language][key]), placeholders(TEXTS.it[key]), `${language}: ${key}`);
    }
  }
});

test('every key the pages use is defined', () => {
  const web = join(SOURCE_DIR, 'web/public');
  const sources = [
    ...readdirSync(join(web, 'js')).map((name) => readFileSync(join(web, 'js', name), 'utf8')),
    ...readdirSync(web).filter((name) => name.endsWith('.html') && name !== CONSOLE_PAGE)
      .map((name) => readFileSync(join(web, name), 'utf8')),
  ].join('\n');
  const used = new Set([
    ...[...sources.matchAll(/\bt\('([a-zA-Z.-]+)'/g)].map((m) => m[1]),
    ...[...sources.matchAll(/data-i18n="([a-z]+\.[a-zA-Z.-]+)"/g)].map((m) => m[1]),
    ...[...sources.matchAll(/(?:'|")([a-z]+\.[a-zA-Z.-]+)(?:'|")\s*[),:]/g)].map((m) => m[1]).filter((k) => k in TEXTS.it || k in VISIT_TEXTS.it),
  ]);
  const undefinedKeys = [...used].filter((key) => !(key in TEXTS.it || key in VISIT_TEXTS.it));
  assert.deepEqual(undefinedKeys, []);
  assert.ok(used.size > 100, `found ${used.size} keys in use`);
});

test('the Italian written in the applicant pages is the Italian of texts.js', () => {
  // A page shows it until its script has run; the privacy notice and the accessibility statement
  // can be read in it without JavaScript.
  const web = join(SOURCE_DIR, 'web/public');
  const decode = (html) => html.replace(/&lt;/g, '<').replace(/&gt;/g, '>').replace(/&quot;/g, '"').replace(/&amp;/g, '&');
  const differ = [];
  let checked = 0;
  for (const name of readdirSync(web).filter((file) => file.endsWith('.html') && file !== CONSOLE_PAGE)) {
    const html = readFileSync(join(web, name), 'utf8');
    for (const [, key, text] of html.matchAll(/data-i18n="([a-zA-Z.-]+)"[^>]*>([^<]*)</g)) {
      checked += 1;
      if (decode(text) !== TEXTS.it[key]) differ.push(`${name}, ${key}: "${text}" (texts.js: "${TEXTS.it[key]}")`);
    }
  }
  assert.deepEqual(differ, []);
  assert.ok(checked > 100, `checked ${checked} texts`);
});

test('the Italian of the applicant pages addresses the reader as "tu" throughout', () => {
  // The formal "Lei": its courtesy capitals inside a sentence, and the formal imperatives and forms
  // that once crept into these pages or into the server's refusals (the pages word those themselves).
  const formal = /(?<!(?:^|[.!?:]\s))\b(?:Lei|Suo|Sua|Suoi|Sue|La preghiamo)\b|\b(?:scelga|scriva|inserisca|conservi|riprovi|attivi JavaScript|contatti lo sportello|si rivolga|convocarla|Ha già)\b/;
  const web = join(SOURCE_DIR, 'web/public');
  const italian = [...Object.entries(TEXTS.it).map(([key, text]) => [`texts.js ${key}`, text]),
    ...Object.entries(VISIT_TEXTS.it).map(([key, text]) => [`visit-texts.js ${key}`, text])];
  for (const name of readdirSync(web).filter((file) => file.endsWith('.html') && file !== CONSOLE_PAGE)) {
    const html = readFileSync(join(web, name), 'utf8');
    for (const [, text] of html.matchAll(/<p lang="it"[^>]*>([^<]*)</g)) italian.push([`${name} (without JavaScript)`, text]);
    for (const [, text] of html.matchAll(/<meta name="description" content="([^"]*)"/g)) italian.push([`${name} (description)`, text]);
  }
  const found = italian.filter(([, text]) => formal.test(text)).map(([where, text]) => `${where}: ${text}`);
  assert.deepEqual(found, []);
  assert.ok(italian.some(([where]) => where.includes('without JavaScript')), 'the pages\' own Italian is checked too');
});

test('the kiosk and the display have every text in the four languages, and define every key they use', () => {
  const keys = Object.keys(VISIT_TEXTS.it);
  assert.deepEqual(Object.keys(VISIT_TEXTS).sort(), ['en', 'es', 'fr', 'it']);
  for (const language of ['en', 'fr', 'es']) {
    assert.deepEqual(keys.filter((key) => !(key in VISIT_TEXTS[language])), [], `missing in ${language}`);
    assert.deepEqual(Object.keys(VISIT_TEXTS[language]).filter((key) => !(key in VISIT_TEXTS.it)), [], `unknown keys in ${language}`);
    for (const key of keys) {
      assert.ok(VISIT_TEXTS[language][key].trim(), `${language}: ${key} is empty`);
      assert.deepEqual(placeholders(VISIT_TEXTS[language][key]), placeholders(VISIT_TEXTS.it[key]), `${language}: ${key}`);
    }
  }
  // The display writes its labels in the four languages at once (data-label, allLanguages('…')).
  const web = join(SOURCE_DIR, 'web/public');
  const sources = ['display.html', 'js/display.js', 'kiosk.html', 'js/kiosk.js'].map((name) => readFileSync(join(web, name), 'utf8')).join('\n');
  const used = new Set([
    ...[...sources.matchAll(/data-label="([a-z]+\.[a-zA-Z.-]+)"/g)].map((m) => m[1]),
    ...[...sources.matchAll(/\b(?:t|allLanguages)\('([a-z]+\.[a-zA-Z.-]+)'/g)].map((m) => m[1]),
  ]);
  assert.deepEqual([...used].filter((key) => !(key in VISIT_TEXTS.it || key in TEXTS.it)), []);
  assert.ok(used.size > 40, `found ${used.size} keys in use`);
});

test('the staff console has every text in Italian and English, and defines every key it uses', () => {
  const keys = Object.keys(CONSOLE_TEXTS.it);
  assert.deepEqual(Object.keys(CONSOLE_TEXTS).sort(), ['en', 'it']);
  assert.deepEqual(keys.filter((key) => !(key in CONSOLE_TEXTS.en)), [], 'missing in en');
  assert.deepEqual(Object.keys(CONSOLE_TEXTS.en).filter((key) => !(key in CONSOLE_TEXTS.it)), [], 'unknown keys in en');
  for (const key of keys) {
    assert.ok(CONSOLE_TEXTS.en[key].trim(), `en: ${key} is empty`);
    assert.deepEqual(placeholders(CONSOLE_TEXTS.en[key]), placeholders(CONSOLE_TEXTS.it[key]), `en: ${key}`);
  }
  const web = join(SOURCE_DIR, 'web/public');
  const sources = [
    ...readdirSync(join(web, 'console')).map((name) => readFileSync(join(web, 'console', name), 'utf8')),
    readFileSync(join(web, CONSOLE_PAGE), 'utf8'),
  ].join('\n');
  const known = (key) => key in CONSOLE_TEXTS.it || (key in TEXTS.it && key in TEXTS.en);
  const used = new Set([
    ...[...sources.matchAll(/\bt\('([a-zA-Z.-]+)'/g)].map((m) => m[1]),
    ...[...sources.matchAll(/data-i18n(?:-attr)?="(?:[a-z-]+:)?([a-z]+\.[a-zA-Z.-]+)"/g)].map((m) => m[1]),
  ]);
  assert.deepEqual([...used].filter((key) => !known(key)), []);
  assert.ok(used.size > 150, `found ${used.size} keys in use`);
});
