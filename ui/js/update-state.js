// What the page says and offers about updates, from what Rust answered. Pure: no DOM, so Node
// tests can import it. Messages are string-table keys, so they follow the language.
//
// state: { phase: 'idle' | 'checking' | 'downloading' | 'installing', offer, error,
//          upToDate (the version in use, after a check that found nothing), dismissed }

export function newUpdateState() {
  return { phase: 'idle', offer: null, error: null, upToDate: null, dismissed: false };
}

/** The sentence for the current state, or null when there is nothing to say. */
export function updateMessage(update) {
  if (!update) return null;
  if (update.phase === 'checking') return { key: 'update.checking', params: {} };
  if (update.phase === 'downloading') return { key: 'update.downloading', params: {} };
  if (update.phase === 'installing') return { key: 'update.installing', params: {} };
  if (update.error) return { key: errorKey(update.error.code), params: {} };
  if (update.offer) {
    return {
      key: 'update.available',
      params: { version: String(update.offer.version), current: String(update.offer.currentVersion) },
    };
  }
  if (update.upToDate) return { key: 'update.upToDate', params: { version: String(update.upToDate) } };
  return null;
}

function errorKey(code) {
  return code === 'update_failed' ? 'error.update_failed' : 'error.update_unreachable';
}

/**
 * What the offer's main button does: install it (this copy can), or open the releases page.
 * null when nothing is offered, or while busy.
 */
export function offerAction(update) {
  if (!update?.offer || update.phase !== 'idle') return null;
  return update.offer.installable
    ? { kind: 'install', labelKey: 'update.install' }
    : { kind: 'download', labelKey: 'update.download' };
}

/** The banner on the main screen shows an offer (or its install) until the person says "Not now". */
export function showsBanner(update) {
  return Boolean(update?.offer) && !update.dismissed;
}

/** A check's answer applied. `version` is the app's own, for "up to date". */
export function afterCheck(update, offer, version) {
  return { ...update, phase: 'idle', error: null, offer: offer ?? null, upToDate: offer ? null : version, dismissed: false };
}

export function afterFailure(update, error) {
  return { ...update, phase: 'idle', error, upToDate: null };
}
