// Numbers, percentages, durations, dates and country names for a language. Pure.

const caches = new Map();

function cached(kind, lang, make) {
  const id = `${kind}|${lang}`;
  let value = caches.get(id);
  if (value === undefined) {
    value = make();
    caches.set(id, value);
  }
  return value;
}

export function formatNumber(value, lang) {
  return cached('number', lang, () => new Intl.NumberFormat(lang)).format(value);
}

/**
 * A rate between 0 and 1 as a whole percentage. A rate that is not exactly 0 or 1 never
 * rounds to "0%" or "100%", which would claim nothing or everything was found.
 */
export function formatPercent(rate, lang) {
  const whole = cached('pct0', lang, () =>
    new Intl.NumberFormat(lang, { style: 'percent', maximumFractionDigits: 0 }));
  const rounded = Math.round(rate * 100);
  if ((rounded === 0 && rate > 0) || (rounded === 100 && rate < 1)) {
    const precise = cached('pct1', lang, () =>
      new Intl.NumberFormat(lang, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }));
    const clamped = rate > 0.5 ? Math.min(rate, 0.999) : Math.max(rate, 0.001);
    return precise.format(Math.trunc(clamped * 1000) / 1000);
  }
  return whole.format(rate);
}

/** Milliseconds left as whole minutes and seconds, rounded up so "0 s" means "now". */
export function splitDuration(ms) {
  const total = Math.max(0, Math.ceil((Number(ms) || 0) / 1000));
  return { total, minutes: Math.floor(total / 60), seconds: total % 60 };
}

export function formatDateTime(ms, lang) {
  return cached('datetime', lang, () =>
    new Intl.DateTimeFormat(lang, { dateStyle: 'medium', timeStyle: 'short' })).format(new Date(ms));
}

/** The country's name in the language, or null when unknown or not supported here. */
export function countryName(code, lang) {
  if (typeof code !== 'string' || !/^[A-Za-z]{2}$/.test(code)) return null;
  if (typeof Intl.DisplayNames !== 'function') return null;
  try {
    const names = cached('region', lang, () => new Intl.DisplayNames([lang], { type: 'region' }));
    const name = names.of(code.toUpperCase());
    return name && name.toUpperCase() !== code.toUpperCase() ? name : null;
  } catch {
    return null;
  }
}

/** The last part of a path, with either separator, for "Saved to …". */
export function fileName(path) {
  const parts = String(path ?? '').split(/[\\/]/);
  return parts[parts.length - 1] || String(path ?? '');
}

/**
 * A short date and time for notes such as "checked 28 Nov, 14:02" in the language's own order;
 * the year only when it is not the current one.
 */
export function formatShortDateTime(ms, lang, now = Date.now()) {
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  const format = cached(sameYear ? 'short' : 'shortYear', lang, () => new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
    hour: 'numeric',
    minute: '2-digit',
  }));
  return format.format(new Date(ms));
}

/** A short date for lists ("28 Nov"); the year only when it is not the current one. */
export function formatShortDate(ms, lang, now = Date.now()) {
  const sameYear = new Date(ms).getFullYear() === new Date(now).getFullYear();
  const format = cached(sameYear ? 'day' : 'dayYear', lang, () => new Intl.DateTimeFormat(lang, {
    day: 'numeric',
    month: 'short',
    ...(sameYear ? {} : { year: 'numeric' }),
  }));
  return format.format(new Date(ms));
}
