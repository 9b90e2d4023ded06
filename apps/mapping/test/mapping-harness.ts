import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '@hub/mapping-service';
import { MessagePublisher, startConsumers } from '@hub/messaging-nest';
import { DatabaseConfig, migrateSchema } from '@hub/persistence';
import { configureHttpApp } from '@hub/platform';
import { createTestSchema, createTestVhost, TestSchema, TestVhost } from '@hub/testing';
import { MappingModule, MappingOverrides } from '../src/app/mapping.module';

export const OPERATOR_TOKEN = 'operator-token-for-tests-only-0123456789';

export interface HttpAnswer<T = Record<string, unknown>> {
  status: number;
  body: T;
  text: string;
}

/**
 * The mapping service in-process over the real RabbitMQ (own vhost) and PostgreSQL (own schema),
 * HTTP on a free port, with an operator token and no token cache (so revocation shows at once).
 */
export class MappingHarness {
  app!: INestApplication;
  base = '';

  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
  ) {}

  /**
   * `over.database` overrides the service's connection (another role, say); `over.beforeBoot` runs
   * after the migrations, before mapping starts (to grant that role the schema).
   */
  static async start(
    label: string,
    overrides: Omit<MappingOverrides, 'amqp' | 'database'> = {},
    over: { database?: Partial<DatabaseConfig>; beforeBoot?: (h: MappingHarness) => Promise<void> } = {},
  ): Promise<MappingHarness> {
    const h = new MappingHarness(await createTestVhost(label), await createTestSchema(label));
    await migrateSchema({ url: h.schema.url, schema: h.schema.schema, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS });
    await over.beforeBoot?.(h);
    const moduleRef = await Test.createTestingModule({
      imports: [
        MappingModule.register({
          amqp: { AMQP_URL: h.vhost.url },
          database: { DATABASE_URL: h.schema.url, DATABASE_SCHEMA: h.schema.schema, ...over.database },
          access: { HUB_OPERATOR_TOKEN: OPERATOR_TOKEN },
          auth: { AUTH_CACHE_SECONDS: 0 },
          ...overrides,
        }),
      ],
    }).compile();
    h.app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    configureHttpApp(h.app, { title: 'mapping' });
    await h.app.init();
    await (await startConsumers(h.app)).ready();
    await h.app.listen(0, '127.0.0.1');
    h.base = await h.app.getUrl();
    return h;
  }

  get publisher(): MessagePublisher {
    return this.app.get(MessagePublisher);
  }

  async http<T = Record<string, unknown>>(method: string, path: string, token?: string, body?: unknown, contentType = 'application/json'): Promise<HttpAnswer<T>> {
    const res = await fetch(`${this.base}${path}`, {
      method,
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(body !== undefined ? { 'content-type': contentType } : {}) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    let parsed: unknown = text;
    try {
      parsed = text ? JSON.parse(text) : undefined;
    } catch {
      // CSV and other text answers stay as they are.
    }
    return { status: res.status, body: parsed as T, text };
  }

  /** A merchant with an admin and a support token, made through the API as the operator would. */
  async merchant(merchantId: string): Promise<{ admin: string; support: string }> {
    const created = await this.http('POST', '/merchants', OPERATOR_TOKEN, { merchantId, name: `${merchantId} Inc.` });
    if (created.status !== 201) throw new Error(`create merchant ${merchantId}: ${created.status} ${created.text}`);
    const admin = await this.http<{ token: string }>('POST', `/merchants/${merchantId}/tokens`, OPERATOR_TOKEN, { role: 'admin', label: 'first admin' });
    const support = await this.http<{ token: string }>('POST', `/merchants/${merchantId}/tokens`, admin.body.token, { role: 'support', label: 'support desk' });
    if (support.status !== 201) throw new Error(`support token for ${merchantId}: ${support.status} ${support.text}`);
    return { admin: admin.body.token, support: support.body.token };
  }

  async close(): Promise<void> {
    await this.app?.close();
    await this.schema?.drop();
    await this.vhost?.dispose();
  }
}
