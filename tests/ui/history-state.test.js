import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  historyFrom, applyHistoryEvent, demoIds, shortId, entryName, entryStatus,
} from '../../ui/js/history-state.js';
import { strings } from '../../ui/js/strings.js';
import { translate } from '../../ui/js/i18n.js';

const A = 'e3b61122-d6a6-4ea7-b331-9b734682a76a';
const B = '0000e201-1111-4222-8333-444455556666';
const C = '7c1d9a20-aaaa-4bbb-8ccc-dddddddddddd';

function entry(id, extra = {}) {
  return {
    id, label: null, demo: false, status: 'ongoing', watching: false,
    finished: null, requested: null, found: null, creditsCharged: null, creditsNet: null,
    firstOpenedAt: 1795000000000, lastCheckedAt: null, cached: false, error: null,
    ...extra,
  };
}

const ids = (history) => [...history.keys()];

test('the first answer becomes a Map by id, newest first whatever order it came in', () => {
  const history = historyFrom([
    entry(A, { firstOpenedAt: 100 }),
    entry(B, { firstOpenedAt: 300 }),
    entry(C, { firstOpenedAt: 200 }),
  ]);
  assert.ok(history instanceof Map);
  assert.deepEqual(ids(history), [B, C, A]);
  assert.equal(history.get(A).firstOpenedAt, 100);
});

test('entries without an id, and answers that are not lists, are ignored', () => {
  assert.deepEqual(ids(historyFrom([entry(A), { label: 'no id' }, null, entry('')])), [A]);
  assert.equal(historyFrom(null).size, 0);
  assert.equal(historyFrom(undefined).size, 0);
});

test('upsert adds a new entry in its place and replaces a known one without moving it', () => {
  let history = historyFrom([entry(A, { firstOpenedAt: 100 }), entry(C, { firstOpenedAt: 200 })]);
  history = applyHistoryEvent(history, { kind: 'upsert', entry: entry(B, { firstOpenedAt: 150 }) });
  assert.deepEqual(ids(history), [C, B, A]);

  const updated = applyHistoryEvent(history, {
    kind: 'upsert',
    entry: entry(A, { firstOpenedAt: 100, status: 'completed', found: 18, requested: 25, watching: false }),
  });
  assert.deepEqual(ids(updated), [C, B, A]);
  assert.equal(updated.get(A).status, 'completed');
  // The Map given is never changed.
  assert.equal(history.get(A).status, 'ongoing');
});

test('a newly opened batch goes to the top', () => {
  let history = historyFrom([entry(A, { firstOpenedAt: 100 })]);
  history = applyHistoryEvent(history, { kind: 'upsert', entry: entry(B, { firstOpenedAt: 500 }) });
  assert.deepEqual(ids(history), [B, A]);
});

test('remove drops one entry; removing an unknown id changes nothing', () => {
  const history = historyFrom([entry(A, { firstOpenedAt: 1 }), entry(B, { firstOpenedAt: 2 })]);
  const after = applyHistoryEvent(history, { kind: 'remove', id: A });
  assert.deepEqual(ids(after), [B]);
  assert.equal(history.size, 2);
  assert.equal(applyHistoryEvent(after, { kind: 'remove', id: 'nope' }), after);
});

test('cleared empties the history', () => {
  const history = historyFrom([entry(A), entry(B)]);
  const after = applyHistoryEvent(history, { kind: 'cleared' });
  assert.equal(after.size, 0);
  assert.equal(applyHistoryEvent(after, { kind: 'cleared' }), after);
});

test('show, unknown kinds and malformed upserts change nothing', () => {
  const history = historyFrom([entry(A)]);
  assert.equal(applyHistoryEvent(history, { kind: 'show', id: A }), history);
  assert.equal(applyHistoryEvent(history, { kind: 'something_new' }), history);
  assert.equal(applyHistoryEvent(history, { kind: 'upsert', entry: null }), history);
  assert.equal(applyHistoryEvent(history, undefined), history);
});

test('demo entries are found for leaving the demo', () => {
  const history = historyFrom([entry(A), entry(B, { demo: true }), entry(C, { demo: true })]);
  assert.deepEqual(demoIds(history).sort(), [B, C].sort());
});

test('the short id is the first block of the id', () => {
  assert.equal(shortId(A), 'e3b61122');
  assert.equal(shortId(B), '0000e201');
  assert.equal(shortId('abcdef0123456789abcdef'), 'abcdef01');
  assert.equal(shortId(null), '');
});

