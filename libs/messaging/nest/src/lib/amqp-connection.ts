import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { connect, type ChannelModel, type ConfirmChannel } from 'amqplib';
import { UnavailableError } from '@hub/platform';

export interface AmqpConnectionOptions {
  url: string;
  /** Name shown in the broker's connection list. */
  connectionName: string;
  heartbeatSeconds?: number;
  reconnectMinMs?: number;
  reconnectMaxMs?: number;
}

/**
 * One broker connection per process that heals itself: on loss it reconnects with backoff and
 * emits `connected` again so consumers re-declare and re-subscribe. It never buffers: while it is
 * down, `channel()` throws, and callers (publishers) fail fast instead of holding messages in memory.
 */
export class AmqpConnection extends EventEmitter {
  private readonly logger = new Logger(AmqpConnection.name);
  private model?: ChannelModel;
  private publishChannel?: ConfirmChannel;
  private closing = false;
  private attempt = 0;
  private timer?: NodeJS.Timeout;
  private connecting?: Promise<void>;

  constructor(private readonly options: AmqpConnectionOptions) {
    super();
    this.setMaxListeners(50);
  }

  get isConnected(): boolean {
    return !!this.publishChannel;
  }

  /** Starts connecting; resolves after the first attempt, connected or not. */
  start(): Promise<void> {
    this.closing = false;
    return this.tryConnect();
  }

  model$(): ChannelModel {
    if (!this.model || !this.publishChannel) throw new BrokerDownError();
    return this.model;
  }

  confirmChannel(): ConfirmChannel {
    if (!this.publishChannel) throw new BrokerDownError();
    return this.publishChannel;
  }

  /** Waits until connected, for readiness and startup ordering; rejects after `timeoutMs`. */
  waitUntilConnected(timeoutMs: number): Promise<void> {
    if (this.isConnected) return Promise.resolve();
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => {
        this.off('connected', onUp);
        reject(new BrokerDownError(`broker not reachable within ${timeoutMs} ms`));
      }, timeoutMs);
      const onUp = () => {
        clearTimeout(t);
        resolve();
      };
      this.once('connected', onUp);
    });
  }

  async close(): Promise<void> {
    this.closing = true;
    clearTimeout(this.timer);
    await this.connecting?.catch(() => undefined);
    const model = this.model;
    this.model = undefined;
    this.publishChannel = undefined;
    if (model) await model.close().catch(() => undefined);
  }

  private tryConnect(): Promise<void> {
    this.connecting ??= this.doConnect().finally(() => (this.connecting = undefined));
    return this.connecting;
  }

  private async doConnect(): Promise<void> {
    try {
      const model = await connect(this.options.url, {
        clientProperties: { connection_name: this.options.connectionName },
        timeout: 5_000,
        heartbeat: this.options.heartbeatSeconds ?? 10,
      } as object);
      if (this.closing) {
        await model.close().catch(() => undefined);
        return;
      }
      coalesceWrites(model);
      model.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'broker connection error'));
      model.on('close', () => this.onLost());
      model.on('blocked', (reason: string) => this.logger.warn({ reason }, 'broker blocked publishing'));
      const ch = await model.createConfirmChannel();
      ch.on('error', (err: Error) => this.logger.warn({ err: err.message }, 'publish channel error'));
      ch.on('close', () => {
        // A channel can die alone (e.g. a 404 on publish): reopen it rather than the connection.
        if (this.model === model && !this.closing) void this.reopenPublishChannel(model);
      });
      this.model = model;
      this.publishChannel = ch;
      this.attempt = 0;
      this.logger.log('broker connected');
      this.emit('connected', model);
    } catch (err) {
      this.logger.warn({ err: (err as Error).message }, 'broker connect failed');
      this.scheduleReconnect();
    }
  }

  private async reopenPublishChannel(model: ChannelModel): Promise<void> {
    this.publishChannel = undefined;
    try {
      const ch = await model.createConfirmChannel();
      ch.on('error', () => undefined);
      this.publishChannel = ch;
      this.emit('publish-channel', ch);
    } catch {
      // the connection itself is going; onLost reconnects
    }
  }

  private onLost(): void {
    const wasUp = !!this.model;
    this.model = undefined;
    this.publishChannel = undefined;
    if (this.closing) return;
    if (wasUp) {
      this.logger.warn('broker connection lost; reconnecting');
      this.emit('disconnected');
    }
    this.scheduleReconnect();
  }

  private scheduleReconnect(): void {
    if (this.closing) return;
    clearTimeout(this.timer);
    const min = this.options.reconnectMinMs ?? 200;
    const max = this.options.reconnectMaxMs ?? 5_000;
    const delay = Math.min(max, min * 2 ** this.attempt++) * (0.8 + Math.random() * 0.4);
    this.timer = setTimeout(() => void this.tryConnect(), delay);
  }
}

interface AmqplibInternals {
  connection?: { stream?: { cork?: () => void; uncork?: () => void }; muxer?: { _readIncoming?: () => void } };
}

/**
 * amqplib hands every frame of every channel to the socket as a write of its own: a bundle of
 * publishes made in one tick costs a system call each. Corking the socket while its multiplexer
 * drains turns them into one `writev`. Relies on amqplib 0.10 internals (`connection.muxer`,
 * `connection.stream`), checked first: with other internals it changes nothing.
 */
function coalesceWrites(model: ChannelModel): void {
  const conn = (model as unknown as AmqplibInternals).connection;
  const stream = conn?.stream;
  const muxer = conn?.muxer;
  const drain = muxer?._readIncoming;
  if (!stream?.cork || !stream.uncork || !muxer || typeof drain !== 'function') return;
  muxer._readIncoming = function (this: unknown) {
    stream.cork?.();
    try {
      drain.call(this);
    } finally {
      stream.uncork?.();
    }
  };
}

export class BrokerDownError extends UnavailableError {
  constructor(message = 'The message broker is not reachable') {
    super('BROKER_UNAVAILABLE', message);
  }
}
