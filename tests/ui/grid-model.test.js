import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  columnKey, qualificationKind, foldText, parseQuery, buildSearchIndex, sortOrder, filterOrder,
  visibleWindow, scrollTopToReveal, moveActive, cleanTsvCell, toTsv, displayOrder,
} from '../../ui/js/grid-model.js';

// index, qualification, phone, country, firstname, company
const rows = [
  [0, 'found', '+33612345678', 'FR', 'Éloïse', 'Acme'],
  [1, 'not_found', null, null, 'Bruno', 'Zeta'],
  [2, 'found', '+15705551234', 'US', 'anna', 'acme'],
  [3, 'not_found', null, null, 'Émile', null],
  [4, 'found', '+31201234567', 'NL', 'Zoë', 'Müller GmbH'],
];
const collator = new Intl.Collator('en', { numeric: true, sensitivity: 'base' });

test('column keys match the test hooks', () => {
  assert.equal(columnKey({ id: 'index' }), 'index');
  assert.equal(columnKey({ id: 'custom' }), 'custom');
  assert.equal(columnKey({ id: 'param', name: 'linkedin_url' }), 'param-linkedin_url');
  assert.equal(columnKey({ id: 'param', name: 'job title' }), 'param-job title');
});

test('qualification spellings', () => {
  assert.equal(qualificationKind('found'), 'found');
  assert.equal(qualificationKind('VALID'), 'found');
  assert.equal(qualificationKind('not_found'), 'not_found');
  assert.equal(qualificationKind('Not Found'), 'not_found');
  assert.equal(qualificationKind('invalid'), 'not_found');
  assert.equal(qualificationKind('catch_all'), 'other');
  assert.equal(qualificationKind(null), 'other');
});

test('sorts numbers numerically, both directions', () => {
  const data = [[10], [9], [100], [1]];
  assert.deepEqual(sortOrder(data, 0, 'asc'), [3, 1, 0, 2]);
  assert.deepEqual(sortOrder(data, 0, 'desc'), [2, 0, 1, 3]);
});

test('rows already in order keep it, and rows out of order anywhere are still sorted', () => {
  const compareText = (a, b) => (a < b ? -1 : a > b ? 1 : 0);
  const sorted = [[1], [2], [2], [3], ['x'], ['y'], ['']];
  assert.deepEqual(sortOrder(sorted, 0, 'asc', { compareText }), [0, 1, 2, 3, 4, 5, 6]);
  assert.deepEqual(sortOrder(sorted, 0, 'desc', { compareText }), [5, 4, 3, 1, 2, 0, 6]);
  // Only the last pair out of order (an empty cell before a filled one).
  assert.deepEqual(sortOrder([['a'], ['b'], ['c'], [''], ['d']], 0, 'asc', { compareText }), [0, 1, 2, 4, 3]);
  // Only the first pair out of order.
  assert.deepEqual(sortOrder([[2], [1], [3], [4]], 0, 'asc'), [1, 0, 2, 3]);
});

test('sorts strings with the collator, case- and accent-insensitively', () => {
  const order = sortOrder(rows, 4, 'asc', { compareText: collator.compare });
  assert.deepEqual(order.map((r) => rows[r][4]), ['anna', 'Bruno', 'Éloïse', 'Émile', 'Zoë']);
  const desc = sortOrder(rows, 4, 'desc', { compareText: collator.compare });
  assert.deepEqual(desc.map((r) => rows[r][4]), ['Zoë', 'Émile', 'Éloïse', 'Bruno', 'anna']);
});

test('empty cells go last in both directions', () => {
  const asc = sortOrder(rows, 2, 'asc', { compareText: collator.compare });
  assert.deepEqual(asc, [2, 4, 0, 1, 3]);
  const desc = sortOrder(rows, 2, 'desc', { compareText: collator.compare });
  assert.deepEqual(desc, [0, 4, 2, 1, 3]);
  const data = [[''], ['b'], [undefined], ['a']];
  assert.deepEqual(sortOrder(data, 0, 'desc'), [1, 3, 0, 2]);
});

test('sorting is stable: equal cells keep Enrow order, also descending', () => {
  const asc = sortOrder(rows, 1, 'asc');
  assert.deepEqual(asc, [0, 2, 4, 1, 3]);
  const desc = sortOrder(rows, 1, 'desc');
  assert.deepEqual(desc, [1, 3, 0, 2, 4]);
  // Case-insensitive ties ("Acme"/"acme") also keep their order.
  const company = sortOrder(rows, 5, 'asc', { compareText: collator.compare });
  assert.deepEqual(company, [0, 2, 4, 1, 3]);
});

test('sort by a derived key (what the cell shows)', () => {
  const names = { FR: 'Frankrijk', US: 'Verenigde Staten', NL: 'Nederland' };
  const order = sortOrder(rows, 3, 'asc', { keyOf: (row, c) => names[row[c]] ?? null, compareText: collator.compare });
  assert.deepEqual(order, [0, 4, 2, 1, 3]);
});

