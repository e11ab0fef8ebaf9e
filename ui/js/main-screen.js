// The main screen's frame: the demo banner, the header with the balance and Settings, notices,
// the page-level error banner and the paste box.

import { t, fmt } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError, pickBanners, setupProblem } from './errors.js';
import { EXAMPLE_ID } from './strings.js';
import { listReady, listsNeedingAttention } from './list-summary.js';

export function createMainScreen(app) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const balance = byTestId('balance');
  const notice = $('notice');
  const banner = $('app-banner');
  const bannerText = $('app-banner-text');
  const bannerAction = $('app-banner-action');
  const form = $('paste-form');
  const input = byTestId('paste-input');
  const fetchButton = byTestId('fetch-button');
  const pasteError = byTestId('paste-error');
  const pasteHint = $('paste-hint');
  const empty = $('empty-state');
  const demoBanner = byTestId('demo-banner');
  const demoLeave = byTestId('demo-leave');
  const demoError = $('demo-leave-error');
  const attention = byTestId('list-attention');
  const attentionText = $('list-attention-text');
  const attentionShow = byTestId('list-attention-show');

  let leaving = false;
  let leaveFailure = null;

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // As pasted: Rust is forgiving about spaces, quotes, links and snippets.
    app.openBatch(input.value);
  });
  byTestId('settings-open').addEventListener('click', () => app.openSettings());
  byTestId('list-open').addEventListener('click', () => app.openLists());
  attentionShow.addEventListener('click', () => app.openLists());
  bannerAction.addEventListener('click', () => app.runAction(bannerAction.dataset.kind));

  demoLeave.addEventListener('click', async () => {
    if (leaving) return;
    leaving = true;
    leaveFailure = null;
    render();
    try {
      await app.leaveDemo();
    } catch (error) {
      leaveFailure = error;
    }
    leaving = false;
    render();
  });

  function render() {
    setText(balance, state.credits === undefined || state.credits === null
      ? t('common.none')
      : fmt.number(state.credits));

    show(demoBanner, state.demo);
    demoLeave.setAttribute('aria-disabled', String(leaving));
    show(demoError, Boolean(leaveFailure) && state.demo);
    setText(demoError, leaveFailure ? t(describeError(leaveFailure).messageKey) : '');

    show(notice, Boolean(state.notice));
    if (state.notice) setText(notice, state.notice.map((part) => t(part.key, part.params)).join(' '));

    // Failures tied to no batch, unless the batch banner already says the same.
    const { page } = pickBanners({
      setupError: setupProblem(state.info),
      saveError: state.saveError,
      accountError: state.accountError,
      openError: state.openError,
      batch: app.currentBatch(),
    });
    const account = page ? describeError(page) : null;
    show(banner, Boolean(account));
    if (account) {
      banner.dataset.code = page.code;
      setText(bannerText, t(account.messageKey));
      const first = account.actions[0];
      show(bannerAction, Boolean(first));
      setText(bannerAction, first ? t(first.labelKey) : '');
      if (first) bannerAction.dataset.kind = first.kind;
    } else {
      delete banner.dataset.code;
    }

    renderListAttention();

    fetchButton.setAttribute('aria-disabled', String(state.opening));
    form.setAttribute('aria-busy', String(state.opening));
    show(pasteError, Boolean(state.pasteError));
    input.setAttribute('aria-invalid', String(Boolean(state.pasteError)));
    if (state.pasteError) setText(pasteError, t('error.invalid_batch_id', { example: EXAMPLE_ID }));

    // With a batch on screen the hint gives its room to the results.
    const idle = !state.currentId && !state.openError;
    show(pasteHint, idle);
    form.classList.toggle('is-compact', !idle);
    show(empty, idle);
    setText(empty, t(state.history.size > 0 ? 'main.emptyHistory' : 'main.empty'));
  }

  /**
   * A list not fully sent (after a crash, a refusal, a connection lost) is said on the main
   * screen until the person looks; a list sent in this session says when its numbers are ready.
   */
  function renderListAttention() {
    const dialogOpen = document.getElementById('list-dialog')?.open === true;
    const stuck = listsNeedingAttention(state.lists);
    const statusOf = (part) => app.entry(part.batchId)?.status || part.status || null;
    const ready = (state.lists ?? []).find((list) => state.listsSentNow.has(list.id) && listReady(list, statusOf));
    let text = null;
    let button = null;
    if (stuck.length > 0) {
      text = t('list.attention');
      button = t('list.attentionShow');
    } else if (ready) {
      text = t('list.readyNotice', { file: String(ready.fileName ?? '') });
      button = t('list.readyShow');
    }
    show(attention, Boolean(text) && !dialogOpen);
    setText(attentionText, text ?? '');
    setText(attentionShow, button ?? '');
  }

  return {
    render,
    focusPaste() {
      input.focus();
    },
    /** After a fetch, so the next paste replaces the id rather than adding to it. */
    selectPaste() {
      if (document.activeElement === input) input.select();
    },
  };
}
