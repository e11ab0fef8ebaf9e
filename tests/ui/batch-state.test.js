import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  newBatch, applyEvent, statusKind, isWatching, needsRows, isFinal, watchEnded, countdown, batchDisplay,
} from '../../ui/js/batch-state.js';
import { strings } from '../../ui/js/strings.js';

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

// ---- the watch has ended (stopped, or an error) --------------------------------------

const ongoing = { kind: 'progress', id: ID, status: 'ongoing', finished: 12, requested: 25, checks: 3, nextCheckInMs: 2000 };

test('after an error the view says the watch ended: neutral badge, no moving bar, Check now', () => {
  const b = run([ongoing, { kind: 'error', id: ID, error: { code: 'invalid_key', message: '…' } }]);
  assert.ok(watchEnded(b));
  const d = batchDisplay(b, 1000);
  assert.deepEqual(d.badge, { kind: 'idle', key: 'status.notChecking', params: {} });
  assert.equal(d.watching, false);
  assert.equal(d.ended, true);
  // The last known figures stay, as a still bar.
  assert.equal(d.bar, 'determinate');
  assert.deepEqual(d.progressText, { key: 'batch.progress', params: { finished: 12, count: 25 } });
  assert.equal(d.showStop, false);
  assert.equal(d.showCheckNow, true);
  assert.equal(d.line.key, 'batch.endedError');
  assert.equal(d.retry, null);
});

test('after stopped with nothing known: no bar at all, the stopped line, Check now', () => {
  const b = run([{ kind: 'checking', id: ID }, { kind: 'stopped', id: ID }]);
  const d = batchDisplay(b, 0);
  assert.ok(d.ended);
  assert.equal(d.badge.key, 'status.notChecking');
  assert.equal(d.bar, 'none');
  assert.equal(d.progressText, null);
  assert.equal(d.line.key, 'batch.stopped');
  assert.equal(d.showStop, false);
  assert.equal(d.showCheckNow, true);
});

test('an error before Enrow said anything (wrong key at the first check) also ends the watch', () => {
  const b = run([{ kind: 'checking', id: ID }, { kind: 'error', id: ID, error: { code: 'invalid_key', message: '' } }]);
  const d = batchDisplay(b, 0);
  assert.equal(d.badge.key, 'status.notChecking');
  assert.equal(d.bar, 'none');
  assert.notEqual(d.badge.key, 'status.pending');
});

test('while watching: the badge follows Enrow, Stop is offered, the countdown is in the watch line', () => {
  const b = run([{ kind: 'checking', id: ID }, ongoing], 1000);
  const d = batchDisplay(b, 1000);
  assert.equal(d.watching, true);
  assert.equal(d.ended, false);
  assert.deepEqual(d.badge, { kind: 'ongoing', key: 'status.ongoing', params: {} });
  assert.equal(d.bar, 'determinate');
  assert.equal(d.showStop, true);
  assert.equal(d.showCheckNow, false);
  assert.deepEqual(d.line, { key: 'batch.nextCheck', params: { seconds: 2 } });
});

test('opening: an indeterminate bar with one "fetching" line, not two', () => {
  const d = batchDisplay(newBatch(ID), 0);
  assert.equal(d.badge.key, 'status.pending');
  assert.equal(d.bar, 'indeterminate');
  assert.equal(d.progressText.key, 'batch.opening');
  assert.equal(d.line, null);
});

test('while retrying the countdown shows once, in the notice', () => {
  const b = run([ongoing, { kind: 'retrying', id: ID, error: { code: 'server_error', message: '' }, failures: 1, nextCheckInMs: 2000 }], 1000);
  const d = batchDisplay(b, 1000);
  assert.equal(d.line, null);
  assert.equal(d.retry.key, 'retry.generic');
  assert.deepEqual(d.retry.when, { key: 'retry.nextTry', params: { seconds: 2 } });
  // When the time has come, "trying now" instead of "0 s".
  assert.deepEqual(batchDisplay(b, 5000).retry.when, { key: 'retry.tryingNow', params: {} });
  // A check under way during retries: still one line, the notice's.
  const checking = applyEvent(b, { kind: 'checking', id: ID }, 3000);
  const c = batchDisplay(checking, 3000);
  assert.equal(c.line, null);
  assert.equal(c.retry.when.key, 'retry.tryingNow');
});

