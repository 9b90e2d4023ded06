import * as countries from 'i18n-iso-countries';

// A JSON locale file: required, as the workspace does not compile JSON imports.
countries.registerLocale(require('i18n-iso-countries/langs/en.json'));

/** The legacy API's booleans: true/false, Y/N, yes/no, 1/0 (any case). Anything else stays as sent, to be refused. */
export function toBoolean(value: unknown): unknown {
  if (typeof value === 'boolean' || value === undefined || value === null) return value;
  const s = String(value).trim().toLowerCase();
  if (['true', 'y', 'yes', '1'].includes(s)) return true;
  if (['false', 'n', 'no', '0'].includes(s)) return false;
  return value;
}

/** Form values are text: a number-looking string becomes a number; anything else stays, to be refused. */
export function toNumber(value: unknown): unknown {
  if (typeof value !== 'string') return value;
  const s = value.trim();
  return /^-?\d+(\.\d+)?$/.test(s) ? Number(s) : value;
}

/**
 * "Use the full spelling that UltraCart uses or provide the ISO-3166 two letter country code":
 * both become the alpha-2 code; undefined when neither is recognised.
 */
export function normalizeCountry(value: string): string | undefined {
  const s = value.trim();
  if (/^[A-Za-z]{2}$/.test(s)) return countries.isValid(s.toUpperCase()) ? s.toUpperCase() : undefined;
  // The library scans every name; partners send a handful of spellings over and over.
  let code = countryByName.get(s);
  if (code === undefined) {
    code = countries.getAlpha2Code(s, 'en') ?? null;
    if (countryByName.size < 2_000) countryByName.set(s, code);
  }
  return code ?? undefined;
}

const countryByName = new Map<string, string | null>();

/** `MM/DD/YYYY`, a real calendar day. */
export function parseUsDate(value: string): Date | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  return calendarDate(Number(m[3]), Number(m[1]), Number(m[2]));
}

/** `MM/DD/YYYY HH:MM:SS` (24-hour), as the authorization timestamp is given. */
export function parseUsTimestamp(value: string): Date | undefined {
  const m = /^(\d{2})\/(\d{2})\/(\d{4}) (\d{2}):(\d{2}):(\d{2})$/.exec(value.trim());
  if (!m) return undefined;
  const day = calendarDate(Number(m[3]), Number(m[1]), Number(m[2]));
  const [h, min, s] = [Number(m[4]), Number(m[5]), Number(m[6])];
  if (!day || h > 23 || min > 59 || s > 59) return undefined;
  return new Date(day.getTime() + ((h * 60 + min) * 60 + s) * 1000);
}

function calendarDate(year: number, month: number, day: number): Date | undefined {
  const d = new Date(Date.UTC(year, month - 1, day));
  return d.getUTCFullYear() === year && d.getUTCMonth() === month - 1 && d.getUTCDate() === day ? d : undefined;
}

/** `MM/YY` or `MM/YYYY` → month and four-digit year. */
export function parseMonthYear(value: string): { month: number; year: number } | undefined {
  const m = /^(\d{1,2})\/(\d{2}|\d{4})$/.exec(value.trim());
  if (!m) return undefined;
  const month = Number(m[1]);
  const year = m[2].length === 2 ? 2000 + Number(m[2]) : Number(m[2]);
  return month >= 1 && month <= 12 ? { month, year } : undefined;
}
