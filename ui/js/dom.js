// Small DOM helpers. Text only ever goes in through textContent.

import { t } from './locale.js';

export function byTestId(id, root = document) {
  return root.querySelector(`[data-testid="${id}"]`);
}

/** Writes only on change, so live regions do not announce the same words again. */
export function setText(node, text) {
  const value = String(text ?? '');
  if (node.textContent !== value) node.textContent = value;
}

export function show(node, visible) {
  node.hidden = !visible;
}

/**
 * Builds an element. `props`: className, text, testid, type, attrs (plain attributes),
 * dataset, on (event listeners). There is deliberately no way to pass HTML or a style.
 */
export function el(tag, props = {}, children = []) {
  const node = document.createElement(tag);
  if (props.className) node.className = props.className;
  if (props.type) node.type = props.type;
  if (props.testid) node.dataset.testid = props.testid;
  if (props.text !== undefined) node.textContent = String(props.text);
  for (const [name, value] of Object.entries(props.attrs ?? {})) node.setAttribute(name, value);
  Object.assign(node.dataset, props.dataset ?? {});
  for (const [name, handler] of Object.entries(props.on ?? {})) node.addEventListener(name, handler);
  node.append(...children);
  return node;
}

const ATTRIBUTE_HOOKS = [
  ['data-i18n-placeholder', 'placeholder'],
  ['data-i18n-aria-label', 'aria-label'],
  ['data-i18n-title', 'title'],
];

/** Fills every element marked with data-i18n* in the static page, for the current language. */
export function translateStatic(root = document) {
  for (const node of root.querySelectorAll('[data-i18n]')) setText(node, t(node.dataset.i18n));
  for (const [hook, attribute] of ATTRIBUTE_HOOKS) {
    for (const node of root.querySelectorAll(`[${hook}]`)) {
      node.setAttribute(attribute, t(node.getAttribute(hook)));
    }
  }
}
