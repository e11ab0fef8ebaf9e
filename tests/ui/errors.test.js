import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES, TRANSIENT_CODES, describeError, normalizeError, retryNoticeKey, pickBanners, setupProblem } from '../../ui/js/errors.js';
import { strings } from '../../ui/js/strings.js';

const ipcDoc = readFileSync(new URL('../../docs/ipc.md', import.meta.url), 'utf8');

function documentedCodes() {
  const section = ipcDoc.split('## Errors')[1].split('\n## ')[0];
  const codes = [];
  for (const line of section.split('\n')) {
    if (!line.startsWith('| `')) continue;
    const first = line.split('|')[1];
    codes.push(...[...first.matchAll(/`([a-z_]+)`/g)].map((m) => m[1]));
  }
  return codes;
}

test('the page knows exactly the codes docs/ipc.md lists', () => {
  const documented = documentedCodes();
  assert.ok(documented.length >= 20, `parsed ${documented.length} codes`);
  assert.deepEqual([...ERROR_CODES].sort(), [...documented].sort());
});

test('every documented code has its own message in every language', () => {
  for (const code of documentedCodes()) {
    const { messageKey } = describeError({ code, message: '' });
    assert.equal(messageKey, `error.${code}`);
    for (const lang of ['en', 'nl', 'fr']) assert.ok(strings[lang][messageKey], `${lang} ${messageKey}`);
  }
});

test('every action offered has a label', () => {
  for (const context of ['batch', 'key', 'export']) {
    for (const code of [...ERROR_CODES, 'something_new']) {
      for (const action of describeError({ code }, context).actions) {
        assert.ok(strings.en[action.labelKey], `${context} ${code} ${action.labelKey}`);
      }
    }
  }
});

test('actions follow the contract', () => {
  const first = (code, context) => describeError({ code }, context).actions[0]?.kind ?? null;
  assert.equal(first('invalid_key', 'batch'), 'open-key');
  assert.equal(first('missing_key', 'batch'), 'open-key');
  assert.equal(first('phone_not_allowed', 'batch'), 'open-key');
  for (const code of TRANSIENT_CODES) assert.equal(first(code, 'batch'), 'retry', code);
  assert.equal(first('batch_not_found', 'batch'), null);
  assert.equal(first('batch_failed', 'batch'), null);
  assert.equal(first('not_linkedin', 'batch'), null);
  assert.equal(first('unknown_batch', 'batch'), 'reopen');
  for (const code of ['folder_missing', 'permission_denied', 'read_only', 'disk_full', 'write_failed']) {
    assert.equal(first(code, 'export'), 'choose-folder', code);
  }
  assert.equal(first('keychain_unavailable', 'key'), 'session-only');
  assert.deepEqual(describeError({ code: 'keychain_failed' }, 'key').actions.map((a) => a.kind), ['retry', 'session-only']);
  assert.equal(first('network', 'key'), 'retry');
  assert.equal(first('invalid_key', 'key'), null);
});

test('an empty key on the key screen asks to paste it', () => {
  assert.equal(describeError({ code: 'missing_key' }, 'key').messageKey, 'key.empty');
});

test('unknown codes still get a translated message and a way out', () => {
  const described = describeError({ code: 'brand_new', message: 'x' });
  assert.equal(described.messageKey, 'error.unknown');
  assert.equal(described.actions[0].kind, 'retry');
  assert.equal(describeError(undefined).messageKey, 'error.unknown');
});

test('rejections are normalized to {code, message}', () => {
  assert.deepEqual(normalizeError({ code: 'network', message: 'down' }), { code: 'network', message: 'down' });
  assert.deepEqual(normalizeError('command open_batch not found'), { code: 'unexpected', message: 'command open_batch not found' });
  assert.deepEqual(normalizeError(new Error('boom')), { code: 'unexpected', message: 'boom' });
  assert.deepEqual(normalizeError(null), { code: 'unexpected', message: '' });
});

test('retry notices per failing cause', () => {
  assert.equal(retryNoticeKey('rate_limited'), 'retry.rate_limited');
  assert.equal(retryNoticeKey('network'), 'retry.network');
  assert.equal(retryNoticeKey('unexpected_response'), 'retry.unexpected');
  assert.equal(retryNoticeKey('server_error'), 'retry.generic');
  assert.equal(retryNoticeKey('timeout'), 'retry.generic');
});

