import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { strings } from '../../ui/js/strings.js';
import { LANGUAGES, placeholdersOf, translate } from '../../ui/js/i18n.js';
import { EXPORT_LABEL_KEYS, exportLabels } from '../../ui/js/export-labels.js';

const root = new URL('../../', import.meta.url);
const read = (path) => readFileSync(new URL(path, root), 'utf8');

function forms(entry) {
  return typeof entry === 'object' ? Object.values(entry) : [entry];
}

test('English, Dutch and French have exactly the same keys', () => {
  const english = Object.keys(strings.en).sort();
  for (const lang of LANGUAGES) {
    assert.ok(strings[lang], `missing language ${lang}`);
    assert.deepEqual(Object.keys(strings[lang]).sort(), english, `keys of ${lang}`);
  }
});

test('every entry has the same {placeholders} in every language and plural form', () => {
  for (const key of Object.keys(strings.en)) {
    const expected = placeholdersOf(forms(strings.en[key])[0]);
    for (const lang of LANGUAGES) {
      for (const text of forms(strings[lang][key])) {
        assert.deepEqual(placeholdersOf(text), expected, `${lang} ${key}: ${text}`);
      }
    }
  }
});

test('plural entries have one and other forms in every language, and nothing is empty', () => {
  for (const lang of LANGUAGES) {
    for (const [key, entry] of Object.entries(strings[lang])) {
      assert.equal(typeof entry, typeof strings.en[key], `${lang} ${key} kind`);
      if (typeof entry === 'object') {
        assert.ok(entry.one && entry.other, `${lang} ${key} needs one and other`);
      }
      for (const text of forms(entry)) assert.ok(text.trim().length > 0, `${lang} ${key} is empty`);
    }
  }
});

test('no jargon reaches people (JSON only as a format name)', () => {
  for (const lang of LANGUAGES) {
    for (const [key, entry] of Object.entries(strings[lang])) {
      for (const text of forms(entry)) {
        assert.doesNotMatch(text, /\bHTTP|\b[45]\d\d\b|\bstatus code|\bundefined\b|\bnull\b/i, `${lang} ${key}`);
        if (key !== 'export.json' && key !== 'export.filterJson') assert.doesNotMatch(text, /JSON/, `${lang} ${key}`);
      }
    }
  }
});

test('every data-i18n key used in index.html exists', () => {
  const html = read('ui/index.html');
  const keys = [...html.matchAll(/data-i18n(?:-[a-z-]+)?="([^"]+)"/g)].map((m) => m[1]);
  assert.ok(keys.length > 40);
  for (const key of keys) assert.ok(key in strings.en, `index.html uses unknown key ${key}`);
});

