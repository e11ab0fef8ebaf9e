// The results grid: a virtual list with a fixed row height. Only the rows in view (plus a few)
// are in the DOM, and their elements are reused while scrolling, so 100,000 rows scroll like 30.
// Sorting, filtering and search are in grid-model.js.

import { t, fmt, language } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import {
  columnKey, qualificationKind, parseQuery, buildSearchIndex, sortOrder, filterOrder,
  visibleWindow, scrollTopToReveal, moveActive, toTsv, personOf, displayOrder,
} from './grid-model.js';
import { isLinkedInUrl } from './linkedin.js';
import { flagUrl } from './flags.js';

const ROW_HEIGHT = 40;
const OVERSCAN = 8;
const COPIED_MS = 1500;
const KNOWN_PARAMS = ['linkedin_url', 'firstname', 'lastname', 'company_name', 'company_domain'];
// Each sized to what it holds: the number whole beside its Copy and Call buttons in the longest
// of the three languages ("Copier", "Appeler"), the longest result word ("Niet gevonden"), a
// name with its company (cut short with an ellipsis past that).
const WIDTHS = {
  index: '4rem',
  qualification: '9rem',
  phone: '22.5rem',
  phoneType: '11rem',
  person: '14rem',
  country: '12rem',
  custom: '11rem',
  'param-linkedin_url': '22rem',
  'param-firstname': '9rem',
  'param-lastname': '10rem',
  'param-company_name': '12rem',
  'param-company_domain': '13rem',
};

