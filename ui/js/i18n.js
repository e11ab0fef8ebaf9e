// Language choice and string lookup. Pure: no DOM, so Node tests can import it.

export const LANGUAGES = ['en', 'nl', 'fr'];
export const FALLBACK = 'en';

/**
 * The language to show: the person's explicit choice, else the first supported language of
 * the system's preference list (navigator.languages), else English.
 */
export function pickLanguage(setting, preferred = []) {
  if (LANGUAGES.includes(setting)) return setting;
  for (const tag of preferred ?? []) {
    const base = String(tag).toLowerCase().split(/[-_]/)[0];
    if (LANGUAGES.includes(base)) return base;
  }
  return FALLBACK;
}

const pluralRules = new Map();
const numberFormats = new Map();

function cached(map, lang, make) {
  let value = map.get(lang);
  if (!value) {
    value = make(lang);
    map.set(lang, value);
  }
  return value;
}

/** The raw entry for a key: the language's own, else English's, else undefined. */
export function lookup(table, lang, key) {
  return table[lang]?.[key] ?? table[FALLBACK]?.[key];
}

/**
 * A string with {placeholders} filled in. Plural entries are objects keyed by
 * Intl.PluralRules categories and chosen by `params.count`; a missing category falls back to
 * `other` (French has a "many" form for millions that the table need not spell out).
 * Numbers are formatted for the language, so "36000" reads 36,000 / 36.000 / 36 000.
 */
export function translate(table, lang, key, params = {}) {
  let entry = lookup(table, lang, key);
  if (entry === undefined) return key;
  if (typeof entry === 'object') {
    const count = Number(params.count ?? 0);
    const category = cached(pluralRules, lang, (l) => new Intl.PluralRules(l)).select(count);
    entry = entry[category] ?? entry.other;
  }
  const numbers = cached(numberFormats, lang, (l) => new Intl.NumberFormat(l));
  return entry.replace(/\{(\w+)\}/g, (whole, name) => {
    if (!(name in params)) return whole;
    const value = params[name];
    return typeof value === 'number' ? numbers.format(value) : String(value);
  });
}

/** The {placeholder} names used in a string, sorted, for checking translations agree. */
export function placeholdersOf(text) {
  return [...new Set([...String(text).matchAll(/\{(\w+)\}/g)].map((m) => m[1]))].sort();
}
