import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { CRM_PRESETS, exportFormat } from '../../ui/js/export-labels.js';

const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');

test('each choice of the dialog becomes the format, separator and CRM layout Rust expects', () => {
  assert.deepEqual(exportFormat('xlsx'), { format: 'xlsx', delimiter: 'comma', preset: null });
  assert.deepEqual(exportFormat('csv-semicolon'), { format: 'csv', delimiter: 'semicolon', preset: null });
  assert.deepEqual(exportFormat('vcf'), { format: 'vcf', delimiter: 'comma', preset: null });
  assert.deepEqual(exportFormat('crm-hubspot'), { format: 'csv', delimiter: 'comma', preset: 'hubspot' });
  // An unknown layout is not passed on as one.
  assert.deepEqual(exportFormat('crm-zoho'), { format: 'xlsx', delimiter: 'comma', preset: null });
  assert.deepEqual(exportFormat(undefined), { format: 'xlsx', delimiter: 'comma', preset: null });
});

test('the dialog offers every CRM layout the engine writes, and no other', () => {
  const offered = [...read('ui/index.html').matchAll(/value="crm-(\w+)"/g)].map((m) => m[1]);
  assert.deepEqual(offered, CRM_PRESETS);
  const engine = [...read('src-tauri/enrow/src/export/crm.rs').matchAll(/Self::\w+ => "(\w+)",/g)]
    .map((m) => m[1]);
  assert.deepEqual(engine, CRM_PRESETS);
});
