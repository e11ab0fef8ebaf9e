// The only module that touches window.__TAURI__: one function per command in docs/ipc.md.
// Every rejection comes out as {code, message}.

import { normalizeError } from './errors.js';

function core() {
  const tauri = window.__TAURI__;
  if (!tauri?.core) throw { code: 'unexpected', message: 'window.__TAURI__ is missing' };
  return tauri.core;
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
  openBatch: async (pasted, onEvent) => {
    let channel;
    try {
      channel = new (core().Channel)();
    } catch (error) {
      throw normalizeError(error);
    }
    channel.onmessage = onEvent;
    return call('open_batch', { pasted, onEvent: channel });
  },
  stopWatch: (id) => call('stop_watch', { id }),
  checkNow: (id) => call('check_now', { id }),
  getBatch: (id) => call('get_batch', { id }),
  getRows: (id) => call('get_rows', { id }),

  exportBatch: (args) => call('export_batch', args),
  revealExport: (path) => call('reveal_export', { path }),
  openLinkedin: (url) => call('open_linkedin', { url }),
  openEnrowDashboard: () => call('open_enrow_dashboard'),
  copyText: (text) => call('copy_text', { text }),

  getSettings: () => call('get_settings'),
  setSettings: (language) => call('set_settings', { language }),
  appInfo: () => call('app_info'),
};
