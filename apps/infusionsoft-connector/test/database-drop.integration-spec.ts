/**
 * PostgreSQL drops the connector's connections in the middle of an order's cascade, on the
 * command's last attempt: part of the order is in Infusionsoft, the claim and the progress are in
 * the database that just went away. A database outage is the hub's, not the command's fault: it
 * uses no attempt, so the command is not parked (nor its merchant mailed) however long the outage
 * lasts, and once the database is back the cascade goes on and the order is in Infusionsoft once.
 * The drop is placed by the simulator's calls (each answered 150 ms late, so the cut lands while a
 * given call is in flight): before the order is created, and while the call creating it is in flight
 * (`createBlankOrder`: the order exists in Infusionsoft, the connector cannot yet save that it does).
 * Real RabbitMQ, PostgreSQL through a proxy the test cuts, the simulator and the SMTP sink.
 */
import { RoutingKeys } from '@hub/messaging-contracts';
import { Headers } from '@hub/messaging-nest';
import { messagesHandled, outageRetries, TcpProxy, waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant, RETRY } from './connector-harness';
import { API_KEY, orderCommand } from './fixtures';

const QUEUE = 'hub.infusionsoft-connector';
/** How the command's order is created (`method: 'blankOrder'`). */
const CREATE_ORDER = 'InvoiceService.createBlankOrder';
const databaseOutageRetries = () => outageRetries(QUEUE, 'database');
const acknowledged = () => messagesHandled(QUEUE, 'ack');

describe('infusionsoft-connector: the database drops mid-cascade on a command\'s last attempt', () => {
  let h: ConnectorHarness;
  /** The proxy the connector reaches PostgreSQL through. */
  let database: TcpProxy;

  beforeAll(async () => {
    h = await ConnectorHarness.start('infusionsoft-dbdrop', { proxyDatabase: true });
    if (!h.database) throw new Error('the harness started without the database proxy');
    database = h.database;
    for (const name of ['BOOK', 'PEN', 'MUG']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M-DBDROP', { credentials: API_KEY, notifyEmails: ['owner@dbdrop.example'] });
  }, 90_000);

  afterAll(() => h?.close());

  afterEach(async () => {
    h.sim.configure({ latencyMs: 0 });
    await database?.restore().catch(() => undefined);
  });

  const lastAttempt = { headers: { [Headers.failures]: RETRY.AMQP_RETRY_MAX_ATTEMPTS - 1 } };
  const calls = (method?: string) => (method ? (h.sim.stats().byMethod[method] ?? 0) : h.sim.stats().total);

  it.each([
    ['before the order is created (the third call of its cascade in flight)', (start: number) => calls() - start >= 3],
    ['while the order is being created (createBlankOrder in flight: the order exists in Infusionsoft, the connector cannot save that it does)', (_start: number, placed: number) => calls(CREATE_ORDER) > placed],
  ])('%s: no attempt used, nothing parked or mailed; once the database is back, the order is in Infusionsoft once', async (_when, cutWhen) => {
    const orderId = `ORD-DBDROP-${calls()}`;
    const start = calls();
    const placed = calls(CREATE_ORDER);
    h.smtp.clear();
    h.sim.configure({ latencyMs: 150 });
    const outageBefore = await databaseOutageRetries();
    const ackedBefore = await acknowledged();
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, orderCommand(orderId, {}, 'M-DBDROP'), lastAttempt);

    await waitFor(() => cutWhen(start, placed), { what: 'the cascade at the call where the database drops', timeoutMs: 20_000, intervalMs: 5 });
    await database.cut();
    // Longer than the command's one remaining attempt would last: several retries, none of them an attempt.
    await waitFor(async () => (await databaseOutageRetries()) - outageBefore >= 3, { what: 'database outage retries', timeoutMs: 20_000 });
    expect(await h.queues.drain(`${QUEUE}.parked`)).toEqual([]);

    h.sim.configure({ latencyMs: 0 });
    await database.restore();
    const invoicesOf = () => h.rows('Invoice').filter((i) => i['Description'] === `UltraCart order ${orderId}`);
    // Promptly: the claim the failed attempt could not give back (the database was away) is given
    // back when the retry comes, not when its lease (30 s) runs out.
    await waitFor(() => invoicesOf().length >= 1 && invoicesOf()[0]['TotalPaid'] === 27, { what: 'the order paid in Infusionsoft once the database is back', timeoutMs: 12_000 });
    await waitFor(async () => (await acknowledged()) - ackedBefore === 1, { what: 'the command acknowledged', timeoutMs: 20_000 });
    // Anything still in flight would show now.
    await new Promise((r) => setTimeout(r, 1_000));
    h.expectEachOrderOnce([orderId]);
    expect(await h.queues.drain(`${QUEUE}.parked`)).toEqual([]);
    expect(h.smtp.messages()).toEqual([]);
  }, 90_000);
});