test('no sort column keeps Enrow order', () => {
  assert.deepEqual(sortOrder(rows, -1, 'asc'), [0, 1, 2, 3, 4]);
});

test('filters found / not found; all = found + not found', () => {
  const order = [0, 1, 2, 3, 4];
  const withOther = [...rows, [5, 'catch_all', null, null, 'X', null]];
  const all = [...order, 5];
  assert.deepEqual(filterOrder(all, withOther, { filter: 'found', qualificationCol: 1 }), [0, 2, 4]);
  assert.deepEqual(filterOrder(all, withOther, { filter: 'not_found', qualificationCol: 1 }), [1, 3, 5]);
  assert.deepEqual(filterOrder(all, withOther, { filter: 'all', qualificationCol: 1 }), all);
  // The filter keeps the sorted order it is given.
  assert.deepEqual(filterOrder([4, 2, 0, 1], rows, { filter: 'found', qualificationCol: 1 }), [4, 2, 0]);
});

test('search is case- and accent-insensitive and matches any cell', () => {
  const index = buildSearchIndex(rows, 6, (row, c) => (row[c] === null ? '' : String(row[c])));
  const search = (q, filter = 'all') =>
    filterOrder([0, 1, 2, 3, 4], rows, { filter, qualificationCol: 1, terms: parseQuery(q), searchIndex: index });
  assert.deepEqual(search('eloise'), [0]);
  assert.deepEqual(search('ELOÏSE'), [0]);
  assert.deepEqual(search('emile'), [3]);
  assert.deepEqual(search('muller'), [4]);
  assert.deepEqual(search('ACME'), [0, 2]);
  assert.deepEqual(search('+1570'), [2]);
  assert.deepEqual(search('  acme   anna '), [2]);
  assert.deepEqual(search('acme', 'found'), [0, 2]);
  assert.deepEqual(search('zoe'), [4]);
  assert.deepEqual(search('nobody'), []);
  assert.deepEqual(search(''), [0, 1, 2, 3, 4]);
});

test('a search word never matches across two cells', () => {
  const index = buildSearchIndex([['ab', 'cd']], 2, (row, c) => row[c]);
  assert.deepEqual(filterOrder([0], [['ab', 'cd']], { terms: ['bc'], searchIndex: index }), []);
  assert.deepEqual(filterOrder([0], [['ab', 'cd']], { terms: ['cd'], searchIndex: index }), [0]);
});

test('foldText removes accents and case', () => {
  assert.equal(foldText('Ça Éloïse Müller Ñandú'), 'ca eloise muller nandu');
  assert.equal(foldText(null), '');
});

test('visible window at the top, middle and end', () => {
  const base = { viewportHeight: 400, rowHeight: 40, rowCount: 3000, overscan: 5 };
  assert.deepEqual(visibleWindow({ ...base, scrollTop: 0 }), { start: 0, end: 15 });
  assert.deepEqual(visibleWindow({ ...base, scrollTop: 40000 }), { start: 995, end: 1015 });
  assert.deepEqual(visibleWindow({ ...base, scrollTop: 40020 }), { start: 995, end: 1016 });
  const endTop = 3000 * 40 - 400;
  assert.deepEqual(visibleWindow({ ...base, scrollTop: endTop }), { start: 2985, end: 3000 });
});

test('visible window clamps elastic scrolling and odd inputs', () => {
  const base = { viewportHeight: 400, rowHeight: 40, rowCount: 3000, overscan: 5 };
  assert.deepEqual(visibleWindow({ ...base, scrollTop: -120 }), { start: 0, end: 15 });
  assert.deepEqual(visibleWindow({ ...base, scrollTop: 10e9 }), { start: 2985, end: 3000 });
  assert.deepEqual(visibleWindow({ ...base, rowCount: 0, scrollTop: 0 }), { start: 0, end: 0 });
  assert.deepEqual(visibleWindow({ ...base, rowCount: 3, scrollTop: 0 }), { start: 0, end: 3 });
});

test('visible window with 100,000 rows stays small', () => {
  const base = { viewportHeight: 600, rowHeight: 40, rowCount: 100000, overscan: 8 };
  const middle = visibleWindow({ ...base, scrollTop: 2000000 });
  assert.deepEqual(middle, { start: 49992, end: 50023 });
  assert.ok(middle.end - middle.start <= 600 / 40 + 2 * 8 + 1);
  const end = visibleWindow({ ...base, scrollTop: 100000 * 40 - 600 });
  assert.equal(end.end, 100000);
  assert.equal(end.start, 100000 - 15 - 8);
});

test('scrollTopToReveal moves only as far as needed', () => {
  const box = { scrollTop: 400, viewportHeight: 400, rowHeight: 40 };
  assert.equal(scrollTopToReveal(12, box), 400);
  assert.equal(scrollTopToReveal(5, box), 200);
  assert.equal(scrollTopToReveal(20, box), 440);
  assert.equal(scrollTopToReveal(0, { ...box, scrollTop: 0 }), 0);
});