test('every literal t("…") key in the modules exists', () => {
  const dir = new URL('ui/js/', root);
  let count = 0;
  for (const file of readdirSync(dir).filter((f) => f.endsWith('.js'))) {
    const source = readFileSync(new URL(file, dir), 'utf8');
    for (const match of source.matchAll(/\bt\(\s*'([\w.]+)'/g)) {
      count += 1;
      assert.ok(match[1] in strings.en, `${file} uses unknown key ${match[1]}`);
    }
    for (const match of source.matchAll(/'((?:error|action|retry|status|grid\.col)\.[\w.]+)'/g)) {
      assert.ok(match[1] in strings.en, `${file} names unknown key ${match[1]}`);
    }
  }
  assert.ok(count > 30);
});

test('export labels cover every field of the enrow crate and match its English defaults', () => {
  const rust = read('src-tauri/enrow/src/export/labels.rs');
  const fields = [...rust.matchAll(/pub (\w+): String/g)].map((m) => m[1]);
  const camel = fields.map((f) => f.replace(/_(\w)/g, (_, c) => c.toUpperCase()));
  assert.deepEqual([...EXPORT_LABEL_KEYS].sort(), [...camel].sort());

  const defaults = Object.fromEntries(
    [...rust.matchAll(/(\w+): s\(\s*"([^"]*)",?\s*\)/g)].map((m) => [m[1].replace(/_(\w)/g, (_, c) => c.toUpperCase()), m[2]]),
  );
  const english = exportLabels((key) => translate(strings, 'en', key));
  assert.deepEqual(english, defaults);
});

test('export labels are translated, and sheet names fit Excel (31 characters, no []:*?/\\)', () => {
  for (const lang of ['nl', 'fr']) {
    const labels = exportLabels((key) => translate(strings, lang, key));
    assert.notEqual(labels.phone, 'Phone number');
    for (const sheet of [labels.resultsSheet, labels.summarySheet]) {
      assert.ok(sheet.length <= 31, sheet);
      assert.doesNotMatch(sheet, /[[\]:*?/\\]/);
    }
  }
});

// ---- the strings of the history, the demo and the watch-ended state ------------------

const NEW_KEYS = [
  'status.notChecking', 'batch.endedError', 'batch.demoTag', 'batch.rename', 'batch.labelInput',
  'batch.labelPlaceholder', 'batch.labelHint', 'batch.labelSave', 'batch.forget', 'batch.forgetQuestion',
  'batch.forgetConfirm', 'batch.forgetCancel', 'batch.savedNote', 'batch.savedNoteNoTime',
  'history.title', 'history.empty', 'history.ongoing', 'history.completed', 'history.notChecking',
  'history.error', 'demo.noAccount', 'demo.start', 'demo.startNote', 'demo.starting', 'demo.banner',
  'demo.leave', 'demo.tag', 'settings.keyDemo', 'settings.dataTitle', 'settings.dataIntro',
  'settings.clearData', 'settings.clearQuestion', 'settings.clearConfirm', 'settings.clearCancel',
  'settings.cleared', 'main.emptyHistory',
];

test('every new string is in all three languages, translated, with the same placeholders', () => {
  // Words that are the same in Dutch as in English.
  const same = new Set(['nl demo.tag']);
  for (const key of NEW_KEYS) {
    const english = forms(strings.en[key]);
    assert.ok(english.length > 0, `en ${key}`);
    const expected = placeholdersOf(english[0]);
    for (const lang of ['nl', 'fr']) {
      assert.ok(key in strings[lang], `${lang} ${key}`);
      forms(strings[lang][key]).forEach((text, i) => {
        assert.deepEqual(placeholdersOf(text), expected, `${lang} ${key}`);
        if (!same.has(`${lang} ${key}`)) assert.notEqual(text, english[i], `${lang} ${key} is not translated`);
      });
    }
  }
});

test('the wording the brief asks for, in English', () => {
  assert.equal(strings.en['demo.start'], 'Try with demo data');
  assert.equal(strings.en['demo.startNote'], 'Sample data on this computer only; no account needed');
  assert.equal(strings.en['demo.banner'], 'Demo — sample data. Nothing is sent to Enrow.');
  assert.equal(strings.en['demo.leave'], 'Leave the demo');
  assert.equal(strings.en['batch.forgetQuestion'], 'This removes it and its saved results from this computer. It stays on Enrow.');
  assert.equal(strings.en['status.notChecking'], 'Not checking');
  assert.equal(translate(strings, 'en', 'batch.savedNote', { time: '28 Nov, 14:02' }), 'Saved on this computer · checked 28 Nov, 14:02');
  assert.equal(strings.en['batch.demoTag'], 'Demo batch');
  assert.equal(strings.en['settings.clearData'], 'Clear all local data');
  // The clearing question says what goes and what stays.
  assert.match(strings.en['settings.clearQuestion'], /saved result/);
  assert.match(strings.en['settings.clearQuestion'], /settings/);
  assert.match(strings.en['settings.clearQuestion'], /key stays/);
});

test('French punctuation keeps its no-break spaces in the new strings', () => {
  for (const key of NEW_KEYS) {
    for (const text of forms(strings.fr[key])) {
      assert.doesNotMatch(text, / [:;?!]/, `fr ${key}: ${text}`);
      assert.doesNotMatch(text, /\S[;?!]/u, `fr ${key}: ${text}`);
    }
  }
});
