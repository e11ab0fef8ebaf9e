// The results grid without the DOM: column keys, sorting, filtering, search, the window of
// rows to draw, keyboard moves and tab-separated text. Pure, so it is tested in Node.

/** The stable key of a column, used for test ids, header labels and widths. */
export function columnKey(column) {
  return column?.id === 'param' ? `param-${column.name}` : String(column?.id);
}

/** Enrow's qualification, which comes in several spellings, as found / not_found / other. */
export function qualificationKind(value) {
  const text = String(value ?? '').trim().toLowerCase();
  if (text === 'found' || text === 'valid') return 'found';
  if (['not_found', 'not found', 'notfound', 'invalid'].includes(text)) return 'not_found';
  return 'other';
}

/** Lower case without accents, so "eloise" finds "Éloïse" and "muller" finds "Müller". */
export function foldText(text) {
  return String(text ?? '')
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .toLowerCase();
}

/** The search box's words, folded. Every word must appear in some cell of a row. */
export function parseQuery(query) {
  return foldText(query).split(/\s+/).filter(Boolean);
}

/**
 * One folded string per row to search in; `textOf(row, columnIndex)` is what the cell shows,
 * so people find rows by the words on screen (a translated "Found", a country's name).
 */
export function buildSearchIndex(rows, columnCount, textOf) {
  const index = new Array(rows.length);
  for (let r = 0; r < rows.length; r++) {
    const parts = [];
    for (let c = 0; c < columnCount; c++) parts.push(textOf(rows[r], c));
    // A separator no one types, so a word never matches across two cells.
    index[r] = foldText(parts.join('\u0001'));
  }
  return index;
}

function isEmpty(value) {
  return value === null || value === undefined || value === '';
}

/**
 * Row positions sorted by one column. Empty cells always go last, whatever the direction;
 * equal cells keep Enrow's order (stable), also when descending.
 * `keyOf(row, col)` gives the value to compare (defaults to the cell), `compareText` the
 * string order (pass an Intl.Collator's compare for the language).
 */
