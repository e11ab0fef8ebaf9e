// "Add to my spreadsheet": pick the file the batch was made from (the system's dialog, in
// Rust), look at the preview, then save a copy with the numbers.

import { t } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { exportLabels } from './export-labels.js';
import { fileName } from './format.js';
import { modalDialog, renderErrorBox, revealWrittenFile } from './modal.js';
import { renderColumnPickers } from './column-pickers.js';
import { chooseColumn, mergeReasons, mergeSummary } from './merge-summary.js';

export function createMergeDialog(app) {
  const $ = (id) => document.getElementById(id);
  const dialog = byTestId('merge-dialog');
  const choose = byTestId('merge-choose');
  const status = byTestId('merge-status');
  const previewBox = byTestId('merge-preview');
  const sheetField = $('merge-sheet-field');
  const sheetSelect = byTestId('merge-sheet');
  const summary = byTestId('merge-summary');
  const unmatched = byTestId('merge-unmatched');
  const orphans = byTestId('merge-orphans');
  const converted = $('merge-converted');
  const reasonsList = byTestId('merge-reasons');
  const missingNote = byTestId('merge-missing');
  const columnsBox = byTestId('merge-columns');
  const columnsList = $('merge-columns-list');
  const sampleBody = $('merge-sample-body');
  const save = byTestId('merge-save');
  const result = byTestId('merge-result');
  const resultText = $('merge-result-text');
  const reveal = byTestId('merge-reveal');
  const errorBox = byTestId('merge-error');
  const errorText = $('merge-error-text');
  const errorAction = $('merge-error-action');

  let batchId = null;
  let busy = null; // 'reading' | 'saving'
  let preview = null;
  let saved = null;
  let failure = null;
  let retry = null;
  // The columns the person chose for the file shown, by role (`null`: none); `null` until
  // they choose, so the headers decide.
  let columns = null;
  // The role whose column was just chosen, to give its picker the focus back once the new
  // preview is drawn.
  let focusRole = null;

  /** Runs one step, keeping what was shown when the person cancels a dialog. */
  async function step(kind, work, done) {
    if (busy || !batchId) return;
    busy = kind;
    failure = null;
    retry = () => step(kind, work, done);
    render();
    try {
      const answer = await work();
      busy = null;
      if (answer !== null && answer !== undefined) done(answer);
    } catch (error) {
      busy = null;
      failure = error;
    }
    render();
    if (failure) (errorAction.hidden ? choose : errorAction).focus();
  }

  function pick() {
    step('reading', () => app.ipc.pickMergeSheet({ id: batchId, labels: exportLabels(t) }), (answer) => {
      preview = answer;
      saved = null;
      columns = null;
      queueMicrotask(() => (save.disabled ? choose : save).focus());
    });
  }

  function switchSheet(sheet) {
    if (!preview) return;
    const path = preview.path;
    columns = null;
    step('reading', () => app.ipc.previewMerge({ id: batchId, path, sheet, labels: exportLabels(t) }), (answer) => {
      preview = answer;
      saved = null;
    });
  }

  /** The person says which column holds `role` (`value`: a column's index, or '' for none). */
  function switchColumn(role, value) {
    if (!preview) return;
    const { path, sheet } = preview;
    const chosen = chooseColumn(columns, role, value);
    focusRole = role;
    step('reading', () => app.ipc.previewMerge({ id: batchId, path, sheet, columns: chosen, labels: exportLabels(t) }), (answer) => {
      preview = answer;
      columns = chosen;
      saved = null;
    });
  }

  function saveCopy() {
    if (!preview || save.disabled) return;
    const { path, sheet } = preview;
    step('saving', () => app.ipc.saveMerge({ id: batchId, path, sheet, columns, labels: exportLabels(t) }), (answer) => {
      saved = answer;
      queueMicrotask(() => reveal.focus());
    });
  }

  choose.addEventListener('click', pick);
  save.addEventListener('click', saveCopy);
  sheetSelect.addEventListener('change', () => switchSheet(sheetSelect.value));
  errorAction.addEventListener('click', () => {
    const kind = errorAction.dataset.kind;
    if (kind === 'choose-sheet') pick();
    else if (kind === 'choose-folder') saveCopy();
    else retry?.();
  });
  // Escape closes, except while the copy is being written.
  const modal = modalDialog(dialog, { closeButton: $('merge-close'), isBusy: () => busy === 'saving' });
  revealWrittenFile(app, reveal, {
    written: () => saved,
    failed: (error) => {
      failure = error;
      render();
    },
  });

  function renderPreview() {
    show(previewBox, Boolean(preview));
    if (!preview) return;
    setText($('merge-file'), t('merge.file', { file: String(preview.fileName ?? '') }));
    const sheets = Array.isArray(preview.sheets) ? preview.sheets : [];
    show(sheetField, sheets.length > 1);
    sheetSelect.replaceChildren(...sheets.map((name) => {
      const option = el('option', { text: name });
      option.value = name;
      option.selected = name === preview.sheet;
      return option;
    }));
    const said = mergeSummary(preview, t);
    setText(summary, said.allMatched ? `${said.summary} ${t('merge.allMatched')}` : said.summary);
    summary.dataset.matched = String(preview.matched ?? 0);
    show(unmatched, Boolean(said.unmatched));
    setText(unmatched, said.unmatched ?? '');
    show(orphans, Boolean(said.orphans));
    setText(orphans, said.orphans ?? '');
    show(converted, said.converted);
    const why = mergeReasons(preview, t);
    show(reasonsList, why.lines.length > 0);
    reasonsList.replaceChildren(...why.lines.map((line) => el('li', { text: line })));
    show(missingNote, Boolean(why.missing));
    setText(missingNote, why.missing ?? '');
    renderColumns();
    save.disabled = busy !== null || !said.canSave;
    const rows = Array.isArray(preview.sample) ? preview.sample : [];
    sampleBody.replaceChildren(...rows.map((row) => el('tr', { testid: 'merge-sample-row' }, [
      el('td', { text: row.row ?? '' }),
      el('td', { text: row.person ?? '' }),
      el('td', { className: 'merge-phone', text: row.phone ?? '' }),
      el('td', { text: row.kind ?? '' }),
      // A row without a result was not matched: it gets no number, and its Result says why.
      el('td', {
        className: row.matched === false ? 'merge-not-matched' : '',
        text: row.result || t('merge.notMatched'),
      }),
    ])));
  }

  /** A picker per role that matters to this batch: its column, or none. */
  function renderColumns() {
    const choices = Array.isArray(preview.choices) ? preview.choices : [];
    const missing = new Set(Array.isArray(preview.missing) ? preview.missing : []);
    show(columnsBox, choices.length > 0);
    renderColumnPickers(columnsList, {
      choices,
      offered: Array.isArray(preview.columns) ? preview.columns : [],
      prefix: 'merge-column',
      disabled: busy !== null,
      onChange: switchColumn,
      flagged: (role) => (role === 'first' && missing.has('firstName'))
        || (role === 'last' && missing.has('lastName'))
        || missing.has(role),
      focusRole,
    });
    if (busy === null) focusRole = null;
  }

  function render() {
    choose.disabled = busy !== null;
    sheetSelect.disabled = busy !== null;
    dialog.setAttribute('aria-busy', String(busy !== null));
    setText(status, busy === 'reading' ? t('merge.reading') : busy === 'saving' ? t('merge.saving') : '');
    renderPreview();
    if (!preview) save.disabled = true;

    show(result, Boolean(saved));
    if (saved) {
      setText(resultText, t('merge.saved', { file: fileName(saved.path) }));
      resultText.title = String(saved.path ?? '');
    }

    renderErrorBox({ box: errorBox, text: errorText, action: errorAction }, failure, 'merge');
  }

  return {
    open(id) {
      if (batchId !== id) {
        preview = null;
        saved = null;
      }
      batchId = id;
      busy = null;
      failure = null;
      render();
      modal.show();
      (preview && !save.disabled ? save : choose).focus();
    },
    render,
  };
}
