import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentCorrelationId } from '@hub/platform';

export interface OutboxMessage {
  routingKey: string;
  payload: unknown;
  /** Defaults to a new UUID; the relay publishes it as the AMQP message id. */
  messageId?: string;
}

/** An outbox row as written: the payload already the JSON text to publish. */
export interface OutboxRow {
  routingKey: string;
  messageId: string;
  correlationId: string | null;
  payload: string;
}

export function toOutboxRows(messages: OutboxMessage[]): OutboxRow[] {
  return messages.map((m) => ({ routingKey: m.routingKey, messageId: m.messageId ?? randomUUID(), correlationId: currentCorrelationId() ?? null, payload: JSON.stringify(m.payload) }));
}

/**
 * Adds messages to the outbox in the caller's transaction (or alone, as one statement): they are
 * published if and only if it commits. One INSERT however many messages.
 */
export async function enqueue(tx: Pick<EntityManager, 'query'>, messages: OutboxMessage[]): Promise<void> {
  if (!messages.length) return;
  const rows = toOutboxRows(messages);
  await tx.query(
    `INSERT INTO outbox (routing_key, message_id, correlation_id, payload)
     SELECT m.routing_key, m.message_id, m.correlation_id, m.payload
     FROM unnest($1::text[], $2::text[], $3::text[], $4::text[]) WITH ORDINALITY AS m(routing_key, message_id, correlation_id, payload, n)
     ORDER BY m.n`,
    [rows.map((r) => r.routingKey), rows.map((r) => r.messageId), rows.map((r) => r.correlationId), rows.map((r) => r.payload)],
  );
}
