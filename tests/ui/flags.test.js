import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { FLAG_CODES, flagUrl } from '../../ui/js/flags.js';

const folder = new URL('../../ui/flags/', import.meta.url);

test('the list of flags is the folder of flags', () => {
  const files = readdirSync(folder).filter((name) => name.endsWith('.svg')).map((name) => name.slice(0, -4));
  assert.deepEqual([...FLAG_CODES].sort(), files.sort());
  assert.ok(FLAG_CODES.size > 240, 'every country Enrow may send');
});

test('each flag is a plain drawing: no script, no external picture', () => {
  for (const code of FLAG_CODES) {
    const svg = readFileSync(new URL(`${code}.svg`, folder), 'utf8');
    assert.match(svg, /^<svg[\s>]/, code);
    assert.doesNotMatch(svg, /<script|<image|<foreignObject|href="(?!#)/i, code);
  }
});

test('a flag for any case of a known code, none for anything else', () => {
  assert.equal(flagUrl('fr'), 'flags/FR.svg');
  assert.equal(flagUrl(' NL '), 'flags/NL.svg');
  for (const value of ['ZZ', 'GB-SCT', '', null, undefined, 33, '../x', 'FRA']) {
    assert.equal(flagUrl(value), null, String(value));
  }
});
