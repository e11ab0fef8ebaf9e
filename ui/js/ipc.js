// The only module that touches window.__TAURI__: one function per command in docs/ipc.md.
// Every rejection comes out as {code, message}.

import { normalizeError } from './errors.js';

function core() {
  const tauri = window.__TAURI__;
  if (!tauri?.core) throw { code: 'unexpected', message: 'window.__TAURI__ is missing' };
  return tauri.core;
}

function channel(onEvent) {
  let made;
  try {
    made = new (core().Channel)();
  } catch (error) {
    throw normalizeError(error);
  }
  made.onmessage = onEvent;
  return made;
}

async function call(command, args) {
  try {
    return await core().invoke(command, args);
  } catch (error) {
    throw normalizeError(error);
  }
}

export const ipc = {
  getKeyStatus: () => call('get_key_status'),
  saveKey: (key, sessionOnly) => call('save_key', { key, sessionOnly }),
  removeKey: () => call('remove_key'),
  getAccount: () => call('get_account'),

  /** `onEvent` receives every watch event of this batch (see batch-state.js). */
  openBatch: async (pasted, onEvent) => call('open_batch', { pasted, onEvent: channel(onEvent) }),
  stopWatch: (id) => call('stop_watch', { id }),
  checkNow: (id) => call('check_now', { id }),
  getBatch: (id) => call('get_batch', { id }),
  getRows: (id) => call('get_rows', { id }),

  /** `onEvent` receives upsert / remove / cleared / show (see history-state.js). */
  subscribeHistory: async (onEvent) => call('subscribe_history', { onEvent: channel(onEvent) }),
  renameBatch: (id, label) => call('rename_batch', { id, label }),
  forgetBatch: (id) => call('forget_batch', { id }),
  clearLocalData: () => call('clear_local_data'),
  startDemo: () => call('start_demo'),
  leaveDemo: () => call('leave_demo'),

  exportBatch: (args) => call('export_batch', args),
  revealExport: (path) => call('reveal_export', { path }),
  pickMergeSheet: (args) => call('pick_merge_sheet', args),
  previewMerge: (args) => call('preview_merge', args),
  saveMerge: (args) => call('save_merge', args),
  /** "Find numbers for a list": see docs/ipc.md. The send commands report each part to `onEvent`. */
  pickListSheet: () => call('pick_list_sheet'),
  previewList: (args) => call('preview_list', args),
  sendList: async (args, onEvent) => call('send_list', { ...args, onEvent: channel(onEvent) }),
  sendListPartAgain: async (args, onEvent) => call('send_list_part_again', { ...args, onEvent: channel(onEvent) }),
  getLists: () => call('get_lists'),
  saveListCopy: (args) => call('save_list_copy', args),
  openLinkedin: (url) => call('open_linkedin', { url }),
  openEnrowDashboard: () => call('open_enrow_dashboard'),
  copyText: (text) => call('copy_text', { text }),
  /** Opens the system's handler (a phone app, Teams, FaceTime…) for a `tel:` link to `number`. */
  callNumber: (number) => call('call_number', { number }),

  getSettings: () => call('get_settings'),
  /** `changes`: any of `{ language }`, `{ checkUpdates }`, `{ onClose }`. */
  setSettings: (changes) => call('set_settings', changes),
  appInfo: () => call('app_info'),
  answerClose: (args) => call('answer_close', args),

  /** `quiet`: the check at start, which Rust makes at most once a day. */
  checkForUpdate: (quiet) => call('check_for_update', { quiet }),
  /** `onEvent` receives downloading / installing; the app then restarts. */
  installUpdate: async (onEvent) => call('install_update', { onEvent: channel(onEvent) }),
  openReleasesPage: () => call('open_releases_page'),
};
