// The page's state and the actions on it. Views read `app.state` and call these actions; after
// each change `app.render()` redraws what depends on it.

import { ipc } from './ipc.js';
import { pickLanguage } from './i18n.js';
import { keychainWaitKey } from './platform.js';
import { setLanguage, t } from './locale.js';
import { translateStatic, show, setText } from './dom.js';
import { KEY_CODES } from './errors.js';
import { newBatch, applyEvent, needsRows } from './batch-state.js';
import { historyFrom, applyHistoryEvent, demoIds } from './history-state.js';
import { createKeyScreen } from './key-screen.js';
import { createCloseDialog } from './close-dialog.js';
import { createMainScreen } from './main-screen.js';
import { createHistoryView } from './history-view.js';
import { createBatchView } from './batch-view.js';
import { createGrid } from './grid.js';
import { createExportDialog } from './export-dialog.js';
import { createMergeDialog } from './merge-dialog.js';
import { createListDialog } from './list-dialog.js';
import { createSettingsDialog } from './settings-dialog.js';
import { createUpdateView } from './update-view.js';
import { newUpdateState, afterCheck, afterFailure } from './update-state.js';

export function startApp() {
  const state = {
    languageSetting: 'auto',
    keyStatus: null,
    info: null,
    // The built-in demo runs: sample data, no key, nothing sent to Enrow.
    demo: false,
    // undefined: not asked yet; null: Enrow did not say.
    credits: undefined,
    accountError: null,
    // Saves to this computer failing (a 'notsaved' history event), until one works again.
    saveError: null,
    screen: 'loading',
    // Messages are kept as string keys so they follow a language change.
    notice: null,
    // The batches remembered on this computer, by id, newest first (history-state.js).
    history: new Map(),
    historyLoaded: false,
    // Whether the history sidebar is open on a narrow window (it always shows on a wide one).
    historyOpen: false,
    // Every batch this window has opened or heard from, by id (batch-state.js).
    batches: new Map(),
    currentId: null,
    opening: false,
    lastPasted: '',
    // What the last open asked for (a paste or an id), for "Try again".
    lastOpen: '',
    pasteError: null,
    openError: null,
    // A newer version, the check for one, its install (update-state.js).
    update: newUpdateState(),
    checkUpdates: true,
    // What closing the window does while a batch is checked (Settings); shown on Windows and
    // Linux only, since a Mac app keeps running when its window closes.
    onClose: 'ask',
    // The lists sent from this computer ("Find numbers for a list"), oldest first, and those
    // sent in this session, whose numbers the page offers to add once every part is done.
    lists: [],
    listsSentNow: new Set(),
  };

  const app = { state, ipc };
  let views = null;
  // Each open gets a number; an answer that arrives after a later open no longer switches views.
  let openCount = 0;
  // A "show" from Rust while the key screen is up waits for the main screen.
  let pendingShow = null;

  app.currentBatch = () => (state.currentId ? state.batches.get(state.currentId) ?? null : null);
  app.entry = (id) => (id ? state.history.get(id) ?? null : null);
  app.isDemoBatch = (batch) => {
    const entry = app.entry(batch?.id);
    return entry ? entry.demo === true : Boolean(batch?.demo);
  };

  app.render = () => {
    if (!views) return;
    views.main.render();
    views.history.render();
    views.batch.render();
    views.update.render();
  };

  app.applyLanguage = () => {
    // "Automatic" follows the system's language as Rust reads it, so the page and what Rust
    // writes (notices, dialogs, files) always agree; WebKit's own list only when Rust did not say.
    const system = state.info?.systemLanguage ? [state.info.systemLanguage] : navigator.languages;
    const language = pickLanguage(state.languageSetting, system);
    setLanguage(language);
    document.documentElement.lang = language;
    document.title = t('app.title');
    translateStatic(document);
    if (!views) return;
    views.key.render();
    views.grid.languageChanged();
    views.exportDialog.render();
    views.mergeDialog.render();
    views.listDialog.render();
    views.settings.render();
    app.render();
  };

  app.showKeyScreen = ({ canCancel, keychainError = null }) => {
    state.screen = 'key';
    show(document.getElementById('main-screen'), false);
    show(document.getElementById('key-screen'), true);
    views.key.open({ canCancel, keychainError });
  };

  app.showMain = () => {
    state.screen = 'main';
    show(document.getElementById('key-screen'), false);
    show(document.getElementById('main-screen'), true);
    app.render();
    views.main.focusPaste();
    if (pendingShow) {
      const id = pendingShow;
      pendingShow = null;
      app.openKnown(id);
    }
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

  /**
   * Asks again where the key is (after the person unlocked the keychain): the main screen when
   * it is found; else the keychain's problem, for the key screen to show.
   */
  app.recheckKey = async () => {
    const status = await ipc.getKeyStatus();
    state.keyStatus = status;
    if (status && status.storage !== 'none') {
      app.showMain();
      app.refreshBalance();
      return null;
    }
    return status?.keychainError ?? null;
  };

  app.refreshBalance = async () => {
    try {
      const account = await ipc.getAccount();
      state.credits = account?.credits ?? null;
      state.accountError = null;
    } catch (error) {
      // The balance is a nicety: only a problem with the key deserves a banner, and the demo
      // has no key to have problems with.
      if (KEY_CODES.has(error.code) && !state.demo) state.accountError = error;
    }
    app.render();
  };

  /**
   * Shows `id` and lets go of the rows of every other batch: they are on disk in Rust and come
   * back when that batch is shown again, so only the batch on screen costs memory.
   */
  function makeCurrent(id) {
    state.currentId = id;
    for (const batch of state.batches.values()) {
      if (batch.id !== id && batch.data) {
        state.batches.set(batch.id, { ...batch, rows: 'none', data: null });
      }
    }
    // Its events may have come before it was shown (a saved batch answers at once).
    const shown = state.batches.get(id);
    if (shown && needsRows(shown) && shown.rows !== 'loading') app.loadRows(id);
  }

  function ensureBatch(id) {
    if (!state.batches.has(id)) state.batches.set(id, newBatch(id, state.demo));
    return state.batches.get(id);
  }

  /** Opens what was pasted: Rust finds the id in it, or says it is not one. */
  app.openBatch = async (pasted) => {
    if (state.opening) return;
    const mine = ++openCount;
    state.opening = true;
    state.lastPasted = pasted;
    state.lastOpen = pasted;
    state.pasteError = null;
    state.openError = null;
    state.notice = null;
    app.render();
    try {
      const { id } = await ipc.openBatch(pasted, app.onEvent);
      ensureBatch(id);
      if (mine === openCount) {
        makeCurrent(id);
        views.main.selectPaste();
      }
    } catch (error) {
      if (mine === openCount) {
        if (error.code === 'invalid_batch_id') state.pasteError = error;
        else state.openError = error;
      }
    } finally {
      state.opening = false;
      app.render();
    }
  };

  /**
   * Opens a batch by its id (from the history, the demo or a notice) and shows it at once; a
   * completed one comes back from the saved results without asking Enrow.
   */
  app.openKnown = async (id) => {
    if (!id) return;
    const mine = ++openCount;
    ensureBatch(id);
    makeCurrent(id);
    state.lastOpen = id;
    state.openError = null;
    state.pasteError = null;
    state.notice = null;
    app.render();
    try {
      await ipc.openBatch(id, app.onEvent);
    } catch (error) {
      if (mine === openCount && state.currentId === id) state.openError = error;
    }
    app.render();
  };

  // Events may arrive before open_batch resolves, so a batch is created by its first event.
  app.onEvent = (event) => {
    if (!event?.id) return;
    const before = state.batches.get(event.id) ?? newBatch(event.id, state.demo);
    const after = applyEvent(before, event, Date.now());
    state.batches.set(event.id, after);
    if (before.watch !== 'done' && after.watch === 'done') app.refreshBalance();
    if (event.id === state.currentId && needsRows(after) && after.rows !== 'loading') app.loadRows(event.id);
    app.render();
  };

  app.onHistoryEvent = (event) => {
    if (event?.kind === 'closeasked') {
      views?.closeDialog.ask();
      return;
    }
    // Saves to this computer failing, or working again: a banner, not a change to the list.
    if (event?.kind === 'notsaved' || event?.kind === 'saved') {
      state.saveError = event.kind === 'notsaved' ? (event.error ?? { code: 'save_failed', message: '' }) : null;
      app.render();
      return;
    }
    if (event?.kind === 'show') {
      if (state.screen === 'main') app.openKnown(event.id);
      else pendingShow = event.id;
      return;
    }
    const next = applyHistoryEvent(state.history, event);
    if (next === state.history) return;
    state.history = next;
    app.render();
    // A part of a list finishing may make its numbers ready to add.
    if (views?.listDialog.isOpen()) views.listDialog.render();
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
      // Shown meanwhile is another batch: these rows are not kept.
      if (id !== state.currentId) app.updateBatch(id, { rows: 'none', data: null });
      else app.updateBatch(id, { rows: 'loaded', data: { columns: data?.columns ?? [], rows: data?.rows ?? [] } });
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

  /** An empty label removes it. Rejects with {code, message} for the caller to show. */
  app.renameBatch = async (id, label) => {
    const entry = await ipc.renameBatch(id, label.trim());
    if (entry?.id) state.history = applyHistoryEvent(state.history, { kind: 'upsert', entry });
    app.render();
  };

  /** Forgets a batch on this computer (it stays on Enrow); the view returns to the start. */
  app.forgetBatch = async (id) => {
    await ipc.forgetBatch(id);
    state.history = applyHistoryEvent(state.history, { kind: 'remove', id });
    dropBatch(id);
    app.render();
    views.main.focusPaste();
  };

  function dropBatch(id) {
    state.batches.delete(id);
    views.grid.forget(id);
    if (state.currentId === id) {
      state.currentId = null;
      state.openError = null;
    }
  }

  /** Deletes the history, the saved results and the settings; the key stays. */
  app.clearLocalData = async () => {
    await ipc.clearLocalData();
    state.history = applyHistoryEvent(state.history, { kind: 'cleared' });
    for (const id of [...state.batches.keys()]) dropBatch(id);
    state.currentId = null;
    state.openError = null;
    state.pasteError = null;
    // The settings are back to their defaults: ask Rust which those are.
    try {
      const settings = await ipc.getSettings();
      state.languageSetting = settings?.language ?? 'auto';
      state.checkUpdates = settings?.checkUpdates !== false;
      state.onClose = settings?.onClose ?? 'ask';
    } catch {
      state.languageSetting = 'auto';
    }
    state.notice = [{ key: 'settings.cleared' }];
    app.applyLanguage();
  };

  app.startDemo = async () => {
    const { id } = await ipc.startDemo();
    state.demo = true;
    state.accountError = null;
    state.credits = undefined;
    try {
      state.keyStatus = await ipc.getKeyStatus();
    } catch {
      state.keyStatus = { storage: 'demo', hint: null, keychainAvailable: state.keyStatus?.keychainAvailable ?? true };
    }
    refreshInfo();
    app.showMain();
    app.refreshBalance();
    await app.openKnown(id);
  };

  /** Back to the real set-up: the key screen when there is no key, else the main screen. */
  app.leaveDemo = async () => {
    const status = await ipc.leaveDemo();
    state.demo = false;
    state.keyStatus = status ?? state.keyStatus;
    state.credits = undefined;
    state.notice = null;
    // Rust forgets the demo's batches (remove events follow); they go from the page at once.
    const demo = new Set(demoIds(state.history));
    for (const batch of state.batches.values()) if (batch.demo) demo.add(batch.id);
    for (const id of demo) {
      state.history = applyHistoryEvent(state.history, { kind: 'remove', id });
      dropBatch(id);
    }
    refreshInfo();
    if (!state.keyStatus || state.keyStatus.storage === 'none') {
      app.render();
      app.showKeyScreen({ canCancel: false });
    } else {
      app.showMain();
      app.refreshBalance();
    }
  };

  function refreshInfo() {
    ipc.appInfo().then((info) => {
      state.info = info;
      views.settings.render();
    }, () => {});
  }

  app.setHistoryOpen = (open) => {
    state.historyOpen = open;
    views.history.render();
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
      case 'leave-demo':
        app.leaveDemo().catch(() => {});
        break;
      case 'reopen':
        if (batch) app.openKnown(batch.id);
        else app.openBatch(state.lastPasted);
        break;
      case 'retry':
        if (state.openError || !batch) reopenLast();
        else if (batch.rows === 'error') app.loadRows(batch.id);
        else app.checkNow(batch.id);
        break;
      default:
        break;
    }
  };

  function reopenLast() {
    if (state.lastOpen && state.lastOpen === state.currentId) app.openKnown(state.lastOpen);
    else app.openBatch(state.lastPasted);
  }

  /** Applies the language at once; false when it could not be kept for next time. */
  app.setLanguageSetting = async (language) => {
    state.languageSetting = language;
    app.applyLanguage();
    try {
      const saved = await ipc.setSettings({ language });
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

  app.openMerge = () => {
    const batch = app.currentBatch();
    if (batch) views.mergeDialog.open(batch.id);
  };

  app.openSettings = () => views.settings.open();

  app.openLists = () => views.listDialog.open();

  app.setLists = (lists) => {
    state.lists = Array.isArray(lists) ? lists : [];
    app.render();
  };

  app.listSent = (list) => {
    state.listsSentNow.add(list.id);
    app.render();
  };

  app.loadLists = async () => {
    try {
      app.setLists(await ipc.getLists());
    } catch (error) {
      console.error('Enrow Desk could not read the lists sent', error);
    }
  };

  /** `quiet`: the check at start (Rust looks at most once a day, and stays silent on failure). */
  app.checkForUpdate = async (quiet) => {
    if (state.update.phase !== 'idle') return;
    if (!quiet) state.update = { ...state.update, phase: 'checking', error: null };
    app.render();
    try {
      const offer = await ipc.checkForUpdate(quiet);
      if (quiet && !offer) return;
      state.update = afterCheck(state.update, offer, state.info?.version ?? '');
    } catch (error) {
      state.update = afterFailure(state.update, error);
    }
    app.render();
  };

  /** Downloads and installs the offered version; Rust restarts the app when it is done. */
  app.installUpdate = async () => {
    state.update = { ...state.update, phase: 'downloading', error: null };
    app.render();
    try {
      await ipc.installUpdate((event) => {
        if (event?.kind === 'installing') state.update = { ...state.update, phase: 'installing' };
        app.render();
      });
    } catch (error) {
      state.update = afterFailure(state.update, error);
      app.render();
    }
  };

  app.dismissUpdate = () => {
    state.update = { ...state.update, dismissed: true };
    app.render();
    views.main.focusPaste();
  };

  app.setOnClose = async (onClose) => {
    state.onClose = onClose;
    try {
      const saved = await ipc.setSettings({ onClose });
      state.onClose = saved?.onClose ?? onClose;
    } catch {
      // Kept for this session.
    }
    app.render();
  };

  app.closeChoiceRemembered = (onClose) => {
    state.onClose = onClose;
    app.render();
  };

  app.setCheckUpdates = async (on) => {
    state.checkUpdates = on;
    try {
      const saved = await ipc.setSettings({ checkUpdates: on });
      state.checkUpdates = saved?.checkUpdates ?? on;
    } catch {
      // Kept for this session; the settings' own error line is about the language.
    }
    app.render();
  };

  const grid = createGrid(app);
  views = {
    key: createKeyScreen(app),
    main: createMainScreen(app),
    history: createHistoryView(app),
    grid,
    batch: createBatchView(app, grid),
    exportDialog: createExportDialog(app),
    closeDialog: createCloseDialog(app),
    mergeDialog: createMergeDialog(app),
    listDialog: createListDialog(app),
    settings: createSettingsDialog(app),
    update: createUpdateView(app),
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

/** The history is read once and then kept up to date by Rust's events. */
async function subscribeHistory(app) {
  const { state } = app;
  // Events that arrive before the list are newer than it: applied after it.
  let early = [];
  const onEvent = (event) => {
    if (early) early.push(event);
    else app.onHistoryEvent(event);
  };
  try {
    const entries = await app.ipc.subscribeHistory(onEvent);
    state.history = historyFrom(entries);
  } catch (error) {
    console.error('Enrow Desk could not read the history', error);
  }
  state.historyLoaded = true;
  const queued = early;
  early = null;
  for (const event of queued) app.onHistoryEvent(event);
  app.render();
}

/** How long the keychain may take before the page says what it may be waiting for. */
const KEYCHAIN_PATIENCE_MS = 2000;

async function start(app) {
  const { state, ipc: commands } = app;
  const loading = document.getElementById('loading');
  try {
    const [settings, info] = await Promise.all([commands.getSettings(), commands.appInfo()]);
    state.languageSetting = settings?.language ?? 'auto';
    state.info = info;
    app.applyLanguage();
    // The keychain may be waiting for the person (macOS asks for the login password after an
    // update): say what that window is, rather than "Starting…" for as long as it takes.
    const waiting = setTimeout(() => setText(loading, t(keychainWaitKey(info?.platform))), KEYCHAIN_PATIENCE_MS);
    const keyStatus = await commands.getKeyStatus().finally(() => clearTimeout(waiting));
    state.keyStatus = keyStatus;
    state.checkUpdates = settings?.checkUpdates !== false;
    state.onClose = settings?.onClose ?? 'ask';
    state.demo = keyStatus?.storage === 'demo' || info?.demo === true;
    subscribeHistory(app);
    app.loadLists();
    show(loading, false);
    if (state.demo) {
      app.showMain();
      app.refreshBalance();
    } else if (keyStatus?.storage === 'none' || !keyStatus) {
      // A locked keychain may well hold the key: say so, rather than ask for it again.
      app.showKeyScreen({ canCancel: false, keychainError: keyStatus?.keychainError ?? null });
    } else {
      app.showMain();
      app.refreshBalance();
    }
    // At most once a day, and only when Settings allow: Rust decides.
    app.checkForUpdate(true);
  } catch (error) {
    show(loading, false);
    const fatal = document.getElementById('fatal');
    setText(fatal, t('app.startFailed'));
    show(fatal, true);
    console.error('Enrow Desk could not start', error);
  }
}
