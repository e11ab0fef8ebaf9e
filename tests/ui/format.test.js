import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  formatNumber, formatPercent, splitDuration, formatDateTime, formatShortDateTime, formatShortDate, countryName, fileName,
} from '../../ui/js/format.js';

// French separates with a narrow no-break space; compare with plain spaces.
const plain = (text) => text.replace(/\s/g, ' ');

test('numbers use the language separators', () => {
  assert.equal(formatNumber(36000, 'en'), '36,000');
  assert.equal(formatNumber(36000, 'nl'), '36.000');
  assert.equal(plain(formatNumber(36000, 'fr')), '36 000');
  assert.equal(formatNumber(0, 'nl'), '0');
});

test('percentages per language, whole numbers', () => {
  assert.equal(formatPercent(0.72, 'en'), '72%');
  assert.equal(formatPercent(0.72, 'nl'), '72%');
  assert.equal(plain(formatPercent(0.72, 'fr')), '72 %');
  assert.equal(formatPercent(1, 'en'), '100%');
  assert.equal(formatPercent(0, 'en'), '0%');
});

test('a rate that is not 0 or 1 never reads as 0% or 100%', () => {
  assert.equal(formatPercent(0.999, 'en'), '99.9%');
  assert.equal(formatPercent(0.9996, 'en'), '99.9%');
  assert.equal(formatPercent(0.004, 'en'), '0.4%');
  assert.equal(formatPercent(0.00001, 'en'), '0.1%');
  assert.equal(formatPercent(0.999, 'nl'), '99,9%');
});

test('durations round up to whole seconds and split into minutes', () => {
  assert.deepEqual(splitDuration(2880), { total: 3, minutes: 0, seconds: 3 });
  assert.deepEqual(splitDuration(8000), { total: 8, minutes: 0, seconds: 8 });
  assert.deepEqual(splitDuration(125000), { total: 125, minutes: 2, seconds: 5 });
  assert.deepEqual(splitDuration(-50), { total: 0, minutes: 0, seconds: 0 });
  assert.deepEqual(splitDuration(undefined), { total: 0, minutes: 0, seconds: 0 });
});

test('dates are written for the language', () => {
  const ms = Date.UTC(2026, 10, 28, 12, 0);
  assert.match(formatDateTime(ms, 'en'), /Nov/);
  assert.match(formatDateTime(ms, 'nl'), /nov/);
  assert.match(formatDateTime(ms, 'fr'), /nov/);
  assert.match(formatDateTime(ms, 'en'), /2026/);
});

test('country names are localized, unknown codes give null', () => {
  assert.equal(countryName('FR', 'en'), 'France');
  assert.equal(countryName('fr', 'nl'), 'Frankrijk');
  assert.equal(countryName('NL', 'fr'), 'Pays-Bas');
  assert.equal(countryName('US', 'nl'), 'Verenigde Staten');
  assert.equal(countryName('ZZZ', 'en'), null);
  assert.equal(countryName(null, 'en'), null);
  assert.equal(countryName('', 'en'), null);
});

test('fileName keeps the last part of a Windows or Unix path', () => {
  assert.equal(fileName('/home/marie/enrow-phones-e3b61122-2026-11-28.xlsx'), 'enrow-phones-e3b61122-2026-11-28.xlsx');
  assert.equal(fileName('C:\\Users\\Marie\\Documents\\enrow.csv'), 'enrow.csv');
  assert.equal(fileName('plain.json'), 'plain.json');
});

test('short dates and times for notes and lists, with the year only when it differs', () => {
  const ms = new Date(2026, 10, 28, 14, 2).getTime();
  const sameYear = new Date(2026, 11, 31, 9, 0).getTime();
  const nextYear = new Date(2027, 0, 2, 9, 0).getTime();
  assert.match(formatShortDateTime(ms, 'en', sameYear), /Nov 28/);
  assert.match(formatShortDateTime(ms, 'en', sameYear), /2:02/);
  assert.doesNotMatch(formatShortDateTime(ms, 'en', sameYear), /2026/);
  assert.match(formatShortDateTime(ms, 'en', nextYear), /2026/);
  assert.match(formatShortDateTime(ms, 'nl', sameYear), /28 nov/);
  assert.match(formatShortDateTime(ms, 'nl', sameYear), /14:02/);
  assert.match(formatShortDateTime(ms, 'fr', sameYear), /28 nov/);
  assert.match(formatShortDateTime(ms, 'fr', sameYear), /14:02/);
  assert.match(formatShortDate(ms, 'nl', sameYear), /^28 nov\.?$/);
  assert.match(formatShortDate(ms, 'en', sameYear), /^Nov 28$/);
  assert.match(formatShortDate(ms, 'fr', nextYear), /2026/);
});
