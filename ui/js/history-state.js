// The batches remembered on this computer, as Rust reports them through subscribe_history.
// Pure: no DOM, so Node tests can import it. Each change gives a new Map, kept newest first.

/** The entries of subscribe_history's answer, as a Map by id, newest first. */
export function historyFrom(entries) {
  const map = new Map();
  for (const entry of Array.isArray(entries) ? entries : []) {
    if (isEntry(entry)) map.set(entry.id, entry);
  }
  return ordered(map);
}

function isEntry(entry) {
  return Boolean(entry) && typeof entry === 'object' && typeof entry.id === 'string' && entry.id !== '';
}

function openedAt(entry) {
  const value = Number(entry.firstOpenedAt);
  return Number.isFinite(value) ? value : 0;
}

/** Newest first by firstOpenedAt; equal times keep the order they came in (stable sort). */
function ordered(map) {
  const entries = [...map.values()];
  entries.sort((a, b) => openedAt(b) - openedAt(a));
  return new Map(entries.map((entry) => [entry.id, entry]));
}

/**
 * A history event applied: `upsert` adds or replaces an entry, `remove` drops one, `cleared`
 * empties the list. `show` and unknown kinds change nothing and return the same Map.
 */
export function applyHistoryEvent(history, event) {
  switch (event?.kind) {
    case 'upsert': {
      if (!isEntry(event.entry)) return history;
      const next = new Map(history);
      next.set(event.entry.id, event.entry);
      return ordered(next);
    }
    case 'remove': {
      if (!history.has(event.id)) return history;
      const next = new Map(history);
      next.delete(event.id);
      return next;
    }
    case 'cleared':
      return history.size === 0 ? history : new Map();
    default:
      return history;
  }
}

/** The ids of the demo's batches, which leaving the demo forgets. */
export function demoIds(history) {
  return [...history.values()].filter((entry) => entry.demo === true).map((entry) => entry.id);
}

/** The first block of a batch id ("e3b61122" for "e3b61122-d6a6-…"), to tell batches apart. */
export function shortId(id) {
  const text = String(id ?? '');
  const first = text.split('-')[0];
  return first !== '' && first.length <= 12 ? first : text.slice(0, 8);
}

/**
 * What a batch is called: its label; else, for the demo's batch, the demo's name in the
 * person's language (`textKey`, a string-table key); else its short id.
 */
export function entryName(entry) {
  const label = typeof entry?.label === 'string' ? entry.label.trim() : '';
  if (label !== '') return { text: label, labelled: true };
  if (entry?.demo === true) return { textKey: 'demo.batchName', labelled: true };
  return { text: shortId(entry?.id), labelled: false };
}

function known(value) {
  return typeof value === 'number' && Number.isFinite(value);
}

/**
 * An item's status line, as a string-table key and its parameters, with `kind` for the colour:
 * ongoing, completed, failed, idle (not checking), error or other.
 */
export function entryStatus(entry) {
  // Rust sends "" for a batch Enrow has not described yet.
  const status = typeof entry?.status === 'string' && entry.status !== '' ? entry.status : null;
  const progress = known(entry?.finished) && known(entry?.requested) && entry.requested > 0
    ? { finished: entry.finished, count: entry.requested }
    : null;
  if (status === 'completed') {
    return known(entry.found) && known(entry.requested)
      ? { kind: 'completed', key: 'history.completed', params: { count: entry.found, requested: entry.requested } }
      : { kind: 'completed', key: 'status.completed', params: {} };
  }
  if (status === 'failed') return { kind: 'failed', key: 'status.failed', params: {} };
  if (entry?.watching) {
    if (status === 'ongoing' || status === null) {
      return progress
        ? { kind: 'ongoing', key: 'history.ongoing', params: progress }
        : { kind: 'ongoing', key: status === null ? 'status.pending' : 'status.ongoing', params: {} };
    }
    return { kind: 'other', key: 'status.other', params: { status: String(status) } };
  }
  if (entry?.error) return { kind: 'error', key: 'history.error', params: {} };
  if (status === 'ongoing' || status === null) {
    return progress
      ? { kind: 'idle', key: 'history.notChecking', params: progress }
      : { kind: 'idle', key: 'status.notChecking', params: {} };
  }
  return { kind: 'other', key: 'status.other', params: { status: String(status) } };
}
