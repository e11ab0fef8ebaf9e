import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chooseColumn, mergeReasons, mergeSummary, ROLE_KEYS } from '../../ui/js/merge-summary.js';
import { describeError, MERGE_CODES } from '../../ui/js/errors.js';
import { strings } from '../../ui/js/strings.js';
import { translate } from '../../ui/js/i18n.js';

const t = (key, params) => translate(strings, 'en', key, params);
const nl = (key, params) => translate(strings, 'nl', key, params);

const preview = {
  fileName: 'Leads.xlsx', rows: 3000, matched: 2986, withNumber: 1812,
  unmatchedRows: Array.from({ length: 14 }, (_, i) => 12 + i), unmatchedText: '12–25', orphans: 3,
  extension: 'xlsx',
};

test('the preview says how many matched, which rows did not, and what belongs nowhere', () => {
  const said = mergeSummary(preview, t);
  assert.equal(said.summary, '2,986 of 3,000 rows matched, 1,812 with a number.');
  assert.equal(said.unmatched, '14 rows could not be matched and stay empty: rows 12–25.');
  assert.equal(said.orphans, '3 results belong to no row of this sheet (removed or edited since).');
  assert.equal(said.allMatched, false);
  assert.equal(said.converted, false);
  assert.equal(said.canSave, true);
  assert.equal(mergeSummary(preview, nl).summary, '2.986 van 3.000 rijen gekoppeld, 1.812 met een nummer.');
});

test('one row, all matched, a converted .ods, and nothing matched', () => {
  const one = mergeSummary({ ...preview, unmatchedRows: [7], unmatchedText: '7', orphans: 1 }, t);
  assert.equal(one.unmatched, '1 row could not be matched and stays empty: row 7.');
  assert.equal(one.orphans, '1 result belongs to no row of this sheet (removed or edited since).');
  const all = mergeSummary({ ...preview, unmatchedRows: [], orphans: 0, fileName: 'Leads.ods' }, t);
  assert.deepEqual([all.unmatched, all.orphans, all.allMatched, all.converted], [null, null, true, true]);
  const none = mergeSummary({ ...preview, matched: 0 }, t);
  assert.equal(none.canSave, false);
  assert.match(none.summary, /^No row of this sheet matches/);
});

test('a file that cannot be used offers another; one held by Excel offers to try again first', () => {
  for (const code of MERGE_CODES) {
    const described = describeError({ code }, 'merge');
    assert.equal(described.messageKey, `error.${code}`);
    assert.ok(described.actions.length > 0, code);
  }
  assert.deepEqual(describeError({ code: 'not_a_spreadsheet' }, 'merge').actions.map((a) => a.kind), ['choose-sheet']);
  assert.deepEqual(describeError({ code: 'sheet_in_use' }, 'merge').actions.map((a) => a.kind), ['retry', 'choose-sheet']);
  assert.deepEqual(describeError({ code: 'same_file' }, 'merge').actions.map((a) => a.kind), ['choose-folder']);
});

test('each reason rows stay empty is said in words, and a searched field without a column is named', () => {
  const why = mergeReasons({
    reasons: [
      { reason: 'ambiguous', name: 'John Smith', rows: [4, 9], text: '4, 9' },
      { reason: 'noColumn', field: 'company', rows: [2, 3, 5], text: '2–3, 5' },
      { reason: 'noPerson', rows: [7], text: '7' },
      { reason: 'notInBatch', rows: [11, 12], text: '11–12' },
    ],
    missing: ['company', 'domain'],
  }, t);
  assert.deepEqual(why.lines, [
    'Rows 4, 9 could each be John Smith: nothing in the sheet tells them apart, so they stay empty.',
    '3 rows stay empty because no column holds the company: rows 2–3, 5.',
    '1 row names nobody (no name, no LinkedIn link): row 7.',
    '2 rows are not in this batch, or were changed since: rows 11–12.',
  ]);
  assert.match(why.missing, /searched with a company, company website, but no column/);
  assert.match(mergeReasons({ reasons: [], missing: ['company'] }, nl).missing, /met bedrijf/);
  assert.deepEqual(mergeReasons({}, t), { lines: [], missing: null });
});

test('a column chosen for a role adds to the earlier choices; none is null', () => {
  assert.deepEqual(chooseColumn(null, 'company', '2'), { company: 2 });
  assert.deepEqual(chooseColumn({ company: 2 }, 'last', ''), { company: 2, last: null });
  assert.deepEqual(chooseColumn({ company: 2 }, 'company', 'x'), { company: null });
  assert.ok(Object.keys(ROLE_KEYS).every((role) => translate(strings, 'fr', ROLE_KEYS[role]) !== ROLE_KEYS[role]));
});
