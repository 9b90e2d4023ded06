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

// Arrays become `*/*a*/*b*/*`: leading and trailing delimiter, as in the official `Sequences` example.
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
  if (!Array.isArray(value)) {
    throw badInput(path, 'expected a string, a number or an array of them');
  }
  const items = (value as readonly (string | number)[]).map((item, index) => {
    const text = String(item);
    if (text === '' || text.includes(MULTI_VALUE_DELIMITER)) {
      throw badInput(
        `${path}[${index}]`,
        `a multi-value item may not be empty or contain ${MULTI_VALUE_DELIMITER}`,
      );
    }
    return text;
  });
  return items.length === 0
    ? ''
    : `${MULTI_VALUE_DELIMITER}${items.join(MULTI_VALUE_DELIMITER)}${MULTI_VALUE_DELIMITER}`;
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
