import { INestApplication } from '@nestjs/common';
import { RoutingKeys } from '@hub/messaging-contracts';
import { QueueInspector, ucOrderFixture } from '@hub/testing';
import { Asked, startFakeConnectors } from './fake-connectors';
import { MappingHarness } from './mapping-harness';

interface ImportAnswer {
  mode: string;
  committed: boolean;
  rowsRead: number;
  rowsSaved: number;
  errorCount: number;
  errors: Array<{ line: number; field?: string; message: string }>;
}

const csvOf = (n: number, from = 0) => ['item_id,product_name', ...Array.from({ length: n }, (_, i) => `ITEM-${String(from + i).padStart(6, '0')},Product ${from + i}`)].join('\n') + '\n';

describe('mapping: product mappings (one by one and CSV) and the preview', () => {
  let h: MappingHarness;
  let fakes: { app: INestApplication; asked: Asked };
  let queues: QueueInspector;
  let m1: { admin: string; support: string };

  beforeAll(async () => {
    h = await MappingHarness.start('mapping-csv');
    fakes = await startFakeConnectors(h.vhost.url);
    queues = await QueueInspector.open(h.vhost.url);
    m1 = await h.merchant('M1');
  }, 30_000);

  afterAll(async () => {
    await queues?.close();
    await fakes?.app.close();
    await h?.close();
  });

  const importCsv = (body: string, query = '', crm = 'ontraport') => h.http<ImportAnswer>('POST', `/merchants/M1/crms/${crm}/mappings/import.csv${query}`, m1.admin, body, 'text/csv');
  const count = async (crm = 'ontraport') => Number((await h.schema.query<{ n: string }>(`SELECT count(*) AS n FROM product_mappings WHERE merchant_id = 'M1' AND crm = '${crm}'`))[0].n);

  it('imports 10,000 rows in one streamed request, and exports them back in the same format', async () => {
    const res = await importCsv(csvOf(10_000));
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ mode: 'all-or-nothing', committed: true, rowsRead: 10_000, rowsSaved: 10_000, errorCount: 0 });
    expect(await count()).toBe(10_000);
    const exported = await h.http('GET', '/merchants/M1/crms/ontraport/mappings/export.csv', m1.support);
    expect(exported.status).toBe(200);
    expect(exported.text).toBe(csvOf(10_000).replace('item_id,product_name', 'item_id,product_name,product_id,external_id').replace(/^(ITEM-\d+,Product \d+)$/gm, '$1,,'));
  });

  it('changes nothing when any row is bad (all-or-nothing), and reports every bad row with its line', async () => {
    const body = csvOf(5, 20_000).trimEnd() + '\n,no item id\nITEM-020001,Duplicate\nITEM-X,\n';
    const res = await importCsv(body);
    expect(res.status).toBe(422);
    expect(res.body.committed).toBe(false);
    expect(res.body.rowsSaved).toBe(0);
    expect(res.body.errors.map((e) => [e.line, e.field])).toEqual([
      [7, 'item_id'],
      [8, 'item_id'],
      [9, 'product_name'],
    ]);
    expect(await count()).toBe(10_000);
  });

  it('saves the good rows when asked to (valid-rows), still listing the bad ones', async () => {
    const res = await importCsv('item_id,product_name\nNEW-1,One\n,bad\nNEW-2,Two\n', '?mode=valid-rows');
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ committed: true, rowsSaved: 2, errorCount: 1, errors: [{ line: 3, field: 'item_id' }] });
    expect(await count()).toBe(10_002);
  });

  it('streams progress lines to a client that asks for them, then the result', async () => {
    const res = await fetch(`${h.base}/merchants/M1/crms/ontraport/mappings/import.csv`, {
      method: 'POST',
      headers: { authorization: `Bearer ${m1.admin}`, 'content-type': 'text/csv', accept: 'application/x-ndjson' },
      body: csvOf(5_000, 30_000),
    });
    const lines = (await res.text()).trim().split('\n').map((l) => JSON.parse(l) as { progress?: { rows: number }; result?: ImportAnswer });
    expect(lines.filter((l) => l.progress).map((l) => l.progress?.rows)).toEqual([2_000, 4_000, 5_000]);
    expect(lines[lines.length - 1].result).toMatchObject({ committed: true, rowsSaved: 5_000 });
  });

  it('runs two imports of the same items at once without either failing (one waits for the other)', async () => {
    const rows = csvOf(6_000, 40_000).trimEnd().split('\n');
    const forwards = rows.join('\n') + '\n';
    const backwards = [rows[0], ...rows.slice(1).reverse()].join('\n') + '\n';
    const [a, b] = await Promise.all([importCsv(forwards), importCsv(backwards)]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.rowsSaved, b.body.rowsSaved]).toEqual([6_000, 6_000]);
  });

  it('keeps Infusionsoft mappings apart and refuses rows without a product id', async () => {
    const res = await importCsv('item_id,product_id\nITEM-000001,77\nITEM-000002,\n', '', 'infusionsoft');
    expect(res.status).toBe(422);
    expect(res.body.errors).toEqual([{ line: 3, field: 'product_id', message: expect.stringContaining('product_id') }]);
    expect((await importCsv('item_id,product_id\nITEM-000001,77\n', '', 'infusionsoft')).status).toBe(200);
    expect(await count('infusionsoft')).toBe(1);
  });

  it('maps one item at a time with the same rules, and pages through the mappings', async () => {
    expect((await h.http('PUT', '/merchants/M1/crms/ontraport/mappings/BOOK', m1.admin, { productName: 'The Book' })).status).toBe(200);
    const bad = await h.http<{ fields: { field: string }[] }>('PUT', '/merchants/M1/crms/infusionsoft/mappings/BOOK', m1.admin, { productName: 'no id' });
    expect(bad.status).toBe(400);
    expect(bad.body.fields.map((f) => f.field)).toEqual(['productId']);
    expect((await h.http('PUT', '/merchants/M1/crms/ontraport/mappings/PEN', m1.support, { productName: 'x' })).status).toBe(403);
    const page = await h.http<{ items: { itemId: string }[]; next?: string }>('GET', '/merchants/M1/crms/ontraport/mappings?limit=2', m1.support);
    expect(page.body.items.map((i) => i.itemId)).toEqual(['BOOK', 'ITEM-000000']);
    const next = await h.http<{ items: { itemId: string }[] }>('GET', `/merchants/M1/crms/ontraport/mappings?limit=2&after=${page.body.next}`, m1.support);
    expect(next.body.items.map((i) => i.itemId)).toEqual(['ITEM-000001', 'ITEM-000002']);
    expect((await h.http('DELETE', '/merchants/M1/crms/ontraport/mappings/BOOK', m1.admin)).status).toBe(204);
    expect((await h.http('GET', '/merchants/M1/crms/ontraport/mappings/BOOK', m1.admin)).status).toBe(404);
  });

  describe('preview', () => {
    beforeAll(async () => {
      await h.http('PUT', '/merchants/M1/crms/ontraport/settings', m1.admin, { apiMethod: 'rest-v1' });
      await h.http('PUT', '/merchants/M1/crms/infusionsoft/settings', m1.admin, { newCustomerTag: 'New', mailingListFilter: false });
    });

    it('shows, for an UltraCart order, exactly the commands each CRM would get and why — and sends nothing', async () => {
      const uc = ucOrderFixture('PV-1');
      const res = await h.http<{
        sent: boolean;
        routingKey: string;
        commands: Array<{ routingKey: string; idempotencyKey: string; reason: string; payload: Record<string, unknown> }>;
      }>('POST', '/merchants/M1/preview', m1.support, { ultracartOrder: uc });
      expect(res.status).toBe(200);
      expect(res.body.sent).toBe(false);
      expect(res.body.routingKey).toBe(RoutingKeys.cart.orderPlaced);
      expect(res.body.commands.map((c) => c.routingKey).sort()).toEqual([RoutingKeys.crm.infusionsoftOrder, RoutingKeys.crm.ontraportSale].sort());
      for (const c of res.body.commands) {
        expect(c.reason.length).toBeGreaterThan(10);
        expect(c.idempotencyKey).toContain('PV-1');
        expect(c.payload['merchantId']).toBe('M1');
      }
      await new Promise((r) => setTimeout(r, 300));
      expect(await queues.drain('hub.ontraport-connector')).toEqual([]);
      expect(await queues.drain('hub.infusionsoft-connector')).toEqual([]);
      expect((await h.schema.query(`SELECT * FROM customer_orders`)).length).toBe(0);
    });

    it('takes the very webhook envelope the cart posts to ingest', async () => {
      const res = await h.http<{ commands: Array<{ idempotencyKey: string }> }>('POST', '/merchants/M1/preview', m1.support, { events: [{ order_create: ucOrderFixture('PV-9') }] });
      expect(res.status).toBe(200);
      expect(res.body.commands.length).toBe(2);
      expect(res.body.commands.every((c) => c.idempotencyKey.includes('PV-9'))).toBe(true);
      expect((await h.http('POST', '/merchants/M1/preview', m1.support, { events: [{ item_update: { merchant_item_id: 'X' } }] })).status).toBe(400);
    });

    it('previews any cart event by its routing key, and says why a CRM sends nothing', async () => {
      const res = await h.http<{ commands: unknown[]; skipped: Array<{ integration: string; reason: string }> }>('POST', '/merchants/M1/preview', m1.admin, {
        routingKey: RoutingKeys.cart.orderDeleted,
        event: { merchantId: 'SOMEONE-ELSE', orderId: 'PV-2' },
      });
      expect(res.status).toBe(200);
      expect(res.body.commands).toEqual([]);
      expect(res.body.skipped.map((s) => s.integration).sort()).toEqual(['infusionsoft', 'ontraport']);
    });

    it('refuses an event that does not match its contract, field by field', async () => {
      const res = await h.http<{ fields: { field: string }[] }>('POST', '/merchants/M1/preview', m1.admin, { routingKey: RoutingKeys.cart.orderRefunded, event: { orderId: 'PV-3' } });
      expect(res.status).toBe(400);
      expect(res.body.fields.length).toBeGreaterThan(0);
      expect(res.body.fields.every((f) => f.field.startsWith('event.'))).toBe(true);
    });
  });
  describe('ONTRAPORT buttons', () => {
    it('"Sync now" queues one product sync per click (the request id), and only with the API method', async () => {
      const requestId = '6f1c1c52-2f0e-4a55-9d0b-0a6f7e0c1a11';
      for (let i = 0; i < 2; i++) {
        const res = await h.http<{ queued: boolean }>('POST', '/merchants/M1/crms/ontraport/sync-now', m1.admin, { requestId });
        expect(res.status).toBe(202);
        expect(res.body.queued).toBe(true);
      }
      const msgs = await queues.drain<{ idempotencyKey: string }>('hub.ontraport-connector');
      expect(msgs.map((m) => m.routingKey)).toEqual([RoutingKeys.crm.ontraportProductSync, RoutingKeys.crm.ontraportProductSync]);
      expect(new Set(msgs.map((m) => m.body.idempotencyKey)).size).toBe(1);
      expect((await h.http('POST', '/merchants/M1/crms/ontraport/sync-now', m1.support, { requestId })).status).toBe(403);
    });

    it('builds the Partner Tracking Pixel on the sub-domain of the receipt’s theme', async () => {
      const m2 = await h.merchant('PIX');
      await h.http('PUT', '/merchants/PIX/crms/ontraport/settings', m2.admin, {
        apiMethod: 'off',
        partnerPixel: true,
        pixelSubdomains: [{ themeCode: 'BLUE', subdomain: 'blue.ontraport.com' }],
        defaultPixelSubdomain: 'shop.ontraport.com',
      });
      const themed = await h.http<{ ok: boolean; url: string }>('POST', '/merchants/PIX/crms/ontraport/pixel', m2.support, { ultracartOrder: ucOrderFixture('PX-1'), themeCode: 'BLUE' });
      expect(themed.status).toBe(200);
      expect(themed.body.url).toMatch(/^https:\/\/blue\.ontraport\.com\/.*order_id=PX-1/);
      const other = await h.http<{ url: string }>('POST', '/merchants/PIX/crms/ontraport/pixel', m2.support, { ultracartOrder: ucOrderFixture('PX-2'), themeCode: 'RED' });
      expect(other.body.url).toMatch(/^https:\/\/shop\.ontraport\.com\//);
      const sync = await h.http<{ queued: boolean; reason: string }>('POST', '/merchants/PIX/crms/ontraport/sync-now', m2.admin, { requestId: '0b7c0e3e-8d8a-4d0c-9a55-3f2a1c9e7b21' });
      expect(sync.body.queued).toBe(false);
    });
  });
});
