import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newUpdateState, updateMessage, offerAction, showsBanner, afterCheck, afterFailure } from '../../ui/js/update-state.js';
import { strings } from '../../ui/js/strings.js';

const offer = (installable) => ({ version: '0.2.0', currentVersion: '0.1.0', notes: 'Faster exports', installable });

test('nothing to say before a check', () => {
  assert.equal(updateMessage(newUpdateState()), null);
  assert.equal(offerAction(newUpdateState()), null);
  assert.equal(showsBanner(newUpdateState()), false);
});

test('a found version is offered, installed only where this copy can', () => {
  const found = afterCheck({ ...newUpdateState(), phase: 'checking' }, offer(true), '0.1.0');
  assert.deepEqual(updateMessage(found), { key: 'update.available', params: { version: '0.2.0', current: '0.1.0' } });
  assert.deepEqual(offerAction(found), { kind: 'install', labelKey: 'update.install' });
  assert.equal(showsBanner(found), true);
  const unsigned = afterCheck(newUpdateState(), offer(false), '0.1.0');
  assert.equal(offerAction(unsigned).kind, 'download');
  assert.equal(showsBanner({ ...found, dismissed: true }), false, '"Not now" hides it');
  assert.equal(offerAction({ ...found, phase: 'downloading' }), null, 'no second install while one runs');
});

test('up to date, and a server that cannot be reached, in plain words', () => {
  const none = afterCheck(newUpdateState(), null, '0.1.0');
  assert.deepEqual(updateMessage(none), { key: 'update.upToDate', params: { version: '0.1.0' } });
  const failed = afterFailure(newUpdateState(), { code: 'update_unreachable', message: '' });
  assert.equal(updateMessage(failed).key, 'error.update_unreachable');
  for (const lang of ['en', 'nl', 'fr']) {
    for (const key of ['update.upToDate', 'update.available', 'error.update_unreachable', 'update.install', 'update.download']) {
      assert.ok(strings[lang][key], `${lang} ${key}`);
    }
  }
});
