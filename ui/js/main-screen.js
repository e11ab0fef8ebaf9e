// The main screen's frame: header with the balance and Settings, notices, and the paste box.

import { t, fmt } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError } from './errors.js';
import { EXAMPLE_ID } from './strings.js';

export function createMainScreen(app) {
  const { state } = app;
  const balance = byTestId('balance');
  const notice = document.getElementById('notice');
  const banner = document.getElementById('app-banner');
  const bannerText = document.getElementById('app-banner-text');
  const bannerAction = document.getElementById('app-banner-action');
  const form = document.getElementById('paste-form');
  const input = byTestId('paste-input');
  const fetchButton = byTestId('fetch-button');
  const pasteError = byTestId('paste-error');
  const empty = document.getElementById('empty-state');

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    // As pasted: Rust is forgiving about spaces, quotes, links and snippets.
    app.openBatch(input.value);
  });
  byTestId('settings-open').addEventListener('click', () => app.openSettings());
  bannerAction.addEventListener('click', () => app.runAction(bannerAction.dataset.kind));

  function render() {
    setText(balance, state.credits === undefined || state.credits === null
      ? t('common.none')
      : fmt.number(state.credits));

    show(notice, Boolean(state.notice));
    if (state.notice) setText(notice, state.notice.map((part) => t(part.key, part.params)).join(' '));

    const account = state.accountError ? describeError(state.accountError) : null;
    show(banner, Boolean(account));
    if (account) {
      setText(bannerText, t(account.messageKey));
      const first = account.actions[0];
      show(bannerAction, Boolean(first));
      setText(bannerAction, first ? t(first.labelKey) : '');
      if (first) bannerAction.dataset.kind = first.kind;
    }

    fetchButton.setAttribute('aria-disabled', String(state.opening));
    form.setAttribute('aria-busy', String(state.opening));
    show(pasteError, Boolean(state.pasteError));
    input.setAttribute('aria-invalid', String(Boolean(state.pasteError)));
    if (state.pasteError) setText(pasteError, t('error.invalid_batch_id', { example: EXAMPLE_ID }));

    show(empty, !state.currentId && !state.openError);
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
