// What the dialogs that write a file share: Escape closes them unless a file is being written,
// focus goes back to what opened them, "Show in folder" reveals the file just written, and
// their error box says what went wrong with the action that helps.

import { t } from './locale.js';
import { setText, show } from './dom.js';
import { describeError } from './errors.js';

/** Wires a `<dialog>`'s close button, Escape and focus return; `show()` opens it modal. */
export function modalDialog(dialog, { closeButton, isBusy }) {
  let opener = null;
  closeButton.addEventListener('click', () => dialog.close());
  dialog.addEventListener('cancel', (event) => {
    if (isBusy()) event.preventDefault();
  });
  dialog.addEventListener('close', () => {
    opener?.focus();
    opener = null;
  });
  return {
    show() {
      opener = document.activeElement;
      dialog.showModal();
    },
  };
}

/** "Show in folder" for the file `written()` returns (`{ path }`), only once one was written. */
export function revealWrittenFile(app, button, { written, failed }) {
  button.addEventListener('click', () => {
    const file = written();
    if (!file) return;
    app.ipc.revealExport(file.path).catch(failed);
  });
}

/**
 * Shows `failure` (or hides the box when null) in a dialog's error box: its message, and its
 * first action on `action` (`data-kind` tells the dialog what to do when it is clicked).
 */
export function renderErrorBox({ box, text, action }, failure, context) {
  const described = failure ? describeError(failure, context) : null;
  show(box, Boolean(described));
  if (!described) {
    delete box.dataset.code;
    return;
  }
  box.dataset.code = failure.code;
  setText(text, t(described.messageKey));
  const first = described.actions[0];
  show(action, Boolean(first));
  setText(action, first ? t(first.labelKey) : '');
  action.dataset.kind = first?.kind ?? '';
}
