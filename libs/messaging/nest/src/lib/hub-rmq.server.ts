import { CustomTransportStrategy, MessageHandler, Server } from '@nestjs/microservices';
import type { Channel, ConsumeMessage } from 'amqplib';
import { validateSync } from 'class-validator';
import { Counter, Histogram } from 'prom-client';
import { lastValueFrom } from 'rxjs';
import {
  ErrorKind,
  HubError,
  outageOf,
  markValidated,
  PermanentError,
  ValidationFailedError,
  isRetryable,
  sanitizeCorrelationId,
  toFieldErrors,
  withCorrelation,
} from '@hub/platform';
import { BATCH_CONTRACTS, BatchContract, decodeWireContent, WireEncodingError } from '@hub/messaging-contracts';
import { AmqpConnection } from './amqp-connection';
import { contractCheck } from './contract-check';
import { contractInstance } from './contract-instance';
import { Headers } from './headers';
import { MessagePublisher, RpcErrorReply } from './message-publisher';
import { backoffTier, jittered, outageTier, RetryPolicy } from './retry-policy';
import { HubRmqContext } from './hub-rmq.context';
import { declareConsumerTopology, declareRpcQueue, TopologyNames } from './topology';
import { pickPattern } from './topic-matcher';

export interface HubRmqServerOptions {
  /** Owns the queue `<prefix>.<service>` (events) and `<prefix>.<service>.rpc` (requests). */
  service: string;
  names: TopologyNames;
  prefetch: number;
  retry: RetryPolicy;
  /** Routing key → payload class; a message that fails validation is parked at once. */
  contracts?: Record<string, new () => object>;
  /**
   * Routing keys whose messages carry several items (default BATCH_CONTRACTS): each item is checked
   * against its own key's contract, a bad one is parked alone, and the handler gets the rest.
   */
  batches?: Record<string, BatchContract>;
  /** How long close() waits for handlers in flight. */
  drainTimeoutMs?: number;
}

const handled = new Counter({
  name: 'hub_messages_handled_total',
  help: 'Messages taken from a queue, by outcome (ack, retry, park, requeue)',
  labelNames: ['queue', 'routing_key', 'outcome'],
});
const handleSeconds = new Histogram({
  name: 'hub_message_handle_seconds',
  help: 'Time a handler took',
  labelNames: ['queue'],
  buckets: [0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 30],
});
const outageRetried = new Counter({
  name: 'hub_message_outage_retries_total',
  help: 'Messages retried because a database or a service of the hub was unreachable, or another delivery held the same work (no attempt used), by what it waited for (database, service, claim); also counted as outcome="retry" in hub_messages_handled_total',
  labelNames: ['queue', 'routing_key', 'of'],
});

/** An item of a batch message that failed its contract: parked alone once the others are handled. */
interface RefusedItem {
  index: number;
  item: unknown;
  error: ValidationFailedError;
}

/**
 * A NestJS transport strategy over amqplib. `@EventPattern` handlers consume the service's durable
 * quorum queue (bound by their patterns, wildcards allowed), with manual ack after the handler
 * finishes, bounded prefetch, retries through per-tier delay queues, and parking with the reason.
 * `@MessagePattern` handlers answer requests through direct reply-to.
 */
export class HubRmqServer extends Server implements CustomTransportStrategy {
  private channel?: Channel;
  private readonly inFlight = new Set<Promise<void>>();
  private stopped = false;
  private readyResolve!: () => void;
  private readonly readyPromise = new Promise<void>((r) => (this.readyResolve = r));
  private readonly onConnected = () => void this.setup();

  constructor(
    private readonly connection: AmqpConnection,
    private readonly publisher: MessagePublisher,
    private readonly options: HubRmqServerOptions,
  ) {
    super();
  }

  /** Resolves once the consumers are subscribed for the first time. */
  ready(): Promise<void> {
    return this.readyPromise;
  }