test('an item is called by its label, else by its short id', () => {
  assert.deepEqual(entryName(entry(A, { label: 'Q4 leads' })), { text: 'Q4 leads', labelled: true });
  assert.deepEqual(entryName(entry(A, { label: '  Salon Lyon  ' })), { text: 'Salon Lyon', labelled: true });
  assert.deepEqual(entryName(entry(A, { label: null })), { text: 'e3b61122', labelled: false });
  assert.deepEqual(entryName(entry(A, { label: '   ' })), { text: 'e3b61122', labelled: false });
  assert.deepEqual(entryName(entry(A, { label: '' })), { text: 'e3b61122', labelled: false });
  // The demo's batch is named by the page, in the person's language, unless renamed.
  assert.deepEqual(entryName(entry(A, { label: null, demo: true })), { textKey: 'demo.batchName', labelled: true });
  assert.deepEqual(entryName(entry(A, { label: 'Mine', demo: true })), { text: 'Mine', labelled: true });
});

test('status line: ongoing with finished/requested while checking', () => {
  const status = entryStatus(entry(A, { status: 'ongoing', watching: true, finished: 12, requested: 25 }));
  assert.deepEqual(status, { kind: 'ongoing', key: 'history.ongoing', params: { finished: 12, count: 25 } });
  assert.equal(translate(strings, 'en', status.key, status.params), 'In progress · 12 of 25');
  assert.deepEqual(entryStatus(entry(A, { status: 'ongoing', watching: true })).key, 'status.ongoing');
  assert.deepEqual(entryStatus(entry(A, { status: null, watching: true })).key, 'status.pending');
  // Not described by Enrow yet: Rust sends an empty status.
  assert.deepEqual(entryStatus(entry(A, { status: '', watching: true })).key, 'status.pending');
  assert.deepEqual(entryStatus(entry(A, { status: '', watching: false })).key, 'status.notChecking');
});

test('status line: completed with found/requested, plural by what was found', () => {
  const status = entryStatus(entry(A, { status: 'completed', found: 18, requested: 25, finished: 25 }));
  assert.equal(status.kind, 'completed');
  assert.equal(translate(strings, 'en', status.key, status.params), 'Completed · 18 of 25 found');
  assert.equal(translate(strings, 'nl', status.key, status.params), 'Voltooid · 18 van 25 gevonden');
  assert.equal(translate(strings, 'fr', status.key, status.params), 'Terminé · 18 trouvés sur 25');
  const one = entryStatus(entry(A, { status: 'completed', found: 1, requested: 5 }));
  assert.equal(translate(strings, 'fr', one.key, one.params), 'Terminé · 1 trouvé sur 5');
  // A completed batch stays completed even when a later refresh failed.
  assert.equal(entryStatus(entry(A, { status: 'completed', error: { code: 'network' } })).kind, 'completed');
  assert.equal(entryStatus(entry(A, { status: 'completed' })).key, 'status.completed');
});

test('status line: failed, stopped, stopped by an error, other statuses', () => {
  assert.deepEqual(entryStatus(entry(A, { status: 'failed' })), { kind: 'failed', key: 'status.failed', params: {} });
  assert.deepEqual(
    entryStatus(entry(A, { status: 'ongoing', watching: false, finished: 4, requested: 40 })),
    { kind: 'idle', key: 'history.notChecking', params: { finished: 4, count: 40 } },
  );
  assert.equal(entryStatus(entry(A, { status: 'ongoing', watching: false })).key, 'status.notChecking');
  assert.deepEqual(
    entryStatus(entry(A, { status: 'ongoing', watching: false, error: { code: 'invalid_key', message: '' } })),
    { kind: 'error', key: 'history.error', params: {} },
  );
  // Checking again wins over the error that stopped the last check.
  assert.equal(entryStatus(entry(A, { watching: true, finished: 1, requested: 2, error: { code: 'network' } })).kind, 'ongoing');
  assert.deepEqual(entryStatus(entry(A, { status: 'paused' })), { kind: 'other', key: 'status.other', params: { status: 'paused' } });
});

test('every status line key exists in every language', () => {
  const samples = [
    entry(A, { status: 'ongoing', watching: true, finished: 1, requested: 2 }),
    entry(A, { status: 'ongoing', watching: true }),
    entry(A, { status: null, watching: true }),
    entry(A, { status: 'completed', found: 1, requested: 2 }),
    entry(A, { status: 'completed' }),
    entry(A, { status: 'failed' }),
    entry(A, { status: 'ongoing', finished: 1, requested: 2 }),
    entry(A, { status: 'ongoing' }),
    entry(A, { error: { code: 'network' } }),
    entry(A, { status: 'paused' }),
    entry(A, { status: 'paused', watching: true }),
  ];
  for (const sample of samples) {
    const { key, params } = entryStatus(sample);
    for (const lang of ['en', 'nl', 'fr']) {
      assert.ok(key in strings[lang], `${lang} ${key}`);
      assert.doesNotMatch(translate(strings, lang, key, params), /\{\w+\}/, `${lang} ${key}`);
    }
  }
});
