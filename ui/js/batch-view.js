// The open batch: its name (rename, forget), status, progress while Enrow works, the summary
// once done, and the error banner. Nothing shown is taken away when an error arrives; the
// banner is added above. What to show is decided in batch-state.js (batchDisplay).

import { t, fmt } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { describeError, pickBanners } from './errors.js';
import { batchDisplay } from './batch-state.js';
import { entryName } from './history-state.js';
import { typeCounts } from './grid-model.js';
import { EXAMPLE_ID } from './strings.js';

export function createBatchView(app, grid) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const view = byTestId('batch-view');
  const banner = byTestId('error-banner');
  const bannerText = $('error-text');
  const bannerAction = byTestId('error-action');
  const title = $('batch-title');
  const label = byTestId('batch-label');
  const demoTag = $('batch-demo-tag');
  const badge = byTestId('status-badge');
  const tools = $('batch-tools');
  const renameButton = byTestId('batch-rename');
  const renameForm = $('rename-form');
  const renameInput = byTestId('batch-label-input');
  const renameError = $('rename-error');
  const forgetButton = byTestId('batch-forget');
  const forgetBox = $('forget-confirm');
  const forgetConfirm = byTestId('batch-forget-confirm');
  const forgetError = $('forget-error');
  const retryNotice = byTestId('retry-notice');
  const progressSection = $('progress-section');
  const progressBar = byTestId('progress-bar');
  const progressText = byTestId('progress-text');
  const nextCheck = byTestId('next-check');
  const ended = byTestId('watch-ended');
  const offlineNote = byTestId('offline-note');
  const keptNote = byTestId('kept-note');
  const lastChecked = $('last-checked');
  const stopButton = byTestId('stop-button');
  const checkNowButton = byTestId('check-now-button');
  const summary = $('summary-section');
  const customData = byTestId('custom-data');
  const customList = $('custom-list');
  const results = $('results');
  let customShown = null;

  // Rename and forget belong to one batch: switching batches closes them.
  let editing = null;
  let renameBusy = false;
  let renameFailure = null;
  let forgetting = null;
  let forgetBusy = false;
  let forgetFailure = null;

  stopButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (batch) app.stopWatch(batch.id);
  });
  checkNowButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (batch) app.checkNow(batch.id);
  });
  bannerAction.addEventListener('click', () => app.runAction(bannerAction.dataset.kind));
  byTestId('export-open').addEventListener('click', () => app.openExport());
  byTestId('merge-open').addEventListener('click', () => app.openMerge());

  // ---- rename -------------------------------------------------------------------------

  renameButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (!batch) return;
    editing = batch.id;
    forgetting = null;
    renameFailure = null;
    renameInput.value = app.entry(batch.id)?.label ?? '';
    render();
    renameInput.focus();
    renameInput.select();
  });

  function closeRename() {
    editing = null;
    renameFailure = null;
    render();
    renameButton.focus();
  }

  renameForm.addEventListener('submit', async (event) => {
    event.preventDefault();
    if (!editing || renameBusy) return;
    const id = editing;
    renameBusy = true;
    renameFailure = null;
    render();
    try {
      // An empty name removes the label; the short id shows again.
      await app.renameBatch(id, renameInput.value);
      renameBusy = false;
      if (editing === id) closeRename();
    } catch (error) {
      renameBusy = false;
      renameFailure = error;
      render();
      renameInput.focus();
    }
  });
  renameInput.addEventListener('keydown', (event) => {
    if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      if (!renameBusy) closeRename();
    }
  });
  $('rename-cancel').addEventListener('click', () => {
    if (!renameBusy) closeRename();
  });

  // ---- forget -------------------------------------------------------------------------

  forgetButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (!batch) return;
    forgetting = batch.id;
    editing = null;
    forgetFailure = null;
    render();
    forgetConfirm.focus();
  });
  $('batch-forget-cancel').addEventListener('click', () => {
    forgetting = null;
    forgetFailure = null;
    render();
    forgetButton.focus();
  });
  forgetBox.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && !forgetBusy) {
      event.preventDefault();
      forgetting = null;
      render();
      forgetButton.focus();
    }
  });
  forgetConfirm.addEventListener('click', async () => {
    if (!forgetting || forgetBusy) return;
    const id = forgetting;
    forgetBusy = true;
    forgetFailure = null;
    render();
    try {
      await app.forgetBatch(id);
      forgetBusy = false;
      forgetting = null;
      render();
    } catch (error) {
      forgetBusy = false;
      forgetFailure = error;
      render();
      forgetConfirm.focus();
    }
  });

  // ---- parts --------------------------------------------------------------------------

  function renderBanner(batch) {
    const { batch: error } = pickBanners({ accountError: state.accountError, openError: state.openError, batch });
    show(banner, Boolean(error));
    if (!error) {
      delete banner.dataset.code;
      return;
    }
    const described = describeError(error, 'batch');
    banner.dataset.code = error.code;
    setText(bannerText, t(described.messageKey, { example: EXAMPLE_ID }));
    const first = described.actions[0];
    show(bannerAction, Boolean(first));
    setText(bannerAction, first ? t(first.labelKey) : '');
    if (first) bannerAction.dataset.kind = first.kind;
  }

  function renderHead(batch) {
    const entry = app.entry(batch.id);
    const demo = app.isDemoBatch(batch);
    const named = entry ? entryName(entry) : null;
    const name = named?.labelled ? (named.textKey ? t(named.textKey) : named.text) : null;
    setText(label, name ?? t('batch.heading'));
    label.classList.toggle('is-default', !name);
    setText($('batch-id'), batch.id);
    show(demoTag, demo);

    if (editing && editing !== batch.id) editing = null;
    if (forgetting && forgetting !== batch.id) forgetting = null;
    // Rename and forget work on the remembered entry, which Rust adds as the batch opens.
    const remembered = Boolean(entry);
    show(title, !editing);
    show(renameForm, Boolean(editing));
    show(tools, remembered && !editing);
    renameInput.readOnly = renameBusy;
    renameForm.setAttribute('aria-busy', String(renameBusy));
    show(renameError, Boolean(renameFailure));
    setText(renameError, renameFailure ? t(describeError(renameFailure).messageKey) : '');
    renameInput.setAttribute('aria-invalid', String(Boolean(renameFailure)));

    show(forgetBox, Boolean(forgetting));
    forgetConfirm.setAttribute('aria-disabled', String(forgetBusy));
    show(forgetError, Boolean(forgetFailure));
    setText(forgetError, forgetFailure ? t(describeError(forgetFailure).messageKey) : '');
  }

  function renderWatch(batch, display) {
    badge.dataset.status = batch.status ?? '';
    badge.dataset.watching = String(display.watching);
    badge.className = `badge badge-${display.badge.kind}`;
    setText(badge, t(display.badge.key, display.badge.params));

    show(progressSection, display.bar !== 'none' || display.progressText !== null);
    show(progressBar, display.bar !== 'none');
    if (display.bar === 'determinate') {
      progressBar.max = batch.requested;
      progressBar.value = Math.min(batch.finished, batch.requested);
    } else if (display.bar === 'indeterminate') {
      // No value attribute: an indeterminate bar.
      progressBar.removeAttribute('value');
    }
    setText(progressText, display.progressText ? t(display.progressText.key, display.progressText.params) : '');

    // The two buttons take turns; keyboard focus goes from one to the other.
    const focused = document.activeElement;
    show(stopButton, display.showStop);
    show(checkNowButton, display.showCheckNow);
    if (focused === stopButton && stopButton.hidden) checkNowButton.focus();
    else if (focused === checkNowButton && checkNowButton.hidden) stopButton.focus();
    renderTimers(display);
  }

  /** The lines that count down; redrawn every second. */
  function renderTimers(display) {
    const line = display.ended ? null : display.line;
    show(nextCheck, Boolean(line));
    setText(nextCheck, line ? t(line.key, line.params) : '');
    show(ended, display.ended);
    setText(ended, display.ended && display.line ? t(display.line.key, display.line.params) : '');

    show(retryNotice, Boolean(display.retry));
    if (display.retry) {
      setText(retryNotice, `${t(display.retry.key)} ${t(display.retry.when.key, display.retry.when.params)}`);
    }
  }

  function renderSummary(batch) {
    const s = batch.summary;
    const visible = Boolean(s) && batch.status !== 'ongoing';
    show(summary, visible);
    const entry = app.entry(batch.id);
    const checkedAt = s?.checkedAt ?? entry?.lastCheckedAt ?? null;
    // Reopened from history: say where the results come from and when Enrow was last asked.
    const saved = visible && batch.fromSaved && batch.watch === 'done';
    show(offlineNote, saved);
    show(keptNote, visible && batch.keptSaved);
    setText(offlineNote, saved
      ? (checkedAt ? t('batch.savedNote', { time: fmt.shortDateTime(checkedAt) }) : t('batch.savedNoteNoTime'))
      : '');
    const fresh = visible && !saved && batch.watch === 'done' && Boolean(checkedAt);
    show(lastChecked, fresh);
    setText(lastChecked, fresh ? t('batch.lastChecked', { time: fmt.dateTime(checkedAt) }) : '');
    if (!visible) return;

    const none = t('common.none');
    const number = (value) => (value === null || value === undefined ? none : fmt.number(value));
    setText(byTestId('found-text'), t('summary.found', { found: s.found ?? 0, count: s.requested ?? 0 }));
    const rate = byTestId('hit-rate');
    show(rate, s.hitRate !== null && s.hitRate !== undefined);
    setText(rate, s.hitRate === null || s.hitRate === undefined ? '' : t('summary.hitRate', { rate: fmt.percent(s.hitRate) }));
    setText(byTestId('credits-charged'), number(s.creditsCharged));
    setText(byTestId('credits-refunded'), number(s.creditsRefunded));
    setText(byTestId('credits-net'), number(s.creditsNet));
    renderCustom(Array.isArray(s.custom) ? s.custom : []);
    renderTypes(batch);
  }

  // Counted once per batch's rows: the page redraws on every event, and a batch may hold
  // 100,000 rows.
  const countsByData = new WeakMap();

  function countsOf(data) {
    if (!countsByData.has(data)) {
      const typeCol = (data.columns ?? []).findIndex((c) => c?.id === 'phoneType');
      countsByData.set(data, typeCounts(data.rows ?? [], typeCol));
    }
    return countsByData.get(data);
  }

  /** "1,204 mobiles, 312 landlines, …", once the rows are there to count. */
  function renderTypes(batch) {
    const summary = byTestId('type-summary');
    const data = batch.rows === 'loaded' ? batch.data : null;
    const counts = data ? countsOf(data) : [];
    show(summary, counts.length > 0);
    setText(summary, counts.map(([type, count]) => t(`summary.type.${type}`, { count })).join(', '));
  }

  function renderCustom(pairs) {
    show(customData, pairs.length > 0);
    if (pairs === customShown) return;
    customShown = pairs;
    const text = (value) => (value !== null && typeof value === 'object' ? JSON.stringify(value) : String(value ?? ''));
    customList.replaceChildren(...pairs.map(([key, value]) => el('div', {}, [
      el('dt', { text: text(key) }),
      el('dd', { text: text(value) }),
    ])));
  }

  function render() {
    const batch = app.currentBatch();
    renderBanner(batch);
    show(view, Boolean(batch));
    if (!batch) {
      editing = null;
      forgetting = null;
      grid.show(null);
      return;
    }
    renderHead(batch);
    renderWatch(batch, batchDisplay(batch, Date.now()));
    renderSummary(batch);
    show(results, batch.status === 'completed');
    view.classList.toggle('has-results', batch.status === 'completed');
    grid.show(batch.status === 'completed' ? batch : null);
  }

  return {
    render,
    tick() {
      const batch = app.currentBatch();
      if (batch && batch.nextCheckAt) renderTimers(batchDisplay(batch, Date.now()));
    },
  };
}
