/**
 * The `condition` parameter of ONTRAPORT collection GETs: URL-encoded JSON such as
 * `[{"field":{"field":"name"},"op":"=","value":{"value":"My Product"}},"AND",{…}]`.
 * `IN` / `NOT IN` take `"value":{"list":[{"value":1},{"value":2}]}` (OP-SDK `Criteria`).
 * Matching follows MySQL habits: string comparison is case-insensitive, numbers compare as numbers,
 * empty fields behave as NULL, and AND binds tighter than OR.
 */

export const CONDITION_OPERATORS = ['=', '<>', '>', '<', '>=', '<=', 'IN', 'NOT IN', 'IS', 'LIKE'] as const;
export type ConditionOperator = (typeof CONDITION_OPERATORS)[number];

export type FieldValue = string | number | null | undefined;
export type ConditionScalar = string | number | boolean | null;

export interface ConditionTerm {
  field: string;
  op: ConditionOperator;
  value: ConditionScalar | ConditionScalar[];
}

/** Disjunctive form: the record matches when every term of at least one group matches. */
export interface ParsedCondition {
  groups: ConditionTerm[][];
}

export class ConditionError extends Error {
  override readonly name = 'ConditionError';
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function isScalar(value: unknown): value is ConditionScalar {
  return value === null || ['string', 'number', 'boolean'].includes(typeof value);
}

function isOperator(value: unknown): value is ConditionOperator {
  return typeof value === 'string' && (CONDITION_OPERATORS as readonly string[]).includes(value.toUpperCase());
}

function parseTerm(raw: unknown, index: number): ConditionTerm {
  if (!isRecord(raw)) throw new ConditionError(`Invalid condition: element ${index} is not an object`);
  const field = isRecord(raw['field']) ? raw['field']['field'] : undefined;
  if (typeof field !== 'string' || field === '') {
    throw new ConditionError(`Invalid condition: element ${index} has no field.field`);
  }
  const op = raw['op'];
  if (!isOperator(op)) throw new ConditionError(`Invalid condition operator ${JSON.stringify(op)}`);
  const normalizedOp = op.toUpperCase() as ConditionOperator;
  const value = raw['value'];
  if (!isRecord(value)) throw new ConditionError(`Invalid condition: element ${index} has no value`);
  if (normalizedOp === 'IN' || normalizedOp === 'NOT IN') {
    const list = value['list'];
    if (!Array.isArray(list)) throw new ConditionError(`Invalid condition: ${normalizedOp} needs value.list`);
    const items = list.map((item: unknown) => (isRecord(item) ? item['value'] : undefined));
    if (!items.every(isScalar)) throw new ConditionError(`Invalid condition: ${normalizedOp} list items need a value`);
    return { field, op: normalizedOp, value: items };
  }
  const scalar = value['value'];
  if (!isScalar(scalar)) throw new ConditionError(`Invalid condition: element ${index} value.value is not a scalar`);
  return { field, op: normalizedOp, value: scalar };
}

export function parseCondition(text: string): ParsedCondition {
  let raw: unknown;
  try {
    raw = JSON.parse(text);
  } catch {
    throw new ConditionError('Invalid condition: not JSON');
  }
  const elements = Array.isArray(raw) ? raw : [raw];
  const groups: ConditionTerm[][] = [[]];
  let expectTerm = true;
  elements.forEach((element: unknown, index) => {
    if (expectTerm) {
      groups[groups.length - 1].push(parseTerm(element, index));
    } else {
      const join = typeof element === 'string' ? element.toUpperCase() : '';
      if (join === 'OR') groups.push([]);
      else if (join !== 'AND')
        throw new ConditionError(`Invalid condition: expected "AND" or "OR" at element ${index}`);
    }
    expectTerm = !expectTerm;
  });
  if (expectTerm && elements.length > 0) throw new ConditionError('Invalid condition: ends with AND/OR');
  return { groups: groups.filter((g) => g.length > 0) };
}

function isNull(value: FieldValue | ConditionScalar): boolean {
  return value === null || value === undefined || value === '';
}

function asNumber(value: FieldValue | ConditionScalar): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string' && value.trim() !== '' && Number.isFinite(Number(value))) return Number(value);
  return null;
}

/** <0, 0, >0 like SQL; numeric when both sides look numeric, else case-insensitive text. */
function compare(left: FieldValue, right: ConditionScalar): number {
  const l = asNumber(left);
  const r = asNumber(right);
  if (l !== null && r !== null) return l - r;
  const ls = String(left).toLowerCase();
  const rs = String(right).toLowerCase();
  return ls < rs ? -1 : ls > rs ? 1 : 0;
}

function likeToRegExp(pattern: string): RegExp {
  let source = '';
  for (let i = 0; i < pattern.length; i += 1) {
    const ch = pattern[i];
    if (ch === '\\' && i + 1 < pattern.length) {
      i += 1;
      source += pattern[i].replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
    } else if (ch === '%') source += '[\\s\\S]*';
    else if (ch === '_') source += '[\\s\\S]';
    else source += ch.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  }
  return new RegExp(`^${source}$`, 'i');
}

function matchesTerm(record: Record<string, FieldValue>, term: ConditionTerm): boolean {
  const actual = record[term.field];
  const { op, value } = term;
  if (Array.isArray(value)) {
    if (isNull(actual)) return false;
    const found = value.some((v) => !isNull(v) && compare(actual, v) === 0);
    return op === 'IN' ? found : !found;
  }
  if (op === 'IS') {
    const wanted = typeof value === 'string' ? value.toUpperCase() : value;
    if (wanted === null || wanted === 'NULL') return isNull(actual);
    if (wanted === 'NOT NULL') return !isNull(actual);
    return !isNull(actual) && compare(actual, value) === 0;
  }
  if (isNull(actual) || value === null) return false;
  switch (op) {
    case '=':
      return compare(actual, value) === 0;
    case '<>':
      return compare(actual, value) !== 0;
    case '>':
      return compare(actual, value) > 0;
    case '<':
      return compare(actual, value) < 0;
    case '>=':
      return compare(actual, value) >= 0;
    case '<=':
      return compare(actual, value) <= 0;
    case 'LIKE':
      return likeToRegExp(String(value)).test(String(actual));
    default:
      return false;
  }
}

export function matchesCondition(record: Record<string, FieldValue>, condition: ParsedCondition): boolean {
  if (condition.groups.length === 0) return true;
  return condition.groups.some((group) => group.every((term) => matchesTerm(record, term)));
}
