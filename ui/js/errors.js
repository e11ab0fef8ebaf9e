// From an error code to what the page says and offers. Pure: returns string-table keys, never
// text, so the message follows the language even after it was shown.

/** Every code Rust can send (held equal to `Code::ALL` by a Rust test; see docs/ipc.md). */
export const ERROR_CODES = [
  'invalid_batch_id', 'missing_key', 'invalid_key', 'phone_not_allowed', 'insufficient_credits',
  'batch_not_found', 'rate_limited', 'server_error', 'network', 'timeout', 'unexpected_response',
  'batch_failed', 'keychain_unavailable', 'keychain_locked', 'keychain_failed', 'keychain_timeout',
  'folder_missing', 'permission_denied', 'read_only', 'disk_full', 'file_in_use', 'write_failed',
  'sheet_missing', 'sheet_in_use', 'sheet_not_allowed', 'not_a_spreadsheet', 'sheet_unreadable',
  'sheet_too_large', 'no_such_sheet', 'no_search_columns', 'same_file',
  'nothing_to_search', 'list_sent_before', 'send_unknown', 'list_not_finished', 'list_not_read',
  'unknown_batch', 'not_saved', 'save_failed', 'not_linkedin', 'not_callable', 'invalid_api_url', 'settings_failed',
  'demo_failed', 'demo_only', 'open_failed', 'clipboard_failed', 'unknown_file',
  'update_unreachable', 'update_failed', 'unexpected',
];

/** Enrow or the network failing: worth trying again without changing anything. */
export const TRANSIENT_CODES = new Set([
  'rate_limited', 'server_error', 'network', 'timeout', 'unexpected_response',
]);

export const EXPORT_CODES = new Set([
  'folder_missing', 'permission_denied', 'read_only', 'disk_full', 'file_in_use', 'write_failed',
]);

/** "Add to my spreadsheet" could not use the file chosen: choosing another is the way on. */
export const MERGE_CODES = new Set([
  'sheet_missing', 'sheet_in_use', 'sheet_not_allowed', 'not_a_spreadsheet', 'sheet_unreadable',
  'sheet_too_large', 'no_such_sheet', 'no_search_columns', 'same_file',
]);

/** The keychain could not answer now (locked, busy, refused): worth another try once unlocked. */
const KEYCHAIN_RETRY = new Set(['keychain_failed', 'keychain_locked', 'keychain_timeout']);

const KEY_ACTIONS = {
  missing_key: 'action.addKey',
  invalid_key: 'action.reenterKey',
  phone_not_allowed: 'action.changeKey',
};

/**
 * A rejection as `{code, message}`. Tauri itself rejects with a bare string when a command
 * is missing or its arguments do not fit; those become `unexpected` so the page still shows
 * a translated message.
 */
export function normalizeError(error) {
  if (error && typeof error === 'object' && typeof error.code === 'string') {
    return { code: error.code, message: String(error.message ?? '') };
  }
  const message = typeof error === 'string' ? error : String(error?.message ?? error ?? '');
  return { code: 'unexpected', message };
}

/**
 * What to show for an error: the message key and the actions offered, first one foremost.
 * Action kinds: open-key, retry, session-only, dashboard, choose-folder, choose-sheet, reopen,
 * leave-demo.
 * `context` is where it is shown: 'key' (the key screen), 'batch' or 'export'.
 */
export function describeError(error, context = 'batch') {
  const code = error?.code;
  const known = ERROR_CODES.includes(code);
  const messageKey = known ? `error.${code}` : 'error.unknown';
  const actions = [];

  if (context === 'key') {
    // On the key screen the field is right there: no "open the key screen" button.
    if (code === 'missing_key') return { code, messageKey: 'key.empty', actions };
    if (code === 'keychain_unavailable') actions.push(action('session-only', 'action.sessionOnly'));
    if (KEYCHAIN_RETRY.has(code)) {
      actions.push(action('retry', 'action.tryAgain'), action('session-only', 'action.sessionOnly'));
    }
    if (TRANSIENT_CODES.has(code) || !known) actions.push(action('retry', 'action.tryAgain'));
    return { code, messageKey, actions };
  }

  if (KEY_ACTIONS[code]) actions.push(action('open-key', KEY_ACTIONS[code]));
  else if (TRANSIENT_CODES.has(code)) actions.push(action('retry', 'action.tryAgain'));
  else if (code === 'insufficient_credits') actions.push(action('dashboard', 'action.openDashboard'));
  else if (code === 'unknown_batch') actions.push(action('reopen', 'action.reopen'));
  else if (code === 'sheet_in_use') actions.push(action('retry', 'action.tryAgain'), action('choose-sheet', 'merge.chooseAgain'));
  else if (code === 'same_file') actions.push(action('choose-folder', 'action.chooseFolder'));
  else if (code === 'nothing_to_search' || code === 'list_not_read') actions.push(action('choose-sheet', 'list.chooseAgain'));
  else if (MERGE_CODES.has(code)) actions.push(action('choose-sheet', 'merge.chooseAgain'));
  else if (EXPORT_CODES.has(code)) actions.push(action('choose-folder', 'action.chooseFolder'));
  else if (KEYCHAIN_RETRY.has(code)) actions.push(action('retry', 'action.tryAgain'));
  else if (code === 'demo_only') actions.push(action('leave-demo', 'demo.leave'));
  else if (!known && context === 'export') actions.push(action('choose-folder', 'action.tryAgain'));
  else if (!known) actions.push(action('retry', 'action.tryAgain'));
  return { code, messageKey, actions };
}

function action(kind, labelKey) {
  return { kind, labelKey };
}

/** The calm notice shown while Rust retries on its own. */
export function retryNoticeKey(code) {
  if (code === 'rate_limited') return 'retry.rate_limited';
  if (code === 'network') return 'retry.network';
  // Enrow answered, but not with what was asked (another batch, a page from a proxy).
  if (code === 'unexpected_response') return 'retry.unexpected';
  return 'retry.generic';
}

/** Problems with the key: one banner about the key is enough, whichever of them it is. */
export const KEY_CODES = new Set(['missing_key', 'invalid_key', 'phone_not_allowed']);

function sameProblem(a, b) {
  return a.code === b.code || (KEY_CODES.has(a.code) && KEY_CODES.has(b.code));
}

/**
 * Which error banners to show: `batch` above the shown batch (a failed open, the error that
 * ended its watch, or Enrow's "failed"), and `page` for a failure tied to no batch: first a
 * problem with how the app is set up (`setupError`: a refused ENROW_API_URL, another window
 * holding the data), else saves to this computer failing (`saveError`), else the balance check
 * at start, only when it does not say the same thing again.
 */
export function pickBanners({ setupError = null, saveError = null, accountError = null, openError = null, batch = null } = {}) {
  let shown = openError ?? batch?.error ?? null;
  if (!shown && batch?.status === 'failed') shown = { code: 'batch_failed', message: '' };
  const account = accountError && !(shown && sameProblem(accountError, shown)) ? accountError : null;
  return { page: setupError ?? saveError ?? account, batch: shown };
}

/** What is wrong with how the app runs, from app_info, as an error; null when nothing is. */
export function setupProblem(info) {
  if (info?.apiError?.code) return { code: info.apiError.code, message: String(info.apiError.message ?? '') };
  if (info?.readOnly === true) return { code: 'not_saved', message: '' };
  return null;
}
