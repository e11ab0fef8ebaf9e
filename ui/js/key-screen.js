// The key screen: what the key is, where to find it, and saving it (checked by Enrow first);
// or trying the app on demo data without an account.

import { t } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError } from './errors.js';
import { EXAMPLE_ID } from './strings.js';

export function createKeyScreen(app) {
  const form = document.getElementById('key-form');
  const input = byTestId('key-input');
  const toggle = document.getElementById('key-toggle');
  const save = byTestId('key-save');
  const error = byTestId('key-error');
  const retry = document.getElementById('key-retry');
  const sessionOnly = byTestId('key-session-only');
  const cancel = document.getElementById('key-cancel');
  const status = document.getElementById('key-status');
  const demoOffer = document.getElementById('demo-offer');
  const demoStart = byTestId('demo-start');
  const demoStatus = document.getElementById('demo-status');
  const demoError = document.getElementById('demo-error');

  let busy = false;
  let failure = null;
  // The failure came from reading the keychain at start, not from saving: "Try again" asks the
  // keychain again instead of saving what is in the field.
  let failureFromKeychain = false;
  let revealed = false;
  let canCancel = false;
  let lastSessionOnly = false;
  let demoBusy = false;
  let demoFailure = null;

  async function submit(session) {
    if (busy || demoBusy) return;
    busy = true;
    failure = null;
    failureFromKeychain = false;
    lastSessionOnly = session;
    render();
    try {
      // Sent as typed: Rust drops surrounding spaces and quotes.
      const result = await app.ipc.saveKey(input.value, session);
      busy = false;
      input.value = '';
      setRevealed(false);
      render();
      app.keySaved(result, session);
    } catch (caught) {
      busy = false;
      failure = caught;
      render();
      const next = !sessionOnly.hidden ? sessionOnly : input;
      next.focus();
    }
  }

  function setRevealed(value) {
    revealed = value;
    input.type = revealed ? 'text' : 'password';
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    submit(false);
  });
  retry.addEventListener('click', async () => {
    if (!failureFromKeychain) {
      submit(lastSessionOnly);
      return;
    }
    if (busy) return;
    busy = true;
    render();
    try {
      failure = await app.recheckKey();
    } catch (caught) {
      failure = caught;
    }
    busy = false;
    failureFromKeychain = Boolean(failure);
    render();
  });
  sessionOnly.addEventListener('click', () => submit(true));
  cancel.addEventListener('click', () => {
    if (!busy) app.showMain();
  });
  toggle.addEventListener('click', () => {
    setRevealed(!revealed);
    render();
  });
  demoStart.addEventListener('click', async () => {
    if (busy || demoBusy) return;
    demoBusy = true;
    demoFailure = null;
    render();
    try {
      await app.startDemo();
      demoBusy = false;
      render();
    } catch (caught) {
      demoBusy = false;
      demoFailure = caught;
      render();
      demoStart.focus();
    }
  });
  byTestId('key-dashboard-link').addEventListener('click', () => {
    app.ipc.openEnrowDashboard().catch((caught) => {
      failure = caught;
      render();
    });
  });

  function render() {
    setText(toggle, t(revealed ? 'key.hide' : 'key.show'));
    // aria-disabled rather than disabled, so the focused button keeps focus while busy.
    for (const button of [save, retry, sessionOnly, cancel, demoStart]) {
      button.setAttribute('aria-disabled', String(busy || demoBusy));
    }
    input.readOnly = busy;
    form.setAttribute('aria-busy', String(busy));
    setText(status, busy ? t('key.checking') : '');

    const described = failure ? describeError(failure, 'key') : null;
    show(error, Boolean(described));
    if (described) setText(error, t(described.messageKey, { example: EXAMPLE_ID }));
    input.setAttribute('aria-invalid', String(Boolean(described)));
    const kinds = new Set(described?.actions.map((a) => a.kind) ?? []);
    show(retry, kinds.has('retry'));
    show(sessionOnly, kinds.has('session-only'));
    show(cancel, canCancel);

    // Not offered while the demo already runs.
    show(demoOffer, !app.state.demo);
    setText(demoStatus, demoBusy ? t('demo.starting') : '');
    show(demoError, Boolean(demoFailure));
    setText(demoError, demoFailure ? t(describeError(demoFailure).messageKey) : '');
  }

  return {
    open(options) {
      canCancel = Boolean(options?.canCancel);
      busy = false;
      failure = options?.keychainError ?? null;
      failureFromKeychain = Boolean(failure);
      demoFailure = null;
      input.value = '';
      setRevealed(false);
      render();
      input.focus();
    },
    render,
  };
}
