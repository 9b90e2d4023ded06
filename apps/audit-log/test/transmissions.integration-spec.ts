import { randomUUID } from 'node:crypto';
import { INestApplication } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { RoutingKeys, TransmissionRecordedV1 } from '@hub/messaging-contracts';
import { MessagePublisher, startConsumers } from '@hub/messaging-nest';
import { configureHttpApp } from '@hub/platform';
import { migrateSchema } from '@hub/persistence';
import { createTestSchema, createTestVhost, TestSchema, TestVhost, waitFor } from '@hub/testing';
import { AuditLogModule } from '../src/app/audit-log.module';
import { AUDIT_MIGRATIONS } from '../src/app/database';

const record = (over: Partial<TransmissionRecordedV1> = {}): TransmissionRecordedV1 => ({
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
});

describe('audit-log over the real RabbitMQ and PostgreSQL', () => {
  let vhost: TestVhost;
  let schema: TestSchema;
  let app: INestApplication;
  let publisher: MessagePublisher;
  let base: string;

  beforeAll(async () => {
    vhost = await createTestVhost('audit');
    schema = await createTestSchema('audit');
    await migrateSchema({ url: schema.url, schema: schema.schema, entities: [], migrations: AUDIT_MIGRATIONS });
    const moduleRef = await Test.createTestingModule({
      imports: [AuditLogModule.register({ amqp: { AMQP_URL: vhost.url }, database: { DATABASE_URL: schema.url, DATABASE_SCHEMA: schema.schema } })],
    }).compile();
    app = moduleRef.createNestApplication({ bodyParser: false, logger: false });
    configureHttpApp(app, { title: 'audit-log' });
    await app.init();
    await (await startConsumers(app)).ready();
    await app.listen(0, '127.0.0.1');
    base = await app.getUrl();
    publisher = app.get(MessagePublisher);
  }, 30_000);

  afterAll(async () => {
    await app?.close();
    await schema?.drop();
    await vhost?.dispose();
  });

  const list = async (query: string) => {
    const res = await fetch(`${base}/transmissions?${query}`);
    return { status: res.status, body: (await res.json()) as { items: TransmissionRecordedV1[]; fields?: Array<{ field: string }> } };
  };

  it('stores a published record once, however often it is delivered', async () => {
    const r = record();
    await publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    await waitFor(async () => (await list('merchantId=M1&orderId=M1-1')).body.items.length === 1, { what: 'the record' });
    await new Promise((res) => setTimeout(res, 300));
    const { body } = await list('merchantId=M1&orderId=M1-1');
    expect(body.items).toHaveLength(1);
    expect(body.items[0]).toMatchObject({ id: r.id, type: 'sale', status: 'succeeded', correlationId: 'corr-1', httpStatus: 200 });
  });

  it('redacts again on arrival, whatever the sender did', async () => {
    const r = record({
      orderId: 'M1-2',
      requestBody: 'appid=a&key=SECRET-KEY&reqType=sale&ccnumber=4111111111111111',
      responseBody: '{"apiKey":"SECRET-KEY"}',
    });
    await publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
    const [stored] = await waitFor(async () => {
      const items = (await list('merchantId=M1&orderId=M1-2')).body.items;
      return items.length ? items : undefined;
    });
    expect(JSON.stringify(stored)).not.toContain('SECRET-KEY');
    expect(JSON.stringify(stored)).not.toContain('4111111111111111');
    expect(stored.requestBody).toBe('appid=a&key=***&reqType=sale&ccnumber=****1111');
  });

  it('never shows one merchant the records of another', async () => {
    await publisher.publish(RoutingKeys.audit.transmissionRecorded, record({ merchantId: 'M2', orderId: 'M1-1' }));
    await waitFor(async () => (await list('merchantId=M2&orderId=M1-1')).body.items.length === 1);
    expect((await list('merchantId=M1&orderId=M1-1')).body.items.every((i) => i.merchantId === 'M1')).toBe(true);
  });

  it('parks an invalid record instead of storing it, and answers bad queries with field errors', async () => {
    await publisher.publish(RoutingKeys.audit.transmissionRecorded, { ...record({ orderId: 'M1-BAD' }), direction: 'sideways' });
    await new Promise((res) => setTimeout(res, 500));
    expect((await list('merchantId=M1&orderId=M1-BAD')).body.items).toHaveLength(0);
    const missing = await list('orderId=M1-1');
    expect(missing.status).toBe(400);
    expect(missing.body.fields?.map((f) => f.field)).toEqual(['merchantId']);
    const injection = await list(`merchantId=${encodeURIComponent("M1' OR '1'='1")}`);
    expect(injection.status).toBe(400);
    expect((await list('merchantId=M1&limit=100000')).status).toBe(400);
  });

  it('answers the same query over RPC', async () => {
    const items = await publisher.request<TransmissionRecordedV1[]>('rpc.audit.query-transmissions.v1', { merchantId: 'M1', orderId: 'M1-1' });
    expect(items).toHaveLength(1);
    expect(items[0].merchantId).toBe('M1');
  });
});