export function sortOrder(rows, col, direction = 'asc', options = {}) {
  const keyOf = options.keyOf ?? ((row, c) => row[c]);
  const compareText = options.compareText ?? ((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  const sign = direction === 'desc' ? -1 : 1;
  const order = rows.map((_, i) => i);
  // Unsorted: no key is read.
  if (col === null || col === undefined || col < 0) return order;
  const keys = rows.map((row) => keyOf(row, col));
  const compare = (a, b) => {
    const ka = keys[a];
    const kb = keys[b];
    const ea = isEmpty(ka);
    const eb = isEmpty(kb);
    if (ea || eb) return ea === eb ? a - b : ea ? 1 : -1;
    let result;
    if (typeof ka === 'number' && typeof kb === 'number') result = ka - kb;
    else result = compareText(String(ka), String(kb));
    return result !== 0 ? sign * result : a - b;
  };
  // Enrow's rows come in index order and a batch opens sorted by it: one pass finds them in
  // order already (ties are broken by position, so the order is exactly what sorting gives).
  let inOrder = true;
  for (let i = 1; inOrder && i < order.length; i++) inOrder = compare(i - 1, i) < 0;
  if (!inOrder) order.sort(compare);
  return order;
}

/** Phone types that "Mobiles only" keeps: mobiles, and numbers whose plan cannot tell. */
export const MAY_BE_MOBILE = new Set(['mobile', 'mobile_or_landline']);

/**
 * The sorted positions that pass the filter (all / found / not_found / mobiles) and contain
 * every search word. "Not found" is everything that is not found, so All = Found + Not found;
 * "Mobiles" keeps found numbers whose type is, or may be, a mobile.
 */
export function filterOrder(order, rows, { filter = 'all', qualificationCol = -1, typeCol = -1, terms = [], searchIndex = null } = {}) {
  const wantFound = filter === 'found' || filter === 'mobiles';
  const checkFilter = filter !== 'all' && qualificationCol >= 0;
  const checkType = filter === 'mobiles';
  if (!checkFilter && !checkType && terms.length === 0) return order;
  return order.filter((r) => {
    if (checkFilter && (qualificationKind(rows[r][qualificationCol]) === 'found') !== wantFound) return false;
    if (checkType && !(typeCol >= 0 && MAY_BE_MOBILE.has(rows[r][typeCol]))) return false;
    if (terms.length === 0) return true;
    const text = searchIndex[r];
    return terms.every((term) => text.includes(term));
  });
}

/**
 * Who a row is, to read without scrolling sideways: first and last name, else the LinkedIn
 * handle, with the company after a dash. `get(name)` reads a search field of the row.
 */
export function personOf(get) {
  const text = (name) => {
    const value = get(name);
    return value === null || value === undefined ? '' : String(value).trim();
  };
  let who = [text('firstname'), text('lastname')].filter(Boolean).join(' ');
  if (!who) who = linkedinHandle(text('linkedin_url'));
  const company = text('company_name') || text('company_domain');
  if (who && company) return `${who} — ${company}`;
  return who || company;
}

/** `michael-scott` for `https://www.linkedin.com/in/michael-scott/`; '' when it is not one. */
export function linkedinHandle(url) {
  const match = /linkedin\.com\/(?:in|pub|company)\/([^/?#]+)/i.exec(String(url ?? ''));
  if (!match) return '';
  try {
    return decodeURIComponent(match[1]);
  } catch {
    return match[1];
  }
}

/** How many found numbers of each phone type, most first: [[type, count], …]. */
export function typeCounts(rows, typeCol) {
  if (typeCol < 0) return [];
  const counts = new Map();
  for (const row of rows) {
    const type = row[typeCol];
    if (type) counts.set(type, (counts.get(type) ?? 0) + 1);
  }
  return [...counts.entries()].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1));
}

/**
 * Which rows to draw: [start, end) for the given scroll position, plus `overscan` rows on
 * each side so a quick scroll does not show blank space before the next frame.
 */
export function visibleWindow({ scrollTop, viewportHeight, rowHeight, rowCount, overscan = 6 }) {
  if (rowCount <= 0 || rowHeight <= 0) return { start: 0, end: 0 };
  const maxTop = Math.max(0, rowCount * rowHeight - viewportHeight);
  // Elastic scrolling on macOS can report negative or too large values.
  const top = Math.min(Math.max(0, scrollTop), maxTop);
  const first = Math.floor(top / rowHeight);
  const last = Math.ceil((top + Math.max(0, viewportHeight)) / rowHeight);
  return {
    start: Math.max(0, first - overscan),
    end: Math.min(rowCount, last + overscan),
  };
}

/** The scrollTop that brings row `index` fully into view with the least movement. */
export function scrollTopToReveal(index, { scrollTop, viewportHeight, rowHeight }) {
  const rowTop = index * rowHeight;
  const rowBottom = rowTop + rowHeight;
  if (rowTop < scrollTop) return rowTop;
  if (rowBottom > scrollTop + viewportHeight) return Math.max(0, rowBottom - viewportHeight);
  return scrollTop;
}

/** The active row after a navigation key, or null when the key is not one. */
export function moveActive(current, key, { count, pageSize = 10 }) {
  if (count <= 0) return null;
  const last = count - 1;
  const from = Math.min(Math.max(0, current ?? 0), last);
  switch (key) {
    case 'ArrowDown': return Math.min(last, from + 1);
    case 'ArrowUp': return Math.max(0, from - 1);
    case 'PageDown': return Math.min(last, from + Math.max(1, pageSize));
    case 'PageUp': return Math.max(0, from - Math.max(1, pageSize));
    case 'Home': return 0;
    case 'End': return last;
    default: return null;
  }
}

/** A cell for tab-separated text: tabs and line breaks would split it, so they become spaces. */
export function cleanTsvCell(value) {
  if (value === null || value === undefined) return '';
  return String(value).replace(/[\t\r\n]+/g, ' ').trim();
}

/** Header line plus one line per row, which pastes into Excel or Google Sheets as cells. */
export function toTsv(header, rows) {
  const lines = [header.map(cleanTsvCell).join('\t')];
  for (const row of rows) lines.push(row.map(cleanTsvCell).join('\t'));
  return lines.join('\r\n') + '\r\n';
}

/**
 * The order the grid shows Rust's columns in, by their indexes: the row's number, who the row
 * is, the number, then the rest as Rust sent them. A Windows laptop gives the window about
 * 1,280 CSS pixels, or 1,024: the person and the number must both be in view without
 * scrolling sideways. `intlCol` (shown inside the phone column) is left out.
 */
export function displayOrder(keys, intlCol = -1) {
  const first = ['index', 'person', 'phone'].map((key) => keys.indexOf(key)).filter((c) => c >= 0);
  const rest = keys.map((_, c) => c).filter((c) => c !== intlCol && !first.includes(c));
  return [...first, ...rest];
}