// ---- one banner per problem ----------------------------------------------------------

const key = (code) => ({ code, message: '' });
const batchWith = (error, status = null) => ({ id: 'x', status, error });

test('the balance check and the batch both refusing the key: one banner, the batch one', () => {
  const plan = pickBanners({ accountError: key('invalid_key'), batch: batchWith(key('invalid_key')) });
  assert.equal(plan.page, null);
  assert.equal(plan.batch.code, 'invalid_key');
});

test('two different key problems are still one subject', () => {
  const plan = pickBanners({ accountError: key('invalid_key'), batch: batchWith(key('missing_key')) });
  assert.equal(plan.page, null);
  assert.equal(plan.batch.code, 'missing_key');
});

test('the page banner stays for a failure tied to no batch', () => {
  assert.equal(pickBanners({ accountError: key('invalid_key') }).page.code, 'invalid_key');
  assert.equal(pickBanners({ accountError: key('invalid_key'), batch: batchWith(null, 'ongoing') }).page.code, 'invalid_key');
  // A different problem with the batch: both are worth saying.
  const both = pickBanners({ accountError: key('invalid_key'), batch: batchWith(key('batch_not_found')) });
  assert.equal(both.page.code, 'invalid_key');
  assert.equal(both.batch.code, 'batch_not_found');
});

test('a failed open comes first, then the batch error, then Enrow saying it failed', () => {
  assert.equal(pickBanners({ openError: key('network'), batch: batchWith(key('timeout')) }).batch.code, 'network');
  assert.equal(pickBanners({ batch: batchWith(key('timeout')) }).batch.code, 'timeout');
  assert.equal(pickBanners({ batch: batchWith(null, 'failed') }).batch.code, 'batch_failed');
  assert.equal(pickBanners({ batch: batchWith(null, 'completed') }).batch, null);
  assert.deepEqual(pickBanners({}), { page: null, batch: null });
  assert.equal(pickBanners({ accountError: key('invalid_key'), openError: key('invalid_key') }).page, null);
});

test('a locked or silent keychain offers to try again, on the key screen and beside a batch', () => {
  for (const code of ['keychain_locked', 'keychain_timeout']) {
    const onKeyScreen = describeError({ code }, 'key');
    assert.equal(onKeyScreen.messageKey, `error.${code}`);
    assert.deepEqual(onKeyScreen.actions.map((a) => a.kind), ['retry', 'session-only']);
    assert.equal(describeError({ code }, 'batch').actions[0].kind, 'retry');
  }
});

test('an id pasted during the demo offers to leave it', () => {
  const described = describeError({ code: 'demo_only' });
  assert.equal(described.messageKey, 'error.demo_only');
  assert.deepEqual(described.actions, [{ kind: 'leave-demo', labelKey: 'demo.leave' }]);
});

test('how the app is set up comes first on the page banner', () => {
  assert.equal(setupProblem(null), null);
  assert.equal(setupProblem({ readOnly: false, apiError: null }), null);
  assert.equal(setupProblem({ readOnly: true }).code, 'not_saved');
  const api = setupProblem({ apiError: { code: 'invalid_api_url', message: 'ENROW_API_URL is set to "x"' }, readOnly: true });
  assert.equal(api.code, 'invalid_api_url', 'the address first: nothing works until it is fixed');
  const accountError = { code: 'invalid_key', message: '' };
  assert.equal(pickBanners({ setupError: api, accountError }).page.code, 'invalid_api_url');
  assert.equal(pickBanners({ setupError: null, accountError }).page.code, 'invalid_key');
});

test('saves failing on this computer show on the page, after a set-up problem, before the balance', () => {
  const saveError = { code: 'save_failed', message: '' };
  const accountError = { code: 'network', message: '' };
  assert.deepEqual(pickBanners({ saveError, accountError }).page, saveError);
  const setupError = { code: 'not_saved', message: '' };
  assert.deepEqual(pickBanners({ setupError, saveError }).page, setupError);
  assert.equal(pickBanners({ accountError }).page, accountError);
  assert.equal(describeError(saveError).messageKey, 'error.save_failed');
});
