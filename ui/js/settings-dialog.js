// Settings: the language (applied at once), the key (replace, remove), and the version.

import { t } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError } from './errors.js';

export function createSettingsDialog(app) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const dialog = byTestId('settings-dialog');
  const select = byTestId('language-select');
  const languageError = $('settings-error');
  const hint = byTestId('key-hint');
  const replace = byTestId('key-replace');
  const remove = byTestId('key-remove');
  const confirmBox = $('remove-confirm');
  const confirmButton = byTestId('key-remove-confirm');
  const removeError = $('remove-error');
  const version = $('app-version');
  const testServer = $('test-server');

  let confirming = false;
  let languageFailed = false;
  let removeFailure = null;
  let opener = null;

  select.addEventListener('change', async () => {
    languageFailed = !(await app.setLanguageSetting(select.value));
    render();
  });
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
  byTestId('settings-close').addEventListener('click', () => dialog.close());
  dialog.addEventListener('close', () => {
    confirming = false;
    opener?.focus();
    opener = null;
  });

  function render() {
    if (select.value !== state.languageSetting) select.value = state.languageSetting;
    show(languageError, languageFailed);
    setText(languageError, languageFailed ? t('settings.languageSaveFailed') : '');

    const storage = state.keyStatus?.storage ?? 'none';
    const keyHint = state.keyStatus?.hint ?? '…';
    if (storage === 'keychain') setText(hint, t('settings.keyHintKeychain', { hint: keyHint }));
    else if (storage === 'session') setText(hint, t('settings.keyHintSession', { hint: keyHint }));
    else setText(hint, t('settings.keyNone'));
    show(remove, storage !== 'none');
    show(confirmBox, confirming && storage !== 'none');
    show(removeError, Boolean(removeFailure));
    if (removeFailure) setText(removeError, t(describeError(removeFailure).messageKey));

    setText(version, state.info?.version ? t('settings.version', { version: String(state.info.version) }) : '');
    show(testServer, Boolean(state.info?.customApi));
    setText(testServer, state.info?.customApi ? t('settings.testServer', { url: String(state.info.apiUrl ?? '') }) : '');
  }

  return {
    open() {
      confirming = false;
      languageFailed = false;
      removeFailure = null;
      opener = document.activeElement;
      render();
      dialog.showModal();
      select.focus();
    },
    render,
  };
}
