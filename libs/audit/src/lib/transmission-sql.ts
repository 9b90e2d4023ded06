import type { TransmissionFilterV1 } from '@hub/messaging-contracts';
import { decodeCursor, KeysetPosition } from './keyset-cursor';
import { textSearch } from './search-terms';
import { BODIES_TEXT, SEARCH_VECTOR, SUMMARY_SELECT } from './transmission-columns';

export interface SqlQuery {
  text: string;
  values: unknown[];
}

export const DEFAULT_PAGE = 50;

/** Thrown for a cursor this service did not issue; the transports answer it as a field error. */
export class InvalidCursorError extends Error {
  constructor() {
    super('cursor is not one this service issued');
  }
}

/** Parameterised WHERE clauses: values never enter the SQL text. */
class Where {
  readonly clauses: string[] = [];
  readonly values: unknown[] = [];

  add(sql: (p: string) => string, value: unknown): void {
    this.values.push(value);
    this.clauses.push(sql(`$${this.values.length}`));
  }

  param(value: unknown): string {
    this.values.push(value);
    return `$${this.values.length}`;
  }
}

export interface PageOptions {
  limit?: number;
  after?: KeysetPosition;
  select?: string;
  /** Words too common to ask the text index for (see `textSearch`). */
  isCommonWord?: (word: string) => boolean;
}

/** Every query starts with the merchant: one merchant never sees another's records. */
function filtered(merchantId: string, f: TransmissionFilterV1, isCommonWord?: (word: string) => boolean): Where {
  const w = new Where();
  w.add((p) => `merchant_id = ${p}`, merchantId);
  if (f.integration) w.add((p) => `integration = ${p}`, f.integration);
  if (f.type) w.add((p) => `type = ${p}`, f.type);
  if (f.status) w.add((p) => `status = ${p}`, f.status);
  if (f.direction) w.add((p) => `direction = ${p}`, f.direction);
  if (f.orderId) w.add((p) => `order_id = ${p}`, f.orderId);
  if (f.customerEmail) w.add((p) => `customer_email = ${p}`, f.customerEmail.trim().toLowerCase());
  if (f.correlationId) w.add((p) => `correlation_id = ${p}`, f.correlationId);
  if (f.from) w.add((p) => `occurred_at >= ${p}`, f.from);
  if (f.to) w.add((p) => `occurred_at < ${p}`, f.to);
  if (f.text) {
    // Whole words or a phrase, any case: the words through the GIN index on the stored terms,
    // then, for several words, all of them in order checked on the bodies of the records it found.
    // Words too short for the index only in the check, over the merchant's records, newest first.
    const search = textSearch(f.text, isCommonWord);
    if (!search) w.clauses.push('false');
    else {
      if (search.tsquery) w.add((p) => `${SEARCH_VECTOR} @@ ${p}::tsquery`, search.tsquery);
      if (search.phrase) w.add((p) => `(${BODIES_TEXT}) ~* ${p}`, search.phrase);
    }
  }
  return w;
}

/**
 * A page of the filtered log, newest first, one row more than asked (to know whether a next page
 * exists). With `bodies`, request and response bodies are selected too (CSV export).
 */
export function pageQuery(merchantId: string, f: TransmissionFilterV1, opts: PageOptions = {}): SqlQuery {
  const w = filtered(merchantId, f, opts.isCommonWord);
  const after = opts.after ?? (f.cursor ? decodeCursor(f.cursor) : undefined);
  if (f.cursor && !after) throw new InvalidCursorError();
  if (after) {
    const at = w.param(after.occurredAt);
    const id = w.param(after.id);
    w.clauses.push(`(occurred_at, id) < (${at}::timestamptz, ${id}::uuid)`);
  }
  const limit = w.param((opts.limit ?? f.limit ?? DEFAULT_PAGE) + 1);
  return {
    text: `SELECT ${opts.select ?? SUMMARY_SELECT} FROM transmissions WHERE ${w.clauses.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`,
    values: w.values,
  };
}

/**
 * The whole story of one order, oldest first: its own records, and every record sharing a
 * correlation id with them (the inbound webhook, the mapping, each CRM call and retry).
 */
export function timelineQuery(merchantId: string, orderId: string, limit = 1_000): SqlQuery {
  return {
    text: `SELECT ${SUMMARY_SELECT} FROM transmissions
      WHERE merchant_id = $1 AND (order_id = $2 OR correlation_id IN (
        SELECT DISTINCT correlation_id FROM transmissions WHERE merchant_id = $1 AND order_id = $2 AND correlation_id IS NOT NULL))
      ORDER BY occurred_at, id LIMIT $3`,
    values: [merchantId, orderId, limit],
  };
}
