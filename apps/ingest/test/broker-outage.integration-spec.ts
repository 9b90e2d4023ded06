import { RoutingKeys } from '@hub/messaging-contracts';
import { TcpProxy, ucItemFixture, ucOrderFixture, waitFor } from '@hub/testing';
import { IngestHarness, MERCHANT, receiptOf } from './ingest-harness';

describe('ingest: a 2xx only after the broker confirmed every event', () => {
  let hub: IngestHarness;
  let proxy: TcpProxy;

  beforeAll(async () => {
    hub = await IngestHarness.start({
      label: 'ingest_outage',
      // Only the service's own broker connection goes through the proxy; the test reads queues directly.
      brokerUrl: async (vhostUrl) => {
        const url = new URL(vhostUrl);
        proxy = new TcpProxy(url.hostname, Number(url.port || 5672));
        url.port = String(await proxy.start());
        return url.toString();
      },
    });
  }, 30_000);

  afterAll(async () => {
    await hub?.close();
    await proxy?.stop();
  });

  const bundle = () => ({ events: [{ order_create: ucOrderFixture('O-OUT-1') }, { item_update: ucItemFixture('OUT-ITEM') }, { order_reject: ucOrderFixture('O-OUT-2', { current_stage: 'Rejected' }) }] });

  it('answers 503 while the broker is unreachable, remembers nothing, and accepts everything once it is back', async () => {
    await proxy.cut();
    for (const path of [`/webhooks/ultracart/${MERCHANT}`, `/webhooks/affiliate-signups/${MERCHANT}`]) {
      const down = await hub.post(path.includes('affiliate') ? { affiliateId: '9', email: 'a@example.com', approved: true } : bundle(), { path });
      expect(down.status).toBe(503);
      expect(down.headers.get('retry-after')).toBe('5');
      expect(await down.json()).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    }
    expect(await hub.schema.query(`SELECT key FROM dedupe_keys`)).toEqual([]);

    await proxy.restore();
    const up = await waitFor(
      async () => {
        const r = await hub.post(bundle());
        return r.status === 200 ? r : undefined;
      },
      { what: 'ingest accepting again', timeoutMs: 20_000, intervalMs: 300 },
    );
    expect((await receiptOf(up)).events.map((e) => e.outcome)).toEqual(['published', 'published', 'published']);
    const messages = await hub.collect(3);
    expect(messages.map((m) => m.routingKey).sort()).toEqual([RoutingKeys.cart.itemUpserted, RoutingKeys.cart.orderPlaced, RoutingKeys.cart.orderRejected]);
  }, 60_000);
});