export function createGrid(app) {
  const $ = (id) => document.getElementById(id);
  const tools = $('results-tools');
  const scroller = byTestId('grid');
  const headerRow = $('grid-header-row');
  const body = $('grid-body');
  const count = byTestId('grid-count');
  const message = $('grid-message');
  const announce = $('grid-announce');
  const search = byTestId('search-input');
  const copyRows = byTestId('copy-rows');
  const filterButtons = [...document.querySelectorAll('#results-tools [data-filter]')];

  // The one place the row height is set, so CSS and the window arithmetic agree.
  scroller.style.setProperty('--row-height', `${ROW_HEIGHT}px`);

  let batchId = null;
  let source = null;
  let model = null;
  let view = null;
  const views = new Map();
  let order = [];
  const live = new Map();
  let pool = [];
  const parts = new WeakMap();
  let copied = null;
  let frame = 0;

  // ---- model --------------------------------------------------------------------------

  /**
   * The grid's columns: Rust's, with the international form shown in the phone column rather
   * than apart, and a Person column (who the row is) right before the number, so a laptop's
   * narrow window shows who each number belongs to (see `displayOrder`). The person is worked
   * out once per row and kept beside the rows, which stay as Rust sent them.
   */
  function buildModel(data) {
    const keys = (data.columns ?? []).map(columnKey);
    const rows = data.rows ?? [];
    const personFields = ['firstname', 'lastname', 'linkedin_url', 'company_name', 'company_domain'];
    const fieldCol = new Map(personFields.map((name) => [name, keys.indexOf(`param-${name}`)]));
    const field = (row, name) => (fieldCol.get(name) >= 0 ? row[fieldCol.get(name)] : null);
    // Who each row is, worked out when a row is first drawn, sorted or searched, not for every
    // row as the batch opens: the page's script runs in an interpreter (webkit_environment.rs).
    const persons = new WeakMap();
    const personFor = (row) => {
      let who = persons.get(row);
      if (who === undefined) {
        who = personOf((name) => field(row, name));
        persons.set(row, who);
      }
      return who;
    };
    let personCol = -1;
    if ([...fieldCol.values()].some((col) => col >= 0)) {
      personCol = keys.length;
      keys.push('person');
    }
    const intlCol = keys.indexOf('international');
    const display = displayOrder(keys, intlCol);
    return {
      keys,
      rows,
      display,
      personFor,
      personCol,
      intlCol,
      indexCol: keys.indexOf('index'),
      qualCol: keys.indexOf('qualification'),
      phoneCol: keys.indexOf('phone'),
      typeCol: keys.indexOf('phoneType'),
      linkedinCol: keys.indexOf('param-linkedin_url'),
      sorted: null,
      search: null,
    };
  }

  /** Where data column `c` is drawn, among the displayed columns. */
  function displayed(c) {
    return model.display.indexOf(c);
  }

  function headerLabel(key) {
    if (key.startsWith('param-')) {
      const name = key.slice('param-'.length);
      return KNOWN_PARAMS.includes(name) ? t(`grid.col.${name}`) : name;
    }
    return t(`grid.col.${key}`);
  }

  /** What a cell shows: translated results and types, country names, everything else as sent. */
  function cellText(row, c) {
    if (c === model.personCol) return model.personFor(row);
    const key = model.keys[c];
    // The number as it is written from abroad (`+33 6 12 34 56 78`); Enrow's when unreadable.
    if (key === 'phone' && model.intlCol >= 0 && row[model.intlCol]) return String(row[model.intlCol]);
    const value = row[c];
    if (value === null || value === undefined) return '';
    if (key === 'phoneType') return t(`phone.type.${value}`);
    if (key === 'qualification') {
      const kind = qualificationKind(value);
      if (kind === 'found') return t('grid.found');
      if (kind === 'not_found') return t('grid.notFound');
    }
    if (key === 'country') {
      const code = String(value).toUpperCase();
      const name = fmt.country(code);
      return name ? t('grid.country', { name, code }) : String(value);
    }
    return typeof value === 'object' ? JSON.stringify(value) : String(value);
  }

  /** What a copied cell holds: like an export, codes stay codes and numbers stay E.164. */
  function copyText(row, c) {
    const key = model.keys[c];
    if (key === 'country' || key === 'index' || key === 'phone') return row[c] ?? '';
    return cellText(row, c);
  }

  function sortKey(row, c) {
    const key = model.keys[c];
    if (['qualification', 'country', 'phoneType', 'person'].includes(key)) return cellText(row, c);
    return row[c];
  }

  function recompute() {
    const lang = language();
    const sortId = `${view.sortCol}|${view.sortDir}|${lang}`;
    if (model.sorted?.id !== sortId) {
      // The collator is made when two texts are first compared: a batch opens sorted by its
      // numeric index, and making one reads the language's collation data.
      let collatorCompare = null;
      const compareText = (a, b) =>
        (collatorCompare ??= new Intl.Collator(lang, { numeric: true, sensitivity: 'base' }).compare)(a, b);
      model.sorted = {
        id: sortId,
        order: sortOrder(model.rows, view.sortCol, view.sortDir, { keyOf: sortKey, compareText }),
      };
    }
    const terms = parseQuery(view.query);
    if (terms.length > 0 && model.search?.lang !== lang) {
      model.search = { lang, index: buildSearchIndex(model.rows, model.keys.length, cellText) };
    }
    order = filterOrder(model.sorted.order, model.rows, {
      filter: view.filter,
      qualificationCol: model.qualCol,
      typeCol: model.typeCol,
      terms,
      searchIndex: model.search?.index ?? null,
    });
    if (view.active >= order.length) view.active = Math.max(0, order.length - 1);
  }

  // ---- header -------------------------------------------------------------------------

  function buildHeader() {
    const widths = model.display.map((c) => WIDTHS[model.keys[c]] ?? '11rem');
    if (widths.length > 0) widths[widths.length - 1] = `minmax(${widths[widths.length - 1]}, 1fr)`;
    scroller.style.setProperty('--grid-columns', widths.join(' '));
    headerRow.replaceChildren(...model.display.map((c) => {
      const key = model.keys[c];
      const button = el('button', {
        type: 'button',
        className: 'sort-button',
        testid: `grid-header-${key}`,
        on: { click: () => sortBy(c) },
      }, [el('span', { className: 'sort-label' }), el('span', { className: 'sort-icon', attrs: { 'aria-hidden': 'true' } })]);
      return el('div', { className: `cell cell-${cellClass(key)}`, attrs: { role: 'columnheader' } }, [button]);
    }));
    updateHeader();
  }

  function updateHeader() {
    [...headerRow.children].forEach((cell, i) => {
      const c = model.display[i];
      setText(cell.querySelector('.sort-label'), headerLabel(model.keys[c]));
      if (view.sortCol === c) cell.setAttribute('aria-sort', view.sortDir === 'desc' ? 'descending' : 'ascending');
      else cell.removeAttribute('aria-sort');
    });
  }

  function sortBy(c) {
    if (view.sortCol === c) view.sortDir = view.sortDir === 'asc' ? 'desc' : 'asc';
    else {
      view.sortCol = c;
      view.sortDir = 'asc';
    }
    updateHeader();
    viewChanged();
  }

  // ---- rows ---------------------------------------------------------------------------

  function cellClass(key) {
    return key.startsWith('param-') ? 'param' : key;
  }

  function createRow() {
    const row = el('div', { className: 'grid-row', testid: 'grid-row', attrs: { role: 'row' } });
    row.tabIndex = -1;
    const p = { spans: [], cells: [], flag: null, copy: null, call: null, open: null, row: -1, pos: -1 };
    model.display.forEach((c) => {
      const key = model.keys[c];
      const span = el('span', { className: 'cell-text', dataset: { col: key } });
      // The flag is decoration beside the country's name, which says it in words.
      const flag = key === 'country'
        ? el('img', { className: 'flag', testid: 'country-flag', attrs: { alt: '', 'aria-hidden': 'true', width: '18', height: '12' } })
        : null;
      if (flag) p.flag = flag;
      const cell = el('div', { className: `cell cell-${cellClass(key)}`, attrs: { role: 'gridcell' } }, flag ? [flag, span] : [span]);
      p.spans.push(span);
      p.cells.push(cell);
      row.append(cell);
    });
    p.copy = el('button', { type: 'button', className: 'cell-button', testid: 'copy-phone', dataset: { action: 'copy' } });
    p.call = el('button', { type: 'button', className: 'cell-button', testid: 'call-phone', dataset: { action: 'call' } });
    p.open = el('button', { type: 'button', className: 'cell-button', testid: 'open-linkedin', dataset: { action: 'open' } });
    parts.set(row, p);
    return row;
  }

  /** The button is in the DOM only when it applies, so tests and screen readers never meet a dead one. */
  function place(cell, button, present) {
    if (present && button.parentNode !== cell) cell.append(button);
    else if (!present && button.parentNode) button.remove();
  }

  function fillRow(row, pos) {
    const p = parts.get(row);
    const r = order[pos];
    const data = model.rows[r];
    p.row = r;
    p.pos = pos;
    row.dataset.index = String(model.indexCol >= 0 ? data[model.indexCol] ?? r : r);
    row.setAttribute('aria-rowindex', String(pos + 2));
    row.style.transform = `translateY(${pos * ROW_HEIGHT}px)`;
    row.classList.toggle('is-odd', pos % 2 === 1);
    model.display.forEach((c, i) => {
      const key = model.keys[c];
      const text = cellText(data, c);
      const span = p.spans[i];
      setText(span, text);
      if (key === 'country') showFlag(p.flag, data[c]);
      if (key === 'qualification') span.dataset.kind = qualificationKind(data[c]);
      else if (key === 'phoneType') span.dataset.type = data[c] ?? '';
      else if (text.length > 12) span.title = text;
      else if (span.title) span.removeAttribute('title');
    });
    if (model.phoneCol >= 0) {
      const number = data[model.phoneCol];
      const cell = p.cells[displayed(model.phoneCol)];
      place(cell, p.copy, Boolean(number));
      place(cell, p.call, Boolean(number));
      if (number) {
        p.copy.setAttribute('aria-label', t('grid.copyLabel', { number: String(number) }));
        setText(p.call, t('grid.call'));
        p.call.setAttribute('aria-label', t('grid.callLabel', { number: String(number) }));
      }
    }
    if (model.linkedinCol >= 0) {
      const url = data[model.linkedinCol];
      const valid = isLinkedInUrl(url);
      place(p.cells[displayed(model.linkedinCol)], p.open, valid);
      if (valid) {
        setText(p.open, t('grid.openProfile'));
        p.open.setAttribute('aria-label', t('grid.openProfileLabel'));
      }
    }
  }

  function showFlag(img, code) {
    const url = flagUrl(code);
    img.hidden = !url;
    if (url && img.getAttribute('src') !== url) img.setAttribute('src', url);
  }

  /** Only the active row and its buttons are tab stops; arrow keys move between rows. */
  function updateRowState(row) {
    const p = parts.get(row);
    const active = p.pos === view.active;
    row.tabIndex = active ? 0 : -1;
    row.classList.toggle('is-active', active);
    p.copy.tabIndex = active ? 0 : -1;
    p.call.tabIndex = active ? 0 : -1;
    p.open.tabIndex = active ? 0 : -1;
    const done = copied?.row === p.row;
    setText(p.copy, t(done ? 'grid.copied' : 'grid.copy'));
    p.copy.classList.toggle('is-done', done);
  }

  function viewportHeight() {
    return Math.max(0, scroller.clientHeight - headerRow.offsetHeight);
  }

  function release(pos, row) {
    // Focus must not vanish with a recycled row: it waits on the grid, where arrows still work.
    if (row.contains(document.activeElement)) scroller.focus({ preventScroll: true });
    row.remove();
    live.delete(pos);
    pool.push(row);
  }

  /** Draws the rows in view. `refill` rewrites rows kept in place (the view or language changed). */
  function renderRows(refill = false) {
    if (frame) cancelAnimationFrame(frame);
    frame = 0;
    if (!model) return;
    body.style.height = `${order.length * ROW_HEIGHT}px`;
    const { start, end } = visibleWindow({
      scrollTop: scroller.scrollTop,
      viewportHeight: viewportHeight(),
      rowHeight: ROW_HEIGHT,
      rowCount: order.length,
      overscan: OVERSCAN,
    });
    for (const [pos, row] of live) if (pos < start || pos >= end) release(pos, row);
    const added = [];
    for (let pos = start; pos < end; pos++) {
      let row = live.get(pos);
      if (!row) {
        row = pool.pop() ?? createRow();
        fillRow(row, pos);
        added.push(row);
        live.set(pos, row);
      } else if (refill) {
        fillRow(row, pos);
      }
      updateRowState(row);
    }
    if (added.length > 0) body.append(...added);
    // Keep one tab stop in the grid even when the active row is scrolled away.
    if (!live.has(view.active) && live.size > 0) live.get(start).tabIndex = 0;
  }

  function schedule() {
    if (!frame) frame = requestAnimationFrame(() => renderRows());
  }

  function clearRows() {
    for (const [pos, row] of live) release(pos, row);
    pool = [];
  }

  function setActive(pos, focus) {
    view.active = pos;
    const top = scrollTopToReveal(pos, {
      scrollTop: scroller.scrollTop,
      viewportHeight: viewportHeight(),
      rowHeight: ROW_HEIGHT,
    });
    if (top !== scroller.scrollTop) scroller.scrollTop = top;
    renderRows();
    // The grid is already scrolled; focusing without preventScroll brings the page along too.
    if (focus) live.get(pos)?.focus();
  }

  // ---- toolbar ------------------------------------------------------------------------

  function syncControls() {
    for (const button of filterButtons) {
      button.setAttribute('aria-pressed', String(button.dataset.filter === view.filter));
    }
    if (search.value !== view.query) search.value = view.query;
    // Only a window of rows is in the DOM: tell assistive technology how many there are.
    scroller.setAttribute('aria-rowcount', String(order.length + 1));
    setText(count, t('grid.count', { shown: order.length, count: model.rows.length }));
    copyRows.setAttribute('aria-disabled', String(order.length === 0));
    const empty = model.rows.length === 0 ? 'grid.noRows' : order.length === 0 ? 'grid.noMatch' : null;
    show(message, Boolean(empty));
    setText(message, empty ? t(empty) : '');
  }

  function viewChanged() {
    recompute();
    view.active = 0;
    scroller.scrollTop = 0;
    syncControls();
    renderRows(true);
  }

  for (const button of filterButtons) {
    button.addEventListener('click', () => {
      if (!view || view.filter === button.dataset.filter) return;
      view.filter = button.dataset.filter;
      viewChanged();
    });
  }

  search.addEventListener('input', () => {
    if (!view) return;
    view.query = search.value;
    viewChanged();
  });

  copyRows.addEventListener('click', async () => {
    if (!model || order.length === 0) return;
    const header = model.display.map((c) => headerLabel(model.keys[c]));
    const lines = order.map((r) => model.display.map((c) => copyText(model.rows[r], c)));
    const id = batchId;
    try {
      await app.ipc.copyText(toTsv(header, lines));
      say(t('grid.copyRowsDone', { count: lines.length }));
    } catch (error) {
      app.setBatchError(id, error);
    }
  });

  function say(text) {
    // Cleared first so the same words are announced again when repeated.
    announce.textContent = '';
    setTimeout(() => setText(announce, text), 60);
  }

  // ---- row events ---------------------------------------------------------------------

  body.addEventListener('click', async (event) => {
    const button = event.target.closest('button[data-action]');
    if (!button || !model) return;
    const p = parts.get(button.closest('.grid-row'));
    if (!p) return;
    const data = model.rows[p.row];
    const id = batchId;
    try {
      if (button.dataset.action === 'copy') {
        const number = String(data[model.phoneCol]);
        await app.ipc.copyText(number);
        clearTimeout(copied?.timer);
        copied = { row: p.row, timer: setTimeout(() => { copied = null; refreshRowStates(); }, COPIED_MS) };
        refreshRowStates();
        say(t('grid.copiedAnnounce', { number }));
      } else if (button.dataset.action === 'call') {
        await app.ipc.callNumber(String(data[model.phoneCol]));
      } else if (button.dataset.action === 'open') {
        await app.ipc.openLinkedin(String(data[model.linkedinCol]).trim());
      }
    } catch (error) {
      app.setBatchError(id, error);
    }
  });

  function refreshRowStates() {
    for (const row of live.values()) updateRowState(row);
  }

  body.addEventListener('focusin', (event) => {
    const row = event.target.closest('.grid-row');
    const p = row && parts.get(row);
    if (p && p.pos !== view.active) {
      view.active = p.pos;
      refreshRowStates();
    }
  });

  scroller.addEventListener('keydown', (event) => {
    if (!model || event.altKey || event.ctrlKey || event.metaKey) return;
    if (headerRow.contains(event.target)) {
      if (event.key === 'ArrowDown' && order.length > 0) {
        event.preventDefault();
        setActive(view.active, true);
      }
      return;
    }
    if (!body.contains(event.target) && event.target !== scroller) return;
    const pageSize = Math.max(1, Math.floor(viewportHeight() / ROW_HEIGHT) - 1);
    const next = moveActive(view.active, event.key, { count: order.length, pageSize });
    if (next === null) return;
    event.preventDefault();
    setActive(next, true);
  });

  scroller.addEventListener('scroll', () => {
    if (view) view.scrollTop = scroller.scrollTop;
    schedule();
  });

  if (typeof ResizeObserver === 'function') new ResizeObserver(schedule).observe(scroller);

  // ---- public -------------------------------------------------------------------------

  /** Shows a completed batch's rows (loading them is the app's job), or nothing. */
  function showBatch(batch) {
    const ready = batch?.rows === 'loaded' && batch.data;
    show(tools, Boolean(ready));
    show(count, Boolean(ready));
    show(scroller, Boolean(ready));
    if (!ready) {
      const text = batch?.rows === 'loading' || batch?.rows === 'none' ? t('grid.loading') : '';
      show(message, Boolean(text));
      setText(message, text);
      // A hidden scroller forgets its position: start afresh (from the saved view) next time.
      if (model) {
        clearRows();
        model = null;
        batchId = null;
        source = null;
      }
      return;
    }
    if (batch.id === batchId && batch.data === source) return;
    const switched = batch.id !== batchId;
    clearRows();
    batchId = batch.id;
    source = batch.data;
    model = buildModel(batch.data);
    if (!views.has(batch.id)) {
      views.set(batch.id, {
        filter: 'all',
        query: '',
        sortCol: model.indexCol,
        sortDir: 'asc',
        active: 0,
        scrollTop: 0,
      });
    }
    view = views.get(batch.id);
    if (switched) setText(announce, '');
    buildHeader();
    recompute();
    syncControls();
    const top = view.scrollTop;
    body.style.height = `${order.length * ROW_HEIGHT}px`;
    scroller.scrollTop = top;
    renderRows(true);
  }

  return {
    show: showBatch,
    /** Drops the sort, filter and scroll position kept for a batch that was forgotten. */
    forget(id) {
      views.delete(id);
    },
    languageChanged() {
      if (!model) return;
      updateHeader();
      recompute();
      syncControls();
      renderRows(true);
    },
  };
}
