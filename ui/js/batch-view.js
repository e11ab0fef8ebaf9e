// The open batch: status, progress while Enrow works, the summary once done, and the error
// banner. Nothing shown is taken away when an error arrives; the banner is added above.

import { t, fmt } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { describeError, retryNoticeKey } from './errors.js';
import { statusKind, isWatching } from './batch-state.js';
import { splitDuration } from './format.js';
import { EXAMPLE_ID } from './strings.js';

export function createBatchView(app, grid) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const view = byTestId('batch-view');
  const banner = byTestId('error-banner');
  const bannerText = $('error-text');
  const bannerAction = byTestId('error-action');
  const badge = byTestId('status-badge');
  const retryNotice = byTestId('retry-notice');
  const progressSection = $('progress-section');
  const progressBar = byTestId('progress-bar');
  const progressText = byTestId('progress-text');
  const nextCheck = byTestId('next-check');
  const stopButton = byTestId('stop-button');
  const checkNowButton = byTestId('check-now-button');
  const summary = $('summary-section');
  const customData = byTestId('custom-data');
  const customList = $('custom-list');
  const results = $('results');
  let customShown = null;

  stopButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (batch && isWatching(batch)) app.stopWatch(batch.id);
  });
  checkNowButton.addEventListener('click', () => {
    const batch = app.currentBatch();
    if (batch) app.checkNow(batch.id);
  });
  bannerAction.addEventListener('click', () => app.runAction(bannerAction.dataset.kind));
  byTestId('export-open').addEventListener('click', () => app.openExport());

  function renderBanner(batch) {
    let error = state.openError ?? batch?.error ?? null;
    if (!error && batch?.status === 'failed') error = { code: 'batch_failed', message: '' };
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

  function countdown(batch, secondsKey, minutesKey) {
    const left = splitDuration((batch.nextCheckAt ?? 0) - Date.now());
    if (left.total === 0) return null;
    return left.minutes > 0
      ? t(minutesKey, { minutes: left.minutes, seconds: left.seconds })
      : t(secondsKey, { seconds: left.seconds });
  }

  function renderTimers(batch) {
    let next = '';
    if (batch.watch === 'opening') next = t('batch.opening');
    else if (batch.watch === 'checking') next = t('batch.checking');
    else if (batch.watch === 'waiting') next = countdown(batch, 'batch.nextCheck', 'batch.nextCheckMinutes') ?? t('batch.checking');
    else if (batch.watch === 'stopped') next = t('batch.stopped');
    setText(nextCheck, next);

    const retrying = Boolean(batch.retry) && batch.watch !== 'done';
    show(retryNotice, retrying);
    if (retrying) {
      const when = batch.watch === 'waiting'
        ? countdown(batch, 'retry.nextTry', 'retry.nextTryMinutes') ?? t('retry.tryingNow')
        : t('retry.tryingNow');
      setText(retryNotice, `${t(retryNoticeKey(batch.retry.code))} ${when}`);
    }
  }

  function renderProgress(batch) {
    const visible = batch.watch !== 'done' && batch.status !== 'completed' && batch.status !== 'failed';
    show(progressSection, visible);
    if (!visible) return;
    const known = batch.requested > 0 && batch.finished !== null && batch.finished !== undefined;
    if (known) {
      progressBar.max = batch.requested;
      progressBar.value = Math.min(batch.finished, batch.requested);
      setText(progressText, t('batch.progress', { finished: batch.finished, count: batch.requested }));
    } else {
      // No value attribute: an indeterminate bar.
      progressBar.removeAttribute('value');
      setText(progressText, t(batch.watch === 'opening' ? 'batch.opening' : 'batch.progressUnknown'));
    }
    stopButton.setAttribute('aria-disabled', String(!isWatching(batch)));
  }

  function renderSummary(batch) {
    const s = batch.summary;
    const visible = Boolean(s) && batch.status !== 'ongoing';
    show(summary, visible);
    if (!visible) {
      setText($('last-checked'), '');
      return;
    }
    const none = t('common.none');
    const number = (value) => (value === null || value === undefined ? none : fmt.number(value));
    setText(byTestId('found-text'), t('summary.found', { found: s.found ?? 0, count: s.requested ?? 0 }));
    const rate = byTestId('hit-rate');
    show(rate, s.hitRate !== null && s.hitRate !== undefined);
    setText(rate, s.hitRate === null || s.hitRate === undefined ? '' : t('summary.hitRate', { rate: fmt.percent(s.hitRate) }));
    setText(byTestId('credits-charged'), number(s.creditsCharged));
    setText(byTestId('credits-refunded'), number(s.creditsRefunded));
    setText(byTestId('credits-net'), number(s.creditsNet));
    setText($('summary-balance'), number(state.credits));
    setText($('last-checked'), s.checkedAt ? t('batch.lastChecked', { time: fmt.dateTime(s.checkedAt) }) : '');
    renderCustom(Array.isArray(s.custom) ? s.custom : []);
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
      grid.show(null);
      return;
    }
    setText($('batch-id'), batch.id);
    const kind = statusKind(batch.status);
    badge.dataset.status = batch.status ?? '';
    badge.className = `badge badge-${kind}`;
    setText(badge, kind === 'other' ? t('status.other', { status: batch.status }) : t(`status.${kind}`));

    renderProgress(batch);
    renderTimers(batch);
    renderSummary(batch);
    show(results, batch.status === 'completed');
    grid.show(batch.status === 'completed' ? batch : null);
  }

  return {
    render,
    tick() {
      const batch = app.currentBatch();
      if (batch && batch.nextCheckAt) renderTimers(batch);
    },
  };
}
