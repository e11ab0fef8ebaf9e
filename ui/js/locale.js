// The language in use now, and the translator and formatters bound to it. No DOM.

import { strings } from './strings.js';
import { translate } from './i18n.js';
import { formatNumber, formatPercent, formatDateTime, formatShortDateTime, formatShortDate, countryName } from './format.js';

let current = 'en';

export function setLanguage(lang) {
  current = lang;
}

export function language() {
  return current;
}

export function t(key, params) {
  return translate(strings, current, key, params);
}

export const fmt = {
  number: (n) => formatNumber(n, current),
  percent: (rate) => formatPercent(rate, current),
  dateTime: (ms) => formatDateTime(ms, current),
  shortDateTime: (ms) => formatShortDateTime(ms, current),
  shortDate: (ms) => formatShortDate(ms, current),
  country: (code) => countryName(code, current),
};
