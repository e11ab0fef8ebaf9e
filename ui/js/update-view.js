// Updates on screen: the banner that offers a new version on the main screen, and the
// "Updates" part of Settings (the version, the daily check, "Check for updates"). The words
// come from update-state.js.

import { t } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { updateMessage, offerAction, showsBanner } from './update-state.js';

export function createUpdateView(app) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const banner = byTestId('update-banner');
  const bannerText = byTestId('update-banner-text');
  const notes = $('update-banner-notes');
  const notesText = $('update-banner-notes-text');
  const install = byTestId('update-install');
  const later = byTestId('update-later');
  const daily = byTestId('check-updates');
  const check = byTestId('update-check');
  const status = byTestId('update-status');

  install.addEventListener('click', () => {
    const action = offerAction(state.update);
    if (action?.kind === 'install') app.installUpdate();
    else if (action?.kind === 'download') app.ipc.openReleasesPage().catch(() => {});
  });
  later.addEventListener('click', () => app.dismissUpdate());
  check.addEventListener('click', () => app.checkForUpdate(false));
  daily.addEventListener('change', () => app.setCheckUpdates(daily.checked));

  function render() {
    const update = state.update;
    const message = updateMessage(update);
    const action = offerAction(update);
    const busy = update.phase !== 'idle';

    show(banner, showsBanner(update) || (busy && update.phase !== 'checking'));
    setText(bannerText, message ? t(message.key, message.params) : '');
    const noteText = update.offer?.notes ?? '';
    show(notes, Boolean(noteText));
    setText(notesText, noteText);
    show(install, Boolean(action));
    setText(install, action ? t(action.labelKey) : '');
    show(later, Boolean(action));

    daily.checked = state.checkUpdates !== false;
    check.setAttribute('aria-disabled', String(busy));
    setText(status, message ? t(message.key, message.params) : '');
  }

  return { render };
}
