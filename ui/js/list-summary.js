// What "Find numbers for a list…" says, from the preview and the lists Rust sent. Pure: `t`
// translates, nothing here touches the DOM, so Node tests read every sentence.

/**
 * The checks of the rows, one line per group that has rows: how many people are searched,
 * then the rows folded, skipped and empty, each with their row numbers.
 */
export function listChecks(preview, t) {
  const searches = Number(preview?.searches ?? 0);
  const rows = Number(preview?.rows ?? 0);
  const lines = [t('list.searches', { count: searches, rows })];
  const parts = Number(preview?.parts ?? 1);
  if (parts > 1) {
    lines.push(t('list.parts', { count: parts, file: String(preview?.fileName ?? '') }));
  }
  for (const [field, key] of [
    ['duplicates', 'list.duplicates'],
    ['tooLittle', 'list.tooLittle'],
    ['notAProfile', 'list.notAProfile'],
    ['empty', 'list.empty'],
  ]) {
    const group = preview?.[field];
    const count = Number(group?.count ?? 0);
    if (count > 0) lines.push(t(key, { count, rows: String(group.text ?? '') }));
  }
  return lines;
}

/**
 * What sending may cost, said before anything is sent. `first`: the person chose to send the
 * first searches only (their number), else null.
 *
 * Returns the cost sentence, the balance sentence, the warning when the balance does not
 * cover the worst case (with the number of searches it does cover), and the confirmation
 * button's words, which name the searches sent and their worst-case cost.
 */
export function listCost(preview, t, first = null) {
  const cost = preview?.cost ?? {};
  const price = Number(cost.perNumber ?? 40);
  const legacy = Number(cost.perNumberLegacy ?? 50);
  const total = Number(cost.searches ?? preview?.searches ?? 0);
  const sending = first === null ? total : Math.min(Number(first), total);
  const atMost = Number(cost.atMost ?? total * price);
  const balance = cost.balance === null || cost.balance === undefined ? null : Number(cost.balance);
  const affordable = cost.affordable === null || cost.affordable === undefined ? null : Number(cost.affordable);
  return {
    cost: t('list.cost', { count: total, price, legacy, atMost }),
    balance: balance === null ? t('list.balanceUnknown') : t('list.balance', { balance }),
    short: cost.covered === false ? t('list.short', { atMost, balance: balance ?? 0 }) : null,
    affordable: cost.covered === false && affordable !== null && affordable > 0 ? affordable : null,
    sending,
    confirm: t('list.confirm', { count: sending, credits: sending * price }),
  };
}

/** The warning for a list whose same searches were sent before, naming when and the batches. */
export function sentBeforeText(preview, t, formatDate) {
  const earlier = Array.isArray(preview?.sentBefore) ? preview.sentBefore : [];
  if (earlier.length === 0) return null;
  const last = earlier[earlier.length - 1];
  const batches = (Array.isArray(last.batches) ? last.batches : []).join(', ');
  return t(batches ? 'list.sentBefore' : 'list.sentBeforeNoBatch', {
    date: formatDate(Number(last.at ?? 0)),
    batches,
  });
}

const STATUS_KEYS = {
  completed: 'list.status.completed',
  ongoing: 'list.status.ongoing',
  failed: 'list.status.failed',
};

/**
 * One part of a sent list, as the person reads it: its state, and what can be done with it
 * (`send`: never reached Enrow or refused without charge; `sendAgain`: Enrow may have it, so
 * only after a warning).
 */
export function partText(part, t) {
  switch (part?.state) {
    case 'sent': {
      const status = STATUS_KEYS[part.status] ? t(STATUS_KEYS[part.status]) : t('list.status.ongoing');
      return { text: t('list.part.sent', { status }), action: null };
    }
    case 'sending':
      return { text: t('list.part.sending'), action: null };
    case 'refused':
      return { text: t('list.part.refused'), action: 'send' };
    case 'unknown':
      return { text: t('list.part.unknown'), action: 'sendAgain' };
    default:
      return { text: t('list.part.pending'), action: 'send' };
  }
}

/** What a sending event says while the list is sent, or null for none. */
export function sendingText(event, parts, t) {
  const part = Number(event?.part ?? 0) + 1;
  if (event?.kind === 'sending') return t('list.sending', { part, parts });
  if (event?.kind === 'waiting') return t('list.waiting', { part, count: Number(event.seconds ?? 0) });
  if (event?.kind === 'sent') return t('list.partSent', { part, parts });
  return null;
}

/** Whether any list needs the person: a part not sent, refused or of unknown fate. */
export function listsNeedingAttention(lists) {
  return (Array.isArray(lists) ? lists : []).filter((list) =>
    (Array.isArray(list.parts) ? list.parts : []).some((part) => part.state !== 'sent'));
}

/**
 * Whether the copy with the numbers can be made: every part sent and its batch completed.
 * `statusOf(part)` is the batch's status as last heard.
 */
export function listReady(list, statusOf = (part) => part.status) {
  const parts = Array.isArray(list?.parts) ? list.parts : [];
  return parts.length > 0 && parts.every((part) => part.state === 'sent' && statusOf(part) === 'completed');
}

/** "Leads.xlsx — part 2 of 3" in the page's language, or the file's name for one part. */
export function partName(list, part, t) {
  const parts = Array.isArray(list?.parts) ? list.parts.length : 1;
  const file = String(list?.fileName ?? '');
  if (parts <= 1) return file;
  return t('list.partName', { file, part: Number(part?.index ?? 0) + 1, parts });
}