test('keyboard moves stay inside the rows', () => {
  const opts = { count: 100, pageSize: 10 };
  assert.equal(moveActive(5, 'ArrowDown', opts), 6);
  assert.equal(moveActive(5, 'ArrowUp', opts), 4);
  assert.equal(moveActive(0, 'ArrowUp', opts), 0);
  assert.equal(moveActive(99, 'ArrowDown', opts), 99);
  assert.equal(moveActive(5, 'Home', opts), 0);
  assert.equal(moveActive(5, 'End', opts), 99);
  assert.equal(moveActive(95, 'PageDown', opts), 99);
  assert.equal(moveActive(5, 'PageUp', opts), 0);
  assert.equal(moveActive(5, 'a', opts), null);
  assert.equal(moveActive(0, 'ArrowDown', { count: 0 }), null);
  assert.equal(moveActive(500, 'ArrowUp', opts), 98);
});

test('TSV cells lose tabs and line breaks, empty cells stay empty', () => {
  assert.equal(cleanTsvCell('a\tb'), 'a b');
  assert.equal(cleanTsvCell('line 1\r\nline 2\nline 3'), 'line 1 line 2 line 3');
  assert.equal(cleanTsvCell(null), '');
  assert.equal(cleanTsvCell(undefined), '');
  assert.equal(cleanTsvCell(0), '0');
  assert.equal(cleanTsvCell('+33612345678'), '+33612345678');
});

test('TSV has a header line and one line per row', () => {
  const text = toTsv(['#', 'Phone number', 'Note'], [[0, '+331', 'a\tb'], [1, null, 'x\ny']]);
  assert.equal(text, '#\tPhone number\tNote\r\n0\t+331\ta b\r\n1\t\tx y\r\n');
  const lines = text.trimEnd().split('\r\n');
  assert.equal(lines.length, 3);
  for (const line of lines) assert.equal(line.split('\t').length, 3);
});

test('Mobiles only keeps found mobiles and numbers that may be mobiles', async () => {
  const { filterOrder } = await import('../../ui/js/grid-model.js');
  const rows = [
    ['found', 'mobile'], ['found', 'landline'], ['not_found', null],
    ['found', 'mobile_or_landline'], ['found', 'voip'], ['found', 'invalid'],
  ];
  const order = rows.map((_, i) => i);
  assert.deepEqual(filterOrder(order, rows, { filter: 'mobiles', qualificationCol: 0, typeCol: 1 }), [0, 3]);
  assert.deepEqual(filterOrder(order, rows, { filter: 'found', qualificationCol: 0, typeCol: 1 }), [0, 1, 3, 4, 5]);
  assert.deepEqual(filterOrder(order, rows, { filter: 'mobiles', qualificationCol: 0, typeCol: -1 }), [], 'no types, no mobiles');
});

test('a row says who it is: names, else the LinkedIn handle, with the company', async () => {
  const { personOf, linkedinHandle } = await import('../../ui/js/grid-model.js');
  const of = (fields) => personOf((name) => fields[name]);
  assert.equal(of({ firstname: 'Ann', lastname: 'Peeters', company_name: 'De Gans' }), 'Ann Peeters — De Gans');
  assert.equal(of({ linkedin_url: 'https://www.linkedin.com/in/michael-scott/' }), 'michael-scott');
  assert.equal(of({ linkedin_url: 'https://fr.linkedin.com/in/%C3%A9lo%C3%AFse', company_domain: 'acme.fr' }), 'éloïse — acme.fr');
  assert.equal(of({ company_name: ' Acme ' }), 'Acme');
  assert.equal(of({}), '');
  assert.equal(linkedinHandle('https://evil.example/in/x'), '');
});

test('the summary counts each phone type, most first', async () => {
  const { typeCounts } = await import('../../ui/js/grid-model.js');
  const rows = [['mobile'], ['landline'], ['mobile'], [null], ['mobile'], ['voip'], ['landline']];
  assert.deepEqual(typeCounts(rows, 0), [['mobile', 3], ['landline', 2], ['voip', 1]]);
  assert.deepEqual(typeCounts(rows, -1), []);
});

test('who the row is comes right before the number, the rest after in Rust\'s order', () => {
  const keys = ['index', 'qualification', 'phone', 'phoneType', 'international', 'country', 'param-firstname', 'person'];
  const order = displayOrder(keys, 4).map((c) => keys[c]);
  assert.deepEqual(order, ['index', 'person', 'phone', 'qualification', 'phoneType', 'country', 'param-firstname']);
  // Without searched names there is no Person column, and nothing else moves.
  assert.deepEqual(displayOrder(['index', 'qualification', 'phone']).map((c) => ['index', 'qualification', 'phone'][c]), ['index', 'phone', 'qualification']);
});
