/**
 * mapping out while ONTRAPORT commands need its credentials (rpc.mapping.ontraport-credentials.v1):
 * first stopped (its request queue outlives it: RPC_TIMEOUT), then gone (the queue deleted, as after
 * a broker restart: NO_RESPONDER). The hub's own service being out is not the command's fault: it is
 * retried without using an attempt, far past what its attempts would allow, and delivered once when
 * mapping is back; nothing is parked. ONTRAPORT's own failures (a 5xx, a refused connection) still
 * use attempts and park. Real RabbitMQ, PostgreSQL and the simulator on a real port.
 */
import { money } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import { Headers } from '@hub/messaging-nest';
import { freePort, outageRetries, waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

const ATTEMPTS = 2;
/** The harness's largest retry delay. */
const MAX_DELAY_MS = 400;
const QUEUE = 'hub.ontraport-connector';

const simpleOrder = (orderId: string) =>
  order('MO', orderId, {
    lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) }],
    totals: { subtotal: money(10), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(10) },
    couponCodes: [],
  });

const serviceOutageRetries = () => outageRetries(QUEUE, 'service');

describe('ontraport-connector: mapping out, ONTRAPORT failing', () => {
  let h: ConnectorHarness;

  beforeAll(async () => {
    h = await ConnectorHarness.start('opmapout', {
      sim: { accounts: [{ appId: 'mo-app', apiKey: 'mo-key' }] },
      amqp: { AMQP_RETRY_MAX_ATTEMPTS: ATTEMPTS, AMQP_RPC_TIMEOUT_MS: 300 },
    });
    CREDENTIALS.set('MO', { appId: 'mo-app', apiKey: 'mo-key' });
  }, 60_000);

  afterAll(() => h?.stop(), 30_000);

  const parkedCommands = () =>
    waitFor(async () => {
      const p = await h.parked();
      return p.length ? p : undefined;
    }, { what: 'the command parked', timeoutMs: 20_000 });

  it('retries a command through a mapping outage longer than its attempts allow, without using one; delivers it once when mapping is back, parks nothing', async () => {
    await h.stopMapping();
    const before = await serviceOutageRetries();
    const o = simpleOrder('MO-1');
    const started = Date.now();
    await h.send(RoutingKeys.crm.ontraportSale, sale('rest', o, { products: [{ itemId: 'BOOK', name: 'Book' }] }));
    await waitFor(async () => (await serviceOutageRetries()) - before >= 3 * ATTEMPTS, { what: 'retries while mapping is stopped', timeoutMs: 20_000 });

    await h.deleteMappingQueue();
    const whileStopped = await serviceOutageRetries();
    await waitFor(async () => (await serviceOutageRetries()) >= whileStopped + 3, { what: 'retries while mapping is gone', timeoutMs: 20_000 });
    // Longer than its attempts could have lasted, with nothing sent and nothing parked.
    expect(Date.now() - started).toBeGreaterThan(ATTEMPTS * MAX_DELAY_MS * 2);
    expect(h.account('mo-app').requests).toHaveLength(0);
    expect(await h.parked()).toEqual([]);

    await h.startMapping();
    await waitFor(() => h.account('mo-app').transactions.length === 1, { what: 'the sale once mapping is back', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    const acc = h.account('mo-app');
    expect(acc.transactions.map((t) => t.external_order_id)).toEqual(['MO-1']);
    expect(acc.contacts.filter((c) => c.email === o.customer.email)).toHaveLength(1);
    const sent = (await h.records({ merchantId: 'MO', orderId: 'MO-1' })).filter((t) => t.type === 'sale');
    expect(sent.map((t) => [t.status, t.attempt])).toEqual([['succeeded', 1]]);
    expect(await h.parked()).toEqual([]);
  }, 60_000);

  it('parks after its attempts when ONTRAPORT answers 5xx: the CRM\'s failure, not an outage of the hub', async () => {
    h.sim.configure({ failPercent: 100 });
    try {
      const before = await serviceOutageRetries();
      await h.send(RoutingKeys.crm.ontraportSale, sale('rest', simpleOrder('MO-2'), { products: [{ itemId: 'BOOK', name: 'Book' }] }));
      const [parked] = await parkedCommands();
      expect(parked.headers[Headers.errorCode]).toBe('ONTRAPORT_500');
      expect(parked.headers[Headers.failures]).toBe(ATTEMPTS);
      expect(parked.headers[Headers.outageRetries]).toBeUndefined();
      expect((await serviceOutageRetries()) - before).toBe(0);
    } finally {
      h.sim.configure({ failPercent: 0 });
    }
  }, 60_000);

  it('parks after its attempts when ONTRAPORT refuses connections: its refused connection is not taken for our database', async () => {
    // One replica, whose ONTRAPORT is a port nothing listens on.
    const base = process.env.ONTRAPORT_BASE_URL;
    await h.replicas.splice(0).reduce((p, app) => p.then(() => app.close()), Promise.resolve());
    process.env.ONTRAPORT_BASE_URL = `http://127.0.0.1:${await freePort()}`;
    try {
      await h.addReplica();
      await h.send(RoutingKeys.crm.ontraportSale, sale('rest', simpleOrder('MO-3'), { products: [{ itemId: 'BOOK', name: 'Book' }] }));
      const [parked] = await parkedCommands();
      expect(parked.headers[Headers.errorCode]).toBe('ONTRAPORT_UNREACHABLE');
      expect(String(parked.headers[Headers.error])).toContain('ECONNREFUSED');
      expect(parked.headers[Headers.failures]).toBe(ATTEMPTS);
      expect(parked.headers[Headers.outageRetries]).toBeUndefined();
    } finally {
      process.env.ONTRAPORT_BASE_URL = base;
    }
  }, 60_000);
});
