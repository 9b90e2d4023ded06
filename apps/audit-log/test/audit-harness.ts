import { randomUUID } from 'node:crypto';
import { Controller, INestApplication } from '@nestjs/common';
import { MessagePattern, Payload } from '@nestjs/microservices';
import { Test } from '@nestjs/testing';
import { AUDIT_MIGRATIONS, AuditConfig } from '@hub/audit-service';
import { AuthenticateTokenReply, AuthenticateTokenRequest, CONTRACTS, RpcPatterns, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { AmqpConfig, AmqpConnection, MessagePublisher, MessagingModule, startConsumers, TopologyNames } from '@hub/messaging-nest';
import { DatabaseConfig, migrateSchema } from '@hub/persistence';
import { configureHttpApp, PlatformModule, UnauthorizedError } from '@hub/platform';
import { createTestSchema, createTestVhost, TestSchema, TestVhost } from '@hub/testing';
import { AuditLogModule } from '../src/app/audit-log.module';

/** Bearer tokens the stand-in for mapping knows (what `rpc.mapping.authenticate-token.v1` answers). */
export const TOKENS: Record<string, AuthenticateTokenReply> = {
  'support-m1': { tokenId: 'tok-s1', role: 'support', merchantId: 'M1' },
  'admin-m1': { tokenId: 'tok-a1', role: 'admin', merchantId: 'M1' },
  'support-m2': { tokenId: 'tok-s2', role: 'support', merchantId: 'M2' },
  operator: { tokenId: 'operator', role: 'operator', merchantId: null },
};

/**
 * Answers the authenticate-token RPC as mapping does, from TOKENS: audit-log authenticates over
 * the real broker exactly as in production, without the suite running mapping's database.
 */
@Controller()
class TokenResponder {
  @MessagePattern(RpcPatterns.mapping.authenticateToken)
  authenticate(@Payload() { token }: AuthenticateTokenRequest): AuthenticateTokenReply {
    const principal = TOKENS[token];
    if (!principal) throw new UnauthorizedError('unknown token');
    return principal;
  }
}

export function record(over: Partial<TransmissionRecordedV1> = {}): TransmissionRecordedV1 {
  return {
    id: randomUUID(),
    merchantId: 'M1',
    integration: 'ontraport',
    direction: 'outbound',
    type: 'sale',
    status: 'succeeded',
    description: 'Log sale of order M1-1',
    orderId: 'M1-1',
    method: 'POST',
    url: 'https://api.ontraport.com/1/transaction/processManual',
    requestBody: '{"contact_id":1}',
    responseBody: '{"code":0,"data":{"invoice_id":4}}',
    httpStatus: 200,
    durationMs: 12,
    attempt: 1,
    correlationId: 'corr-1',
    occurredAt: new Date().toISOString(),
    ...over,
  };
}

/** audit-log in-process over its own vhost and schema, HTTP on a free port, plus the token responder. */
export class AuditHarness {
  app!: INestApplication;
  mapping?: INestApplication;
  publisher!: MessagePublisher;
  base = '';

  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
  ) {}

  /**
   * `over.database` and `over.amqp` override the service's connections; `over.beforeBoot` runs
   * after the migrations, before audit-log starts (to hand the schema to another role, say).
   */
  static async start(
    label: string,
    audit: Partial<AuditConfig> = {},
    over: { database?: Partial<DatabaseConfig>; amqp?: Partial<AmqpConfig>; beforeBoot?: (h: AuditHarness) => Promise<void> } = {},
  ): Promise<AuditHarness> {
    const h = new AuditHarness(await createTestVhost(label), await createTestSchema(label));
    await migrateSchema({ url: h.schema.url, schema: h.schema.schema, entities: [], migrations: AUDIT_MIGRATIONS });
    await over.beforeBoot?.(h);
    await h.startMapping();

    const moduleRef = await Test.createTestingModule({
      imports: [
        AuditLogModule.register({
          amqp: { AMQP_URL: h.vhost.url, AMQP_RETRY_BASE_MS: 100, AMQP_RETRY_MAX_MS: 400, ...over.amqp },
          database: { DATABASE_URL: h.schema.url, DATABASE_SCHEMA: h.schema.schema, ...over.database },
          audit: { AUDIT_BATCH_WAIT_MS: 10, ...audit },
        }),
      ],
    }).compile();
    h.app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    configureHttpApp(h.app, { title: 'audit-log' });
    await h.app.init();
    await (await startConsumers(h.app)).ready();
    await h.app.listen(0, '127.0.0.1');
    h.base = await h.app.getUrl();
    h.publisher = h.app.get(MessagePublisher);
    return h;
  }

  /** The stand-in for mapping answers (again): its request queue declared again, if it was deleted. */
  async startMapping(): Promise<void> {
    const mappingRef = await Test.createTestingModule({
      imports: [PlatformModule.forRoot('mapping'), MessagingModule.forRoot({ service: 'mapping', contracts: CONTRACTS, config: { AMQP_URL: this.vhost.url } })],
      controllers: [TokenResponder],
    }).compile();
    this.mapping = mappingRef.createNestApplication({ logger: false });
    await this.mapping.init();
    await (await startConsumers(this.mapping)).ready();
  }

  /** mapping stopped: its request queue stays, unanswered, as when the process is down. */
  async stopMapping(): Promise<void> {
    await this.mapping?.close();
    this.mapping = undefined;
  }

  /** mapping's request queue gone too (as after a broker restart while it is down): no responder at all. */
  async deleteMappingQueue(): Promise<void> {
    const ch = await this.app.get(AmqpConnection).model$().createChannel();
    await ch.deleteQueue(this.app.get(TopologyNames).rpc('mapping'));
    await ch.close();
  }

  async get<T = Record<string, unknown>>(path: string, token?: string): Promise<{ status: number; body: T; text: string; headers: Headers }> {
    const res = await fetch(`${this.base}${path}`, { headers: token ? { authorization: `Bearer ${token}` } : {} });
    const text = await res.text();
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = undefined;
    }
    return { status: res.status, body: body as T, text, headers: res.headers };
  }

  async post<T = Record<string, unknown>>(path: string, token: string): Promise<{ status: number; body: T }> {
    const res = await fetch(`${this.base}${path}`, { method: 'POST', headers: { authorization: `Bearer ${token}` } });
    return { status: res.status, body: (await res.json()) as T };
  }

  async stop(): Promise<void> {
    await this.app?.close();
    await this.mapping?.close();
    await this.schema?.drop();
    await this.vhost?.dispose();
  }
}
