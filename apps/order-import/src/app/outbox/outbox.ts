import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { currentCorrelationId } from '@hub/platform';

export interface OutboxMessage {
  routingKey: string;
  payload: unknown;
  /** Defaults to a new UUID; the relay publishes it as the AMQP message id. */
  messageId?: string;
}

/**
 * Adds messages to the outbox in the caller's transaction: they are published if and only if the
 * transaction commits. One multi-row INSERT however many messages.
 */
export async function enqueue(tx: Pick<EntityManager, 'query'>, messages: OutboxMessage[]): Promise<void> {
  if (!messages.length) return;
  const params: unknown[] = [];
  const rows = messages.map((m) => {
    params.push(m.routingKey, m.messageId ?? randomUUID(), currentCorrelationId() ?? null, JSON.stringify(m.payload));
    const n = params.length;
    return `($${n - 3}, $${n - 2}, $${n - 1}, $${n})`;
  });
  await tx.query(`INSERT INTO outbox (routing_key, message_id, correlation_id, payload) VALUES ${rows.join(', ')}`, params);
}
