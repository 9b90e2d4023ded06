import { randomUUID } from 'node:crypto';
import type { Channel, ConfirmChannel, ConsumeMessage, Options } from 'amqplib';
import { Counter } from 'prom-client';
import { currentCorrelationId, ErrorKind, HubError, NO_RESPONDER, RPC_TIMEOUT, RPC_UNANSWERED, TransientError, UnavailableError } from '@hub/platform';
import { encodeWireContent } from '@hub/messaging-contracts';
import { AmqpConnection } from './amqp-connection';
import { Headers } from './headers';
import { TopologyNames } from './topology';

export interface PublishOptions {
  correlationId?: string;
  messageId?: string;
  headers?: Record<string, unknown>;
  /** Compress a large body (brotli, `content-encoding: br`); consumers decode it transparently. */
  compress?: boolean;
}

export interface PublisherSettings {
  names: TopologyNames;
  publishTimeoutMs: number;
  rpcTimeoutMs: number;
}

const REPLY_QUEUE = 'amq.rabbitmq.reply-to';

const published = new Counter({
  name: 'hub_messages_published_total',
  help: 'Messages published to the broker, by routing key and outcome',
  labelNames: ['routing_key', 'outcome'],
});

interface PendingRequest {
  resolve(value: unknown): void;
  reject(err: Error): void;
  timer: NodeJS.Timeout;
  /** Where this request stands among this publisher's requests of its pattern. */
  order: RequestOrder;
  seq: number;
}

/** Per pattern: the newest request sent, and the newest one answered, by their order of sending. */
interface RequestOrder {
  sent: number;
  answered: number;
}

/** What an RPC handler's error looks like on the wire: enough to rebuild a HubError. */
export interface RpcErrorReply {
  code: string;
  message: string;
  kind: ErrorKind;
}

/**
 * Publishes to the topic exchange and resolves only once the broker has confirmed the message
 * (persistent, mandatory). A message no queue is bound for is refused, not silently dropped; a
 * publish while the broker is down fails at once. Also does request/response over direct reply-to.
 */
