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

  delay(service: string, tierMs: number): string {
    return `${this.queue(service)}.delay.${tierMs}`;
  }

  rpc(service: string): string {
    return `${this.queue(service)}.rpc`;
  }
}

/** Redeliveries of one message (a consumer dying on it) before the broker parks it by itself. */
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
    // Classic delay queues: per-message TTL (the jittered delay), then dead-lettered straight back
    // to the consumer's own queue — not to the exchange, so other consumers never see a retry.
    await ch.assertQueue(names.delay(service, tier), {
      durable: true,
      arguments: { 'x-dead-letter-exchange': '', 'x-dead-letter-routing-key': queue },
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
