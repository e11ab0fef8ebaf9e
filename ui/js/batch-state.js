// What the page knows about one batch, updated from the watch events Rust sends. Pure: each
// event gives a new record, so the history sidebar planned for later can keep them as they are.

/**
 * watch: 'opening' (nothing heard yet), 'checking', 'waiting' (next check scheduled),
 * 'stopped', 'error' (the watch ended on an error) or 'done'.
 * rows: 'none' | 'loading' | 'loaded' | 'error'; data: { columns, rows } once loaded.
 */
export function newBatch(id) {
  return {
    id,
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
      b.watch = 'checking';
      b.nextCheckAt = null;
      break;
    case 'progress':
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
