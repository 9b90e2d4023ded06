import { DynamicModule, Global, INestApplication, Inject, Injectable, Logger, Module, OnApplicationShutdown, OnModuleInit } from '@nestjs/common';
import { loadConfig, ReadinessRegistry } from '@hub/platform';
import { AmqpConfig } from './amqp.config';
import { AmqpConnection } from './amqp-connection';
import { HubRmqServer } from './hub-rmq.server';
import { MessagePublisher } from './message-publisher';
import { consumerQueueOptions, TopologyNames } from './topology';
import { TransmissionRecorder } from './transmission-recorder';

export interface MessagingModuleOptions {
  /** This service's name: its queues are `<prefix>.<service>…`. */
  service: string;
  /**
   * Every consumer queue of the hub and its patterns. Each service declares all of them on
   * connect, so an event published before its consumer ever started is queued, not dropped.
   */
  consumers?: Record<string, readonly string[]>;
  contracts?: Record<string, new () => object>;
  /** Overrides of the environment (tests). */
  config?: Partial<AmqpConfig>;
}

export const MESSAGING_OPTIONS = Symbol('MESSAGING_OPTIONS');
export const AMQP_CONFIG = Symbol('AMQP_CONFIG');

@Injectable()
class MessagingLifecycle implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger('Messaging');
  private topologyDeclared = false;

  constructor(
    private readonly connection: AmqpConnection,
    private readonly names: TopologyNames,
    private readonly readiness: ReadinessRegistry,
    @Inject(MESSAGING_OPTIONS) private readonly options: MessagingModuleOptions,
  ) {}

  async onModuleInit(): Promise<void> {
    this.connection.on('connected', () => void this.declareSharedTopology());
    this.readiness.register({
      name: 'broker',
      check: async () => {
        if (!this.connection.isConnected) throw new Error('not connected');
        if (!this.topologyDeclared) throw new Error('topology not declared yet');
      },
    });
    await this.connection.start();
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.close();
  }

  private async declareSharedTopology(): Promise<void> {
    try {
      const ch = await this.connection.model$().createChannel();
      try {
        await ch.assertExchange(this.names.exchange, 'topic', { durable: true });
        for (const [service, patterns] of Object.entries(this.options.consumers ?? {})) {
          await ch.assertQueue(this.names.parked(service), { durable: true, arguments: { 'x-queue-type': 'quorum' } });
          await ch.assertQueue(this.names.queue(service), consumerQueueOptions(this.names, service));
          for (const p of patterns) await ch.bindQueue(this.names.queue(service), this.names.exchange, p);
        }
      } finally {
        await ch.close().catch(() => undefined);
      }
      this.topologyDeclared = true;
    } catch (err) {
      this.logger.error(`declaring topology failed: ${(err as Error).message}`);
    }
  }
}

@Global()
@Module({})
export class MessagingModule {
  static forRoot(options: MessagingModuleOptions): DynamicModule {
    return {
      module: MessagingModule,
      providers: [
        { provide: MESSAGING_OPTIONS, useValue: options },
        { provide: AMQP_CONFIG, useFactory: (): AmqpConfig => Object.assign(loadConfig(AmqpConfig), options.config) },
        { provide: TopologyNames, inject: [AMQP_CONFIG], useFactory: (c: AmqpConfig) => new TopologyNames(c.AMQP_PREFIX) },
        {
          provide: AmqpConnection,
          inject: [AMQP_CONFIG],
          useFactory: (c: AmqpConfig) => new AmqpConnection({ url: c.AMQP_URL, connectionName: `${options.service}:${process.pid}` }),
        },
        {
          provide: MessagePublisher,
          inject: [AmqpConnection, TopologyNames, AMQP_CONFIG],
          useFactory: (conn: AmqpConnection, names: TopologyNames, c: AmqpConfig) =>
            new MessagePublisher(conn, { names, publishTimeoutMs: c.AMQP_PUBLISH_TIMEOUT_MS, rpcTimeoutMs: c.AMQP_RPC_TIMEOUT_MS }),
        },
        {
          provide: HubRmqServer,
          inject: [AmqpConnection, MessagePublisher, TopologyNames, AMQP_CONFIG],
          useFactory: (conn: AmqpConnection, pub: MessagePublisher, names: TopologyNames, c: AmqpConfig) =>
            new HubRmqServer(conn, pub, {
              service: options.service,
              names,
              prefetch: c.AMQP_PREFETCH,
              contracts: options.contracts,
              retry: { maxAttempts: c.AMQP_RETRY_MAX_ATTEMPTS, baseDelayMs: c.AMQP_RETRY_BASE_MS, maxDelayMs: c.AMQP_RETRY_MAX_MS, jitter: 0.2, outageMaxMs: c.AMQP_RETRY_OUTAGE_MAX_MS },
            }),
        },
        {
          provide: TransmissionRecorder,
          inject: [MessagePublisher, AMQP_CONFIG],
          useFactory: (p: MessagePublisher, c: AmqpConfig) => new TransmissionRecorder(p, { maxRecords: c.AMQP_RECORD_BATCH_RECORDS, maxBytes: c.AMQP_RECORD_BATCH_BYTES }),
        },
        MessagingLifecycle,
      ],
      exports: [MessagePublisher, HubRmqServer, AmqpConnection, TopologyNames, TransmissionRecorder, AMQP_CONFIG],
    };
  }
}

/**
 * Attaches the service's `@EventPattern` / `@MessagePattern` handlers to the broker. The service
 * is not ready (`/health/ready`) until they are subscribed: before, it would take HTTP calls that
 * need its own RPC responders (mapping's token check) and answer them NO_RESPONDER.
 */
export async function startConsumers(app: INestApplication): Promise<HubRmqServer> {
  const server = app.get(HubRmqServer);
  let subscribed = false;
  void server.ready().then(() => (subscribed = true));
  app.get(ReadinessRegistry).register({
    name: 'consumers',
    check: async () => {
      if (!subscribed) throw new Error('consumers not subscribed yet');
    },
  });
  // The app's configuration is needed here: it carries the hub's error filter, which hands a
  // handler's HubError to the transport as it is (without it, Nest's RpcExceptionsHandler turns
  // every error into an untyped object: a refused key was retried as UNEXPECTED instead of parked).
  // It also carries the HTTP ValidationPipe, which passes on the payloads the transport validated
  // (markValidated, HubValidationPipe).
  app.connectMicroservice({ strategy: server }, { inheritAppConfig: true });
  await app.startAllMicroservices();
  return server;
}
