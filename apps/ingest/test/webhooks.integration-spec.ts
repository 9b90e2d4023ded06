import { gzipSync } from 'node:zlib';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { configureHttpApp } from '@hub/platform';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, createTestVhost, QueueInspector, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { INGEST_ENTITIES, INGEST_MIGRATIONS } from '../src/app/database';
import { IngestModule } from '../src/app/ingest.module';
import { WebhookAuthService } from '../src/app/webhooks/webhook-auth.service';

const order = (orderId: string, stage = 'Completed Order') => ({
  merchant_id: 'M1',
  order_id: orderId,
  current_stage: stage,
  billing: { first_name: 'Ada', email: 'ada@example.com' },
  items: [{ merchant_item_id: 'BOOK', quantity: 1, cost: { value: 10 } }],
  summary: { total: { value: 10 } },
  payment: { payment_method: 'Credit Card', credit_card: { card_number: '4111111111111111', card_verification_number: '123' } },
});

describe('ingest over the real RabbitMQ and PostgreSQL', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let app: INestApplication;
  let base: string;
  let queues: QueueInspector;

  async function boot(): Promise<void> {
    const moduleRef = await Test.createTestingModule({
      imports: [IngestModule.register({ amqp: { AMQP_URL: vhost.url }, database: { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema } })],
    }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    configureHttpApp(app, { title: 'ingest', bodyLimit: '6mb' });
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    await waitFor(async () => (await fetch(`${base}/health/ready`)).ok, { what: 'ingest ready' });
  }

  beforeAll(async () => {
    vhost = await createTestVhost('ingest');
    schema = await createTestSchema('ingest');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: INGEST_ENTITIES, migrations: INGEST_MIGRATIONS });
    await boot();
    await app.get(WebhookAuthService).setCredentials('M1', 'cart', 's3cret');
    queues = await QueueInspector.open(vhost.url);
  }, 30_000);

  afterAll(async () => {
    await queues?.close();
    await app?.close();
    await schema?.drop();
    await vhost?.dispose();
  });

  const post = (body: unknown, auth = 'Basic ' + Buffer.from('cart:s3cret').toString('base64')) =>
    fetch(`${base}/webhooks/ultracart/M1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: auth },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  /** What waits in mapping's queue (nobody consumes it in this suite). */
  async function drainPlaced(): Promise<Array<{ order: { orderId: string } }>> {
    return (await queues.drain<{ order: { orderId: string } }>('hub.mapping')).map((m) => m.body);
  }

  it('publishes each placed order once, also across a restart of the service', async () => {
    expect((await post({ events: [{ order_create: order('O-1') }] })).status).toBe(200);
    await app.close();
    await boot();
    const again = await post({ events: [{ order_stage_change: order('O-1') }] });
    expect(((await again.json()) as { events: Array<{ outcome: string }> }).events[0].outcome).toBe('duplicate');
    const placed = await waitFor(async () => {
      const p = await drainPlaced();
      return p.length ? p : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    expect([...placed, ...(await drainPlaced())].map((p) => p.order.orderId)).toEqual(['O-1']);
  });

  it('accepts gzip+base64 compressed events and the good events of a bundle with a bad one', async () => {
    const packed = gzipSync(JSON.stringify([{ order_create: order('O-2') }, { order_create: { ...order('O-3'), order_id: undefined } }, { item_update: { merchant_item_id: 'BOOK' } }])).toString('base64');
    const res = await post({ events: packed });
    expect(res.status).toBe(200);
    const receipt = (await res.json()) as { events: Array<{ outcome: string; reason?: string }> };
    expect(receipt.events.map((e) => e.outcome)).toEqual(['published', 'rejected', 'ignored']);
    expect(receipt.events[1].reason).toContain('order_id: is required');
    const placed = await waitFor(async () => {
      const p = await drainPlaced();
      return p.length ? p : undefined;
    });
    expect(placed.map((p) => p.order.orderId)).toEqual(['O-2']);
  });

  it('records every delivery for the audit log, without card data', async () => {
    await post({ events: [{ order_create: order('O-4') }] });
    const records: Array<{ orderId?: string; requestBody?: string }> = [];
    await waitFor(async () => {
      records.push(...(await queues.drain<{ orderId?: string; requestBody?: string }>('hub.audit-log')).map((m) => m.body));
      return records.some((r) => r.orderId === 'O-4');
    });
    const r = records.find((x) => x.orderId === 'O-4');
    expect(r).toMatchObject({ merchantId: 'M1', direction: 'inbound', type: 'webhook', status: 'succeeded', httpStatus: 200 });
    expect(r?.requestBody).toContain('****1111');
    expect(r?.requestBody).not.toContain('4111111111111111');
    expect(r?.requestBody).toContain('"card_verification_number":"***"');
    await drainPlaced();
  });

  it('refuses what it must, with clear errors, and publishes nothing', async () => {
    expect((await post({ events: [] }, 'Basic ' + Buffer.from('cart:nope').toString('base64'))).status).toBe(401);
    const bad = await post('{"events": [');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ code: 'BAD_REQUEST', message: expect.stringContaining('JSON') });
    const wrongShape = await post({ events: [{ order_create: order('O-5'), order_ship: order('O-5') }] });
    expect(wrongShape.status).toBe(400);
    expect(await wrongShape.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'events[0]' }] });
    const huge = await post({ events: [{ order_create: { ...order('O-6'), padding: 'x'.repeat(7 * 1024 * 1024) } }] });
    expect(huge.status).toBe(413);
    expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
    const badMerchant = await fetch(`${base}/webhooks/ultracart/${encodeURIComponent('M1;DROP')}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: '{}' });
    expect(badMerchant.status).toBe(400);
    await new Promise((r) => setTimeout(r, 300));
    expect(await drainPlaced()).toEqual([]);
  });
});
