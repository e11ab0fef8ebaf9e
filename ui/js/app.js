// The page's state and the actions on it. Views read `app.state` and call these actions; after
// each change `app.render()` redraws what depends on it.

import { ipc } from './ipc.js';
import { pickLanguage } from './i18n.js';
import { setLanguage, t } from './locale.js';
import { translateStatic, show, setText } from './dom.js';
import { newBatch, applyEvent, needsRows } from './batch-state.js';
import { createKeyScreen } from './key-screen.js';
import { createMainScreen } from './main-screen.js';
import { createBatchView } from './batch-view.js';
import { createGrid } from './grid.js';
import { createExportDialog } from './export-dialog.js';
import { createSettingsDialog } from './settings-dialog.js';

const KEY_CODES = new Set(['missing_key', 'invalid_key', 'phone_not_allowed']);

export function startApp() {
  const state = {
    languageSetting: 'auto',
    keyStatus: null,
    info: null,
    // undefined: not asked yet; null: Enrow did not say.
    credits: undefined,
    accountError: null,
    screen: 'loading',
    // Messages are kept as string keys so they follow a language change.
    notice: null,
    // Every batch opened in this window, by id; a history sidebar can list them later.
    batches: new Map(),
    currentId: null,
    opening: false,
    lastPasted: '',
    pasteError: null,
    openError: null,
  };

  const app = { state, ipc };
  let views = null;

  app.currentBatch = () => (state.currentId ? state.batches.get(state.currentId) ?? null : null);

  app.render = () => {
    if (!views) return;
    views.main.render();
    views.batch.render();
  };

  app.applyLanguage = () => {
    const language = pickLanguage(state.languageSetting, navigator.languages);
    setLanguage(language);
    document.documentElement.lang = language;
    document.title = t('app.title');
    translateStatic(document);
    if (!views) return;
    views.key.render();
    views.grid.languageChanged();
    views.exportDialog.render();
    views.settings.render();
    app.render();
  };

  app.showKeyScreen = ({ canCancel }) => {
    state.screen = 'key';
    show(document.getElementById('main-screen'), false);
    show(document.getElementById('key-screen'), true);
    views.key.open({ canCancel });
  };

  app.showMain = () => {
    state.screen = 'main';
    show(document.getElementById('key-screen'), false);
    show(document.getElementById('main-screen'), true);
    app.render();
    views.main.focusPaste();
  };

  app.keySaved = (result, sessionOnly) => {
    state.keyStatus = result?.status ?? state.keyStatus;
    state.credits = result?.credits ?? null;
    state.accountError = null;
    const parts = [state.credits === null
      ? { key: 'key.saved' }
      : { key: 'key.savedWithCredits', params: { count: state.credits } }];
    if (sessionOnly) parts.push({ key: 'key.savedSessionNote' });
    state.notice = parts;
    // Batches that stopped for want of a good key can go on now.
    for (const batch of state.batches.values()) {
      if (KEY_CODES.has(batch.error?.code)) app.checkNow(batch.id);
    }
    if (KEY_CODES.has(state.openError?.code)) state.openError = null;
    app.showMain();
  };

  app.refreshBalance = async () => {
    try {
      const account = await ipc.getAccount();
      state.credits = account?.credits ?? null;
      state.accountError = null;
    } catch (error) {
      // The balance is a nicety: only a problem with the key deserves a banner.
      if (KEY_CODES.has(error.code)) state.accountError = error;
    }
    app.render();
  };

  app.openBatch = async (pasted) => {
    if (state.opening) return;
    state.opening = true;
    state.lastPasted = pasted;
    state.pasteError = null;
    state.openError = null;
    state.notice = null;
    app.render();
    try {
      const { id } = await ipc.openBatch(pasted, app.onEvent);
      if (!state.batches.has(id)) state.batches.set(id, newBatch(id));
      state.currentId = id;
      views.main.selectPaste();
    } catch (error) {
      if (error.code === 'invalid_batch_id') state.pasteError = error;
      else state.openError = error;
    } finally {
      state.opening = false;
      app.render();
    }
  };

  app.selectBatch = (id) => {
    if (!state.batches.has(id)) return;
    state.currentId = id;
    state.openError = null;
    app.render();
  };

  // Events may arrive before open_batch resolves, so a batch is created by its first event.
  app.onEvent = (event) => {
    if (!event?.id) return;
    const before = state.batches.get(event.id) ?? newBatch(event.id);
    const after = applyEvent(before, event, Date.now());
    state.batches.set(event.id, after);
    if (before.watch !== 'done' && after.watch === 'done') app.refreshBalance();
    if (needsRows(after) && after.rows !== 'loading') app.loadRows(event.id);
    app.render();
  };

  app.updateBatch = (id, change) => {
    const batch = state.batches.get(id);
    if (batch) state.batches.set(id, { ...batch, ...change });
  };

  app.loadRows = async (id) => {
    app.updateBatch(id, { rows: 'loading' });
    app.render();
    try {
      const data = await ipc.getRows(id);
      app.updateBatch(id, { rows: 'loaded', data: { columns: data?.columns ?? [], rows: data?.rows ?? [] } });
    } catch (error) {
      app.updateBatch(id, { rows: 'error', error });
    }
    app.render();
  };

  app.stopWatch = async (id) => {
    try {
      await ipc.stopWatch(id);
    } catch (error) {
      app.updateBatch(id, { error });
      app.render();
    }
  };

  app.checkNow = async (id) => {
    try {
      await ipc.checkNow(id);
    } catch (error) {
      app.updateBatch(id, { error });
      app.render();
    }
  };

  app.setBatchError = (id, error) => {
    app.updateBatch(id, { error });
    app.render();
  };

  /** What an error banner's button does. */
  app.runAction = (kind) => {
    const batch = app.currentBatch();
    switch (kind) {
      case 'open-key':
        app.showKeyScreen({ canCancel: state.keyStatus?.storage !== 'none' });
        break;
      case 'dashboard':
        ipc.openEnrowDashboard().catch(() => {});
        break;
      case 'reopen':
        if (state.openError || !batch) app.openBatch(state.lastPasted);
        else app.openBatch(batch.id);
        break;
      case 'retry':
        if (state.openError || !batch) app.openBatch(state.lastPasted);
        else if (batch.rows === 'error') app.loadRows(batch.id);
        else app.checkNow(batch.id);
        break;
      default:
        break;
    }
  };

  /** Applies the language at once; false when it could not be kept for next time. */
  app.setLanguageSetting = async (language) => {
    state.languageSetting = language;
    app.applyLanguage();
    try {
      const saved = await ipc.setSettings(language);
      if (saved?.language && saved.language !== state.languageSetting) {
        state.languageSetting = saved.language;
        app.applyLanguage();
      }
      return true;
    } catch {
      return false;
    }
  };

  app.removeKey = async () => {
    state.keyStatus = await ipc.removeKey();
    state.credits = undefined;
    state.notice = null;
    app.showKeyScreen({ canCancel: false });
  };

  app.openExport = () => {
    const batch = app.currentBatch();
    if (batch) views.exportDialog.open(batch.id);
  };

  app.openSettings = () => views.settings.open();

  const grid = createGrid(app);
  views = {
    key: createKeyScreen(app),
    main: createMainScreen(app),
    grid,
    batch: createBatchView(app, grid),
    exportDialog: createExportDialog(app),
    settings: createSettingsDialog(app),
  };

  // The system language can change while the app runs; "Automatic" follows it.
  window.addEventListener('languagechange', () => {
    if (state.languageSetting === 'auto') app.applyLanguage();
  });

  // Only the display counts down here; the checking itself is timed in Rust.
  setInterval(() => views.batch.tick(), 1000);

  app.applyLanguage();
  start(app);
  return app;
}

async function start(app) {
  const { state } = app;
  const loading = document.getElementById('loading');
  try {
    const [keyStatus, settings, info] = await Promise.all([
      ipc.getKeyStatus(),
      ipc.getSettings(),
      ipc.appInfo(),
    ]);
    state.keyStatus = keyStatus;
    state.languageSetting = settings?.language ?? 'auto';
    state.info = info;
    app.applyLanguage();
    show(loading, false);
    if (keyStatus?.storage === 'none' || !keyStatus) {
      app.showKeyScreen({ canCancel: false });
    } else {
      app.showMain();
      app.refreshBalance();
    }
  } catch (error) {
    show(loading, false);
    const fatal = document.getElementById('fatal');
    setText(fatal, t('app.startFailed'));
    show(fatal, true);
    console.error('Enrow Desk could not start', error);
  }
}
