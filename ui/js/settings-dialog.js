// Settings: the language (applied at once), the key (replace, remove), the data kept on this
// computer (clear it all), and the version.

import { t } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError } from './errors.js';

export function createSettingsDialog(app) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const dialog = byTestId('settings-dialog');
  const select = byTestId('language-select');
  const onCloseField = $('on-close-field');
  const onCloseSelect = byTestId('on-close-select');
  const languageError = $('settings-error');
  const hint = byTestId('key-hint');
  const replace = byTestId('key-replace');
  const remove = byTestId('key-remove');
  const confirmBox = $('remove-confirm');
  const confirmButton = byTestId('key-remove-confirm');
  const removeError = $('remove-error');
  const keyActions = $('key-actions');
  const clearButton = byTestId('clear-data');
  const clearBox = $('clear-confirm');
  const clearConfirm = byTestId('clear-data-confirm');
  const clearError = $('clear-error');
  const version = $('app-version');
  const testServer = $('test-server');

  let confirming = false;
  let languageFailed = false;
  let removeFailure = null;
  let clearing = false;
  let clearBusy = false;
  let clearFailure = null;
  let opener = null;

  select.addEventListener('change', async () => {
    languageFailed = !(await app.setLanguageSetting(select.value));
    render();
  });
  onCloseSelect.addEventListener('change', () => app.setOnClose(onCloseSelect.value));
  replace.addEventListener('click', () => {
    opener = null;
    dialog.close();
    app.showKeyScreen({ canCancel: true });
  });
  remove.addEventListener('click', () => {
    confirming = true;
    removeFailure = null;
    render();
    confirmButton.focus();
  });
  $('key-remove-cancel').addEventListener('click', () => {
    confirming = false;
    render();
    remove.focus();
  });
  confirmButton.addEventListener('click', async () => {
    try {
      opener = null;
      dialog.close();
      await app.removeKey();
    } catch (error) {
      removeFailure = error;
      render();
      dialog.showModal();
      confirmButton.focus();
    }
  });
  clearButton.addEventListener('click', () => {
    clearing = true;
    clearFailure = null;
    render();
    clearConfirm.focus();
  });
  $('clear-data-cancel').addEventListener('click', () => {
    clearing = false;
    clearFailure = null;
    render();
    clearButton.focus();
  });
  clearConfirm.addEventListener('click', async () => {
    if (clearBusy) return;
    clearBusy = true;
    clearFailure = null;
    render();
    try {
      await app.clearLocalData();
      clearBusy = false;
      opener = null;
      dialog.close();
      // Nothing is shown any more: back to the paste box.
      byTestId('paste-input').focus();
    } catch (error) {
      clearBusy = false;
      clearFailure = error;
      render();
      clearConfirm.focus();
    }
  });
  dialog.addEventListener('cancel', (event) => {
    // Escape closes, except while the data is being deleted.
    if (clearBusy) event.preventDefault();
  });
  byTestId('settings-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    confirming = false;
    clearing = false;
    opener?.focus();
    opener = null;
  });

  function render() {
    if (select.value !== state.languageSetting) select.value = state.languageSetting;
    // A Mac app keeps running when its window closes: nothing to choose there.
    show(onCloseField, Boolean(state.info) && state.info.platform !== 'macos');
    if (onCloseSelect.value !== state.onClose) onCloseSelect.value = state.onClose;
    show(languageError, languageFailed);
    setText(languageError, languageFailed ? t('settings.languageSaveFailed') : '');

    const storage = state.keyStatus?.storage ?? 'none';
    const keyHint = state.keyStatus?.hint ?? '…';
    if (storage === 'demo' || state.demo) setText(hint, t('settings.keyDemo'));
    else if (storage === 'keychain') setText(hint, t('settings.keyHintKeychain', { hint: keyHint }));
    else if (storage === 'session') setText(hint, t('settings.keyHintSession', { hint: keyHint }));
    else setText(hint, t('settings.keyNone'));
    // The demo has no key to replace or remove: "Leave the demo" is the way back.
    const realKey = storage !== 'demo' && !state.demo;
    show(keyActions, realKey);
    show(remove, storage !== 'none');
    show(confirmBox, confirming && storage !== 'none' && realKey);
    show(removeError, Boolean(removeFailure));
    if (removeFailure) setText(removeError, t(describeError(removeFailure).messageKey));

    show(clearBox, clearing);
    clearConfirm.setAttribute('aria-disabled', String(clearBusy));
    show(clearError, Boolean(clearFailure));
    setText(clearError, clearFailure ? t(describeError(clearFailure).messageKey) : '');

    setText(version, state.info?.version ? t('settings.version', { version: String(state.info.version) }) : '');
    show(testServer, Boolean(state.info?.customApi));
    setText(testServer, state.info?.customApi ? t('settings.testServer', { url: String(state.info.apiUrl ?? '') }) : '');
  }

  return {
    open() {
      confirming = false;
      languageFailed = false;
      removeFailure = null;
      clearing = false;
      clearFailure = null;
      opener = document.activeElement;
      render();
      dialog.showModal();
      select.focus();
    },
    render,
  };
}
