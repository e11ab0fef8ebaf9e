import { test } from 'node:test';
import assert from 'node:assert/strict';
import { keychainWaitKey, fontNames } from '../../ui/js/platform.js';
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

test('the generic font names on Linux, the system\'s own on Windows and macOS', () => {
  // WebKitGTK, WebView2 and WKWebView as they name themselves.
  assert.equal(fontNames('Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/605.1.15 (KHTML, like Gecko)'), 'generic');
  assert.equal(fontNames('Mozilla/5.0 (Wayland; Linux aarch64) AppleWebKit/605.1.15 (KHTML, like Gecko)'), 'generic');
  assert.equal(fontNames('Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0'), 'system');
  assert.equal(fontNames('Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko)'), 'system');
  assert.equal(fontNames(undefined), 'system');
});