test('a finished batch shows no progress and no watch line; Check now refreshes it', () => {
  const b = run([ongoing, { kind: 'finished', id: ID, summary }]);
  assert.ok(isFinal(b));
  assert.ok(!watchEnded(b));
  const d = batchDisplay(b, 0);
  assert.deepEqual(d.badge, { kind: 'completed', key: 'status.completed', params: {} });
  assert.equal(d.bar, 'none');
  assert.equal(d.progressText, null);
  assert.equal(d.line, null);
  assert.equal(d.showCheckNow, true);
  assert.equal(d.showStop, false);
  // Enrow's "failed" is final too, not "not checking".
  const failed = run([{ kind: 'finished', id: ID, summary: { ...summary, status: 'failed' } }]);
  assert.equal(batchDisplay(failed, 0).badge.key, 'status.failed');
  assert.ok(!watchEnded(failed));
});

test('Check now after the watch ended clears what stopped it once checking starts', () => {
  const b = run([ongoing, { kind: 'error', id: ID, error: { code: 'network', message: '' } }]);
  const again = applyEvent(b, { kind: 'checking', id: ID }, 0);
  assert.equal(again.error, null);
  assert.equal(again.watch, 'checking');
  assert.ok(!watchEnded(again));
  assert.equal(batchDisplay(again, 0).badge.key, 'status.ongoing');
  // During a running watch a check keeps what is shown.
  const running = applyEvent({ ...run([ongoing]), error: { code: 'not_linkedin' } }, { kind: 'checking', id: ID }, 0);
  assert.equal(running.error.code, 'not_linkedin');
});

test('results reopened from the saved copy are told apart from fresh ones', () => {
  const saved = run([{ kind: 'finished', id: ID, summary }]);
  assert.equal(saved.fromSaved, true);
  const fresh = run([{ kind: 'checking', id: ID }, ongoing, { kind: 'finished', id: ID, summary }]);
  assert.equal(fresh.fromSaved, false);
  // Check now on a saved batch: checking, then a fresh answer.
  const refreshing = applyEvent(saved, { kind: 'checking', id: ID }, 0);
  assert.equal(refreshing.fromSaved, false);
  assert.equal(applyEvent(refreshing, { kind: 'finished', id: ID, summary }, 0).fromSaved, false);
  // Opening again replays the latest state: still fresh.
  assert.equal(applyEvent(fresh, { kind: 'finished', id: ID, summary }, 0).fromSaved, false);
});

test('a batch opened during the demo is marked as such', () => {
  assert.equal(newBatch(ID).demo, false);
  assert.equal(newBatch(ID, true).demo, true);
  assert.equal(applyEvent(newBatch(ID, true), ongoing, 0).demo, true);
});

test('countdowns in seconds, then minutes and seconds, null when due', () => {
  assert.deepEqual(countdown(3500, 1000, 's', 'm'), { key: 's', params: { seconds: 3 } });
  assert.deepEqual(countdown(126000, 0, 's', 'm'), { key: 'm', params: { minutes: 2, seconds: 6 } });
  assert.equal(countdown(1000, 1000, 's', 'm'), null);
  assert.equal(countdown(null, 1000, 's', 'm'), null);
});

test('every key the batch display can name exists in every language', () => {
  const states = [
    newBatch(ID),
    run([{ kind: 'checking', id: ID }]),
    run([ongoing], 0),
    run([ongoing, { kind: 'retrying', id: ID, error: { code: 'rate_limited' }, failures: 1, nextCheckInMs: 90000 }], 0),
    run([ongoing, { kind: 'retrying', id: ID, error: { code: 'network' }, failures: 1, nextCheckInMs: 1000 }], 0),
    run([ongoing, { kind: 'stopped', id: ID }]),
    run([ongoing, { kind: 'error', id: ID, error: { code: 'timeout' } }]),
    run([{ kind: 'finished', id: ID, summary }]),
    run([{ kind: 'finished', id: ID, summary: { ...summary, status: 'weird' } }]),
    run([{ kind: 'progress', id: ID, status: 'queued', finished: null, requested: null, nextCheckInMs: 70000 }], 0),
  ];
  for (const b of states) {
    const d = batchDisplay(b, 0);
    const keys = [d.badge.key, d.progressText?.key, d.line?.key, d.retry?.key, d.retry?.when.key].filter(Boolean);
    for (const key of keys) for (const lang of ['en', 'nl', 'fr']) assert.ok(key in strings[lang], `${lang} ${key}`);
  }
});

test('a refresh that came back poorer says the saved numbers were kept', () => {
  let b = newBatch('x');
  b = applyEvent(b, { kind: 'checking' }, 0);
  b = applyEvent(b, { kind: 'finished', summary: { status: 'completed', found: 2, requested: 2 }, keptSaved: true }, 1);
  assert.equal(b.keptSaved, true);
  assert.equal(b.summary.found, 2);
  b = applyEvent(b, { kind: 'finished', summary: { status: 'completed', found: 3, requested: 3 } }, 2);
  assert.equal(b.keptSaved, false, 'a later answer that was richer clears it');
});
