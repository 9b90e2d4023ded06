/**
 * Exact text forms of the XML-RPC scalar types, both ways. Every rejection is a
 * `CodecError('XMLRPC_BAD_VALUE')` carrying the path of the offending value.
 */
import { CodecError, codecError } from './xml-rpc.errors';

const INT32_MIN = -(2 ** 31);
const INT32_MAX = 2 ** 31 - 1;
const I8_MIN = -(2n ** 63n);
const I8_MAX = 2n ** 63n - 1n;

const bad = (path: string, message: string): CodecError =>
  codecError('XMLRPC_BAD_VALUE', message, path);

export function formatInt(value: number, path: string): string {
  if (!Number.isInteger(value) || value < INT32_MIN || value > INT32_MAX) {
    throw bad(
      path,
      `${value} is not a 32-bit integer; use xmlRpc.i8() or xmlRpc.double() explicitly`,
    );
  }
  return String(value);
}

export function formatI8(value: bigint, path: string): string {
  if (value < I8_MIN || value > I8_MAX) {
    throw bad(path, `${value} does not fit in a 64-bit integer`);
  }
  return value.toString();
}

/** Plain decimal notation: the XML-RPC spec has no exponent form, so 1e21 is written out in full. */
export function formatDouble(value: number, path: string): string {
  if (!Number.isFinite(value)) {
    throw bad(path, `${value} has no XML-RPC representation`);
  }
  if (Object.is(value, -0)) {
    return '-0.0';
  }
  let text = String(value);
  const exponent = text.includes('e')
    ? /^(-?)(\d)(?:\.(\d+))?e([+-]\d+)$/.exec(text)
    : null;
  if (exponent) {
    const [, sign, lead, rest = '', power] = exponent;
    const digits = lead + rest;
    const point = 1 + Number(power);
    if (point <= 0) {
      text = `${sign}0.${'0'.repeat(-point)}${digits}`;
    } else if (point >= digits.length) {
      text = `${sign}${digits}${'0'.repeat(point - digits.length)}`;
    } else {
      text = `${sign}${digits.slice(0, point)}.${digits.slice(point)}`;
    }
  }
  return text.includes('.') ? text : `${text}.0`;
}

export function formatBoolean(value: boolean): string {
  return value ? '1' : '0';
}

/** `YYYYMMDDTHH:MM:SS` in UTC, the form Infusionsoft and Python's xmlrpc.client write and read. */
export function formatDateTime(value: Date, path: string): string {
  const time = value.getTime();
  if (Number.isNaN(time)) {
    throw bad(path, 'invalid Date');
  }
  const year = value.getUTCFullYear();
  if (year < 0 || year > 9999) {
    throw bad(path, `year ${year} is outside 0000-9999`);
  }
  const pad = (n: number, width = 2): string => String(n).padStart(width, '0');
  // The wire form has no fraction: milliseconds are dropped.
  return (
    `${pad(year, 4)}${pad(value.getUTCMonth() + 1)}${pad(value.getUTCDate())}` +
    `T${pad(value.getUTCHours())}:${pad(value.getUTCMinutes())}:${pad(value.getUTCSeconds())}`
  );
}

export function formatBase64(value: Uint8Array): string {
  return Buffer.from(value.buffer, value.byteOffset, value.byteLength).toString(
    'base64',
  );
}

/**
 * `<int>`/`<i4>`. The spec says 32-bit; other servers' larger values are still accepted as long as a
 * JS number holds them exactly.
 */
export function parseInt32(text: string, path: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) {
    throw bad(path, `"${preview(text)}" is not an integer`);
  }
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) {
    throw bad(path, `${trimmed} is too large to decode exactly`);
  }
  return value === 0 ? 0 : value;
}

export function parseI8(text: string, path: string): bigint {
  const trimmed = text.trim();
  if (!/^[+-]?\d+$/.test(trimmed)) {
    throw bad(path, `"${preview(text)}" is not an integer`);
  }
  const value = BigInt(trimmed);
  if (value < I8_MIN || value > I8_MAX) {
    throw bad(path, `${trimmed} does not fit in a 64-bit integer`);
  }
  return value;
}

/** Accepts exponents too, since Python's xmlrpc.client writes `repr(float)` (e.g. `1e+100`). */
export function parseDouble(text: string, path: string): number {
  const trimmed = text.trim();
  if (!/^[+-]?(?:\d+(?:\.\d*)?|\.\d+)(?:[eE][+-]?\d+)?$/.test(trimmed)) {
    throw bad(path, `"${preview(text)}" is not a double`);
  }
  const value = Number(trimmed);
  if (!Number.isFinite(value)) {
    throw bad(path, `${trimmed} is out of range for a double`);
  }
  return value;
}

export function parseBoolean(text: string, path: string): boolean {
  switch (text.trim().toLowerCase()) {
    case '1':
    case 'true':
      return true;
    case '0':
    case 'false':
      return false;
    default:
      throw bad(path, `"${preview(text)}" is not a boolean (0 or 1)`);
  }
}

// Basic (`20080908T00:00:00`, `20080908T000000`) or extended (`2008-09-08T00:00:00`) forms, optional
// fraction, optional `Z` or `±HH[:MM]`; the back-references keep each part's separators consistent.
const DATE_TIME =
  /^(\d{4})(-?)(\d{2})\2(\d{2})T(\d{2})(:?)(\d{2})\6(\d{2})(?:[.,](\d{1,9}))?(Z|[+-]\d{2}(?::?\d{2})?)?$/;

export function parseDateTime(
  text: string,
  path: string,
): { value: Date; hasZone: boolean } {
  const match = DATE_TIME.exec(text.trim());
  if (!match) {
    throw bad(path, `"${preview(text)}" is not an ISO 8601 date-time`);
  }
  const [, y, , mo, d, h, , mi, s, fraction = '', zone] = match;
  const [year, month, day, hour, minute, second] = [y, mo, d, h, mi, s].map(
    Number,
  );
  if (
    month < 1 ||
    month > 12 ||
    day < 1 ||
    day > daysInMonth(year, month) ||
    hour > 23 ||
    minute > 59 ||
    second > 59
  ) {
    throw bad(path, `"${preview(text)}" is not a valid calendar date-time`);
  }
  let offsetMinutes = 0;
  if (zone !== undefined && zone !== 'Z') {
    const [, sign, zh, zm = '00'] =
      /^([+-])(\d{2}):?(\d{2})?$/.exec(zone) ?? [];
    if (Number(zh) > 23 || Number(zm) > 59) {
      throw bad(path, `"${zone}" is not a valid UTC offset`);
    }
    offsetMinutes = (sign === '-' ? -1 : 1) * (Number(zh) * 60 + Number(zm));
  }
  const date = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0-99 onto 1900-1999.
  date.setUTCFullYear(year, month - 1, day);
  date.setUTCHours(
    hour,
    minute,
    second,
    Number(fraction.padEnd(3, '0').slice(0, 3)),
  );
  return {
    value: new Date(date.getTime() - offsetMinutes * 60_000),
    hasZone: zone !== undefined,
  };
}

export function parseBase64(text: string, path: string): Uint8Array {
  const compact = text.replace(/[\t\n\r ]/g, '');
  if (
    !/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/.test(
      compact,
    )
  ) {
    throw bad(path, 'not valid base64');
  }
  return Uint8Array.from(Buffer.from(compact, 'base64'));
}

function daysInMonth(year: number, month: number): number {
  const leap = (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
  return [31, leap ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][
    month - 1
  ];
}

function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}
