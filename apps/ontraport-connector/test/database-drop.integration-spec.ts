/**
 * PostgreSQL drops the connector's connections in the middle of a sale, on the command's last
 * attempt: the claim, the rate window and the ids remembered are in the database that just went
 * away. A database outage is the hub's, not the command's fault: it uses no attempt, so nothing is
 * parked however long it lasts, and once the database is back the sale is in ONTRAPORT once —
 * also when the drop comes while the transaction itself is being created (ONTRAPORT has it, the
 * connector cannot store that it does). The drop is placed by the simulator's request log (each
 * request answered 150 ms late, so the cut lands while a given request is in flight).
 * Real RabbitMQ, PostgreSQL through a proxy the test cuts, and the simulator on a real port.
 */
import { money } from '@hub/domain';
import { RoutingKeys } from '@hub/messaging-contracts';
import { Headers } from '@hub/messaging-nest';
import { messagesHandled, outageRetries, TcpProxy, waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

const ATTEMPTS = 3;
const QUEUE = 'hub.ontraport-connector';
const APP = 'dbdrop-app';
const databaseOutageRetries = () => outageRetries(QUEUE, 'database');
const acknowledged = () => messagesHandled(QUEUE, 'ack');

describe('ontraport-connector: the database drops mid-sale on a command\'s last attempt', () => {
  let h: ConnectorHarness;
  /** The proxy the connector reaches PostgreSQL through. */
  let database: TcpProxy;

  beforeAll(async () => {
    h = await ConnectorHarness.start('opdbdrop', { sim: { accounts: [{ appId: APP, apiKey: 'dbdrop-key' }] }, amqp: { AMQP_RETRY_MAX_ATTEMPTS: ATTEMPTS }, proxyDatabase: true });
    if (!h.database) throw new Error('the harness started without the database proxy');
    database = h.database;
    CREDENTIALS.set('DBD', { appId: APP, apiKey: 'dbdrop-key' });
  }, 60_000);

  afterAll(() => h?.stop(), 30_000);

  afterEach(async () => {
    h.sim.configure({ latencyMs: 0 });
    await database?.restore().catch(() => undefined);
  });

  const requests = (path?: string) => h.account(APP).requests.filter((r) => !path || r.path.endsWith(path)).length;

  it.each([
    ['before the transaction (the second request of the sale in flight)', (start: number) => requests() - start >= 2],
    ['while the transaction is being created (ONTRAPORT has it, the connector cannot store that it does)', (_start: number, created: number) => requests('transaction/processManual') > created],
  ])('%s: no attempt used, nothing parked; once the database is back, the sale is in ONTRAPORT once', async (_when, cutWhen) => {
    const orderId = `DBD-${requests()}`;
    const o = order('DBD', orderId, {
      lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: money(10), total: money(10) }],
      totals: { subtotal: money(10), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(10) },
      couponCodes: [],
    });
    const start = requests();
    const created = requests('transaction/processManual');
    h.sim.configure({ latencyMs: 150 });
    const outageBefore = await databaseOutageRetries();
    const ackedBefore = await acknowledged();
    await h.publisher.publish(RoutingKeys.crm.ontraportSale, sale('rest', o, { products: [{ itemId: 'BOOK', name: 'Book' }] }), {
      messageId: `ontraport:sale:DBD:${orderId}`,
      headers: { [Headers.failures]: ATTEMPTS - 1 },
    });

    await waitFor(() => cutWhen(start, created), { what: 'the sale at the request where the database drops', timeoutMs: 20_000, intervalMs: 5 });
    await database.cut();
    await waitFor(async () => (await databaseOutageRetries()) - outageBefore >= 3, { what: 'database outage retries', timeoutMs: 20_000 });
    expect(await h.parked()).toEqual([]);

    h.sim.configure({ latencyMs: 0 });
    await database.restore();
    // Promptly: the claim the failed attempt could not give back is given back when the retry
    // comes, not when its lease (30 s) runs out.
    await waitFor(async () => (await acknowledged()) - ackedBefore === 1, { what: 'the sale acknowledged once the database is back', timeoutMs: 12_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    const acc = h.account(APP);
    expect(acc.transactions.filter((t) => t.external_order_id === orderId)).toHaveLength(1);
    expect(acc.contacts.filter((c) => c.email === o.customer.email)).toHaveLength(1);
    expect(await h.parked()).toEqual([]);
  }, 60_000);
});
