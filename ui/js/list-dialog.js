// "Find numbers for a list…": pick the person's own list (the system's dialog, in Rust), read
// what will be searched and what it may cost, confirm, follow each part as it is sent, and once
// every part is finished, save a copy of the list with the numbers. Lists sent before stay
// listed with their parts, so a part refused, never sent or of unknown fate is always in view.

import { t, fmt } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { exportLabels } from './export-labels.js';
import { fileName } from './format.js';
import { modalDialog, renderErrorBox, revealWrittenFile } from './modal.js';
import { renderColumnPickers } from './column-pickers.js';
import { chooseColumn } from './merge-summary.js';
import { listChecks, listCost, listReady, partName, partText, sendingText, sentBeforeText } from './list-summary.js';

const HOW_KEYS = {
  link: 'list.how.link',
  names: 'list.how.names',
  duplicate: 'list.how.duplicate',
  tooLittle: 'list.how.tooLittle',
  notAProfile: 'list.how.notAProfile',
};

export function createListDialog(app) {
  const { state } = app;
  const $ = (id) => document.getElementById(id);
  const dialog = byTestId('list-dialog');
  const choose = byTestId('list-choose');
  const status = byTestId('list-status');
  const previewBox = byTestId('list-preview');
  const sheetField = $('list-sheet-field');
  const sheetSelect = byTestId('list-sheet');
  const columnsList = $('list-columns-list');
  const checks = byTestId('list-checks');
  const sampleBody = $('list-sample-body');
  const costText = byTestId('list-cost');
  const shortText = byTestId('list-short');
  const amountBox = byTestId('list-amount');
  const sendAll = byTestId('list-send-all');
  const sendFirst = byTestId('list-send-first');
  const sendFirstLabel = $('list-send-first-label');
  const sentBefore = byTestId('list-sent-before');
  const sentBeforeParagraph = $('list-sent-before-text');
  const anyway = byTestId('list-send-anyway');
  const progress = byTestId('list-progress');
  const errorBox = byTestId('list-error');
  const errorText = $('list-error-text');
  const errorAction = $('list-error-action');
  const result = byTestId('list-result');
  const resultText = $('list-result-text');
  const reveal = byTestId('list-reveal');
  const none = $('list-none');
  const listsBox = byTestId('list-lists');
  const send = byTestId('list-send');

  let busy = null; // 'reading' | 'sending' | 'saving'
  let preview = null;
  let columns = null;
  let focusRole = null;
  let amount = 'all';
  let failure = null;
  let failedStep = null;
  let retry = null;
  let event = null;
  let eventParts = 1;
  let justSent = false;
  let saved = null;
  // The list whose copy the last save was for, so "choose the file" asks for that list's file.
  let savingId = null;
  // The part whose "send again" warning is open: `${listId}:${part}`.
  let confirmingAgain = null;

  /** Runs one step; a cancelled system dialog (null) keeps what was shown. */
  async function step(kind, work, done) {
    if (busy) return;
    busy = kind;
    failure = null;
    failedStep = null;
    retry = () => step(kind, work, done);
    render();
    try {
      const answer = await work();
      busy = null;
      if (answer !== null && answer !== undefined) done(answer);
    } catch (error) {
      busy = null;
      failure = error;
      failedStep = kind;
    }
    event = null;
    render();
    if (failure) (errorAction.hidden ? choose : errorAction).focus();
  }

  async function refreshLists() {
    try {
      app.setLists(await app.ipc.getLists());
    } catch {
      // The lists stay as last read; the person can close and open the dialog again.
    }
    render();
  }

  function upsertList(view) {
    const lists = Array.isArray(state.lists) ? state.lists.filter((list) => list.id !== view.id) : [];
    app.setLists([...lists, view]);
  }

  function pick() {
    step('reading', () => app.ipc.pickListSheet(), (answer) => {
      showPreview(answer);
      columns = null;
      queueMicrotask(() => (send.disabled ? choose : send).focus());
    });
  }

  function showPreview(answer) {
    preview = answer;
    amount = 'all';
    anyway.checked = false;
    saved = null;
    justSent = false;
  }

  function switchSheet(sheet) {
    if (!preview) return;
    const { path } = preview;
    step('reading', () => app.ipc.previewList({ path, sheet }), (answer) => {
      showPreview(answer);
      columns = null;
    });
  }

  function switchColumn(role, value) {
    if (!preview) return;
    const { path, sheet } = preview;
    const chosen = chooseColumn(columns, role, value);
    focusRole = role;
    step('reading', () => app.ipc.previewList({ path, sheet, columns: chosen }), (answer) => {
      showPreview(answer);
      columns = chosen;
    });
  }

  function onSendEvent(said) {
    event = said;
    render();
  }

  async function sendList() {
    if (!preview || send.disabled) return;
    const said = listCost(preview, t, amount === 'first' ? preview.cost?.affordable : null);
    const first = amount === 'first' ? said.sending : null;
    const listsBefore = Array.isArray(state.lists) ? state.lists.length : 0;
    eventParts = Number(preview.parts ?? 1);
    await step('sending', () => app.ipc.sendList({ token: preview.token, first, again: anyway.checked }, onSendEvent), (view) => {
      upsertList(view);
      preview = null;
      justSent = true;
      app.listSent(view);
    });
    if (failure) {
      // Whatever was sent is on disk: the list now shows with its parts, and the preview's
      // reading of the file was used up.
      await refreshLists();
      if ((state.lists?.length ?? 0) > listsBefore) preview = null;
      render();
    }
  }

  function sendPart(id, part) {
    confirmingAgain = null;
    const list = (state.lists ?? []).find((item) => item.id === id);
    eventParts = list?.parts?.length ?? 1;
    step('sending', () => app.ipc.sendListPartAgain({ id, part }, onSendEvent), (view) => {
      upsertList(view);
      justSent = true;
    }).then(() => (failure ? refreshLists() : undefined));
  }

  function addNumbers(id, chooseFile = false) {
    savingId = id;
    step('saving', () => app.ipc.saveListCopy({ id, choose: chooseFile, labels: exportLabels(t) }), (answer) => {
      saved = answer;
      queueMicrotask(() => reveal.focus());
    });
  }

  choose.addEventListener('click', pick);
  send.addEventListener('click', sendList);
  sheetSelect.addEventListener('change', () => switchSheet(sheetSelect.value));
  sendAll.addEventListener('change', () => { amount = 'all'; render(); });
  sendFirst.addEventListener('change', () => { amount = 'first'; render(); });
  anyway.addEventListener('change', render);
  errorAction.addEventListener('click', () => {
    const kind = errorAction.dataset.kind;
    if (kind === 'choose-sheet') {
      if (failedStep === 'saving' && savingId) addNumbers(savingId, true);
      else pick();
    } else if (kind === 'choose-folder' && savingId) addNumbers(savingId);
    else if (kind === 'retry') retry?.();
    else if (kind === 'dashboard') app.ipc.openEnrowDashboard().catch(() => {});
    else {
      dialog.close();
      app.runAction(kind);
    }
  });
  const modal = modalDialog(dialog, { closeButton: $('list-close'), isBusy: () => busy !== null });
  // The main screen's note about lists shows only while this dialog is closed.
  dialog.addEventListener('close', () => app.render());
  revealWrittenFile(app, reveal, {
    written: () => saved,
    failed: (error) => {
      failure = error;
      render();
    },
  });

  // What was last drawn, so a render with nothing new (a history event while the person picks
  // a column or tabs through the parts) leaves the controls, and the focus, where they are.
  let drawnPreview = null;
  let drawnLists = null;

  function renderPreview() {
    show(previewBox, Boolean(preview));
    if (!preview) return;
    const signature = [preview, busy, document.documentElement.lang];
    if (drawnPreview && signature.every((part, i) => part === drawnPreview[i])) {
      renderCost();
      return;
    }
    drawnPreview = signature;
    setText($('list-file'), t('list.file', { file: String(preview.fileName ?? '') }));
    const sheets = Array.isArray(preview.sheets) ? preview.sheets : [];
    show(sheetField, sheets.length > 1);
    sheetSelect.replaceChildren(...sheets.map((name) => {
      const option = el('option', { text: name, attrs: { value: name } });
      option.selected = name === preview.sheet;
      return option;
    }));
    renderColumns();
    checks.replaceChildren(...listChecks(preview, t).map((line) => el('li', { text: line })));
    const rows = Array.isArray(preview.sample) ? preview.sample : [];
    sampleBody.replaceChildren(...rows.map((row) => el('tr', { testid: 'list-sample-row', dataset: { how: String(row.how ?? '') } }, [
      el('td', { text: row.row ?? '' }),
      el('td', { text: row.person ?? '' }),
      el('td', { className: row.how === 'tooLittle' || row.how === 'notAProfile' ? 'merge-not-matched' : '', text: t(HOW_KEYS[row.how] ?? 'list.how.names') }),
    ])));
    renderCost();
  }

  function renderCost() {
    const offer = listCost(preview, t, null);
    setText(costText, `${offer.cost} ${offer.balance}`);
    show(shortText, Boolean(offer.short));
    setText(shortText, offer.short ?? '');
    show(amountBox, offer.affordable !== null);
    if (offer.affordable === null) amount = 'all';
    setText(sendFirstLabel, offer.affordable === null ? '' : t('list.sendFirst', { count: offer.affordable }));
    sendAll.checked = amount === 'all';
    sendFirst.checked = amount === 'first';

    const before = sentBeforeText(preview, t, fmt.dateTime);
    show(sentBefore, Boolean(before));
    setText(sentBeforeParagraph, before ?? '');
  }

  function renderColumns() {
    renderColumnPickers(columnsList, {
      choices: Array.isArray(preview.choices) ? preview.choices : [],
      offered: Array.isArray(preview.columns) ? preview.columns : [],
      prefix: 'list-column',
      disabled: busy !== null,
      onChange: switchColumn,
      focusRole,
    });
    if (busy === null) focusRole = null;
  }

  /** A batch's status as the history last heard it (live), else as the list was read. */
  const statusOf = (part) => app.entry(part.batchId)?.status || part.status || null;

  function renderLists() {
    const lists = Array.isArray(state.lists) ? [...state.lists].reverse() : [];
    const signature = JSON.stringify([
      lists, lists.map((list) => (list.parts ?? []).map(statusOf)), busy, confirmingAgain,
      document.documentElement.lang,
    ]);
    if (signature === drawnLists) return;
    drawnLists = signature;
    show(none, lists.length === 0);
    listsBox.replaceChildren(...lists.map((list) => {
      const parts = Array.isArray(list.parts) ? list.parts : [];
      const ready = listReady(list, statusOf);
      const item = el('li', { className: 'list-item', testid: 'list-item', dataset: { id: String(list.id), ready: String(ready) } }, [
        el('p', { className: 'list-item-title', text: `${list.fileName ?? ''} — ${list.sheet ?? ''}` }),
        el('p', { className: 'hint', text: t('list.sentOn', { date: fmt.dateTime(Number(list.createdAt ?? 0)) }) }),
        el('ul', { className: 'list-parts' }, parts.map((part) => renderPart(list, { ...part, status: statusOf(part) }))),
      ]);
      if (ready) {
        item.append(el('div', { className: 'actions' }, [el('button', {
          type: 'button',
          className: 'button-primary',
          testid: 'list-add-numbers',
          text: t('list.addNumbers', { file: String(list.fileName ?? '') }),
          on: { click: () => addNumbers(list.id) },
        })]));
        item.lastChild.firstChild.disabled = busy !== null;
      } else if (list.allSent) {
        item.append(el('p', { className: 'hint', text: t('list.notReady') }));
      }
      return item;
    }));
  }

  function renderPart(list, part) {
    const said = partText(part, t);
    const key = `${list.id}:${part.index}`;
    const row = el('li', { className: 'list-part', testid: 'list-part', dataset: { state: String(part.state ?? ''), status: String(part.status ?? '') } }, [
      el('span', { className: 'list-part-name', text: partName(list, part, t) }),
      el('span', { className: 'list-part-state', text: said.text }),
    ]);
    if (part.batchId) row.append(el('code', { className: 'batch-id', text: part.batchId }));
    if (said.action === 'send') {
      const button = el('button', {
        type: 'button', className: 'button-secondary', testid: 'list-part-action',
        text: t('list.sendPart'), on: { click: () => sendPart(list.id, part.index) },
      });
      button.disabled = busy !== null;
      row.append(button);
    } else if (said.action === 'sendAgain') {
      if (confirmingAgain === key) {
        const confirm = el('button', {
          type: 'button', className: 'button-danger-quiet', testid: 'list-again-confirm',
          text: t('list.againConfirm'), on: { click: () => sendPart(list.id, part.index) },
        });
        confirm.disabled = busy !== null;
        row.append(el('div', { className: 'merge-warning list-again stack-tight', attrs: { role: 'alert' } }, [
          el('p', { text: t('list.againWarning') }),
          el('div', { className: 'actions' }, [
            el('button', {
              type: 'button', className: 'button-secondary', text: t('action.openDashboard'),
              on: { click: () => app.ipc.openEnrowDashboard().catch(() => {}) },
            }),
            el('button', {
              type: 'button', className: 'button-quiet', text: t('common.cancel'),
              on: { click: () => { confirmingAgain = null; render(); } },
            }),
            confirm,
          ]),
        ]));
        queueMicrotask(() => confirm.focus());
      } else {
        const button = el('button', {
          type: 'button', className: 'button-secondary', testid: 'list-part-action',
          text: t('list.sendPartAgain'), on: { click: () => { confirmingAgain = key; render(); } },
        });
        button.disabled = busy !== null;
        row.append(button);
      }
    }
    return row;
  }

  function render() {
    choose.disabled = busy !== null;
    sheetSelect.disabled = busy !== null;
    dialog.setAttribute('aria-busy', String(busy !== null));
    setText(status, busy === 'reading' ? t('list.reading') : busy === 'saving' ? t('merge.saving') : '');
    renderPreview();

    const offer = preview ? listCost(preview, t, amount === 'first' ? preview.cost?.affordable : null) : null;
    const blocked = Boolean(preview && sentBeforeText(preview, t, fmt.dateTime) && !anyway.checked);
    show(send, Boolean(preview));
    send.disabled = !preview || busy !== null || blocked;
    setText(send, offer ? offer.confirm : '');

    const sending = busy === 'sending' ? sendingText(event, eventParts, t) : null;
    const line = sending ?? (justSent ? t('list.sent') : null);
    show(progress, Boolean(line));
    setText(progress, line ?? '');

    show(result, Boolean(saved));
    if (saved) {
      setText(resultText, t('merge.saved', { file: fileName(saved.path) }));
      resultText.title = String(saved.path ?? '');
    }

    renderErrorBox({ box: errorBox, text: errorText, action: errorAction }, failure, 'list');
    renderLists();
  }

  return {
    open() {
      failure = null;
      confirmingAgain = null;
      render();
      modal.show();
      app.render();
      (preview && !send.disabled ? send : choose).focus();
      refreshLists();
    },
    isOpen: () => dialog.open,
    render,
  };
}
