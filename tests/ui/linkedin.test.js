import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isLinkedInUrl, linkedinProfile } from '../../ui/js/linkedin.js';

// The same cases as Rust's check (src-tauri/desk/src/links.rs), so both agree.
const cases = JSON.parse(readFileSync(new URL('../fixtures/linkedin-links.json', import.meta.url), 'utf8'));

test('accepts LinkedIn profile and company pages, and opens exactly what Rust opens', () => {
  assert.ok(cases.allowed.length >= 8);
  for (const { link, opened } of cases.allowed) {
    assert.equal(linkedinProfile(link), opened, link);
    assert.equal(isLinkedInUrl(link), true, link);
  }
});

test('refuses anything else, as Rust does', () => {
  assert.ok(cases.refused.length >= 15);
  for (const link of cases.refused) assert.equal(isLinkedInUrl(link), false, link);
  for (const value of [null, undefined, 42, {}]) assert.equal(isLinkedInUrl(value), false, String(value));
});
