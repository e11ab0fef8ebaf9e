// What the page knows about one batch, updated from the watch events Rust sends, and what the
// batch view shows for it. Pure: each event gives a new record; nothing here touches the DOM.

import { splitDuration } from './format.js';
import { retryNoticeKey } from './errors.js';

/**
 * watch: 'opening' (nothing heard yet), 'checking', 'waiting' (next check scheduled),
 * 'stopped', 'error' (the watch ended on an error) or 'done'.
 * rows: 'none' | 'loading' | 'loaded' | 'error'; data: { columns, rows } once loaded.
 * checked: Enrow was asked about it while this window watched; fromSaved: the results shown
 * came from the copy saved on this computer (finished without a check in this window);
 * keptSaved: Enrow was asked again and answered with fewer numbers than were saved, which
 * were kept.
 * demo: opened while the app ran its demo.
 */
export function newBatch(id, demo = false) {
  return {
    id,
    demo,
    checked: false,
    fromSaved: false,
    keptSaved: false,
    status: null,
    finished: null,
    requested: null,
    summary: null,
    watch: 'opening',
    nextCheckAt: null,
    retry: null,
    error: null,
    rows: 'none',
    data: null,
  };
}

export function applyEvent(batch, event, now) {
  const b = { ...batch };
  switch (event?.kind) {
    case 'checking':
      // A new check after the watch ended (Check now): what stopped it no longer applies.
      if (!isWatching(b)) b.error = null;
      b.watch = 'checking';
      b.nextCheckAt = null;
      b.checked = true;
      b.fromSaved = false;
      break;
    case 'progress':
      b.checked = true;
      b.fromSaved = false;
      b.status = event.status ?? b.status;
      b.finished = event.finished ?? b.finished;
      b.requested = event.requested ?? b.requested;
      b.watch = 'waiting';
      b.nextCheckAt = now + Number(event.nextCheckInMs ?? 0);
      b.retry = null;
      b.error = null;
      break;
    case 'retrying':
      // What is already shown stays; only the calm notice is added.
      b.checked = true;
      b.watch = 'waiting';
      b.retry = { code: event.error?.code ?? 'server_error', failures: event.failures ?? 1 };
      b.nextCheckAt = now + Number(event.nextCheckInMs ?? 0);
      break;
    case 'finished': {
      const s = event.summary ?? {};
      b.summary = s;
      b.status = s.status ?? b.status;
      b.requested = s.requested ?? b.requested;
      b.finished = s.finished ?? b.finished;
      b.watch = 'done';
      b.nextCheckAt = null;
      b.retry = null;
      b.error = null;
      // Reopened from history: Rust answers from the saved results without asking Enrow.
      b.fromSaved = !b.checked;
      // Asked again, Enrow answered with fewer numbers than were saved: the saved ones stay.
      b.keptSaved = event.keptSaved === true;
      break;
    }
    case 'error':
      b.watch = 'error';
      b.nextCheckAt = null;
      b.retry = null;
      b.error = event.error ?? { code: 'unexpected', message: '' };
      break;
    case 'stopped':
      if (b.watch !== 'done' && b.watch !== 'error') b.watch = 'stopped';
      b.nextCheckAt = null;
      b.retry = null;
      break;
    default:
      return batch;
  }
  return b;
}

export function statusKind(status) {
  return ['ongoing', 'completed', 'failed'].includes(status) ? status : status ? 'other' : 'pending';
}

/** Whether Rust is still checking this batch on its own. */
export function isWatching(batch) {
  return ['opening', 'checking', 'waiting'].includes(batch.watch);
}

/** Rows are fetched once, when Enrow says the batch is completed. */
export function needsRows(batch) {
  return batch.status === 'completed' && (batch.rows === 'none' || batch.rows === 'error');
}

/** Whether Enrow's answer is final: nothing more to watch for. */
export function isFinal(batch) {
  return batch.watch === 'done' || batch.status === 'completed' || batch.status === 'failed';
}

/** The watch stopped (by the person, or on an error) before the batch was done. */
export function watchEnded(batch) {
  return !isFinal(batch) && (batch.watch === 'stopped' || batch.watch === 'error');
}

/** "Next … in 2 s" as a string-table key and parameters, or null when the time has come. */
export function countdown(nextCheckAt, now, secondsKey, minutesKey) {
  const left = splitDuration((nextCheckAt ?? 0) - now);
  if (left.total === 0) return null;
  return left.minutes > 0
    ? { key: minutesKey, params: { minutes: left.minutes, seconds: left.seconds } }
    : { key: secondsKey, params: { seconds: left.seconds } };
}

/**
 * What the batch view shows, as string-table keys: the badge, the progress bar (determinate,
 * indeterminate or none), the watch line, the calm retry notice, and which buttons apply.
 * A countdown appears once: in the retry notice while retrying, else in the watch line.
 */
export function batchDisplay(batch, now) {
  const kind = statusKind(batch.status);
  const watching = isWatching(batch);
  const final = isFinal(batch);
  const ended = watchEnded(batch);

  let badge;
  if (kind === 'completed' || kind === 'failed') badge = { kind, key: `status.${kind}`, params: {} };
  else if (ended) badge = { kind: 'idle', key: 'status.notChecking', params: {} };
  else if (kind === 'other') badge = { kind, key: 'status.other', params: { status: String(batch.status) } };
  else badge = { kind, key: `status.${kind}`, params: {} };

  const known = batch.requested > 0 && batch.finished !== null && batch.finished !== undefined;
  let bar = 'none';
  let progressText = null;
  if (!final) {
    if (known) {
      bar = 'determinate';
      progressText = { key: 'batch.progress', params: { finished: batch.finished, count: batch.requested } };
    } else if (!ended) {
      bar = 'indeterminate';
      progressText = { key: batch.watch === 'opening' ? 'batch.opening' : 'batch.progressUnknown', params: {} };
    }
  }

  let retry = null;
  if (batch.retry && watching) {
    const when = batch.watch === 'waiting'
      ? countdown(batch.nextCheckAt, now, 'retry.nextTry', 'retry.nextTryMinutes')
      : null;
    retry = { key: retryNoticeKey(batch.retry.code), when: when ?? { key: 'retry.tryingNow', params: {} } };
  }

  let line = null;
  if (ended) line = { key: batch.watch === 'error' ? 'batch.endedError' : 'batch.stopped', params: {} };
  else if (!retry && batch.watch === 'checking') line = { key: 'batch.checking', params: {} };
  else if (!retry && batch.watch === 'waiting') {
    line = countdown(batch.nextCheckAt, now, 'batch.nextCheck', 'batch.nextCheckMinutes')
      ?? { key: 'batch.checking', params: {} };
  }

  return {
    badge,
    watching,
    ended,
    bar,
    progressText,
    line,
    retry,
    showStop: watching,
    showCheckNow: !watching,
  };
}
