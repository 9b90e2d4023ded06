/**
 * Input checks and text forms shared by the request builders. Every rejection is a
 * `CodecError('ONTRAPORT_BAD_INPUT')` naming the offending input.
 */
import { escapeXmlAttribute, escapeXmlText } from '@hub/codecs-xml-core';
import {
  CodecError,
  codecError,
  ONTRAPORT_CODEC,
} from './ontraport-xml.errors';
import { Amount, FieldInput } from './ontraport-xml.types';

export const MULTI_VALUE_DELIMITER = '*/*';

export const badInput = (path: string, message: string): CodecError =>
  codecError('ONTRAPORT_BAD_INPUT', message, path);

export const badValue = (path: string, message: string): CodecError =>
  codecError('ONTRAPORT_BAD_VALUE', message, path);

export function preview(text: string): string {
  return text.length > 40 ? `${text.slice(0, 40)}…` : text;
}

export function positiveId(value: number, path: string): string {
  if (!Number.isSafeInteger(value) || value <= 0) {
    throw badInput(
      path,
      `expected a positive integer id, got ${String(value)}`,
    );
  }
  return String(value);
}

export function nonEmptyText(value: string, path: string): string {
  if (typeof value !== 'string' || value.trim() === '') {
    throw badInput(path, 'must be a non-empty string');
  }
  return value;
}

/** Two decimals, as in the official examples (`10.00`, `250.00`). */
export function formatAmount(
  amount: Amount,
  path: string,
  options: { allowZero: boolean },
): string {
  let cents: number;
  if (typeof amount === 'string') {
    const match = /^(\d+)(?:\.(\d{1,2}))?$/.exec(amount.trim());
    if (!match) {
      throw badInput(path, `"${amount}" is not a decimal amount like 10.00`);
    }
    cents = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  } else {
    const scaled = amount * 100;
    // Tolerates binary noise (0.1 + 0.2) but not a genuine third decimal (10.005).
    if (
      !Number.isFinite(amount) ||
      Math.abs(scaled - Math.round(scaled)) > 1e-6
    ) {
      throw badInput(
        path,
        `${amount} is not an amount with at most two decimals`,
      );
    }
    cents = Math.round(scaled);
  }
  if (
    cents < 0 ||
    (cents === 0 && !options.allowZero) ||
    !Number.isSafeInteger(cents)
  ) {
    throw badInput(path, `${String(amount)} is not a valid amount here`);
  }
  return `${Math.floor(cents / 100)}.${String(cents % 100).padStart(2, '0')}`;
}

export function amountAsNumber(amount: Amount, path: string): number {
  return Number(formatAmount(amount, path, { allowZero: true }));
}

export function epochSeconds(date: Date, path: string): number {
  const time = date instanceof Date ? date.getTime() : NaN;
  if (Number.isNaN(time)) {
    throw badInput(path, 'invalid Date');
  }
  // ONTRAPORT dates are Unix epoch seconds.
  return Math.floor(time / 1000);
}

/** A Date as ONTRAPORT writes it: Unix epoch seconds (milliseconds dropped), e.g. `1351753200`. */
export function formatEpochSeconds(date: Date): string {
  return String(epochSeconds(date, 'date'));
}

/**
 * Unix epoch seconds → Date; `0` and blank → null (how an unset date reads [UNCONFIRMED]; 1970-01-01
 * is never a real value here). Anything else is `ONTRAPORT_BAD_VALUE`.
 */
export function parseEpochSeconds(text: string, path = 'date'): Date | null {
  const trimmed = text.trim();
  if (trimmed === '') {
    return null;
  }
  const seconds = /^\d+$/.test(trimmed) ? Number(trimmed) : NaN;
  const date = new Date(seconds * 1000);
  if (Number.isNaN(date.getTime())) {
    throw badValue(path, `"${preview(text)}" is not Unix epoch seconds`);
  }
  return seconds === 0 ? null : date;
}

