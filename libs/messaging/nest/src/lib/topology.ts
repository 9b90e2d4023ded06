import type { Channel, Options } from 'amqplib';
import { allTiers, RetryPolicy } from './retry-policy';

/** Every broker name the hub uses, derived from one prefix so a test suite can have its own. */
export class TopologyNames {
  constructor(readonly prefix: string) {}

  get exchange(): string {
    return `${this.prefix}.events`;
  }

  queue(service: string): string {
    return `${this.prefix}.${service}`;
  }

  parked(service: string): string {
    return `${this.queue(service)}.parked`;
  }

  /**
   * Where a retry waits. Quorum queues since the delay queues became durable across broker
   * restarts; the classic `<queue>.delay.<ms>` queues of before keep their name (a queue cannot
   * change type) and are no longer used.
   */
  delay(service: string, tierMs: number): string {
    return `${this.queue(service)}.retry.${tierMs}`;
  }

  rpc(service: string): string {
    return `${this.queue(service)}.rpc`;
  }
}

/**
 * Redeliveries of one message (a consumer dying on it, or a failure that could not be moved to a
 * delay queue and was requeued) before the broker parks it by itself. A counter of the broker's,
 * separate from AMQP_RETRY_MAX_ATTEMPTS (10 by default; 30 in the bench and fault suites): a
 * retry through a delay queue re-enters the consumer's queue as a new message, whose delivery
 * count starts at 0 (RabbitMQ ignores an `x-delivery-count` header copied onto it), so any number
 * of attempts fits under this limit.
 */
export const DELIVERY_LIMIT = 20;
/** RPC requests nobody answers within this are dropped: their callers have long timed out. */
const RPC_REQUEST_TTL_MS = 30_000;

export function consumerQueueOptions(names: TopologyNames, service: string): Options.AssertQueue {
  return {
    durable: true,
    arguments: {
      'x-queue-type': 'quorum',
      // RabbitMQ 3.10 quorum queues have no default delivery limit: without one, a message that
      // kills its consumer would be redelivered forever.
      'x-delivery-limit': DELIVERY_LIMIT,
      'x-dead-letter-exchange': '',
      'x-dead-letter-routing-key': names.parked(service),
    },
  };
}

/** The only place queues are declared, so every declaration carries the same arguments. */
export async function declareConsumerTopology(
  ch: Channel,
  names: TopologyNames,
  service: string,
  patterns: readonly string[],
  policy: RetryPolicy,
): Promise<void> {
  await ch.assertExchange(names.exchange, 'topic', { durable: true });
  const queue = names.queue(service);
  await ch.assertQueue(names.parked(service), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
  await ch.assertQueue(queue, consumerQueueOptions(names, service));
  for (const p of patterns) await ch.bindQueue(queue, names.exchange, p);
  for (const tier of allTiers(policy)) {
    // Delay queues: per-message TTL (the jittered delay), then dead-lettered straight back to the
    // consumer's own queue — not to the exchange, so other consumers never see a retry. Quorum
    // queues with at-least-once dead-lettering: a classic delay queue lost every retry still
    // waiting in it when the broker restarted, even cleanly (its expired messages were
    // dead-lettered before the consumer's quorum queue was back, i.e. dropped) — found by
    // tools/chaos. At-least-once may hand a retry back twice; consumers are idempotent.
    await ch.assertQueue(names.delay(service, tier), {
      durable: true,
      arguments: {
        'x-queue-type': 'quorum',
        'x-dead-letter-strategy': 'at-least-once',
        // at-least-once dead-lettering requires it: a full delay queue refuses the retry (the publish fails, the message is redelivered).
        'x-overflow': 'reject-publish',
        'x-dead-letter-exchange': '',
        'x-dead-letter-routing-key': queue,
      },
    });
  }
}

export async function declareRpcQueue(ch: Channel, names: TopologyNames, service: string, patterns: readonly string[]): Promise<string> {
  await ch.assertExchange(names.exchange, 'topic', { durable: true });
  const queue = names.rpc(service);
  await ch.assertQueue(queue, { durable: false, arguments: { 'x-message-ttl': RPC_REQUEST_TTL_MS } });
  for (const p of patterns) await ch.bindQueue(queue, names.exchange, p);
  return queue;
}
