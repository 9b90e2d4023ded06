import type { TransmissionRecordedV1 } from '@hub/messaging-contracts';

/** The columns a batch insert fills, in order, with their PostgreSQL array types (for `unnest`). */
export const INSERT_COLUMNS = [
  ['id', 'uuid'],
  ['merchant_id', 'text'],
  ['integration', 'text'],
  ['direction', 'text'],
  ['type', 'text'],
  ['status', 'text'],
  ['description', 'text'],
  ['order_id', 'text'],
  ['customer_email', 'text'],
  ['method', 'text'],
  ['url', 'text'],
  ['request_body', 'text'],
  ['response_body', 'text'],
  ['http_status', 'int'],
  ['duration_ms', 'int'],
  ['attempt', 'int'],
  ['correlation_id', 'text'],
  ['occurred_at', 'timestamptz'],
] as const;

/**
 * The full-text vector of both bodies. The GIN index is built on exactly this expression and
 * every text query repeats it, so PostgreSQL uses the index; nothing extra is stored per row.
 */
export const BODY_SEARCH_VECTOR = `to_tsvector('simple'::regconfig, left(coalesce(request_body, ''), 200000) || ' ' || left(coalesce(response_body, ''), 200000))`;

/** Summary columns (no bodies), as the API names them. */
export const SUMMARY_SELECT = `id, merchant_id AS "merchantId", integration, direction, type, status, description, order_id AS "orderId",
  customer_email AS "customerEmail", method, url, http_status AS "httpStatus", duration_ms AS "durationMs", attempt,
  correlation_id AS "correlationId", occurred_at AS "occurredAt", received_at AS "receivedAt"`;

export const DETAIL_SELECT = `${SUMMARY_SELECT}, request_body AS "requestBody", response_body AS "responseBody"`;

/**
 * One array per column for `INSERT … SELECT FROM unnest($1::uuid[], $2::text[], …)`: a batch is
 * one statement with a fixed number of parameters, whatever its size. Every text the sender wrote
 * goes through `redact` (audit-log does not trust that the sender redacted).
 */
export function toColumnArrays(records: readonly TransmissionRecordedV1[], redact: (text: string) => string): unknown[][] {
  const cols: unknown[][] = INSERT_COLUMNS.map(() => []);
  const text = (v: string | undefined) => (v === undefined || v === null ? null : redact(v));
  for (const r of records) {
    const row = [
      r.id,
      r.merchantId,
      r.integration,
      r.direction,
      r.type,
      r.status,
      redact(r.description),
      r.orderId ?? null,
      r.customerEmail ? r.customerEmail.trim().toLowerCase() : null,
      r.method ?? null,
      text(r.url),
      text(r.requestBody),
      text(r.responseBody),
      r.httpStatus ?? null,
      r.durationMs,
      r.attempt,
      r.correlationId ?? null,
      r.occurredAt,
    ];
    row.forEach((v, i) => cols[i].push(v));
  }
  return cols;
}

/** The batch insert; a redelivered record (same id and time) is stored once. */
export function batchInsertSql(): string {
  const names = INSERT_COLUMNS.map(([c]) => c).join(', ');
  const arrays = INSERT_COLUMNS.map(([, t], i) => `$${i + 1}::${t}[]`).join(', ');
  return `INSERT INTO transmissions (${names}) SELECT * FROM unnest(${arrays}) ON CONFLICT (id, occurred_at) DO NOTHING`;
}
