import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keychainWaitKey } from '../../ui/js/platform.js';
import { pickLanguage, translate } from '../../ui/js/i18n.js';
import { strings } from '../../ui/js/strings.js';

test('the keychain window of each system is named in each language', () => {
  const keys = ['macos', 'windows', 'linux', undefined].map(keychainWaitKey);
  assert.deepEqual(keys, ['app.keychainWait.macos', 'app.keychainWait.windows', 'app.keychainWait.linux', 'app.keychainWait.linux']);
  for (const lang of ['en', 'nl', 'fr']) {
    for (const key of keys) assert.notEqual(translate(strings, lang, key), key, `${lang} ${key}`);
  }
  assert.match(translate(strings, 'en', 'app.keychainWait.macos'), /login password/);
});

test('"automatic" follows the language Rust read from the system, whatever WebKit says', () => {
  // A French system without its locale generated: WebKit says English, Rust read LANG.
  assert.equal(pickLanguage('auto', ['fr']), 'fr');
  assert.equal(pickLanguage('nl', ['fr']), 'nl', 'an explicit choice wins');
});
