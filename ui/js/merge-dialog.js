// "Add to my spreadsheet": pick the file the batch was made from (the system's dialog, in
// Rust), look at the preview, then save a copy with the numbers.

import { t } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { describeError } from './errors.js';
import { exportLabels } from './export-labels.js';
import { fileName } from './format.js';
import { modalDialog, revealWrittenFile } from './modal.js';
import { mergeSummary } from './merge-summary.js';

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
      queueMicrotask(() => (save.disabled ? choose : save).focus());
    });
  }

  function switchSheet(sheet) {
    if (!preview) return;
    const path = preview.path;
    step('reading', () => app.ipc.previewMerge({ id: batchId, path, sheet, labels: exportLabels(t) }), (answer) => {
      preview = answer;
      saved = null;
    });
  }

  function saveCopy() {
    if (!preview || save.disabled) return;
    const { path, sheet } = preview;
    step('saving', () => app.ipc.saveMerge({ id: batchId, path, sheet, labels: exportLabels(t) }), (answer) => {
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
    save.disabled = busy !== null || !said.canSave;
    const rows = Array.isArray(preview.sample) ? preview.sample : [];
    sampleBody.replaceChildren(...rows.map((row) => el('tr', { testid: 'merge-sample-row' }, [
      el('td', { text: row.row ?? '' }),
      el('td', { text: row.person ?? '' }),
      el('td', { className: 'merge-phone', text: row.phone ?? '' }),
      el('td', { text: row.kind ?? '' }),
      // A row without a result was not matched: its cells in the copy stay empty.
      el('td', { className: row.result ? '' : 'merge-not-matched', text: row.result || t('merge.notMatched') }),
    ])));
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

    const described = failure ? describeError(failure, 'merge') : null;
    show(errorBox, Boolean(described));
    if (described) {
      errorBox.dataset.code = failure.code;
      setText(errorText, t(described.messageKey));
      const first = described.actions[0];
      show(errorAction, Boolean(first));
      setText(errorAction, first ? t(first.labelKey) : '');
      errorAction.dataset.kind = first?.kind ?? '';
    }
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
