// Static checks of the page against the app's Content-Security-Policy and the test hooks.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';

const ui = new URL('../../ui/', import.meta.url);
const html = readFileSync(new URL('index.html', ui), 'utf8');
const jsDir = new URL('js/', ui);
const modules = Object.fromEntries(
  readdirSync(jsDir).filter((f) => f.endsWith('.js')).map((f) => [f, readFileSync(new URL(f, jsDir), 'utf8')]),
);
const everything = html + Object.values(modules).join('\n');

test('index.html has no inline script, style or event handler', () => {
  const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
  assert.equal(scripts.length, 1);
  assert.match(scripts[0][1], /type="module"/);
  assert.match(scripts[0][1], /src="js\/main\.js"/);
  assert.equal(scripts[0][2].trim(), '');
  assert.doesNotMatch(html, /<style\b/i);
  assert.doesNotMatch(html, /\sstyle=/i);
  assert.doesNotMatch(html, /\son[a-z]+=/i);
});

test('modules never write HTML or style attributes', () => {
  for (const [file, source] of Object.entries(modules)) {
    assert.doesNotMatch(source, /innerHTML|outerHTML|insertAdjacentHTML|document\.write/, file);
    assert.doesNotMatch(source, /setAttribute\(\s*['"]style['"]/, file);
    assert.doesNotMatch(source, /\beval\(|new Function\(/, file);
  }
});

test('only ipc.js touches window.__TAURI__', () => {
  for (const [file, source] of Object.entries(modules)) {
    if (file !== 'ipc.js') assert.doesNotMatch(source, /__TAURI__/, file);
  }
});

test('pure modules do not touch the DOM', () => {
  for (const file of ['i18n.js', 'format.js', 'grid-model.js', 'errors.js', 'linkedin.js', 'batch-state.js', 'history-state.js', 'export-labels.js', 'locale.js', 'platform.js']) {
    const code = modules[file].replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
    assert.doesNotMatch(code, /\bdocument\b|\bwindow\b|\bnavigator\b/, file);
  }
});

test('every test hook the end-to-end tests use exists', () => {
  const ids = `key-screen key-input key-save key-error key-session-only key-dashboard-link main-screen
    balance settings-open paste-input fetch-button paste-error batch-view status-badge progress-bar
    progress-text next-check found-text hit-rate credits-charged credits-refunded credits-net
    custom-data stop-button check-now-button retry-notice error-banner error-action grid grid-row
    grid-count filter-all filter-found filter-not-found search-input copy-rows copy-phone
    open-linkedin export-open export-dialog export-format-xlsx export-format-csv-comma
    export-format-csv-semicolon export-format-json export-found-only export-confirm export-result
    export-reveal export-error settings-dialog language-select key-hint key-replace key-remove
    key-remove-confirm settings-close
    history-list history-item history-empty history-label batch-label batch-rename batch-label-input
    batch-forget batch-forget-confirm offline-note clear-data clear-data-confirm demo-start
    demo-banner demo-leave demo-tag watch-ended`.split(/\s+/);
  for (const id of ids) {
    const inHtml = html.includes(`data-testid="${id}"`);
    const inJs = Object.values(modules).some((s) => s.includes(`testid: '${id}'`));
    assert.ok(inHtml || inJs, `missing data-testid ${id}`);
  }
  assert.match(modules['grid.js'], /testid: `grid-header-\$\{key\}`/);
  assert.match(everything, /dataset\.status\s*=/);
  assert.match(everything, /dataset\.code\s*=/);
  assert.match(everything, /dataset\.index\s*=/);
});

test('history items carry their id, raw status and whether they are watched', () => {
  const view = modules['history-view.js'];
  assert.match(view, /testid: 'history-item'/);
  assert.match(view, /dataset: \{ id \}/);
  assert.match(view, /dataset\.status = entry\.status/);
  assert.match(view, /dataset\.watching = String\(/);
  assert.match(view, /testid: 'history-label'/);
  assert.match(view, /testid: 'demo-tag'/);
  // The status badge says whether the app is still checking.
  assert.match(modules['batch-view.js'], /badge\.dataset\.watching = String\(/);
  // The batch header has its own demo tag, the grid scrolls itself.
  assert.match(html, /<span data-testid="demo-tag"[^>]*hidden/);
  assert.match(html, /data-testid="grid"[^>]*class="grid"/);
});

test('the main screen fills the window and only the grid scrolls with results', () => {
  const css = readFileSync(new URL('styles.css', ui), 'utf8');
  assert.match(css, /\.main-screen \{[^}]*height: 100vh[^}]*overflow: hidden/);
  assert.match(css, /\.results > \.grid \{[^}]*flex: 1 0 auto[^}]*min-height: 280px/);
  assert.match(css, /\.grid \{[^}]*overflow: auto/);
  assert.doesNotMatch(css, /\.grid \{[^}]*\bheight: min\(/);
});

test('each static test hook is used once', () => {
  const ids = [...html.matchAll(/data-testid="([^"]+)"/g)].map((m) => m[1]);
  assert.deepEqual(ids, [...new Set(ids)]);
});

test('every label points at a control that exists', () => {
  for (const [, id] of html.matchAll(/<label[^>]*\sfor="([^"]+)"/g)) {
    assert.match(html, new RegExp(`\\sid="${id}"`), `label for ${id}`);
  }
});

test('no visible text is written straight into index.html', () => {
  // Elements carry data-i18n keys; text between tags would skip the string table.
  const body = html.split('<body>')[1].replace(/<!--[\s\S]*?-->/g, '');
  const texts = [...body.matchAll(/>([^<]+)</g)].map((m) => m[1].trim()).filter(Boolean);
  assert.deepEqual(texts, []);
});
