// The export dialog: format and rows, then Rust shows the save dialog and writes the file.

import { t } from './locale.js';
import { byTestId, setText, show } from './dom.js';
import { describeError } from './errors.js';
import { exportLabels, exportFormat } from './export-labels.js';
import { fileName } from './format.js';
import { modalDialog, revealWrittenFile } from './modal.js';

export function createExportDialog(app) {
  const $ = (id) => document.getElementById(id);
  const dialog = byTestId('export-dialog');
  const form = $('export-form');
  const status = $('export-status');
  const result = byTestId('export-result');
  const resultText = $('export-result-text');
  const reveal = byTestId('export-reveal');
  const errorBox = byTestId('export-error');
  const errorText = $('export-error-text');
  const errorAction = $('export-error-action');
  const confirm = byTestId('export-confirm');
  const choices = [...form.querySelectorAll('input[type="radio"]')];

  let batchId = null;
  let busy = false;
  let saved = null;
  let failure = null;

  async function run() {
    if (busy || !batchId) return;
    busy = true;
    saved = null;
    failure = null;
    render();
    const { format, delimiter, preset } = exportFormat(form.elements.format.value);
    const foundOnly = form.elements.rows.value === 'found';
    const mobilesOnly = form.elements.rows.value === 'mobiles';
    try {
      // The file is written in the language the page shows now.
      const written = await app.ipc.exportBatch({
        id: batchId, format, delimiter, foundOnly, mobilesOnly, preset, labels: exportLabels(t),
      });
      busy = false;
      if (written === null || written === undefined) {
        // The person cancelled the save dialog: nothing to say.
        render();
        dialog.close();
        return;
      }
      saved = { ...written, cards: format === 'vcf' };
      render();
      reveal.focus();
    } catch (error) {
      busy = false;
      failure = error;
      render();
      (errorAction.hidden ? confirm : errorAction).focus();
    }
  }

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    run();
  });
  errorAction.addEventListener('click', () => run());
  // Escape closes, except while the file is being written.
  const modal = modalDialog(dialog, { closeButton: $('export-close'), isBusy: () => busy });
  revealWrittenFile(app, reveal, {
    written: () => saved,
    failed: (error) => {
      failure = error;
      render();
    },
  });

  function render() {
    for (const choice of choices) choice.disabled = busy;
    confirm.setAttribute('aria-disabled', String(busy));
    form.setAttribute('aria-busy', String(busy));
    setText(status, busy ? t('export.busy') : '');

    show(result, Boolean(saved));
    if (saved) {
      const said = saved.cards ? 'export.savedCards' : 'export.saved';
      setText(resultText, t(said, { count: Number(saved.rows ?? 0), file: fileName(saved.path) }));
      resultText.title = String(saved.path ?? '');
    }

    const described = failure ? describeError(failure, 'export') : null;
    show(errorBox, Boolean(described));
    if (described) {
      errorBox.dataset.code = failure.code;
      setText(errorText, t(described.messageKey));
      const first = described.actions.find((a) => a.kind === 'choose-folder');
      show(errorAction, Boolean(first));
      setText(errorAction, first ? t(first.labelKey) : '');
    }
  }

  return {
    open(id) {
      batchId = id;
      busy = false;
      saved = null;
      failure = null;
      render();
      modal.show();
      form.querySelector('input[name="format"]:checked')?.focus();
    },
    render,
  };
}