  listen(callback: (err?: unknown) => void): void {
    this.stopped = false;
    this.connection.on('connected', this.onConnected);
    // A broker that is down at boot must not keep the service from starting: it subscribes when
    // the connection comes up, and readiness reports the broker meanwhile.
    if (this.connection.isConnected) void this.setup();
    callback();
  }

  async close(): Promise<void> {
    this.stopped = true;
    this.connection.off('connected', this.onConnected);
    const ch = this.channel;
    this.channel = undefined;
    if (!ch) return;
    // Stop taking new messages, let the ones in hand finish, then close: unacked ones are redelivered.
    await Promise.race([
      Promise.allSettled([...this.inFlight]),
      new Promise((r) => setTimeout(r, this.options.drainTimeoutMs ?? 5_000)),
    ]);
    await ch.close().catch(() => undefined);
  }

  on(): void {
    // Connection events are handled by AmqpConnection; nothing to register here.
  }

  unwrap<T>(): T {
    return this.channel as T;
  }

  private eventPatterns(): string[] {
    return [...this.messageHandlers.entries()].filter(([, h]) => h.isEventHandler).map(([p]) => p);
  }

  private rpcPatterns(): string[] {
    return [...this.messageHandlers.entries()].filter(([, h]) => !h.isEventHandler).map(([p]) => p);
  }

  private async setup(): Promise<void> {
    if (this.stopped) return;
    const { names, service, prefetch, retry } = this.options;
    try {
      const ch = await this.connection.model$().createChannel();
      ch.on('error', (err: Error) => this.logger.warn?.(`consumer channel error: ${err.message}`));
      ch.on('close', () => {
        if (this.channel === ch) this.channel = undefined;
        // A channel closed alone (the connection still up) is reopened; a lost connection
        // re-runs setup through its `connected` event.
        if (!this.stopped && this.connection.isConnected) setTimeout(() => void this.setup(), 500);
      });
      await ch.prefetch(prefetch);
      const events = this.eventPatterns();
      if (events.length) {
        await declareConsumerTopology(ch, names, service, events, retry);
        await ch.consume(names.queue(service), (m) => m && this.track(this.onEvent(ch, m, events)), { noAck: false });
      }
      const requests = this.rpcPatterns();
      if (requests.length) {
        const q = await declareRpcQueue(ch, names, service, requests);
        await ch.consume(q, (m) => m && this.track(this.onRequest(ch, m, requests)), { noAck: false });
      }
      this.channel = ch;
      this.readyResolve();
    } catch (err) {
      this.logger.error(`consumer setup failed: ${(err as Error).message}`);
      if (!this.stopped && this.connection.isConnected) setTimeout(() => void this.setup(), 1_000);
    }
  }

  private track(p: Promise<void>): void {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
  }

  private async onEvent(ch: Channel, msg: ConsumeMessage, patterns: string[]): Promise<void> {
    const headers = msg.properties.headers ?? {};
    const routingKey = String(headers[Headers.routingKey] ?? msg.fields.routingKey);
    const attempt = Number(headers[Headers.failures] ?? 0) + 1;
    const queue = this.options.names.queue(this.options.service);
    const correlationId = sanitizeCorrelationId(headers[Headers.correlationId] ?? msg.properties.correlationId);
    const stopTimer = handleSeconds.startTimer({ queue });
    await withCorrelation(correlationId, async () => {
      try {
        const pattern = pickPattern(patterns, routingKey);
        const handler = pattern ? this.messageHandlers.get(pattern) : undefined;
        if (!handler) throw new PermanentError('NO_HANDLER', `no handler for ${routingKey}`);
        const data = this.decode(msg, routingKey);
        const batch = this.batchOf(routingKey);
        const { payload, refused } = batch ? this.splitBatch(routingKey, batch, data as Record<string, unknown>) : { payload: data, refused: [] };
        if (payload !== undefined) await this.invoke(handler, payload, new HubRmqContext([msg, routingKey, attempt]));
        // After the good items are handled: a retry of the message would otherwise park them twice.
        if (batch) await this.parkItems(msg, routingKey, batch, attempt, refused);
        safely(() => ch.ack(msg));
        handled.inc({ queue, routing_key: routingKey, outcome: 'ack' });
      } catch (err) {
        await this.onFailure(ch, msg, routingKey, attempt, err);
      } finally {
        stopTimer();
      }
    });
  }

