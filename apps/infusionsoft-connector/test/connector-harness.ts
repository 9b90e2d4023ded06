import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { Controller, INestApplication, Module } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { INFUSIONSOFT_ENTITIES, INFUSIONSOFT_MIGRATIONS } from '@hub/infusionsoft-service';
import { startInfusionsoftSimulator, startSmtpSink, type InfusionsoftSimulator, type SmtpSink } from '@hub/infusionsoft-simulator';
import { InfusionsoftCredentialsReply, InfusionsoftCredentialsRequest, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher, MessagingModule, startConsumers } from '@hub/messaging-nest';
import { migrateSchema } from '@hub/persistence';
import { NotFoundError, PlatformModule } from '@hub/platform';
import { createTestSchema, createTestVhost, freePort, QueueInspector, TcpProxy, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { InfusionsoftConnectorModule } from '../src/app/infusionsoft-connector.module';

/** Stands in for mapping's `rpc.mapping.infusionsoft-credentials.v1` (mapping implements the real one). */
export const credentialsByMerchant = new Map<string, InfusionsoftCredentialsReply>();
/** How many times the stand-in was asked, per merchant. */
export const credentialRequests = new Map<string, number>();

@Controller()
class FakeMappingCredentials {
  @MessagePattern(RpcPatterns.mapping.infusionsoftCredentials)
  credentials(@Payload() req: InfusionsoftCredentialsRequest): InfusionsoftCredentialsReply {
    credentialRequests.set(req.merchantId, (credentialRequests.get(req.merchantId) ?? 0) + 1);
    const reply = credentialsByMerchant.get(req.merchantId);
    if (!reply) throw new NotFoundError(`Infusionsoft credentials of ${req.merchantId}`);
    return reply;
  }
}

@Module({ controllers: [FakeMappingCredentials] })
class FakeMappingModule {}

/**
 * The stand-in runs as a service of its own (own RPC queue), as mapping does: a connector replica
 * started as a process must not receive mapping's requests on the connector's queue.
 */
async function startFakeMapping(amqpUrl: string): Promise<INestApplication> {
  const moduleRef = await Test.createTestingModule({
    imports: [PlatformModule.forRoot('fake-mapping'), MessagingModule.forRoot({ service: 'fake-mapping', config: { AMQP_URL: amqpUrl } }), FakeMappingModule],
  }).compile();
  const app = moduleRef.createNestApplication({ logger: false });
  await app.init();
  await (await startConsumers(app)).ready();
  return app;
}

export const RETRY = { AMQP_RETRY_MAX_ATTEMPTS: 30, AMQP_RETRY_BASE_MS: 50, AMQP_RETRY_MAX_MS: 400 };

/**
 * The connector against the real RabbitMQ (own vhost) and PostgreSQL (own schema), the
 * Infusionsoft simulator and the SMTP sink over real HTTP/SMTP.
 */
export class ConnectorHarness {
  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
    readonly sim: InfusionsoftSimulator,
    readonly smtp: SmtpSink,
    readonly app: INestApplication,
    readonly publisher: MessagePublisher,
    readonly queues: QueueInspector,
    private fakeMapping: INestApplication | undefined,
    private readonly amqp: Record<string, number> = RETRY,
    /** With `proxyDatabase`: the proxy the connector reaches PostgreSQL through, to cut and restore. */
    readonly database?: TcpProxy,
  ) {}

  /**
   * `consume: false`: this instance only publishes; the replicas a test starts are the only consumers.
   * `amqp`: messaging settings over RETRY (AMQP_RPC_TIMEOUT_MS, ...), for every replica of the suite.
   * `proxyDatabase`: the connector reaches PostgreSQL through a TcpProxy (`database`) the test can
   * cut, so its database drops without stopping the PostgreSQL other suites use.
   */
  static async start(label: string, opts: { consume?: boolean; amqp?: Record<string, number>; proxyDatabase?: boolean } = {}): Promise<ConnectorHarness> {
    const amqp = { ...RETRY, ...opts.amqp };
    const vhost = await createTestVhost(label);
    const schema = await createTestSchema(label);
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: INFUSIONSOFT_ENTITIES, migrations: INFUSIONSOFT_MIGRATIONS });
    const sim = await startInfusionsoftSimulator({ apps: [{ name: 'acme', apiKey: 'acme-secret-key-123', accessToken: 'acme-oauth-token-456', serviceAccountKey: 'KeapAK-acme-789' }] });
    const smtp = await startSmtpSink();
    // The connector's own config classes read the environment.
    Object.assign(process.env, {
      INFUSIONSOFT_LEGACY_URL: sim.legacyUrlTemplate,
      INFUSIONSOFT_OAUTH_URL: sim.oauthUrl,
      SMTP_URL: `smtp://${smtp.host}:${smtp.port}`,
      MAIL_FROM: 'hub@example.com',
      ...Object.fromEntries(Object.entries(amqp).map(([k, v]) => [k, String(v)])),
    });
    const fakeMapping = await startFakeMapping(vhost.url);
    let database: TcpProxy | undefined;
    let connectorSchema = schema;
    if (opts.proxyDatabase) {
      const url = new URL(schema.url);
      database = new TcpProxy(url.hostname, Number(url.port || 5432));
      url.port = String(await database.start());
      connectorSchema = { ...schema, url: url.toString() };
    }
    const app = await ConnectorHarness.connector(vhost, connectorSchema, amqp, opts.consume ?? true);
    return new ConnectorHarness(vhost, schema, sim, smtp, app, app.get(MessagePublisher), await QueueInspector.open(vhost.url), fakeMapping, amqp, database);
  }

  /** mapping's stand-in stopped: its request queue stays, unanswered (RPC_TIMEOUT), as when the process is down. */
  async stopMapping(): Promise<void> {
    await this.fakeMapping?.close();
    this.fakeMapping = undefined;
  }

  async startMapping(): Promise<void> {
    this.fakeMapping ??= await startFakeMapping(this.vhost.url);
  }

  /** One connector instance. */
  private static async connector(vhost: TestVhost, schema: TestSchema, amqp: Record<string, number>, consume = true): Promise<INestApplication> {
    const moduleRef = await Test.createTestingModule({
      imports: [InfusionsoftConnectorModule.register({ amqp: { AMQP_URL: vhost.url, ...amqp }, database: { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema } })],
    }).compile();
    const app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    if (consume) await (await startConsumers(app)).ready();
    return app;
  }

  private readonly replicas: INestApplication[] = [];

  /** A second replica: a competing consumer on the same queue, database and limits (once). */
  async replica(): Promise<void> {
    if (!this.replicas.length) this.replicas.push(await ConnectorHarness.connector(this.vhost, this.schema, this.amqp));
  }

  /**
   * Another replica as a real process (`apps/infusionsoft-connector/src/main.ts`), so a test can
   * kill it the way a process dies or see it die; ready once its /health/ready answers.
   */
  async process(env: Record<string, string> = {}): Promise<ChildProcess> {
    const port = await freePort();
    const child = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/infusionsoft-connector/src/main.ts'], {
      cwd: resolve(__dirname, '../../..'),
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', AMQP_URL: this.vhost.url, DATABASE_URL: this.schema.url, DATABASE_SCHEMA: this.schema.schema, PORT: String(port), LOG_LEVEL: 'warn', ...env },
      stdio: 'ignore',
    });
    this.processes.push(child);
    await waitFor(async () => child.exitCode === null && (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'the connector process ready' });
    return child;
  }

  private readonly processes: ChildProcess[] = [];

  /** Each order is in Infusionsoft exactly once: one invoice, each of its lines once, one payment, paid in full. */
  expectEachOrderOnce(orderIds: string[], lines = 3, total = 27): void {
    for (const orderId of orderIds) {
      const invoices = this.rows('Invoice').filter((i) => i['Description'] === `UltraCart order ${orderId}`);
      expect(invoices).toHaveLength(1);
      expect(this.rows('OrderItem').filter((i) => i['OrderId'] === invoices[0]['JobId'])).toHaveLength(lines);
      expect(this.rows('Payment').filter((p) => p['InvoiceId'] === invoices[0].Id)).toHaveLength(1);
      expect(invoices[0]).toMatchObject({ InvoiceTotal: total, TotalPaid: total });
    }
  }

  rows(table: string) {
    return this.sim.app('acme').tables.all(table);
  }

  async close(): Promise<void> {
    for (const p of this.processes) p.kill('SIGKILL');
    await this.queues?.close();
    for (const r of this.replicas) await r.close();
    await this.app?.close();
    await this.fakeMapping?.close();
    await this.database?.stop();
    await this.sim?.close();
    await this.smtp?.close();
    await this.schema?.drop();
    await this.vhost?.dispose();
  }
}
