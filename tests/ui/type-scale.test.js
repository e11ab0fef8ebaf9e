// The page's type scale stays small. Every size, weight and family the page draws text in is a
// font the web view must find and load the first time it is drawn: on Linux a fontconfig search
// of 15 to 20 ms each (measured by scripts/measure-app). Ten new ones on the first batch shown
// made it 190 ms slower, so sizes and weights come from styles.css's few custom properties.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';

const css = readFileSync(new URL('../../ui/styles.css', import.meta.url), 'utf8').replace(/\/\*[\s\S]*?\*\//g, '');

/** Every `property: value` in the sheet, with the line it is on. */
function declarations(property) {
  const found = [];
  const pattern = new RegExp(`(?:^|[;{\\s])${property}\\s*:\\s*([^;}]+)`, 'g');
  for (const match of css.matchAll(pattern)) {
    const line = css.slice(0, match.index).split('\n').length;
    found.push({ value: match[1].trim(), line });
  }
  return found;
}

/** The custom properties defined in :root, by name. */
function rootVariables() {
  const root = css.match(/:root\s*{([^}]*)}/);
  assert.ok(root, ':root block');
  return Object.fromEntries([...root[1].matchAll(/(--[\w-]+)\s*:\s*([^;]+);/g)].map((m) => [m[1], m[2].trim()]));
}

test('the scale has four text sizes, one bold weight and one monospace family', () => {
  const vars = rootVariables();
  // Steps are named --text-s, -m, -l, -xl (an -xs or -xxl would be a step too).
  const sizes = Object.keys(vars).filter((name) => /^--text-x*[sml]$/.test(name));
  assert.deepEqual(sizes.sort(), ['--text-l', '--text-m', '--text-s', '--text-xl']);
  assert.equal(vars['--bold'], '600');
  assert.match(vars['--mono'], /monospace$/);
});

test('every font size outside :root is a step of the scale', () => {
  const sizes = declarations('font-size').filter(({ value }) => value !== '15px');
  assert.ok(sizes.length > 10, 'the sheet sets sizes');
  for (const { value, line } of sizes) {
    assert.match(value, /^var\(--text-(s|m|l|xl)\)$/, `styles.css line ${line}: font-size: ${value}`);
  }
  // The one literal size is the root's, which the rem steps are counted from.
  assert.equal(declarations('font-size').filter(({ value }) => value === '15px').length, 1);
});

test('text is either normal or the one bold weight', () => {
  const weights = declarations('font-weight');
  assert.ok(weights.length > 10, 'the sheet sets weights');
  for (const { value, line } of weights) {
    assert.match(value, /^(normal|var\(--bold\))$/, `styles.css line ${line}: font-weight: ${value}`);
  }
  // Headings, <strong> and table headers are bold by default (700): the sheet brings them to 600.
  assert.match(css, /strong, b, th \{ font-weight: var\(--bold\); \}/);
  for (const heading of ['h1', 'h2', 'h3']) {
    assert.match(css, new RegExp(`${heading} \\{[^}]*font-weight: var\\(--bold\\)`), heading);
  }
});

test('the families are the system\'s own, or the generic ones, and the scale\'s monospace', () => {
  const families = declarations('font-family').map(({ value }) => value);
  // Windows and macOS: the system's own font by name; Linux: fontconfig's (see platform.js).
  assert.deepEqual(families.filter((value) => value !== 'var(--mono)'), ['system-ui, -apple-system, "Segoe UI", sans-serif', 'sans-serif']);
  assert.match(css, /:root\[data-fonts="generic"\] \{\s*--mono: monospace;\s*font-family: sans-serif;\s*\}/);
  // A shorthand `font:` would slip a size or weight past the checks above.
  for (const { value, line } of declarations('font')) {
    assert.equal(value, 'inherit', `styles.css line ${line}: font: ${value}`);
  }
});
