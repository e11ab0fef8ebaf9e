import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pickLanguage, translate, lookup, placeholdersOf } from '../../ui/js/i18n.js';

const table = {
  en: {
    hello: 'Hello {name}',
    onlyEnglish: 'Only in English',
    credits: { one: '{count} credit left', other: '{count} credits left' },
    total: 'Total: {n}',
  },
  nl: {
    hello: 'Hallo {name}',
    credits: { one: 'Nog {count} credit', other: 'Nog {count} credits' },
    total: 'Totaal: {n}',
  },
  fr: {
    hello: 'Bonjour {name}',
    credits: { one: '{count} crédit restant', other: '{count} crédits restants' },
    total: 'Total\u00a0: {n}',
  },
};

test('an explicit setting wins over the system languages', () => {
  assert.equal(pickLanguage('nl', ['fr-FR', 'en-US']), 'nl');
  assert.equal(pickLanguage('fr', []), 'fr');
});

test('automatic picks the first supported language of the system list', () => {
  assert.equal(pickLanguage('auto', ['de-DE', 'nl-BE', 'fr-FR']), 'nl');
  assert.equal(pickLanguage('auto', ['fr-CA', 'en-GB']), 'fr');
  assert.equal(pickLanguage('auto', ['EN_us']), 'en');
  assert.equal(pickLanguage('auto', ['nl']), 'nl');
});

test('automatic falls back to English when nothing fits', () => {
  assert.equal(pickLanguage('auto', ['de-DE', 'es']), 'en');
  assert.equal(pickLanguage('auto', []), 'en');
  assert.equal(pickLanguage('auto', undefined), 'en');
  assert.equal(pickLanguage('klingon', ['de']), 'en');
});

test('looks up a key and fills placeholders', () => {
  assert.equal(translate(table, 'nl', 'hello', { name: 'Marie' }), 'Hallo Marie');
  assert.equal(translate(table, 'fr', 'hello', { name: 'Éloïse' }), 'Bonjour Éloïse');
});

test('a key missing in a language falls back to English, then to the key itself', () => {
  assert.equal(translate(table, 'nl', 'onlyEnglish'), 'Only in English');
  assert.equal(lookup(table, 'fr', 'onlyEnglish'), 'Only in English');
  assert.equal(translate(table, 'fr', 'no.such.key'), 'no.such.key');
  assert.equal(translate(table, 'de', 'hello', { name: 'x' }), 'Hello x');
});

test('a placeholder without a value stays visible rather than becoming "undefined"', () => {
  assert.equal(translate(table, 'en', 'hello'), 'Hello {name}');
});

test('plural forms follow the language rules', () => {
  assert.equal(translate(table, 'en', 'credits', { count: 1 }), '1 credit left');
  assert.equal(translate(table, 'en', 'credits', { count: 0 }), '0 credits left');
  assert.equal(translate(table, 'nl', 'credits', { count: 2 }), 'Nog 2 credits');
  // French: 0 and 1 are singular.
  assert.equal(translate(table, 'fr', 'credits', { count: 0 }), '0 crédit restant');
  assert.equal(translate(table, 'fr', 'credits', { count: 1 }), '1 crédit restant');
  assert.equal(translate(table, 'fr', 'credits', { count: 5 }), '5 crédits restants');
});

test('a plural category the table does not spell out uses "other"', () => {
  // CLDR gives French a "many" form for round millions.
  const text = translate(table, 'fr', 'credits', { count: 1000000 });
  assert.match(text, /crédits restants$/);
});

test('numbers in placeholders are formatted for the language', () => {
  assert.equal(translate(table, 'en', 'total', { n: 36000 }), 'Total: 36,000');
  assert.equal(translate(table, 'nl', 'total', { n: 36000 }), 'Totaal: 36.000');
  assert.equal(translate(table, 'fr', 'total', { n: 36000 }).replace(/\s/g, ' '), 'Total : 36 000');
  assert.equal(translate(table, 'en', 'credits', { count: 36000 }), '36,000 credits left');
});

test('placeholdersOf lists each name once, sorted', () => {
  assert.deepEqual(placeholdersOf('{b} and {a} and {b}'), ['a', 'b']);
  assert.deepEqual(placeholdersOf('none'), []);
});