const DOLLARS = /^(-?)\$\s*(-?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?$/;

/**
 * `$10.00`, `$1,250.50`, `-$5.00` or `$-5.00` → number; undefined when the text is not in that form.
 * Both signs at once is `ONTRAPORT_BAD_VALUE`.
 */
export function parseDollars(text: string, path = 'price'): number | undefined {
  const match = DOLLARS.exec(text.trim());
  if (!match) {
    return undefined;
  }
  const [, outerSign, innerSign, whole, fraction = ''] = match;
  if (outerSign === '-' && innerSign === '-') {
    throw badValue(path, `"${preview(text)}" is not a price`);
  }
  const amount = Number(`${whole.replace(/,/g, '')}${fraction}`);
  return outerSign === '-' || innerSign === '-' ? -amount : amount;
}

/**
 * A number the way ONTRAPORT shows prices in responses: `$1,250.50`, `-$5.00`; at least two
 * decimals, more when the amount has them (`$0.125`), so that `parseDollars` gives it back exactly.
 */
export function formatDollars(amount: number, path = 'price'): string {
  if (!Number.isFinite(amount)) {
    throw badInput(path, `${amount} is not an amount`);
  }
  const magnitude = Math.abs(amount);
  let digits = String(magnitude);
  if (digits.includes('e')) {
    throw badInput(
      path,
      `${amount} is too large or too small to write as dollars`,
    );
  }
  if (Number(magnitude.toFixed(2)) === magnitude) {
    digits = magnitude.toFixed(2);
  }
  const [whole, fraction = ''] = digits.split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  const sign = amount < 0 ? '-' : '';
  return `${sign}$${grouped}.${fraction.padEnd(2, '0')}`;
}

/** `["a", "b"]` → `*\/*a*\/*b*\/*` (leading and trailing delimiter, as in the official `Sequences` example); `[]` → empty. */
export function formatMultiValue(
  items: readonly (string | number)[],
  path = 'value',
): string {
  const texts = items.map((item, index) => {
    const text = String(item);
    // An item ending in `*\/` would run into the next delimiter (`…*\/` + `*\/*`) and split wrongly.
    if (
      text === '' ||
      text.includes(MULTI_VALUE_DELIMITER) ||
      text.endsWith('*/')
    ) {
      throw badInput(
        `${path}[${index}]`,
        `a multi-value item may not be empty, contain ${MULTI_VALUE_DELIMITER} or end with */`,
      );
    }
    return text;
  });
  return texts.length === 0
    ? ''
    : `${MULTI_VALUE_DELIMITER}${texts.join(MULTI_VALUE_DELIMITER)}${MULTI_VALUE_DELIMITER}`;
}

/** `*\/*a*\/*b*\/*` (or `a*\/*b`) → `["a", "b"]`; empty items are dropped; text without the delimiter is one item. */
export function parseMultiValue(text: string): string[] {
  if (!text.includes(MULTI_VALUE_DELIMITER)) {
    return text.trim() === '' ? [] : [text];
  }
  return text.split(MULTI_VALUE_DELIMITER).filter((item) => item !== '');
}

// Arrays become `*/*a*/*b*/*`; Dates become epoch seconds.
export function formatFieldValue(value: FieldInput, path: string): string {
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) {
      throw badInput(path, `${value} is not a field value`);
    }
    return String(value);
  }
  if (typeof value === 'string') {
    return value;
  }
  if (value instanceof Date) {
    return String(epochSeconds(value, path));
  }
  if (!Array.isArray(value)) {
    throw badInput(
      path,
      'expected a string, a number, a Date or an array of strings and numbers',
    );
  }
  return formatMultiValue(value as readonly (string | number)[], path);
}

export function xmlText(value: string, path: string): string {
  try {
    return escapeXmlText(value, ONTRAPORT_CODEC);
  } catch (error) {
    throw error instanceof CodecError ? error.at(path) : error;
  }
}

export function xmlAttribute(value: string, path: string): string {
  try {
    return escapeXmlAttribute(value, ONTRAPORT_CODEC);
  } catch (error) {
    throw error instanceof CodecError ? error.at(path) : error;
  }
}

/** `name`, or `name["First Name"]` when the key is not an identifier. */
export function keyPath(path: string, key: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(key)
    ? `${path}.${key}`
    : `${path}[${JSON.stringify(key)}]`;
}
