// The "Columns used" pickers that "Add to my spreadsheet" and "Find numbers for a list" share:
// one labelled select per role, offering the sheet's columns or none.

import { t } from './locale.js';
import { el } from './dom.js';
import { ROLE_KEYS } from './merge-summary.js';

/**
 * Fills `list` with a picker per `choices` role (`{ role, column }`), offering `offered`
 * columns (`{ index, label }`). Each select's id and test id are `${prefix}-${role}`;
 * `onChange(role, value)` gets a column's index as text, or '' for none. `flagged(role)` marks
 * a role's label as missing. The role in `focusRole` gets the focus back once drawn.
 */
export function renderColumnPickers(list, { choices, offered, prefix, disabled, onChange, flagged = () => false, focusRole = null }) {
  list.replaceChildren(...choices.flatMap(({ role, column }) => {
    const id = `${prefix}-${role}`;
    const select = el('select', { testid: id, attrs: { id }, on: { change: () => onChange(role, select.value) } }, [
      el('option', { text: t('merge.column.none'), attrs: { value: '' } }),
      ...offered.map((offer) => el('option', { text: offer.label ?? '', attrs: { value: String(offer.index) } })),
    ]);
    select.value = column === null || column === undefined ? '' : String(column);
    select.disabled = disabled;
    const label = el('label', { text: t(ROLE_KEYS[role] ?? role), attrs: { for: id } });
    if (flagged(role)) label.className = 'merge-column-missing';
    return [label, select];
  }));
  if (focusRole && !disabled) document.getElementById(`${prefix}-${focusRole}`)?.focus();
}
