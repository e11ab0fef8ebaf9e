// The history sidebar: every batch remembered on this computer, newest first, with a live
// status. A list of buttons: one tab stop, arrow keys move between items, Enter opens one.
// On a narrow window it is a panel opened from the header and closed with Escape.

import { t, fmt } from './locale.js';
import { byTestId, el, setText, show } from './dom.js';
import { describeError } from './errors.js';
import { entryName, entryStatus } from './history-state.js';
import { moveActive } from './grid-model.js';

const NARROW = '(max-width: 56rem)';

export function createHistoryView(app) {
  const { state } = app;
  const screen = document.getElementById('main-screen');
  const sidebar = document.getElementById('history');
  const list = byTestId('history-list');
  const empty = byTestId('history-empty');
  const toggle = document.getElementById('history-toggle');
  const narrow = typeof window.matchMedia === 'function' ? window.matchMedia(NARROW) : null;

  // id → { item, button, label, tag, dot, status }, reused so focus survives updates.
  const items = new Map();
  let focusId = null;

  const isNarrow = () => Boolean(narrow?.matches);

  function buildItem(id) {
    const label = el('span', { className: 'history-label', testid: 'history-label' });
    const tag = el('span', { className: 'tag tag-demo', testid: 'demo-tag' });
    const dot = el('span', { className: 'dot', attrs: { 'aria-hidden': 'true' } });
    const status = el('span', { className: 'history-status' });
    const when = el('span', { className: 'history-when' });
    const button = el('button', {
      type: 'button',
      className: 'history-item',
      testid: 'history-item',
      dataset: { id },
      on: { click: () => choose(id) },
    }, [
      el('span', { className: 'history-name' }, [label, when]),
      el('span', { className: 'history-meta' }, [dot, status]),
    ]);
    const item = el('li', { className: 'history-row' }, [button]);
    return { item, button, label, tag, dot, status, when };
  }

  function fill(parts, entry) {
    const name = entryName(entry);
    setText(parts.label, name.textKey ? t(name.textKey) : name.text);
    parts.label.classList.toggle('is-id', !name.labelled);
    // In the DOM only for demo entries, so a test or a screen reader never meets a hidden one.
    setText(parts.tag, t('demo.tag'));
    if (entry.demo === true && !parts.tag.parentNode) parts.label.after(parts.tag);
    else if (entry.demo !== true && parts.tag.parentNode) parts.tag.remove();
    const status = entryStatus(entry);
    setText(parts.status, t(status.key, status.params));
    parts.dot.className = `dot dot-${status.kind}`;
    setText(parts.when, entry.firstOpenedAt ? fmt.shortDate(entry.firstOpenedAt) : '');
    const { button } = parts;
    button.dataset.status = entry.status ?? '';
    button.dataset.watching = String(entry.watching === true);
    // The full id, and what stopped the last check, for whoever hovers.
    const why = entry.error && !entry.watching ? t(describeError(entry.error).messageKey) : '';
    button.title = why ? `${entry.id}\n${why}` : entry.id;
    if (entry.id === state.currentId) button.setAttribute('aria-current', 'true');
    else button.removeAttribute('aria-current');
  }

  function render() {
    const entries = [...state.history.values()];
    show(empty, state.historyLoaded && entries.length === 0);

    for (const [id, parts] of items) {
      if (!state.history.has(id)) {
        if (parts.item.contains(document.activeElement)) focusAfterRemoval(id, entries);
        parts.item.remove();
        items.delete(id);
      }
    }
    const wanted = entries.map((entry) => {
      let parts = items.get(entry.id);
      if (!parts) {
        parts = buildItem(entry.id);
        items.set(entry.id, parts);
      }
      fill(parts, entry);
      return parts.item;
    });
    // Reordered only when the order changed: moving a focused element would drop the focus.
    const current = [...list.children];
    if (current.length !== wanted.length || current.some((node, i) => node !== wanted[i])) {
      const focused = document.activeElement;
      list.replaceChildren(...wanted);
      if (focused && list.contains(focused) && document.activeElement !== focused) focused.focus();
    }

    // One tab stop: the focused item, else the batch shown, else the first.
    if (!focusId || !items.has(focusId)) focusId = items.has(state.currentId) ? state.currentId : entries[0]?.id ?? null;
    for (const [id, parts] of items) parts.button.tabIndex = id === focusId ? 0 : -1;

    const open = state.historyOpen && isNarrow();
    screen.dataset.historyOpen = String(open);
    toggle.setAttribute('aria-expanded', String(open));
  }

  function focusAfterRemoval(id, entries) {
    const order = [...items.keys()];
    const at = order.indexOf(id);
    const next = order.slice(at + 1).concat(order.slice(0, at).reverse()).find((other) => state.history.has(other));
    focusId = next ?? null;
    if (next) queueMicrotask(() => items.get(next)?.button.focus());
    else if (entries.length === 0) queueMicrotask(() => document.getElementById('paste-input')?.focus());
  }

  function choose(id) {
    focusId = id;
    app.openKnown(id);
    if (isNarrow() && state.historyOpen) {
      app.setHistoryOpen(false);
      document.getElementById('batch-title')?.focus();
    }
  }

  list.addEventListener('keydown', (event) => {
    if (event.altKey || event.ctrlKey || event.metaKey) return;
    const buttons = [...list.querySelectorAll('.history-item')];
    const at = buttons.indexOf(event.target);
    if (at < 0) return;
    const next = moveActive(at, event.key, { count: buttons.length, pageSize: 5 });
    if (next === null) return;
    event.preventDefault();
    focusId = buttons[next].dataset.id;
    for (const button of buttons) button.tabIndex = button === buttons[next] ? 0 : -1;
    buttons[next].focus();
  });

  list.addEventListener('focusin', (event) => {
    const id = event.target.closest?.('.history-item')?.dataset.id;
    if (id && id !== focusId) {
      focusId = id;
      for (const [other, parts] of items) parts.button.tabIndex = other === id ? 0 : -1;
    }
  });

  toggle.addEventListener('click', () => {
    const open = !state.historyOpen;
    app.setHistoryOpen(open);
    if (open) (items.get(focusId)?.button ?? sidebar).focus();
  });

  sidebar.addEventListener('keydown', (event) => {
    if (event.key === 'Escape' && state.historyOpen && isNarrow()) {
      event.preventDefault();
      app.setHistoryOpen(false);
      toggle.focus();
    }
  });

  narrow?.addEventListener?.('change', () => render());

  return { render };
}
