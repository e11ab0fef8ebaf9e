import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  listChecks, listCost, listReady, listsNeedingAttention, partName, partText, sendingText, sentBeforeText,
} from '../../ui/js/list-summary.js';
import { describeError } from '../../ui/js/errors.js';
import { strings } from '../../ui/js/strings.js';
import { translate } from '../../ui/js/i18n.js';

const t = (key, params) => translate(strings, 'en', key, params);
const nl = (key, params) => translate(strings, 'nl', key, params);
const fr = (key, params) => translate(strings, 'fr', key, params);

const cost = (searches, balance) => {
  const atMost = searches * 40;
  const covered = balance === null ? null : balance >= atMost;
  return {
    searches, perNumber: 40, perNumberLegacy: 50, atMost, atMostLegacy: searches * 50, balance, covered,
    affordable: covered === false ? Math.floor(balance / 40) : null,
  };
};

const preview = {
  fileName: 'Leads.xlsx', rows: 1500, searches: 1412, parts: 1,
  duplicates: { count: 2, text: '8, 40' }, tooLittle: { count: 1, text: '12' },
  notAProfile: { count: 0, text: '' }, empty: { count: 3, text: '20–22' },
  cost: cost(1412, 36000), sentBefore: [],
};

test('the cost is said as the issue words it, in each language', () => {
  const said = listCost(preview, t);
  assert.equal(said.cost, '1,412 searches. Enrow charges 40 credits for each number it finds (50 on older plans) and nothing for the others: at most 56,480 credits.');
  assert.equal(said.balance, 'You have 36,000.');
  assert.match(said.short, /does not cover the worst case: .* 56,480 credits, and you have 36,000\./);
  assert.equal(said.affordable, 900);
  assert.equal(said.confirm, 'Send 1,412 searches — at most 56,480 credits');
  assert.equal(listCost(preview, t, 900).confirm, 'Send 900 searches — at most 36,000 credits');
  assert.match(listCost(preview, nl).cost, /^1\.412 zoekopdrachten\. .* hoogstens 56\.480 credits\.$/);
  assert.match(listCost(preview, fr).confirm, /^Envoyer 1\u202f412 recherches — au plus 56\u202f480 crédits$/);
});

test('a covered list has no warning, and an unknown balance says so', () => {
  const covered = listCost({ ...preview, cost: cost(10, 400) }, t);
  assert.equal(covered.short, null);
  assert.equal(covered.affordable, null);
  assert.equal(covered.confirm, 'Send 10 searches — at most 400 credits');
  const unknown = listCost({ ...preview, cost: cost(1, null) }, t);
  assert.equal(unknown.balance, 'Your balance could not be checked just now.');
  assert.equal(unknown.confirm, 'Send 1 search — at most 40 credits');
});

test('each group of rows is counted and named by its rows; empty groups say nothing', () => {
  const lines = listChecks(preview, t);
  assert.deepEqual(lines, [
    '1,412 people to search, from 1,500 rows.',
    '2 rows repeat a person listed above: searched once, the number goes on each of their rows. Rows 8, 40.',
    '1 row has too little to search (no LinkedIn link, and not a first name, last name and company) and is not sent: row 12.',
    '3 empty rows are skipped: rows 20–22.',
  ]);
  const parted = listChecks({ ...preview, parts: 3 }, t);
  assert.equal(parted[1], 'Sent as 3 batches of at most 3,000 searches, named “Leads.xlsx — part 1 of 3” and so on.');
});

test('a list sent before names the date and its batches', () => {
  const earlier = { ...preview, sentBefore: [{ id: 'x', at: 0, batches: ['b1', 'b2'] }] };
  assert.equal(
    sentBeforeText(earlier, t, () => '1 Dec'),
    'You sent this list before, on 1 Dec: batches b1, b2. Sending it again may charge you again for the same people.',
  );
  assert.match(sentBeforeText({ ...preview, sentBefore: [{ at: 0, batches: [] }] }, t, () => 'today'), /started sending/);
  assert.equal(sentBeforeText(preview, t, () => ''), null);
});

test('each part says its state, and only a part Enrow may have needs the warning to go again', () => {
  assert.deepEqual(partText({ state: 'sent', status: 'completed' }, t), { text: 'Sent — finished', action: null });
  assert.deepEqual(partText({ state: 'sent', status: 'ongoing' }, t), { text: 'Sent — Enrow is searching', action: null });
  assert.equal(partText({ state: 'pending' }, t).action, 'send');
  assert.equal(partText({ state: 'refused' }, t).action, 'send');
  assert.equal(partText({ state: 'sending' }, t).action, null);
  assert.deepEqual(partText({ state: 'unknown' }, t), { text: 'Enrow may or may not have received it', action: 'sendAgain' });
});

test('the copy is offered once every part is sent and completed', () => {
  const sent = (status) => ({ state: 'sent', status });
  assert.equal(listReady({ parts: [sent('completed'), sent('completed')] }), true);
  assert.equal(listReady({ parts: [sent('completed'), sent('ongoing')] }), false);
  assert.equal(listReady({ parts: [sent('completed'), { state: 'unknown' }] }), false);
  assert.equal(listReady({ parts: [] }), false);
  // The history's live status wins over the one read with the list.
  assert.equal(listReady({ parts: [sent('ongoing')] }, () => 'completed'), true);
});

test('lists with a part not sent need the person; sent ones do not', () => {
  const lists = [
    { id: 'a', parts: [{ state: 'sent' }] },
    { id: 'b', parts: [{ state: 'sent' }, { state: 'unknown' }] },
  ];
  assert.deepEqual(listsNeedingAttention(lists).map((list) => list.id), ['b']);
  assert.deepEqual(listsNeedingAttention(undefined), []);
});

test('sending says which part goes and how long Enrow asks to wait', () => {
  assert.equal(sendingText({ kind: 'sending', part: 1 }, 3, t), 'Sending part 2 of 3…');
  assert.equal(sendingText({ kind: 'waiting', part: 0, seconds: 5 }, 3, t), 'Enrow asks to wait: part 1 is sent in 5 seconds.');
  assert.equal(sendingText(null, 3, t), null);
});

test('a list with nothing to search offers another; a part of unknown fate offers nothing to click blindly', () => {
  assert.deepEqual(describeError({ code: 'nothing_to_search' }, 'list').actions, [{ kind: 'choose-sheet', labelKey: 'list.chooseAgain' }]);
  assert.deepEqual(describeError({ code: 'send_unknown' }, 'list').actions, []);
  assert.deepEqual(describeError({ code: 'insufficient_credits' }, 'list').actions[0].kind, 'dashboard');
});

test('a part is named after its list in the page language, the file alone for one part', () => {
  const list = { fileName: 'Leads.xlsx', parts: [{ index: 0 }, { index: 1 }, { index: 2 }] };
  assert.equal(partName(list, list.parts[1], t), 'Leads.xlsx — part 2 of 3');
  assert.equal(partName(list, list.parts[1], nl), 'Leads.xlsx — deel 2 van 3');
  assert.equal(partName(list, list.parts[2], fr), 'Leads.xlsx — partie 3 sur 3');
  assert.equal(partName({ fileName: 'Leads.xlsx', parts: [{ index: 0 }] }, { index: 0 }, t), 'Leads.xlsx');
});
