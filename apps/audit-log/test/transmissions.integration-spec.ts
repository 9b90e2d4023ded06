import { RoutingKeys, TransmissionDetailV1, TransmissionPageV1, TransmissionRecordedV1, TransmissionSummaryV1 } from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { PartitionMaintainer } from '@hub/audit-service';
import { AuditHarness, record } from './audit-harness';

const DAY = 86_400_000;
const S1 = 'support-m1';
const S2 = 'support-m2';

describe('audit-log transmission log over the real RabbitMQ and PostgreSQL', () => {
  let h: AuditHarness;
  const publish = (r: TransmissionRecordedV1) => h.publisher.publish(RoutingKeys.audit.transmissionRecorded, r);
  const list = (query: string, token = S1) => h.get<TransmissionPageV1 & { fields?: Array<{ field: string }> }>(`/transmissions?${query}`, token);
  const stored = (query: string, n: number, token = S1) =>
    waitFor(async () => {
      const { body } = await list(query, token);
      return body.items?.length === n ? body.items : undefined;
    }, { what: `${n} record(s) for ${query}` });

  beforeAll(async () => {
    h = await AuditHarness.start('audit', { AUDIT_RETENTION_DAYS: 30 });
  }, 60_000);

  afterAll(() => h?.stop());

  it('stores a published record once, however often it is delivered, with every field', async () => {
    const fallbacks = async () => Number(/^audit_copy_fallbacks_total(?:\{[^}]*\})? (\d+)/m.exec((await h.get('/metrics')).text)?.[1] ?? 0);
    const before = await fallbacks();
    const r = record({ customerEmail: 'Ann@Example.com' });
    await publish(r);
    await publish(r);
    await stored('orderId=M1-1', 1);
    await new Promise((res) => setTimeout(res, 300));
    // The second copy failed its batch's COPY (no ON CONFLICT there); the batch went through the INSERT.
    expect(await fallbacks()).toBeGreaterThan(before);
    const [item] = await stored('orderId=M1-1', 1);
    expect(item).toMatchObject({ id: r.id, merchantId: 'M1', integration: 'ontraport', direction: 'outbound', type: 'sale', status: 'succeeded', correlationId: 'corr-1', httpStatus: 200, durationMs: 12, attempt: 1, customerEmail: 'ann@example.com' });
    const detail = await h.get<TransmissionDetailV1>(`/transmissions/${r.id}`, S1);
    expect(detail.body).toMatchObject({ requestBody: '{"contact_id":1}', responseBody: '{"code":0,"data":{"invoice_id":4}}', method: 'POST' });
  });

  it('redacts again on arrival, whatever the sender did', async () => {
    const r = record({ orderId: 'M1-2', fault: 'FAULT 4: card 4111 1111 1111 1111 refused', requestBody: 'appid=a&key=SECRET-KEY&reqType=sale&ccnumber=4111111111111111', responseBody: '{"apiKey":"SECRET-KEY"}' });
    await publish(r);
    await stored('orderId=M1-2', 1);
    const { body, text } = await h.get<TransmissionDetailV1>(`/transmissions/${r.id}`, S1);
    expect(text).not.toContain('SECRET-KEY');
    expect(text).not.toContain('4111111111111111');
    expect(body.requestBody).toBe('appid=a&key=***&reqType=sale&ccnumber=****1111');
    expect(body.fault).toBe('FAULT 4: card ****1111 refused');
  });

  it('stores U+0000, which PostgreSQL text cannot hold, as U+FFFD, and the records batched with it', async () => {
    const odd = record({ orderId: 'M1-NUL', requestBody: 'before\u0000after', description: 'nul\u0000' });
    const plain = record({ orderId: 'M1-NUL' });
    await Promise.all([publish(odd), publish(plain)]);
    await stored('orderId=M1-NUL', 2);
    expect((await h.get<TransmissionDetailV1>(`/transmissions/${odd.id}`, S1)).body).toMatchObject({ requestBody: 'before\uFFFDafter', description: 'nul\uFFFD' });
  });

  it("never shows one merchant another's records, whatever it asks for", async () => {
    const other = record({ merchantId: 'M2', orderId: 'M1-1', requestBody: 'only-m2-knows-this' });
    await publish(other);
    await stored('orderId=M1-1', 1, S2);
    expect((await list('orderId=M1-1')).body.items.every((i) => i.merchantId === 'M1')).toBe(true);
    expect((await list('merchantId=M2')).status).toBe(403);
    expect((await h.get(`/transmissions/${other.id}`, S1)).status).toBe(404);
    expect((await list('text=only-m2-knows-this')).body.items).toHaveLength(0);
    expect((await h.get('/orders/M1-1/timeline', S2)).body).toMatchObject({ items: [expect.objectContaining({ merchantId: 'M2' })] });
  });

  it('describes every route and filter in OpenAPI', async () => {
    const { body } = await h.get<{ paths: Record<string, { get?: { parameters?: Array<{ name: string }> } }> }>('/docs/openapi.json');
    expect(Object.keys(body.paths)).toEqual(
      expect.arrayContaining(['/transmissions', '/transmissions/export.csv', '/transmissions/{id}', '/orders/{orderId}/timeline', '/parked', '/parked/{service}/{messageId}/replay']),
    );
    expect(body.paths['/transmissions'].get?.parameters?.map((p) => p.name)).toEqual(
      expect.arrayContaining(['integration', 'type', 'status', 'direction', 'orderId', 'customerEmail', 'correlationId', 'from', 'to', 'text', 'cursor', 'limit']),
    );
  });

  it('needs a merchant token: none is 401, an unknown one 401, the operator 403', async () => {
    expect((await h.get('/transmissions')).status).toBe(401);
    expect((await list('', 'who-knows')).status).toBe(401);
    expect((await list('', 'operator')).status).toBe(403);
  });

  it('keeps a record that carries a field this version does not know (a newer sender), without the field', async () => {
    const r = { ...record({ orderId: 'M1-NEWER' }), shippingZone: 'EU' };
    await publish(r);
    const [item] = await stored('orderId=M1-NEWER', 1);
    expect(item.id).toBe(r.id);
    expect(JSON.stringify((await h.get(`/transmissions/${r.id}`, S1)).body)).not.toContain('shippingZone');
  });

  it('parks an invalid record instead of storing it, and answers bad queries with field errors', async () => {
    await h.publisher.publish(RoutingKeys.audit.transmissionRecorded, { ...record({ orderId: 'M1-BAD' }), direction: 'sideways' });
    await new Promise((res) => setTimeout(res, 500));
    expect((await list('orderId=M1-BAD')).body.items).toHaveLength(0);
    const fieldsOf = async (q: string) => {
      const res = await list(q);
      expect(res.status).toBe(400);
      return res.body.fields?.map((f) => f.field);
    };
    expect(await fieldsOf('status=lost')).toEqual(['status']);
    expect(await fieldsOf('limit=100000')).toEqual(['limit']);
    expect(await fieldsOf('from=yesterday')).toEqual(['from']);
    expect(await fieldsOf('cursor=Zm9yZ2Vk')).toEqual(['cursor']);
    // Naming any merchant but the token's own is refused before validation.
    expect((await list(`merchantId=${encodeURIComponent("M1' OR '1'='1")}`)).status).toBe(403);
    expect((await h.get('/transmissions/not-a-uuid', S1)).status).toBe(400);
  });

  describe('filters, pages, timeline and export', () => {
    const base = Date.now() - 2 * DAY;
    const at = (minutes: number) => new Date(base + minutes * 60_000).toISOString();
    const story: TransmissionRecordedV1[] = [
      record({ orderId: 'T-1', correlationId: 'story-1', integration: 'ultracart', direction: 'inbound', type: 'order', description: 'Order T-1 received', occurredAt: at(0), requestBody: '<order><id>T-1</id></order>' }),
      record({ orderId: undefined, correlationId: 'story-1', integration: 'mapping', type: 'order', description: 'Planned CRM commands', occurredAt: at(1), requestBody: undefined, responseBody: undefined }),
      record({ orderId: 'T-1', correlationId: 'story-1', status: 'failed', httpStatus: 500, description: 'ONTRAPORT answered 500', occurredAt: at(2), responseBody: '{"error":"upstream timeout while logging invoice 77123"}' }),
      record({ orderId: 'T-1', correlationId: 'story-1', attempt: 2, description: 'Sale logged', occurredAt: at(5), customerEmail: 'buyer@shop.test' }),
    ];

    beforeAll(async () => {
      for (const r of story) await publish(r);
      for (let i = 0; i < 7; i++) await publish(record({ orderId: `P-${i}`, correlationId: `page-${i}`, type: 'contact', occurredAt: at(10 + i), integration: 'infusionsoft' }));
      await stored('integration=infusionsoft', 7);
      await stored('orderId=T-1', 3);
    });

    it('filters by status and time range, type, integration, email and correlation id', async () => {
      const failed = (await list(`status=failed&from=${at(0)}&to=${at(3)}`)).body.items;
      expect(failed.map((i) => i.description)).toEqual(['ONTRAPORT answered 500']);
      expect((await list(`status=failed&from=${at(3)}`)).body.items).toHaveLength(0);
      expect((await list('type=contact&integration=infusionsoft')).body.items).toHaveLength(7);
      expect((await list('customerEmail=BUYER@shop.test')).body.items.map((i) => i.description)).toEqual(['Sale logged']);
      expect((await list('correlationId=story-1')).body.items).toHaveLength(4);
      expect((await list('direction=inbound&orderId=T-1')).body.items.map((i) => i.integration)).toEqual(['ultracart']);
    });

    it('finds text inside request and response bodies (words and phrases, any case)', async () => {
      expect((await list('text=77123')).body.items.map((i) => i.description)).toEqual(['ONTRAPORT answered 500']);
      expect((await list('text=Upstream%20Timeout')).body.items).toHaveLength(1);
      expect((await list('text=timeout%20upstream')).body.items).toHaveLength(0);
      expect((await list('text=T-1')).body.items.map((i) => i.description)).toEqual(['Order T-1 received']);
    });

    it('pages newest first with a cursor, without gaps or repeats', async () => {
      const seen: TransmissionSummaryV1[] = [];
      let cursor: string | undefined;
      do {
        const { body } = await list(`integration=infusionsoft&limit=3${cursor ? `&cursor=${cursor}` : ''}`);
        seen.push(...body.items);
        cursor = body.nextCursor;
      } while (cursor);
      expect(seen.map((i) => i.orderId)).toEqual(['P-6', 'P-5', 'P-4', 'P-3', 'P-2', 'P-1', 'P-0']);
    });

    it("tells an order's whole story across services, oldest first", async () => {
      const { body } = await h.get<{ items: TransmissionSummaryV1[] }>('/orders/T-1/timeline', S1);
      expect(body.items.map((i) => i.description)).toEqual(['Order T-1 received', 'Planned CRM commands', 'ONTRAPORT answered 500', 'Sale logged']);
    });

    it('exports the filtered view as streamed CSV with bodies', async () => {
      const res = await h.get('/transmissions/export.csv?orderId=T-1', S1);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toContain('text/csv');
      const lines = res.text.trimEnd().split('\r\n');
      expect(lines[0]).toBe('id,occurredAt,integration,direction,type,status,description,orderId,customerEmail,method,url,httpStatus,fault,durationMs,attempt,correlationId,requestBody,responseBody');
      expect(lines).toHaveLength(4);
      expect(lines[1]).toContain('Sale logged');
      expect(lines[2]).toContain('"{""error"":""upstream timeout while logging invoice 77123""}"');
      expect((await h.get('/transmissions/export.csv?status=nope', S1)).status).toBe(400);
    });

    it('answers the same queries over RPC', async () => {
      const page = await h.publisher.request<TransmissionPageV1>('rpc.audit.search-transmissions.v1', { merchantId: 'M1', text: '77123' });
      expect(page.items.map((i) => i.orderId)).toEqual(['T-1']);
      const detail = await h.publisher.request<TransmissionDetailV1>('rpc.audit.get-transmission.v1', { merchantId: 'M1', id: story[2].id });
      expect(detail.responseBody).toContain('77123');
      await expect(h.publisher.request('rpc.audit.get-transmission.v1', { merchantId: 'M2', id: story[2].id })).rejects.toMatchObject({ code: 'NOT_FOUND' });
      const timeline = await h.publisher.request<TransmissionSummaryV1[]>('rpc.audit.order-timeline.v1', { merchantId: 'M1', orderId: 'T-1' });
      expect(timeline).toHaveLength(4);
      const legacy = await h.publisher.request<TransmissionSummaryV1[]>('rpc.audit.query-transmissions.v1', { merchantId: 'M1', orderId: 'T-1' });
      expect(legacy.map((i) => i.description)).toEqual(['Order T-1 received', 'ONTRAPORT answered 500', 'Sale logged']);
      await expect(h.publisher.request('rpc.audit.search-transmissions.v1', { merchantId: 'M1', status: 'lost' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
    });
  });

  it('keeps records in day partitions (AUDIT_PARTITION_DAYS) and drops whole partitions past the retention (30 days here)', async () => {
    const old = record({ orderId: 'R-old', occurredAt: new Date(Date.now() - 20 * DAY).toISOString() });
    const recent = record({ orderId: 'R-new' });
    const expired = record({ orderId: 'R-expired', occurredAt: new Date(Date.now() - 40 * DAY).toISOString() });
    for (const r of [old, recent, expired]) await publish(r);
    await stored('orderId=R-old', 1);
    await stored('orderId=R-new', 1);
    expect((await list('orderId=R-expired')).body.items).toHaveLength(0);
    // 25 days on, the cutoff is 5 days ago: the partition holding the 20-day-old record is entirely older.
    const dropped = await h.app.get(PartitionMaintainer).maintain(new Date(Date.now() + 25 * DAY));
    expect(dropped.length).toBeGreaterThanOrEqual(1);
    expect((await list('orderId=R-old')).body.items).toHaveLength(0);
    expect((await list('orderId=R-new')).body.items).toHaveLength(1);
  });
});
