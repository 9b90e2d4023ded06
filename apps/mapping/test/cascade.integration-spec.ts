import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { money } from '@hub/domain';
import { OntraportCredentialsReply, OrderPlacedV1, RoutingKeys, RpcPatterns } from '@hub/messaging-contracts';
import { MessagePublisher, startConsumers } from '@hub/messaging-nest';
import { migrateSchema } from '@hub/persistence';
import { ErrorKind, withCorrelation } from '@hub/platform';
import { createTestSchema, createTestVhost, QueueInspector, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { MAPPING_ENTITIES, MAPPING_MIGRATIONS } from '../src/app/database';
import { MappingModule } from '../src/app/mapping.module';
import { MerchantConfigService } from '../src/app/merchant-config/merchant-config.service';

const placed = (merchantId: string, orderId: string): OrderPlacedV1 =>
  ({
    merchantId,
    order: {
      merchantId,
      orderId,
      stage: 'Completed Order',
      currency: 'USD',
      customer: { email: 'ada@example.com', billing: {} },
      lines: [
        { itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) },
        { itemId: 'PEN', quantity: 2, unitPrice: money(1), total: money(2) },
      ],
      totals: { subtotal: money(12), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(12) },
      couponCodes: [],
    },
  }) as OrderPlacedV1;

describe('mapping over the real RabbitMQ and PostgreSQL', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let app: INestApplication;
  let publisher: MessagePublisher;
  let queues: QueueInspector;

  beforeAll(async () => {
    vhost = await createTestVhost('mapping');
    schema = await createTestSchema('mapping');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: MAPPING_ENTITIES, migrations: MAPPING_MIGRATIONS });
    const moduleRef = await Test.createTestingModule({
      imports: [MappingModule.register({ amqp: { AMQP_URL: vhost.url }, database: { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema } })],
    }).compile();
    app = moduleRef.createNestApplication({ logger: false });
    await app.init();
    await (await startConsumers(app)).ready();
    publisher = app.get(MessagePublisher);
    const config = app.get(MerchantConfigService);
    await config.setOntraport('ON', { enabled: true, appId: 'app-1', apiKey: 'very-secret-key' });
    await config.mapProduct('ON', 'ontraport', 'BOOK', 'The Book');
    await config.setOntraport('OFF', { enabled: false, appId: 'app-2', apiKey: 'k2' });
    queues = await QueueInspector.open(vhost.url);
  }, 30_000);

  afterAll(async () => {
    await queues?.close();
    await app?.close();
    await schema?.drop();
    await vhost?.dispose();
  });

  /** Commands wait in the connector's queue: no connector runs in this suite. */
  async function commands() {
    const msgs = await queues.drain<{ merchantId: string; idempotencyKey: string; productNames: Record<string, string> }>('hub.ontraport-connector');
    return msgs.map((m) => ({ body: m.body, correlationId: m.headers['x-correlation-id'] }));
  }

  it('turns a placed order into one ONTRAPORT sale command for a merchant who enabled it', async () => {
    await withCorrelation('map-corr-1', () => publisher.publish(RoutingKeys.cart.orderPlaced, placed('ON', 'ON-1')));
    await withCorrelation('map-corr-2', () => publisher.publish(RoutingKeys.cart.orderPlaced, placed('OFF', 'OFF-1')));
    const got = await waitFor(async () => {
      const c = await commands();
      return c.length ? c : undefined;
    });
    await new Promise((r) => setTimeout(r, 500));
    const all = [...got, ...(await commands())];
    expect(all).toHaveLength(1);
    expect(all[0].body).toMatchObject({ merchantId: 'ON', idempotencyKey: 'ontraport:sale:ON:ON-1', productNames: { BOOK: 'The Book', PEN: 'PEN' } });
    expect(all[0].correlationId).toBe('map-corr-1');
  });

  it('hands the connector the credentials over RPC, and stores the key sealed', async () => {
    await expect(publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'ON' })).resolves.toEqual({
      appId: 'app-1',
      apiKey: 'very-secret-key',
    });
    const rows = await schema.query<{ sealed: string }>(`SELECT ontraport_api_key_sealed AS sealed FROM merchant_integrations WHERE merchant_id = 'ON'`);
    expect(rows[0].sealed).toMatch(/^v1:dev:/);
    expect(rows[0].sealed).not.toContain('very-secret-key');
    await expect(publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'NOBODY' })).rejects.toMatchObject({ code: 'NOT_FOUND', kind: ErrorKind.NotFound });
    await expect(publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: '../etc' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
