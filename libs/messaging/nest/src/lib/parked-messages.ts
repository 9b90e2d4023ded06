import type { Channel, GetMessage } from 'amqplib';
import { AmqpConnection } from './amqp-connection';
import { Headers } from './headers';
import { MessagePublisher } from './message-publisher';
import { TopologyNames } from './topology';

/** A message that sits in `<prefix>.<service>.parked`, with why it was parked. */
export interface ParkedMessage {
  messageId: string;
  /** The service whose consumer parked it (the queue it is replayed into). */
  service: string;
  routingKey: string;
  error?: string;
  errorCode?: string;
  failures?: number;
  parkedAt?: string;
  correlationId?: string;
  /** The message as it was published (JSON text). */
  body: string;
}

/** How many messages of one parked queue are looked at, at most, per call. */
const MAX_SCAN = 5_000;

/**
 * Reads and replays parked messages. AMQP queues have no random access: a call takes messages
 * without acknowledging them and closes its channel at the end, which hands every untouched one
 * back to the queue. A replay re-publishes the message (confirmed) straight into the consumer's own
 * queue — not to the exchange, so no other consumer receives it a second time — with its failure
 * count reset, and only then acknowledges (removes) the parked copy.
 */
export class ParkedMessages {
  constructor(
    private readonly connection: AmqpConnection,
    private readonly names: TopologyNames,
    private readonly publisher: MessagePublisher,
  ) {}

  /** The parked messages of these services that `accept` keeps, oldest first. */
  async list(services: readonly string[], accept: (m: ParkedMessage) => boolean = () => true): Promise<ParkedMessage[]> {
    const out: ParkedMessage[] = [];
    for (const service of services) {
      await this.scan(service, async (m) => {
        if (accept(m)) out.push(m);
        return false;
      });
    }
    return out;
  }

  /**
   * Replays one parked message if `accept` agrees (tenant check, say); returns it, or undefined
   * when no such message is parked (any more).
   */
  async replay(service: string, messageId: string, accept: (m: ParkedMessage) => boolean, marker: string): Promise<ParkedMessage | undefined> {
    let replayed: ParkedMessage | undefined;
    await this.scan(service, async (m, raw, ch) => {
      if (m.messageId !== messageId || !accept(m)) return false;
      const headers: Record<string, unknown> = { ...raw.properties.headers, [Headers.routingKey]: m.routingKey, [Headers.replayed]: marker };
      for (const h of [Headers.failures, Headers.error, Headers.errorCode, Headers.parkedAt, Headers.parkedFrom, 'x-death', 'x-first-death-exchange', 'x-first-death-queue', 'x-first-death-reason']) {
        delete headers[h];
      }
      await this.publisher.publishRaw('', this.names.queue(service), raw.content, {
        messageId: m.messageId,
        correlationId: raw.properties.correlationId,
        contentType: raw.properties.contentType,
        timestamp: raw.properties.timestamp,
        headers,
      });
      ch.ack(raw);
      replayed = m;
      return true;
    });
    return replayed;
  }

  private async scan(service: string, visit: (m: ParkedMessage, raw: GetMessage, ch: Channel) => Promise<boolean>): Promise<void> {
    const ch = await this.connection.model$().createChannel();
    try {
      const queue = this.names.parked(service);
      await ch.checkQueue(queue);
      for (let i = 0; i < MAX_SCAN; i++) {
        const raw = await ch.get(queue, { noAck: false });
        if (!raw) break;
        if (await visit(describe(service, raw), raw, ch)) break;
      }
    } catch (err) {
      // A service that never parked anything has no parked queue yet: nothing to list.
      if (!/NOT_FOUND/.test((err as Error).message)) throw err;
    } finally {
      await ch.close().catch(() => undefined);
    }
  }
}

function describe(service: string, raw: GetMessage): ParkedMessage {
  const h = raw.properties.headers ?? {};
  const death = Array.isArray(h['x-death']) ? (h['x-death'][0] as { 'routing-keys'?: string[] }) : undefined;
  const str = (v: unknown) => (v === undefined || v === null ? undefined : String(v));
  return {
    messageId: str(raw.properties.messageId) ?? '',
    service,
    routingKey: str(h[Headers.routingKey]) ?? death?.['routing-keys']?.[0] ?? raw.fields.routingKey,
    error: str(h[Headers.error]),
    errorCode: str(h[Headers.errorCode]),
    failures: h[Headers.failures] === undefined ? undefined : Number(h[Headers.failures]),
    parkedAt: str(h[Headers.parkedAt]),
    correlationId: str(h[Headers.correlationId]) ?? str(raw.properties.correlationId),
    body: raw.content.toString('utf8'),
  };
}
