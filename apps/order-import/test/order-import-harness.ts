import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { startConsumers } from '@hub/messaging-nest';
import { PaymentGateway } from '@hub/order-import';
import {
  ChannelPartnersService,
  ORDER_IMPORT_ENTITIES,
  ORDER_IMPORT_HTTP_OPTIONS,
  ORDER_IMPORT_MIGRATIONS,
  OrderImportConfig,
} from '@hub/order-import-service';
import { configureHttpApp, createHttpAdapter } from '@hub/platform';
import { migrateSchema } from '@hub/persistence';
import { channelPartnerOrderFixture, createTestSchema, createTestVhost, InspectedMessage, QueueInspector, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { OrderImportModule } from '../src/app/order-import.module';

export const MERCHANT = 'M1';
export const PARTNER = { code: 'SHOPX', password: 'partner-s3cret' };
export const basic = (user: string, password: string): string => 'Basic ' + Buffer.from(`${user}:${password}`).toString('base64');
export const AUTH = basic(PARTNER.code, PARTNER.password);

export const CATALOG_CSV = [
  'item_id,description,price,currency,physical,inactive,preorder,options,auto_order_schedules',
  'BOOK,A printed book,25.00,USD,Y,N,N,Cover*=Hard|Soft;Inscription,',
  'EBOOK,An e-book,9.50,USD,N,N,N,,Monthly|Every 2 Months',
  'SOON,Not out yet,12.00,USD,N,N,Y,,',
].join('\n');

export interface HarnessOptions {
  label: string;
  orderImport?: Partial<OrderImportConfig>;
  paymentGateway?: PaymentGateway;
  /** Start the AMQP consumers (catalog events, channel-partner RPC); default yes. */
  consumers?: boolean;
  /** The broker URL the service uses, from the suite's vhost URL (a fault proxy in between, say). */
  brokerUrl?: (vhostUrl: string) => Promise<string>;
}

/**
 * order-import in-process over the real RabbitMQ (a vhost of the suite's own) and PostgreSQL (a
 * schema of its own), with partner SHOPX of merchant M1 and a small catalog. Nobody consumes the
 * mapping and audit-log queues, so a test reads exactly what was published.
 */
export class OrderImportHarness {
  app!: INestApplication;
  base = '';

  private constructor(
    readonly vhost: TestVhost,
    readonly schema: TestSchema,
    readonly queues: QueueInspector,
    private readonly brokerUrl: string,
    private readonly options: HarnessOptions,
  ) {}

  static async start(options: HarnessOptions): Promise<OrderImportHarness> {
    const vhost = await createTestVhost(options.label);
    const schema = await createTestSchema(options.label);
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: ORDER_IMPORT_ENTITIES, migrations: ORDER_IMPORT_MIGRATIONS });
    const brokerUrl = options.brokerUrl ? await options.brokerUrl(vhost.url) : vhost.url;
    const harness = new OrderImportHarness(vhost, schema, await QueueInspector.open(vhost.url), brokerUrl, options);
    await harness.boot();
    await harness.app.get(ChannelPartnersService).upsert(MERCHANT, PARTNER.code, PARTNER.password);
    const res = await fetch(`${harness.base}/channel_partner/${MERCHANT}/catalog`, { method: 'PUT', headers: { authorization: AUTH, 'content-type': 'text/csv' }, body: CATALOG_CSV });
    if (!res.ok) throw new Error(`catalog upload failed: ${res.status} ${await res.text()}`);
    await fetch(`${harness.base}/channel_partner/${MERCHANT}/coupons`, { method: 'PUT', headers: { authorization: AUTH, 'content-type': 'application/json' }, body: JSON.stringify({ codes: ['SAVE10'] }) });
    return harness;
  }

  /** `ready: false` does not wait for readiness (the broker may be down on purpose). */
  async boot(ready = true): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [
        OrderImportModule.register({
          amqp: { AMQP_URL: this.brokerUrl },
          database: { DATABASE_URL: this.schema.url, DATABASE_SCHEMA: this.schema.schema },
          orderImport: { OUTBOX_POLL_MS: 200, ...this.options.orderImport },
          paymentGateway: this.options.paymentGateway,
        }),
      ],
    }).compile();
    const http = { ...ORDER_IMPORT_HTTP_OPTIONS, title: 'order-import', bodyLimit: '6mb' };
    this.app = moduleRef.createNestApplication(createHttpAdapter(http), { bodyParser: false, logger: false });
    configureHttpApp(this.app, http);
    if (this.options.consumers !== false) await startConsumers(this.app);
    await this.app.listen(0, '127.0.0.1');
    this.base = await this.app.getUrl();
    if (ready) await this.waitReady();
  }

  waitReady(): Promise<unknown> {
    return waitFor(async () => (await fetch(`${this.base}/health/ready`)).ok, { what: 'order-import ready', timeoutMs: 20_000 });
  }

  async restart(ready = true): Promise<void> {
    await this.app.close();
    await this.boot(ready);
  }

  /** The legacy interface: form-encoded pairs. */
  postForm(pairs: Record<string, string> | Array<[string, string]>): Promise<Response> {
    return fetch(`${this.base}/channel-partner/api`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams(pairs as Record<string, string>).toString(),
    });
  }

  /** The REST interface. */
  postJson(order: unknown, authorization = AUTH): Promise<Response> {
    return fetch(`${this.base}/channel_partner/${MERCHANT}/import`, { method: 'POST', headers: { 'content-type': 'application/json', authorization }, body: JSON.stringify(order) });
  }

  request(method: string, path: string, body?: unknown, authorization = AUTH): Promise<Response> {
    return fetch(`${this.base}${path}`, { method, headers: { 'content-type': 'application/json', authorization }, body: body === undefined ? undefined : JSON.stringify(body) });
  }

  drain<T = Record<string, unknown>>(queue: string): Promise<Array<InspectedMessage<T>>> {
    return this.queues.drain<T>(queue);
  }

  /** The transmission records waiting in `queue`, batch messages unpacked (QueueInspector.drainRecords). */
  drainRecords<T = Record<string, unknown>>(queue = 'hub.audit-log'): Promise<T[]> {
    return this.queues.drainRecords<T>(queue);
  }

  /** Waits until `count` messages arrived in the queue, then a little longer to catch extras. */
  collect<T = Record<string, unknown>>(count: number, queue: string): Promise<Array<InspectedMessage<T>>> {
    return this.queues.collect<T>(queue, count);
  }

  async close(): Promise<void> {
    await this.queues?.close();
    await this.app?.close();
    await this.schema?.drop();
    await this.vhost?.dispose();
  }
}