  /**
   * Retry through a delay queue, or park. An outage (outageOf: a database unreachable, ours or
   * mapping's answered over RPC; or a service of the hub not answering an RPC — NO_RESPONDER,
   * RPC_TIMEOUT — under whatever wraps it) is not the message's fault: it is retried with the capped
   * backoff without using an attempt, for up to `retry.outageMaxMs` from its first such failure, so
   * a long outage parks nothing and every message goes through once the dependency is back. Any
   * other retryable failure (a CRM's 5xx among them) uses one of `retry.maxAttempts`. Either retry
   * is a new message to the broker (its delivery count starts at 0), so neither counts against
   * x-delivery-limit.
   */
  private async onFailure(ch: Channel, msg: ConsumeMessage, routingKey: string, attempt: number, err: unknown): Promise<void> {
    const { names, service, retry } = this.options;
    const queue = names.queue(service);
    const original = msg.properties.headers ?? {};
    // A handler that declared its failure permanent is taken at its word, whatever the cause (outageOf).
    const outage = outageOf(err);
    const now = Date.now();
    const outageSince = outage ? (Number(original[Headers.outageSince]) || now) : undefined;
    const outageRetries = outage ? Number(original[Headers.outageRetries] ?? 0) + 1 : undefined;
    const retryable = outage ? now - (outageSince as number) < retry.outageMaxMs : isRetryable(err) && attempt < retry.maxAttempts;
    // Parked for an outage, it says so (the hub's error around it would hide it); otherwise the handler's own code.
    const code = outage && !retryable ? outage.code : err instanceof HubError ? err.code : (outage?.code ?? 'UNEXPECTED');
    const message = (err instanceof Error ? err.message : String(err)).slice(0, 2_000);
    const headers = {
      ...original,
      [Headers.routingKey]: routingKey,
      // An outage retry leaves the count of the message's own failures as it was.
      [Headers.failures]: outage && retryable ? attempt - 1 : attempt,
      ...(outage ? { [Headers.outageRetries]: outageRetries, [Headers.outageSince]: outageSince } : {}),
      [Headers.error]: message,
      [Headers.errorCode]: code,
    };
    const props = {
      messageId: msg.properties.messageId,
      correlationId: msg.properties.correlationId,
      contentType: msg.properties.contentType,
      // The body travels on unchanged, so its encoding must travel with it.
      contentEncoding: msg.properties.contentEncoding,
      timestamp: msg.properties.timestamp,
    };
    try {
      if (retryable) {
        const tier = outage ? outageTier(retry, outageRetries as number) : backoffTier(retry, attempt);
        const delay = jittered(retry, tier);
        if (outage) {
          this.logger.warn?.(`${routingKey}: ${outage.of} unavailable (${outage.code}, outage retry ${outageRetries}, attempt ${attempt}/${retry.maxAttempts} not used): ${message}; retry in ${delay} ms`);
        } else {
          this.logger.warn?.(`${routingKey} failed (attempt ${attempt}/${retry.maxAttempts}, ${code}): ${message}; retry in ${delay} ms`);
        }
        await this.publisher.publishRaw('', names.delay(service, tier), msg.content, { ...props, headers, expiration: String(delay) });
        handled.inc({ queue, routing_key: routingKey, outcome: 'retry' });
        if (outage) outageRetried.inc({ queue, routing_key: routingKey, of: outage.of });
      } else {
        const why = outage ? `after ${retry.outageMaxMs} ms of ${outage.of} outage (${outageRetries} outage retries, AMQP_RETRY_OUTAGE_MAX_MS)` : `after ${attempt} attempt(s)`;
        this.logger.error(`${routingKey} parked ${why} (${code}): ${message}`);
        await this.publisher.publishRaw('', names.parked(service), msg.content, {
          ...props,
          headers: { ...headers, [Headers.parkedAt]: new Date().toISOString(), [Headers.parkedFrom]: queue },
        });
        handled.inc({ queue, routing_key: routingKey, outcome: 'park' });
      }
      safely(() => ch.ack(msg));
    } catch (moveErr) {
      // Could not move it to a delay or parking queue: hand it back to the broker so nothing is lost.
      this.logger.warn?.(`could not reroute ${routingKey}: ${(moveErr as Error).message}; requeueing`);
      safely(() => ch.nack(msg, false, true));
      handled.inc({ queue, routing_key: routingKey, outcome: 'requeue' });
    }
  }

