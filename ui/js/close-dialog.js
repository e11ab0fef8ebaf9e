// Closing the window while a batch is being checked (Windows, Linux): keep checking in the
// background, from the tray, or stop and close; remembered in Settings when asked. Rust decides
// when to ask (a 'closeasked' history event) and does what the answer says.

import { byTestId } from './dom.js';

export function createCloseDialog(app) {
  const dialog = byTestId('close-dialog');
  const keep = byTestId('close-keep');
  const stop = byTestId('close-stop');
  const remember = byTestId('close-remember');
  let answering = false;

  async function answer(keepChecking) {
    if (answering) return;
    answering = true;
    const choice = { keepChecking, remember: remember.checked };
    dialog.close();
    try {
      await app.ipc.answerClose(choice);
      if (choice.remember) app.closeChoiceRemembered(keepChecking ? 'keepChecking' : 'stop');
    } catch (error) {
      console.error('Enrow Desk could not close as asked', error);
    }
    answering = false;
  }

  keep.addEventListener('click', () => answer(true));
  stop.addEventListener('click', () => answer(false));
  // Escape is "never mind": the window stays as it was.
  dialog.addEventListener('cancel', () => dialog.close());

  return {
    ask() {
      if (dialog.open) return;
      remember.checked = false;
      dialog.showModal();
      // Keeping the batches going loses nothing: the safe answer is the one under Enter.
      keep.focus();
    },
  };
}