/** A valid legacy form for a physical book paid by the sandbox's approving Visa. */
export function legacyForm(channelPartnerOrderId: string, extra: Record<string, string> = {}): Record<string, string> {
  return {
    method: 'importOrder',
    'credentials.merchantId': MERCHANT,
    'credentials.channelPartnerCode': PARTNER.code,
    'credentials.channelPartnerPassword': PARTNER.password,
    'order.channelPartnerOrderId': channelPartnerOrderId,
    'order.paymentMethod': 'Credit Card',
    'order.creditCardType': 'Visa',
    'order.creditCardNumber': '4111-1111-1111-1111',
    'order.creditCardExpirationMonth': '12',
    'order.creditCardExpirationYear': '2031',
    'order.creditCardVerificationNumber': '987',
    'order.billToFirstName': 'Ada',
    'order.billToLastName': 'Lovelace',
    'order.billToAddress1': '1 Analytical Way',
    'order.billToCity': 'London',
    'order.billToState': 'LDN',
    'order.billToPostalCode': 'N1 9GU',
    'order.billToCountry': 'United Kingdom',
    'order.email': 'Ada@Example.com',
    'order.shipToFirstName': 'Ada',
    'order.shipToLastName': 'Lovelace',
    'order.shipToAddress1': '1 Analytical Way',
    'order.shipToCity': 'London',
    'order.shipToState': 'LDN',
    'order.shipToPostalCode': 'N1 9GU',
    'order.shipToCountry': 'GB',
    'order.shipToPhone': '+44 20 7946 0000',
    'order.shippingMethod': 'Royal Mail: First Class',
    'order.ipAddress': '127.0.0.1',
    'order.screenBrandingThemeCode': 'DFLT',
    'order.items[0].itemId': 'BOOK',
    'order.items[0].quantity': '2',
    'order.items[0].options[0].name': 'Cover',
    'order.items[0].options[0].value': 'Hard',
    ...extra,
  };
}

/** The same order as a REST ChannelPartnerOrder: the shared fixture with this suite's CVV, ISO country and email, no coupons. */
export function restOrder(channelPartnerOrderId: string, extra: Record<string, unknown> = {}): Record<string, unknown> {
  const { coupons: _none, ...order } = channelPartnerOrderFixture(channelPartnerOrderId, { credit_card_verification_number: '987', billto_country_code: 'GB', email: 'ada@example.com' });
  return { ...order, ...extra };
}

/** The REST answer (ChannelPartnerImportResponse and the hub's structured errors). */
export interface RestAnswer {
  success: boolean;
  order_id: string | null;
  import_errors: string[];
  import_warnings: string[];
  errors: Array<{ field: string; message: string }>;
  stage?: string;
  duplicate?: boolean;
}

export async function restAnswer(res: Response | Promise<Response>): Promise<RestAnswer> {
  return (await (await res).json()) as RestAnswer;
}

/** `name=value` lines of the legacy answer. */
export async function legacyAnswer(res: Response): Promise<{ status: number; success: string; orderId: string; stage?: string; errors: string[]; warnings: string[]; text: string }> {
  const text = await res.text();
  const lines = text.trim().split('\n').map((l) => [l.slice(0, l.indexOf('=')), l.slice(l.indexOf('=') + 1)] as const);
  const one = (k: string) => lines.find(([n]) => n === k)?.[1];
  return { status: res.status, success: one('success') ?? '', orderId: one('orderId') ?? '', stage: one('stage'), errors: lines.filter(([n]) => n === 'error').map(([, v]) => v), warnings: lines.filter(([n]) => n === 'warning').map(([, v]) => v), text };
}
