import { gzipSync } from 'node:zlib';
import { RoutingKeys } from '@hub/messaging-contracts';
import { ucOrderFixture, waitFor } from '@hub/testing';
import { AUTH, basic, IngestHarness, receiptOf } from './ingest-harness';

interface Recorded {
  merchantId: string;
  direction: string;
  type: string;
  status: string;
  orderId?: string;
  description: string;
  requestBody?: string;
  responseBody?: string;
  httpStatus?: number;
}

const gzip64 = (value: unknown): string => gzipSync(JSON.stringify(value)).toString('base64');

describe('ingest over the real RabbitMQ and PostgreSQL', () => {
  let hub: IngestHarness;
  const records: Recorded[] = [];

  /** The inbound transmission records published so far (audit-log's queue; nobody consumes it here). */
  async function recorded(match: (r: Recorded) => boolean): Promise<Recorded> {
    return waitFor(async () => {
      records.push(...(await hub.drainRecords<Recorded>('hub.audit-log')));
      return records.find(match);
    }, { what: 'the transmission record' });
  }

  beforeAll(async () => {
    hub = await IngestHarness.start({ label: 'ingest_webhooks' });
  }, 30_000);

  afterAll(() => hub?.close());

  afterEach(async () => {
    await hub.drain();
  });

  it('publishes each placed order once, also across a restart of the service', async () => {
    expect((await hub.post({ events: [{ order_create: ucOrderFixture('O-1') }] })).status).toBe(200);
    await hub.restart();
    const again = await hub.post({ events: [{ order_stage_change: ucOrderFixture('O-1') }] });
    expect((await receiptOf(again)).events[0].outcome).toBe('duplicate');
    const placed = await hub.collect<{ order: { orderId: string } }>(1);
    expect(placed.map((p) => [p.routingKey, p.body.order.orderId])).toEqual([[RoutingKeys.cart.orderPlaced, 'O-1']]);
  });

  it.each([
    ['as the events string', 'A', (events: unknown[]) => ({ events: gzip64(events) })],
    ['holding a whole envelope', 'B', (events: unknown[]) => ({ events: gzip64({ events }) })],
  ])('accepts gzip+base64 compressed events (%s), and the good events of a bundle with a bad one', async (_how, tag, pack) => {
    const res = await hub.post(pack([{ order_create: ucOrderFixture(`O-2${tag}`) }, { order_create: { ...ucOrderFixture('x'), order_id: undefined } }, { order_ship: ucOrderFixture(`O-3${tag}`) }]));
    expect(res.status).toBe(200);
    const receipt = await receiptOf(res);
    expect(receipt.events.map((e) => e.outcome)).toEqual(['published', 'rejected', 'published']);
    expect(receipt.events[1].reason).toBe('events[1].order_create.order_id: is required');
    const messages = await hub.collect(3);
    expect(messages.map((m) => m.routingKey)).toEqual([RoutingKeys.cart.orderPlaced, RoutingKeys.cart.orderPlaced, RoutingKeys.cart.orderShipped]);
    // Recorded as the events it held (readable and searchable), flagged failed for the rejected one.
    const record = await recorded((r) => r.requestBody?.includes(`O-2${tag}`) ?? false);
    expect(record).toMatchObject({ status: 'failed', httpStatus: 200, description: '3 event(s): 2 published, 1 rejected' });
    expect(record.requestBody).toContain('"order_create":{');
    expect(record.requestBody).not.toContain('4111111111111111');
  });

  it('records every delivery for the audit log, as received, without card data', async () => {
    // Sent pretty-printed: the record keeps the bytes as they came, not a re-serialisation.
    await hub.post(JSON.stringify({ events: [{ order_create: ucOrderFixture('O-4') }] }, null, 2));
    const r = await recorded((x) => x.orderId === 'O-4');
    expect(r).toMatchObject({ merchantId: 'M1', direction: 'inbound', type: 'webhook', status: 'succeeded', httpStatus: 200, description: '1 event(s): 1 published' });
    expect(r.requestBody).toContain('"order_id": "O-4"');
    expect(r.requestBody).toContain('****1111');
    expect(r.requestBody).not.toContain('4111111111111111');
    expect(r.requestBody).toContain('"card_verification_number": "***"');
    expect(JSON.parse(r.responseBody ?? '{}')).toMatchObject({ received: 1, events: [{ outcome: 'published', orderId: 'O-4' }] });
  });

  it('acknowledges and records events it does not know, without rejecting the delivery', async () => {
    const res = await hub.post({ events: [{ order_teleport: { order_id: 'O-5' } }, { workflow_task_create: { task_uuid: 'x' } }] });
    expect(res.status).toBe(200);
    expect((await receiptOf(res)).events.map((e) => e.outcome)).toEqual(['ignored', 'ignored']);
    expect(await recorded((r) => r.requestBody?.includes('order_teleport') ?? false)).toMatchObject({ status: 'succeeded', description: '2 event(s): 2 ignored' });
  });

  describe('refuses what it must, with clear errors, and publishes nothing', () => {
    afterEach(async () => {
      await new Promise((r) => setTimeout(r, 200));
      expect(await hub.drain()).toEqual([]);
    });

    it('401 on any credential problem, saying nothing about which', async () => {
      const body = { events: [{ order_create: ucOrderFixture('O-6') }] };
      const answers = [
        await hub.post(body, { authorization: basic('cart', 'nope') }),
        await hub.post(body, { authorization: basic('someone', 's3cret') }),
        await hub.post(body, { authorization: '' }),
        await hub.post(body, { authorization: 'Bearer s3cret' }),
        await hub.post(body, { path: '/webhooks/ultracart/OTHER' }),
      ];
      for (const res of answers) {
        expect(res.status).toBe(401);
        expect(await res.json()).toEqual({ statusCode: 401, code: 'UNAUTHORIZED', message: 'Invalid credentials' });
      }
      // Credentials are checked before the body: a stranger's malformed envelope is a 401 too.
      expect((await hub.post({ events: 'x' }, { authorization: basic('cart', 'nope') })).status).toBe(401);
    });

    it('400 for malformed JSON or no body at all, naming it', async () => {
      const empty = await hub.post('');
      expect(empty.status).toBe(400);
      expect(await empty.json()).toMatchObject({ code: 'MALFORMED_BODY' });
      const res = await hub.post('{"events": [');
      expect(res.status).toBe(400);
      expect(await res.json()).toMatchObject({ code: 'MALFORMED_BODY', message: expect.stringContaining('not valid JSON') });
    });

    it.each([
      ['events is not an array', { events: 42 }, 'events', 'must be an array'],
      ['no events at all', { orders: [] }, 'events', 'must be an array'],
      ['a top-level array', [{ order_create: {} }], '(body)', 'must be a JSON object'],
      ['an event with two names', { events: [{ order_create: {}, order_ship: {} }] }, 'events[0]', 'exactly one event name, found 2'],
      ['an event with no name', { events: [{}] }, 'events[0]', 'exactly one event name, found 0'],
      ['a resource that is not an object', { events: [{ order_create: 'O-7' }] }, 'events[0].order_create', 'must be an object'],
      ['bad base64', { events: 'this is not base64!' }, 'events', 'not gzip+base64'],
      ['base64 that is not gzip', { events: Buffer.from('plain text').toString('base64') }, 'events', 'not gzip+base64'],
      ['gzip of something that is not JSON', { events: gzipSync('not json').toString('base64') }, 'events', 'decompressed to something that is not JSON'],
      ['compressed events of the wrong shape', { events: gzip64({ nothing: true }) }, 'events', 'must be an array'],
    ])('400 for %s, naming the field; the delivery is recorded as failed', async (_case, body, field, message) => {
      const res = await hub.post(body);
      expect(res.status).toBe(400);
      const answer = (await res.json()) as { code: string; message: string; fields: Array<{ field: string; messages: string[] }> };
      expect(answer.code).toBe('VALIDATION_FAILED');
      expect(answer.fields).toEqual([{ field, messages: [expect.stringContaining(message)] }]);
      expect(await recorded((r) => r.httpStatus === 400 && r.description === answer.message)).toMatchObject({ status: 'failed', type: 'webhook' });
    });

    it('an order without an id is rejected alone, with the reason in the receipt', async () => {
      const res = await hub.post({ events: [{ order_refund: { current_stage: 'Completed Order', summary: { total_refunded: { value: 5 } } } }] });
      expect(res.status).toBe(200);
      expect((await receiptOf(res)).events).toEqual([{ index: 0, event: 'order_refund', outcome: 'rejected', reason: 'events[0].order_refund.order_id: is required' }]);
    });

    it('413 beyond 6 MB, 400 for a merchant id that cannot be one', async () => {
      const huge = await hub.post({ events: [{ order_create: { ...ucOrderFixture('O-8'), padding: 'x'.repeat(6 * 1024 * 1024) } }] });
      expect(huge.status).toBe(413);
      expect(await huge.json()).toMatchObject({ code: 'PAYLOAD_TOO_LARGE' });
      const badMerchant = await hub.post({ events: [] }, { path: `/webhooks/ultracart/${encodeURIComponent('M1;DROP')}`, authorization: AUTH });
      expect(badMerchant.status).toBe(400);
      expect(await badMerchant.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'merchantId' }] });
    });
  });
});
