import type { TransmissionFilterV1 } from '@hub/messaging-contracts';
import { decodeCursor, KeysetPosition } from './keyset-cursor';
import { textSearch } from './search-terms';
import { BODIES_TEXT, SEARCH_VECTOR, SUMMARY_SELECT } from './transmission-columns';

export interface SqlQuery {
  text: string;
  values: unknown[];
  /**
   * A statement to run first, in the same transaction (`SET LOCAL`: it ends with it), for a plan
   * PostgreSQL would not pick by itself. Set only by `pageQuery`, see `WALK_NEWEST_FIRST`.
   */
  setLocal?: string;
}

/**
 * A page of a text search with no word the index holds (only short or structural words, see
 * @hub/audit `textSearch`) is found by the phrase check alone, over the merchant's records. The
 * way that stops early: walk the merchant's records newest first through the
 * (merchant_id, occurred_at DESC, id DESC) index, each partition in turn (an ordered Append, no
 * sort), and stop once the page is full. PostgreSQL does not choose it: it estimates that almost
 * no record matches a regular expression (about 1 in 6,000), so it reads every record of the
 * merchant and sorts the matches, even when every record matches (`firstname`, `us`: 25–45 ms p50
 * at 6,000 records per merchant, about a second at 100,000; walking: under 1 ms). Without a sort
 * to choose, it walks. A phrase that few or no records hold still reads every record of the
 * merchant in the range asked for: no index can answer it, that is the price of not indexing
 * these words (see `STRUCTURAL_WORDS`), and the walk costs about what the read-and-sort did.
 *
 * Not with an order id, email or correlation id filter: their own indexes find a handful of
 * records, which the sort then orders for nothing; disabling the sort could make PostgreSQL walk
 * all the merchant's records instead.
 */
export const WALK_NEWEST_FIRST = 'SET LOCAL enable_sort = off';

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
  /** A text search the index cannot help with: the phrase check alone decides. */
  phraseOnly = false;

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
    // Words the index does not hold only in the check, over the merchant's records, newest first
    // (`WALK_NEWEST_FIRST`).
    const search = textSearch(f.text, isCommonWord);
    if (!search) w.clauses.push('false');
    else {
      if (search.tsquery) w.add((p) => `${SEARCH_VECTOR} @@ ${p}::tsquery`, search.tsquery);
      if (search.phrase) w.add((p) => `(${BODIES_TEXT}) ~* ${p}`, search.phrase);
      w.phraseOnly = !search.tsquery;
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
  const walk = w.phraseOnly && !f.orderId && !f.customerEmail && !f.correlationId;
  return {
    text: `SELECT ${opts.select ?? SUMMARY_SELECT} FROM transmissions WHERE ${w.clauses.join(' AND ')} ORDER BY occurred_at DESC, id DESC LIMIT ${limit}`,
    values: w.values,
    ...(walk ? { setLocal: WALK_NEWEST_FIRST } : {}),
  };
}

/**
 * The whole story of one order, oldest first: its own records, and every record sharing a
 * correlation id with them (the inbound webhook, the mapping, each CRM call and retry). The
 * correlation ids go in as an array (an InitPlan), so each partition reads them through its
 * correlation index; `IN (subquery)` was a hashed subplan tested against every record of the
 * merchant (450,000 records over 90 days: p50 31.7 -> 2.2 ms, partition-width.bench.ts).
 */
export function timelineQuery(merchantId: string, orderId: string, limit = 1_000): SqlQuery {
  return {
    text: `SELECT ${SUMMARY_SELECT} FROM transmissions
      WHERE merchant_id = $1 AND (order_id = $2 OR correlation_id = ANY(ARRAY(
        SELECT DISTINCT correlation_id FROM transmissions WHERE merchant_id = $1 AND order_id = $2 AND correlation_id IS NOT NULL)))
      ORDER BY occurred_at, id LIMIT $3`,
    values: [merchantId, orderId, limit],
  };
}
