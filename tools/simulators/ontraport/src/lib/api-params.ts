import { ConditionError, matchesCondition, parseCondition } from './ontraport-condition';
import { badRequest } from './ontraport-api.error';

/** Parameters of one API call: query string merged with the body (the body wins). */
export type ApiParams = Record<string, unknown>;

/** ONTRAPORT answers every scalar as a string ("id":"8"); empty fields come back as null. */
export type WireRecord = Record<string, string | null>;

/** ONTRAPORT caps `range` at 50 per page. */
export const MAX_RANGE = 50;

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function looksLikeJson(contentType: string, body: string): boolean {
  if (contentType.includes('json')) return true;
  if (contentType.includes('x-www-form-urlencoded')) return false;
  const first = body.trimStart()[0];
  return first === '{' || first === '[';
}

/**
 * The SDK sends form-urlencoded for contacts and JSON for products and transactions; WP Fusion sends
 * JSON everywhere. Both are accepted on every endpoint, chosen by Content-Type (or the body's shape).
 */
export function parseRequestParams(query: URLSearchParams, body: string, contentType: string): ApiParams {
  const params: ApiParams = Object.fromEntries(query.entries());
  if (body.trim() === '') return params;
  if (!looksLikeJson(contentType, body)) {
    return { ...params, ...Object.fromEntries(new URLSearchParams(body).entries()) };
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(body);
  } catch {
    throw badRequest('Malformed JSON in request body');
  }
  if (!isPlainObject(parsed)) throw badRequest('Request body must be a JSON object');
  return { ...params, ...parsed };
}

/** A value as ONTRAPORT would store it in a text field. */
export function toFieldText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return value;
  if (typeof value === 'number' || typeof value === 'boolean') return String(value);
  return JSON.stringify(value);
}

export function optionalText(params: ApiParams, key: string): string | undefined {
  const value = params[key];
  return value === undefined || value === null ? undefined : toFieldText(value);
}

/** A whole number ≥ `min`, from a number or a numeric string; undefined when absent. */
export function optionalInteger(params: ApiParams, key: string, min = 0): number | undefined {
  const value = params[key];
  if (value === undefined || value === null || value === '') return undefined;
  const n = typeof value === 'number' ? value : typeof value === 'string' ? Number(value.trim()) : NaN;
  if (!Number.isInteger(n) || n < min) throw badRequest(`Invalid ${key}`);
  return n;
}

export function requiredId(params: ApiParams, key = 'id'): number {
  const id = optionalInteger(params, key, 1);
  if (id === undefined) throw badRequest(`Missing required parameter: ${key}`);
  return id;
}

/** `ids` as a JSON array (`[1,2]`) or a comma list (`"1,2"`), both seen in clients. */
export function idList(value: unknown, key = 'ids'): number[] {
  const items = Array.isArray(value)
    ? value
    : typeof value === 'string' || typeof value === 'number'
      ? String(value).split(',')
      : [];
  const ids = items.map((item: unknown) => (typeof item === 'number' ? item : Number(String(item).trim())));
  if (ids.length === 0 || !ids.every((id) => Number.isInteger(id) && id > 0)) throw badRequest(`Invalid ${key}`);
  return ids;
}

export function money(cents: number): string {
  return (cents / 100).toFixed(2);
}

/** GET collection semantics: ids, condition, sort/sortDir, start, range (≤ 50). */
export function listPage(records: WireRecord[], params: ApiParams): WireRecord[] {
  let rows = records;
  if (params['ids'] !== undefined && params['ids'] !== '') {
    const wanted = new Set(idList(params['ids']).map(String));
    rows = rows.filter((r) => r['id'] !== null && wanted.has(r['id']));
  }
  const conditionText = optionalText(params, 'condition');
  if (conditionText !== undefined && conditionText !== '') {
    try {
      const condition = parseCondition(conditionText);
      rows = rows.filter((r) => matchesCondition(r, condition));
    } catch (error) {
      if (error instanceof ConditionError) throw badRequest(error.message);
      throw error;
    }
  }
  const sort = optionalText(params, 'sort');
  if (sort) {
    const direction = optionalText(params, 'sortDir')?.toLowerCase() === 'desc' ? -1 : 1;
    rows = [...rows].sort((a, b) => {
      const x = a[sort] ?? '';
      const y = b[sort] ?? '';
      const numeric = x !== '' && y !== '' && !Number.isNaN(Number(x)) && !Number.isNaN(Number(y));
      return direction * (numeric ? Number(x) - Number(y) : x.localeCompare(y));
    });
  }
  const start = optionalInteger(params, 'start') ?? 0;
  const range = Math.min(optionalInteger(params, 'range', 1) ?? MAX_RANGE, MAX_RANGE);
  return rows.slice(start, start + range);
}
