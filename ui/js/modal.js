// What the dialogs that write a file share: Escape closes them unless a file is being written,
// focus goes back to what opened them, and "Show in folder" reveals the file just written.

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
