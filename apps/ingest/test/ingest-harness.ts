import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { INGEST_ENTITIES, INGEST_HTTP_OPTIONS, INGEST_MIGRATIONS, IngestConfig, WebhookAuthService } from '@hub/ingest-service';
import { configureHttpApp, createHttpAdapter } from '@hub/platform';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, createTestVhost, InspectedMessage, QueueInspector, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { IngestModule } from '../src/app/ingest.module';

export const MERCHANT = 'M1';
export const basic = (user: string, password: string): string => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
export const AUTH = basic('cart', 's3cret');

export interface HarnessOptions {
  label: string;
  /** The broker URL the service uses, from the suite's vhost URL (a fault proxy in between, say). */
  brokerUrl?: (vhostUrl: string) => Promise<string>;
  ingest?: Partial<IngestConfig>;
}

export interface PostOptions {
  path?: string;
  authorization?: string;
  headers?: Record<string, string>;
}

/**
 * The ingest service in-process, over the real RabbitMQ (a vhost of the suite's own) and
 * PostgreSQL (a schema of its own), with merchant M1's credentials `cart:s3cret`. Nobody consumes
 * the queues, so a test reads exactly what was published.
 */
export class IngestHarness {
  app!: INestApplication;
  base = '';

  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
    readonly queues: QueueInspector,
    private readonly brokerUrl: string,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions): Promise<IngestHarness> {
    const vhost = await createTestVhost(options.label);
    const schema = await createTestSchema(options.label);
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS });
    const brokerUrl = options.brokerUrl ? await options.brokerUrl(vhost.url) : vhost.url;
    const harness = new IngestHarness(vhost, schema, await QueueInspector.open(vhost.url), brokerUrl, options);
    await harness.boot();
    await harness.auth.setCredentials(MERCHANT, 'cart', 's3cret');
    return harness;
  }

  get auth(): WebhookAuthService {
    return this.app.get(WebhookAuthService);
  }

  async boot(): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        IngestModule.register({
          amqp: { AMQP_URL: this.brokerUrl },
          database: { DATABASE_URL: this.schema.url, DATABASE_SCHEMA: this.schema.schema },
          ingest: this.options.ingest,
        }),
      ],
    }).compile();
    const http = { ...INGEST_HTTP_OPTIONS, title: 'ingest', bodyLimit: '6mb' };
    this.app = moduleRef.createNestApplication(createHttpAdapter(http), { bodyParser: false, rawBody: http.rawBody, logger: false });
    configureHttpApp(this.app, http);
    await this.app.listen(0, '127.0.0.1');
    this.base = await this.app.getUrl();
    await waitFor(async () => (await fetch(`${this.base}/health/ready`)).ok, { what: 'ingest ready' });
  }

  async restart(): Promise<void> {
    await this.app.close();
    await this.boot();
  }

  /** POSTs to the cart webhook of M1 (or `path`), JSON unless the body is already a string. */
  post(body: unknown, options: PostOptions = {}): Promise<Response> {
    return fetch(`${this.base}${options.path ?? `/webhooks/ultracart/${MERCHANT}`}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: options.authorization ?? AUTH, ...options.headers },
      body: typeof body === 'string' || Buffer.isBuffer(body) ? body : JSON.stringify(body),
    });
  }

  /** Everything waiting in a queue now (mapping's, by default: it binds `cart.#`). */
  drain<T = Record<string, unknown>>(queue = 'hub.mapping'): Promise<Array<InspectedMessage<T>>> {
    return this.queues.drain<T>(queue);
  }

  /** The transmission records waiting in `queue`, batch messages unpacked (QueueInspector.drainRecords). */
  drainRecords<T = Record<string, unknown>>(queue = 'hub.audit-log'): Promise<T[]> {
    return this.queues.drainRecords<T>(queue);
  }

  /** Waits until `count` messages have arrived in the queue, then a little longer to catch extras. */
  collect<T = Record<string, unknown>>(count: number, queue = 'hub.mapping'): Promise<Array<InspectedMessage<T>>> {
    return this.queues.collect<T>(queue, count, 200);
  }

  async close(): Promise<void> {
    await this.queues?.close();
    await this.app?.close();
    await this.schema?.drop();
    await this.vhost?.dispose();
  }
}

export interface Receipt {
  received: number;
  events: Array<{ index: number; event: string; outcome: string; resourceId?: string; orderId?: string; published?: string[]; reason?: string }>;
}

export const receiptOf = async (res: Response): Promise<Receipt> => (await res.json()) as Receipt;