  private async onRequest(ch: Channel, msg: ConsumeMessage, patterns: string[]): Promise<void> {
    const routingKey = msg.fields.routingKey;
    const headers = msg.properties.headers ?? {};
    const correlationId = sanitizeCorrelationId(headers[Headers.correlationId]);
    await withCorrelation(correlationId, async () => {
      let reply: { ok: true; data: unknown } | { ok: false; error: RpcErrorReply };
      try {
        const pattern = pickPattern(patterns, routingKey);
        const handler = pattern ? this.messageHandlers.get(pattern) : undefined;
        if (!handler) throw new PermanentError('NO_HANDLER', `no handler for ${routingKey}`);
        const data = this.decode(msg, routingKey);
        reply = { ok: true, data: await this.invoke(handler, data, new HubRmqContext([msg, routingKey, 1])) };
      } catch (err) {
        reply = { ok: false, error: this.errorReply(routingKey, err) };
      }
      if (msg.properties.replyTo) {
        safely(() =>
          ch.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify(reply)), {
            correlationId: msg.properties.correlationId,
            contentType: 'application/json',
          }),
        );
      }
      safely(() => ch.ack(msg));
    });
  }

  /**
   * A handler's error as the caller gets it. An outage under it (outageOf: a database we cannot
   * reach, or a service we asked that does not answer) is `unavailable` with the outage's code
   * (DATABASE_UNAVAILABLE, NO_RESPONDER, RPC_TIMEOUT), whatever the hub's error around it: the
   * caller's HTTP API answers 503 with Retry-After, as it would for its own database, and its
   * consumer retries without using an attempt. Any other error we did not raise on purpose is
   * INTERNAL (transient: 502).
   */
  private errorReply(routingKey: string, err: unknown): RpcErrorReply {
    const outage = outageOf(err);
    if (outage) {
      this.logger.warn?.(`request ${routingKey}: ${outage.of} unavailable: ${(err as Error).message}`);
      return { code: outage.code, message: outage.message, kind: ErrorKind.Unavailable };
    }
    if (err instanceof HubError) return { code: err.code, message: err.message, kind: err.kind };
    this.logger.error(`request ${routingKey} failed: ${(err as Error).message}`);
    return { code: 'INTERNAL', message: 'internal error', kind: ErrorKind.Transient };
  }

  private batchOf(routingKey: string): BatchContract | undefined {
    const batch = (this.options.batches ?? BATCH_CONTRACTS)[routingKey];
    return batch && this.options.contracts?.[batch.itemKey] ? batch : undefined;
  }

  /**
   * Checks each item of a batch (its envelope already checked) against its own key's contract:
   * the handler gets the envelope with the valid items (nothing when none is), the rest are refused.
   */
  private splitBatch(routingKey: string, batch: BatchContract, envelope: Record<string, unknown>): { payload?: unknown; refused: RefusedItem[] } {
    const cls = this.options.contracts?.[batch.itemKey] as new () => object;
    const valid: object[] = [];
    const refused: RefusedItem[] = [];
    (envelope[batch.field] as unknown[]).forEach((item, index) => {
      try {
        valid.push(this.validated(cls, item, `${routingKey} item ${index} (${batch.itemKey})`));
      } catch (err) {
        if (!(err instanceof ValidationFailedError)) throw err;
        refused.push({ index, item, error: err });
      }
    });
    return { payload: valid.length ? Object.assign(envelope, { [batch.field]: valid }) : undefined, refused };
  }

  /**
   * Parks each refused item of a batch as a message of its own key, as its single form would have
   * been parked: support sees it (and can replay it) alone; the batch's other items are stored.
   */
  private async parkItems(msg: ConsumeMessage, routingKey: string, batch: BatchContract, attempt: number, refused: RefusedItem[]): Promise<void> {
    const { names, service } = this.options;
    const queue = names.queue(service);
    const batchId = String(msg.properties.messageId ?? '');
    for (const { index, item, error } of refused) {
      const message = error.message.slice(0, 2_000);
      this.logger.error(`${batch.itemKey} item ${index} of ${routingKey} ${batchId} parked (${error.code}): ${message}`);
      await this.publisher.publishRaw('', names.parked(service), Buffer.from(JSON.stringify(item)), {
        messageId: `${batchId}:${index}`,
        correlationId: msg.properties.correlationId,
        contentType: 'application/json',
        timestamp: msg.properties.timestamp,
        headers: {
          ...msg.properties.headers,
          [Headers.routingKey]: batch.itemKey,
          [Headers.failures]: attempt,
          [Headers.error]: message,
          [Headers.errorCode]: error.code,
          [Headers.parkedAt]: new Date().toISOString(),
          [Headers.parkedFrom]: queue,
          [Headers.batchMessageId]: batchId,
          [Headers.batchIndex]: index,
        },
      });
      handled.inc({ queue, routing_key: batch.itemKey, outcome: 'park' });
    }
  }

  private decode(msg: ConsumeMessage, routingKey: string): unknown {
    let body: unknown;
    try {
      body = JSON.parse(decodeWireContent(msg.content, msg.properties.contentEncoding).toString('utf8'));
    } catch (err) {
      if (err instanceof WireEncodingError) throw new PermanentError('MALFORMED_MESSAGE', `${routingKey}: ${err.message}`);
      throw new PermanentError('MALFORMED_MESSAGE', `${routingKey}: body is not JSON`);
    }
    const cls = this.options.contracts?.[routingKey];
    if (!cls) return body;
    return this.validated(cls, body, routingKey);
  }

  /** The payload as an instance of its contract; ValidationFailedError with every wrong field otherwise. */
  private validated(cls: new () => object, body: unknown, what: string): object {
    if (typeof body !== 'object' || body === null || Array.isArray(body)) throw new ValidationFailedError([{ field: '(body)', messages: ['must be an object'] }], `${what} payload is not valid`);
    const instance = contractInstance(cls, body);
    if (contractCheck(cls)?.(instance)) return markValidated(instance);
    const errors = validateSync(instance, { forbidUnknownValues: true });
    if (errors.length) throw new ValidationFailedError(toFieldErrors(errors), `${what} payload is not valid`);
    return markValidated(instance);
  }

  private async invoke(handler: MessageHandler, data: unknown, ctx: HubRmqContext): Promise<unknown> {
    return lastValueFrom(this.transformToObservable(await handler(data, ctx)), { defaultValue: undefined });
  }
}

/** ack/nack on a channel that died meanwhile throws; the broker redelivers anyway. */
function safely(fn: () => void): void {
  try {
    fn();
  } catch {
    // channel closed: the unacked message goes back to the queue
  }
}
