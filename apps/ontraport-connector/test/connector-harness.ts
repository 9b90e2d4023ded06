import { Controller, INestApplication, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { CONSUMERS, CONTRACTS, OntraportCredentialsReply, OntraportCredentialsRequest, RpcPatterns } from '@hub/messaging-contracts';
import { AmqpConfig, AmqpConnection, MessagePublisher, MessagingModule, startConsumers, TopologyNames } from '@hub/messaging-nest';
import { migrateSchema } from '@hub/persistence';
import { ONTRAPORT_ENTITIES, ONTRAPORT_MIGRATIONS } from '@hub/ontraport-service';
import { OntraportSimulator, OntraportSimulatorOptions, startOntraportSimulator } from '@hub/ontraport-simulator';
import { configureHttpApp, PlatformModule } from '@hub/platform';
import { createTestSchema, createTestVhost, QueueInspector, TcpProxy, TestSchema, TestVhost } from '@hub/testing';
import { OntraportConnectorModule } from '../src/app/ontraport-connector.module';

/** Merchant id → the ONTRAPORT credentials mapping would answer (a stand-in for the mapping service's RPC). */
export const CREDENTIALS = new Map<string, OntraportCredentialsReply>();

@Controller()
class CredentialsResponder {
  @MessagePattern(RpcPatterns.mapping.ontraportCredentials)
  credentials(@Payload() req: OntraportCredentialsRequest): OntraportCredentialsReply {
    const found = CREDENTIALS.get(req.merchantId);
    if (!found) throw new Error(`no ONTRAPORT credentials for ${req.merchantId}`);
    return found;
  }
}

export interface Transmission {
  merchantId: string;
  type: string;
  status: string;
  description: string;
  method?: string;
  url?: string;
  requestBody?: string;
  responseBody?: string;
  httpStatus?: number;
  attempt: number;
  orderId?: string;
}

/**
 * Connector replicas in-process over the real RabbitMQ (own vhost) and PostgreSQL (own schema),
 * against the ONTRAPORT simulator on a real port, with a stand-in for mapping's credentials RPC.
 * audit-log is not running, so its queue holds every transmission record for the test to read.
 */
export class ConnectorHarness {
  readonly replicas: INestApplication[] = [];
  private mapping?: INestApplication;
  inspector!: QueueInspector;
  private readonly transmissions: Transmission[] = [];
  /** With `proxyDatabase`: the proxy the replicas reach PostgreSQL through, to cut and restore. */
  database?: TcpProxy;
  private databaseUrl?: string;

  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
    readonly sim: OntraportSimulator,
    private readonly amqp: Partial<AmqpConfig>,
  ) {}

  /**
   * `opts.amqp` overrides the replicas' messaging settings (attempts, RPC timeout).
   * `opts.proxyDatabase`: the replicas reach PostgreSQL through a TcpProxy (`database`) the test
   * can cut, so their database drops without stopping the PostgreSQL other suites use.
   */
  static async start(
    label: string,
    opts: { replicas?: number; sim?: OntraportSimulatorOptions; env?: Record<string, string>; amqp?: Partial<AmqpConfig>; proxyDatabase?: boolean } = {},
  ): Promise<ConnectorHarness> {
    const sim = await startOntraportSimulator(opts.sim ?? {});
    const h = new ConnectorHarness(await createTestVhost(label), await createTestSchema(label), sim, opts.amqp ?? {});
    await migrateSchema({ url: h.schema.url, schema: h.schema.schema, entities: ONTRAPORT_ENTITIES, migrations: ONTRAPORT_MIGRATIONS });
    if (opts.proxyDatabase) {
      const url = new URL(h.schema.url);
      h.database = new TcpProxy(url.hostname, Number(url.port || 5432));
      url.port = String(await h.database.start());
      h.databaseUrl = url.toString();
    }
    // The connector reads its ONTRAPORT settings from the environment at construction.
    Object.assign(process.env, { ONTRAPORT_BASE_URL: sim.url, ONTRAPORT_TIMEOUT_MS: '2000', ...opts.env });
    await h.startMapping();
    for (let i = 0; i < (opts.replicas ?? 1); i++) await h.addReplica();
    h.inspector = await QueueInspector.open(h.vhost.url);
    return h;
  }

  /** One more connector in this process: a competing consumer on the same queue and database. */
  async addReplica(): Promise<INestApplication> {
    const amqp = { AMQP_URL: this.vhost.url, AMQP_RETRY_BASE_MS: 100, AMQP_RETRY_MAX_MS: 400, AMQP_RETRY_MAX_ATTEMPTS: 20, ...this.amqp };
    const moduleRef = await Test.createTestingModule({
      imports: [OntraportConnectorModule.register({ amqp, database: { DATABASE_URL: this.databaseUrl ?? this.schema.url, DATABASE_SCHEMA: this.schema.schema } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    configureHttpApp(app, { title: 'ontraport-connector' });
    this.replicas.push(await this.boot(app));
    return app;
  }

  /** The stand-in for mapping answers again (its request queue declared again, if it was deleted). */
  async startMapping(): Promise<void> {
    const moduleRef = await Test.createTestingModule({ imports: [StandInMappingModule.register(this.vhost.url)] }).compile();
    this.mapping = await this.boot(moduleRef.createNestApplication({ logger: false }));
  }

  /** mapping stopped: its request queue stays, unanswered, as when the process is down. */
  async stopMapping(): Promise<void> {
    await this.mapping?.close();
    this.mapping = undefined;
  }

  /** mapping's request queue gone too (as after a broker restart while it is down): an RPC finds no responder at all. */
  async deleteMappingQueue(): Promise<void> {
    const ch = await this.replicas[0].get(AmqpConnection).model$().createChannel();
    await ch.deleteQueue(this.replicas[0].get(TopologyNames).rpc('mapping'));
    await ch.close();
  }

  private async boot(app: INestApplication): Promise<INestApplication> {
    await app.init();
    await (await startConsumers(app)).ready();
    await app.listen(0, '127.0.0.1');
    return app;
  }

  /** A connector replica's publisher, or the stand-in mapping's while no replica runs in this process. */
  get publisher(): MessagePublisher {
    const app = this.replicas[0] ?? this.mapping;
    if (!app) throw new Error('the harness is not started');
    return app.get(MessagePublisher);
  }

  async url(replica = 0): Promise<string> {
    return this.replicas[replica].getUrl();
  }

  async send<T extends { idempotencyKey: string }>(routingKey: string, cmd: T): Promise<void> {
    await this.publisher.publish(routingKey, cmd, { messageId: cmd.idempotencyKey });
  }

  /** Every transmission record published so far (accumulated across calls). */
  async records(filter: Partial<Transmission> = {}): Promise<Transmission[]> {
    this.transmissions.push(...(await this.inspector.drainRecords<Transmission>('hub.audit-log')));
    return this.transmissions.filter((t) => Object.entries(filter).every(([k, v]) => t[k as keyof Transmission] === v));
  }

  async parked(): Promise<Array<{ routingKey: string; headers: Record<string, unknown>; body: unknown }>> {
    return this.inspector.drain('hub.ontraport-connector.parked');
  }

  account(appId: string) {
    return this.sim.state().accounts[appId];
  }

  async stop(): Promise<void> {
    await this.inspector?.close();
    for (const app of [...this.replicas, ...(this.mapping ? [this.mapping] : [])]) await app.close().catch(() => undefined);
    await this.database?.stop();
    await this.sim.close();
    await this.vhost.dispose();
    await this.schema.drop();
  }
}

@Module({})
class StandInMappingModule {
  static register(url: string) {
    return {
      module: StandInMappingModule,
      imports: [PlatformModule.forRoot('mapping'), MessagingModule.forRoot({ service: 'mapping', consumers: CONSUMERS, contracts: CONTRACTS, config: { AMQP_URL: url } })],
      controllers: [CredentialsResponder],
    };
  }
}
