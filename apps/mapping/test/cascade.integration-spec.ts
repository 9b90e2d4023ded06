import { INestApplication } from '@nestjs/common';
import { money } from '@hub/domain';
import { OntraportCredentialsReply, OrderPlacedV1, RoutingKeys, RpcPatterns } from '@hub/messaging-contracts';
import { ErrorKind, withCorrelation } from '@hub/platform';
import { QueueInspector, waitFor } from '@hub/testing';
import { Asked, startFakeConnectors } from './fake-connectors';
import { MappingHarness } from './mapping-harness';

const placed = (merchantId: string, orderId: string, email = 'ada@example.com', createdAt?: string): OrderPlacedV1 =>
  ({
    merchantId,
    order: {
      merchantId,
      orderId,
      stage: 'Completed Order',
      currency: 'USD',
      ...(createdAt ? { createdAt } : {}),
      customer: { email, billing: {} },
      lines: [
        { itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) },
        { itemId: 'PEN', quantity: 2, unitPrice: money(1), total: money(2) },
      ],
      totals: { subtotal: money(12), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(12) },
      couponCodes: [],
    },
  }) as OrderPlacedV1;

interface Msg {
  body: Record<string, unknown>;
  correlationId: unknown;
  routingKey: unknown;
}

describe('mapping: cart events become CRM commands (real RabbitMQ and PostgreSQL)', () => {
  let h: MappingHarness;
  let fakes: { app: INestApplication; asked: Asked };
  let queues: QueueInspector;

  beforeAll(async () => {
    h = await MappingHarness.start('mapping-cascade');
    fakes = await startFakeConnectors(h.vhost.url);
    const on = await h.merchant('ON');
    await h.http('PUT', '/merchants/ON/crms/ontraport/settings', on.admin, { apiMethod: 'rest-v1' });
    await h.http('PUT', '/merchants/ON/crms/ontraport/credentials', on.admin, { appId: 'app-1', apiKey: 'good-very-secret-key' });
    await h.http('PUT', '/merchants/ON/crms/ontraport/mappings/BOOK', on.admin, { productName: 'The Book' });
    const off = await h.merchant('OFF');
    await h.http('PUT', '/merchants/OFF/crms/ontraport/settings', off.admin, { enabled: false });
    const inf = await h.merchant('INF');
    await h.http('PUT', '/merchants/INF/crms/infusionsoft/settings', inf.admin, {
      newCustomerTag: 'New',
      repeatCustomerTag: 'Repeat',
      goals: [{ trigger: 'folder', value: 'Stationery', integration: 'uc', callName: 'boughtstationery' }],
    });
    await h.http('PUT', '/merchants/INF/crms/infusionsoft/mappings/BOOK', inf.admin, { productId: 77 });
    queues = await QueueInspector.open(h.vhost.url);
  }, 30_000);

  afterAll(async () => {
    await queues?.close();
    await fakes?.app.close();
    await h?.close();
  });

  /** Commands wait in the connectors' queues: no connector runs in this suite. */
  async function drain(queue: string, expected: number): Promise<Msg[]> {
    const got: Msg[] = [];
    await waitFor(async () => {
      const msgs = await queues.drain<Record<string, unknown>>(queue);
      got.push(...msgs.map((m) => ({ body: m.body, correlationId: m.headers['x-correlation-id'], routingKey: m.routingKey })));
      return got.length >= expected ? true : undefined;
    });
    await new Promise((r) => setTimeout(r, 300));
    got.push(...(await queues.drain<Record<string, unknown>>(queue)).map((m) => ({ body: m.body, correlationId: m.headers['x-correlation-id'], routingKey: m.routingKey })));
    return got;
  }

  it('turns a placed order into one ONTRAPORT sale for a merchant who enabled it, none for one who did not', async () => {
    await withCorrelation('map-corr-1', () => h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('ON', 'ON-1')));
    await withCorrelation('map-corr-2', () => h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('OFF', 'OFF-1')));
    const all = await drain('hub.ontraport-connector', 1);
    expect(all).toHaveLength(1);
    expect(all[0].body).toMatchObject({ merchantId: 'ON', idempotencyKey: expect.stringContaining('ON-1') });
    expect(JSON.stringify(all[0].body)).toContain('The Book');
    expect(all[0].correlationId).toBe('map-corr-1');
  });

  it('tells new from repeat customers by the history of the merchant’s orders with that email', async () => {
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('INF', 'INF-1', 'Grace@Example.com', '2026-01-01T10:00:00Z'));
    const first = await drain('hub.infusionsoft-connector', 1);
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('INF', 'INF-2', 'grace@example.com', '2026-02-01T10:00:00Z'));
    const second = await drain('hub.infusionsoft-connector', 1);
    // A redelivery of the first order is still a new customer's.
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('INF', 'INF-1', 'grace@example.com', '2026-01-01T10:00:00Z'));
    const again = await drain('hub.infusionsoft-connector', 1);
    const text = (m: Msg[]) => JSON.stringify(m[0].body);
    expect(text(first)).toContain('"New"');
    expect(text(first)).not.toContain('"Repeat"');
    expect(text(second)).toContain('"Repeat"');
    expect(text(again)).toContain('"New"');
    expect(text(first)).toContain('77');
    const rows = await h.schema.query<{ n: string }>(`SELECT count(*) AS n FROM customer_orders WHERE merchant_id = 'INF' AND email = 'grace@example.com'`);
    expect(rows[0].n).toBe('2');
  });

  it('keeps the catalog’s folders from item events, so folder goals fire for later orders', async () => {
    const item = (categoryPath: string) => ({ merchantId: 'INF', created: false, item: { itemId: 'PEN', inactive: false, kit: false, categoryPath } });
    await h.publisher.publish(RoutingKeys.cart.itemUpserted, item('/Office/Stationery/'));
    await waitFor(async () => (await h.schema.query(`SELECT 1 FROM catalog_folders WHERE item_id = 'PEN'`)).length > 0);
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('INF', 'INF-3', 'lin@example.com'));
    expect(JSON.stringify((await drain('hub.infusionsoft-connector', 1))[0].body)).toContain('boughtstationery');
    await h.publisher.publish(RoutingKeys.cart.itemUpserted, item('/Office/'));
    await waitFor(async () => (await h.schema.query<{ f: string[] }>(`SELECT folders AS f FROM catalog_folders WHERE item_id = 'PEN'`))[0].f.length === 1);
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('INF', 'INF-4', 'lin@example.com'));
    expect(JSON.stringify((await drain('hub.infusionsoft-connector', 1))[0].body)).not.toContain('boughtstationery');
  });

  it('uses changed settings and mappings from the next event on (validated settings are remembered per stored version)', async () => {
    const admin = (await h.merchant('CHG')).admin;
    const settings = (tag: string) => ({ newCustomerTag: tag, repeatCustomerTag: 'Repeat' });
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/settings', admin, settings('First'));
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/mappings/BOOK', admin, { productId: 101 });
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('CHG', 'CHG-1', 'one@example.com'));
    const before = JSON.stringify((await drain('hub.infusionsoft-connector', 1))[0].body);
    expect(before).toContain('"First"');
    expect(before).toContain('101');

    // Two changes in a row (within the same millisecond, often): the last one counts.
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/settings', admin, settings('Second'));
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/settings', admin, settings('Third'));
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/mappings/BOOK', admin, { productId: 202 });
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('CHG', 'CHG-2', 'two@example.com'));
    const after = JSON.stringify((await drain('hub.infusionsoft-connector', 1))[0].body);
    expect(after).toContain('"Third"');
    expect(after).not.toContain('"First"');
    expect(after).toContain('202');
    expect(after).not.toContain('101');

    // Switched off: nothing more goes to Infusionsoft.
    await h.http('PUT', '/merchants/CHG/crms/infusionsoft/settings', admin, { enabled: false });
    await h.publisher.publish(RoutingKeys.cart.orderPlaced, placed('CHG', 'CHG-3', 'three@example.com'));
    // Handled once its customer is in the history (decided just before the commands are published).
    await waitFor(async () => (await h.schema.query(`SELECT 1 FROM customer_orders WHERE order_id = 'CHG-3'`)).length > 0);
    await new Promise((r) => setTimeout(r, 500));
    expect(await queues.drain('hub.infusionsoft-connector')).toEqual([]);
  });

  it('hands the connector the credentials over RPC, and refuses unknown or malformed merchants', async () => {
    await expect(h.publisher.request<OntraportCredentialsReply>(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'ON' })).resolves.toEqual({
      appId: 'app-1',
      apiKey: 'good-very-secret-key',
    });
    await expect(h.publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: 'NOBODY' })).rejects.toMatchObject({ code: 'NOT_FOUND', kind: ErrorKind.NotFound });
    await expect(h.publisher.request(RpcPatterns.mapping.ontraportCredentials, { merchantId: '../etc' })).rejects.toMatchObject({ code: 'VALIDATION_FAILED' });
  });
});