export class MessagePublisher {
  private readonly returned = new Set<string>();
  private readonly watched = new WeakSet<Channel>();
  private readonly pending = new Map<string, PendingRequest>();
  private readonly orders = new Map<string, RequestOrder>();
  private replyChannel?: Promise<Channel>;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly settings: PublisherSettings,
  ) {
    connection.on('disconnected', () => this.failPending(new UnavailableError('BROKER_UNAVAILABLE', 'broker connection lost')));
    connection.on('connected', () => (this.replyChannel = undefined));
  }

  get names(): TopologyNames {
    return this.settings.names;
  }

  /** Publishes an event or command to the exchange; resolves after the broker's confirm. */
  publish(routingKey: string, payload: unknown, options: PublishOptions = {}): Promise<void> {
    return this.publishSerialized(routingKey, Buffer.from(JSON.stringify(payload)), options);
  }

  /** The same, for a payload already serialised as JSON (off the event loop, say). */
  async publishSerialized(routingKey: string, content: Buffer, options: PublishOptions = {}): Promise<void> {
    const encoded = options.compress ? await encodeWireContent(content) : { content };
    return this.publishRaw(this.settings.names.exchange, routingKey, encoded.content, {
      messageId: options.messageId,
      headers: options.headers,
      correlationId: options.correlationId,
      contentEncoding: encoded.contentEncoding,
    });
  }

  /**
   * The raw form: any exchange ('' = straight to a queue), content and properties kept. Used for
   * retries, parking and replays, where the original message must travel unchanged.
   */
  async publishRaw(exchange: string, routingKey: string, content: Buffer, properties: Options.Publish & { correlationId?: string } = {}): Promise<void> {
    let ch: ConfirmChannel;
    try {
      ch = this.connection.confirmChannel();
    } catch (err) {
      published.inc({ routing_key: routingKey, outcome: 'broker_down' });
      throw err;
    }
    this.watchReturns(ch);
    const messageId = properties.messageId ?? randomUUID();
    const correlationId = properties.correlationId ?? currentCorrelationId() ?? messageId;
    const props: Options.Publish = {
      contentType: 'application/json',
      timestamp: Math.floor(Date.now() / 1000),
      ...properties,
      messageId,
      correlationId,
      persistent: true,
      mandatory: true,
      headers: { ...properties.headers, [Headers.correlationId]: correlationId },
    };
    try {
      await this.confirmed(ch, exchange, routingKey, content, props);
    } catch (err) {
      published.inc({ routing_key: routingKey, outcome: 'failed' });
      throw err instanceof HubError ? err : new UnavailableError('PUBLISH_FAILED', `broker did not confirm: ${(err as Error).message}`, { cause: err });
    }
    if (this.returned.delete(messageId)) {
      published.inc({ routing_key: routingKey, outcome: 'unroutable' });
      throw new UnavailableError('UNROUTABLE', `no queue is bound for ${routingKey}`);
    }
    published.inc({ routing_key: routingKey, outcome: 'confirmed' });
  }

  /**
   * Request/response: resolves with the handler's result, or rejects with its error or a timeout.
   * A timeout is RPC_TIMEOUT (the answering service stopped, stuck or overloaded: an outage to a
   * consumer) unless a request of the same pattern sent after this one was answered before this
   * one's time ran out: then the service is up and reaching its queue, and RPC_UNANSWERED says
   * that this request is the one it does not answer (not an outage: it uses attempts).
   */
  async request<T>(pattern: string, payload: unknown, options: { timeoutMs?: number; correlationId?: string } = {}): Promise<T> {
    const ch = await this.getReplyChannel();
    const id = randomUUID();
    const timeoutMs = options.timeoutMs ?? this.settings.rpcTimeoutMs;
    const correlationId = options.correlationId ?? currentCorrelationId() ?? id;
    let order = this.orders.get(pattern);
    if (!order) this.orders.set(pattern, (order = { sent: 0, answered: 0 }));
    const seq = ++order.sent;
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.pending.delete(id);
        reject(
          order.answered > seq
            ? new TransientError(RPC_UNANSWERED, `no answer to ${pattern} within ${timeoutMs} ms, while later requests of it were answered: this request is not`)
            : new UnavailableError(RPC_TIMEOUT, `no answer to ${pattern} within ${timeoutMs} ms`),
        );
      }, timeoutMs);
      this.pending.set(id, { resolve: resolve as (v: unknown) => void, reject, timer, order, seq });
      ch.publish(this.settings.names.exchange, pattern, Buffer.from(JSON.stringify(payload)), {
        replyTo: REPLY_QUEUE,
        correlationId: id,
        contentType: 'application/json',
        mandatory: true,
        expiration: String(timeoutMs),
        headers: { [Headers.correlationId]: correlationId },
      });
    });
  }

  private confirmed(ch: ConfirmChannel, exchange: string, key: string, content: Buffer, props: Options.Publish): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new UnavailableError('PUBLISH_TIMEOUT', `no confirm within ${this.settings.publishTimeoutMs} ms`)),
        this.settings.publishTimeoutMs,
      );
      try {
        ch.publish(exchange, key, content, props, (err) => {
          clearTimeout(timer);
          if (err) reject(err instanceof Error ? err : new Error(String(err)));
          else resolve();
        });
      } catch (err) {
        clearTimeout(timer);
        reject(err);
      }
    });
  }

  private watchReturns(ch: Channel): void {
    if (this.watched.has(ch)) return;
    this.watched.add(ch);
    // The broker sends basic.return before the confirm of an unroutable mandatory message.
    ch.on('return', (msg: ConsumeMessage) => {
      if (msg.properties.messageId) this.returned.add(msg.properties.messageId);
    });
  }

  private getReplyChannel(): Promise<Channel> {
    this.replyChannel ??= this.openReplyChannel().catch((err) => {
      this.replyChannel = undefined;
      throw err;
    });
    return this.replyChannel;
  }

  private async openReplyChannel(): Promise<Channel> {
    const ch = await this.connection.model$().createChannel();
    ch.on('error', () => undefined);
    ch.on('close', () => {
      this.replyChannel = undefined;
    });
    ch.on('return', (msg: ConsumeMessage) => {
      this.settle(msg.properties.correlationId, undefined, new UnavailableError(NO_RESPONDER, `nobody answers ${msg.fields.routingKey}`));
    });
    await ch.consume(
      REPLY_QUEUE,
      (msg) => {
        if (!msg) return;
        this.answered(msg.properties.correlationId);
        let reply: { ok: boolean; data?: unknown; error?: RpcErrorReply };
        try {
          reply = JSON.parse(msg.content.toString());
        } catch {
          return this.settle(msg.properties.correlationId, undefined, new TransientError('RPC_BAD_REPLY', 'unreadable reply'));
        }
        if (reply.ok) this.settle(msg.properties.correlationId, reply.data);
        else {
          const e = reply.error ?? { code: 'RPC_ERROR', message: 'unknown error', kind: ErrorKind.Transient };
          this.settle(msg.properties.correlationId, undefined, new HubError(e.code, e.message, e.kind));
        }
      },
      { noAck: true },
    );
    return ch;
  }

  /** A reply came (whatever it says): the service answered requests up to this one's place. */
  private answered(id: string | undefined): void {
    const p = id ? this.pending.get(id) : undefined;
    if (p && p.seq > p.order.answered) p.order.answered = p.seq;
  }

  private settle(id: string | undefined, value: unknown, err?: Error): void {
    const p = id ? this.pending.get(id) : undefined;
    if (!p || !id) return;
    this.pending.delete(id);
    clearTimeout(p.timer);
    if (err) p.reject(err);
    else p.resolve(value);
  }

  private failPending(err: Error): void {
    for (const [id, p] of this.pending) {
      clearTimeout(p.timer);
      p.reject(err);
      this.pending.delete(id);
    }
    this.replyChannel = undefined;
  }
}
