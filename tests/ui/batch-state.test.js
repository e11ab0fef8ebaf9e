import { test } from 'node:test';
import assert from 'node:assert/strict';
import { newBatch, applyEvent, statusKind, isWatching, needsRows } from '../../ui/js/batch-state.js';

const ID = 'e3b61122-d6a6-4ea7-b331-9b734682a76a';
const summary = {
  id: ID, status: 'completed', requested: 25, finished: 25, found: 18, hitRate: 0.72,
  creditsCharged: 1000, creditsRefunded: 280, creditsNet: 720, custom: [['campaign', 'Q4']],
  rowCount: 25, checkedAt: 1795000000000,
};

function run(events, now = 1000) {
  return events.reduce((batch, event) => applyEvent(batch, event, now), newBatch(ID));
}

test('progress sets the figures and when the next check is due', () => {
  const b = run([
    { kind: 'checking', id: ID },
    { kind: 'progress', id: ID, status: 'ongoing', finished: 12, requested: 25, checks: 3, nextCheckInMs: 2880 },
  ]);
  assert.equal(b.status, 'ongoing');
  assert.equal(b.finished, 12);
  assert.equal(b.requested, 25);
  assert.equal(b.watch, 'waiting');
  assert.equal(b.nextCheckAt, 1000 + 2880);
  assert.ok(isWatching(b));
});

test('checking shows as the latest state and clears the countdown', () => {
  const b = run([
    { kind: 'progress', id: ID, status: 'ongoing', finished: 1, requested: 2, nextCheckInMs: 5000 },
    { kind: 'checking', id: ID },
  ]);
  assert.equal(b.watch, 'checking');
  assert.equal(b.nextCheckAt, null);
  assert.equal(b.finished, 1);
});

test('retrying adds a notice and keeps what is shown', () => {
  const b = run([
    { kind: 'progress', id: ID, status: 'ongoing', finished: 12, requested: 25, nextCheckInMs: 1000 },
    { kind: 'retrying', id: ID, error: { code: 'server_error', message: '…' }, failures: 2, nextCheckInMs: 8000 },
  ]);
  assert.deepEqual(b.retry, { code: 'server_error', failures: 2 });
  assert.equal(b.finished, 12);
  assert.equal(b.status, 'ongoing');
  assert.equal(b.nextCheckAt, 9000);
  const recovered = applyEvent(b, { kind: 'progress', id: ID, status: 'ongoing', finished: 13, requested: 25, nextCheckInMs: 1000 }, 2000);
  assert.equal(recovered.retry, null);
});

test('finished keeps the summary and asks for rows once completed', () => {
  const b = run([
    { kind: 'progress', id: ID, status: 'ongoing', finished: 12, requested: 25, nextCheckInMs: 1000 },
    { kind: 'finished', id: ID, summary },
  ]);
  assert.equal(b.watch, 'done');
  assert.equal(b.status, 'completed');
  assert.equal(b.summary.found, 18);
  assert.equal(b.finished, 25);
  assert.ok(needsRows(b));
  assert.ok(!needsRows({ ...b, rows: 'loading' }));
  assert.ok(!needsRows({ ...b, rows: 'loaded' }));
  assert.ok(needsRows({ ...b, rows: 'error' }));
  // A stopped event after the end does not undo it.
  assert.equal(applyEvent(b, { kind: 'stopped', id: ID }, 0).watch, 'done');
});

test('an error keeps the figures and ends the watch; progress clears it', () => {
  const b = run([
    { kind: 'progress', id: ID, status: 'ongoing', finished: 12, requested: 25, nextCheckInMs: 1000 },
    { kind: 'error', id: ID, error: { code: 'invalid_key', message: '…' } },
  ]);
  assert.equal(b.error.code, 'invalid_key');
  assert.equal(b.finished, 12);
  assert.equal(b.watch, 'error');
  assert.ok(!isWatching(b));
  const after = applyEvent(b, { kind: 'progress', id: ID, status: 'ongoing', finished: 14, requested: 25, nextCheckInMs: 1 }, 0);
  assert.equal(after.error, null);
});

test('stopped ends the countdown', () => {
  const b = run([
    { kind: 'progress', id: ID, status: 'ongoing', finished: 1, requested: 2, nextCheckInMs: 5000 },
    { kind: 'stopped', id: ID },
  ]);
  assert.equal(b.watch, 'stopped');
  assert.equal(b.nextCheckAt, null);
  assert.ok(!isWatching(b));
});

test('events never change the record they were given, unknown kinds change nothing', () => {
  const before = newBatch(ID);
  const frozen = JSON.stringify(before);
  applyEvent(before, { kind: 'progress', id: ID, status: 'ongoing', finished: 1, requested: 2, nextCheckInMs: 1 }, 0);
  assert.equal(JSON.stringify(before), frozen);
  assert.equal(applyEvent(before, { kind: 'new_kind', id: ID }, 0), before);
});

test('status kinds', () => {
  assert.equal(statusKind('ongoing'), 'ongoing');
  assert.equal(statusKind('completed'), 'completed');
  assert.equal(statusKind('failed'), 'failed');
  assert.equal(statusKind('paused'), 'other');
  assert.equal(statusKind(null), 'pending');
});
