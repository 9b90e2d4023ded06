/**
 * The ONTRAPORT connector as a real process against the simulator: a redelivered command logs
 * nothing twice; bad credentials park at once with ONTRAPORT's reason; a failing ONTRAPORT is
 * retried until it answers, with every attempt in the transmission log.
 */
import { randomUUID } from 'node:crypto';
import { connect, type ChannelModel, type ConfirmChannel, type GetMessage } from 'amqplib';
import { Client } from 'pg';
import { DEMO, dropSchemas, HubLauncher, migrateAll, seedDemo, seedMerchant, seedOntraport } from '@hub/dev-tools';
import { money, Order } from '@hub/domain';
import { OntraportRefundV1, OntraportSaleV1, RoutingKeys } from '@hub/messaging-contracts';
import { OntraportSimulator, startOntraportSimulator } from '@hub/ontraport-simulator';
import { DEV_MASTER_KEY, SecretBox } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, uniqueName, waitFor } from '@hub/testing';

const order = (orderId: string, merchantId = DEMO.merchantId): Order => ({
  merchantId,
  orderId,
  stage: 'Completed Order',
  createdAt: '2026-11-24T10:00:00Z',
  currency: 'USD',
  customer: { email: `${orderId.toLowerCase()}@example.com`, firstName: 'Grace', billing: { lastName: 'Hopper' } },
  lines: [{ itemId: 'BOOK-1', quantity: 1, unitPrice: money(20), total: money(20) }],
  totals: { subtotal: money(20), discount: money(0), shippingHandling: money(0), tax: money(0), total: money(20) },
  couponCodes: [],
});

const saleCommand = (o: Order): OntraportSaleV1 =>
  ({ merchantId: o.merchantId, idempotencyKey: `ontraport:sale:${o.merchantId}:${o.orderId}`, order: o, productNames: {} }) as OntraportSaleV1;

interface Transmission {
  type: string;
  status: string;
  attempt: number;
  httpStatus?: number;
  description: string;
}

/** Admin tokens of the two merchants, for the transmission log (audit-log asks mapping who holds them). */
const TOKENS: Record<string, string> = { [DEMO.merchantId]: DEMO.adminToken, BADKEY: 'hubt_badkey-admin-token-for-e2e-tests-only-00000' };

describe('ONTRAPORT delivery, effectively once', () => {
  const prefix = uniqueName('opdeliv');
  let vhost: TestVhost;
  let sim: OntraportSimulator;
  let hub: HubLauncher;
  let amqp: ChannelModel;
  let ch: ConfirmChannel;

  const publish = async (cmd: OntraportSaleV1) => {
    ch.publish('hub.events', RoutingKeys.crm.ontraportSale, Buffer.from(JSON.stringify(cmd)), {
      persistent: true,
      contentType: 'application/json',
      messageId: cmd.idempotencyKey,
      headers: { 'x-correlation-id': `corr-${cmd.order.orderId}` },
    });
    await ch.waitForConfirms();
  };
  const sales = (orderId: string) => sim.state().accounts[DEMO.ontraportAppId].transactions.filter((t) => t.external_order_id === orderId);
  const log = async (merchantId: string, orderId: string): Promise<Transmission[]> => {
    const res = await fetch(`${hub.url('audit-log')}/transmissions?merchantId=${merchantId}&orderId=${orderId}`, { headers: { authorization: `Bearer ${TOKENS[merchantId]}` } });
    return ((await res.json()) as { items: Transmission[] }).items;
  };

  beforeAll(async () => {
    vhost = await createTestVhost('opdeliv');
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined);
    await seedDemo(TEST_DATABASE_URL, { ingest: `${prefix}_ingest`, mapping: `${prefix}_mapping` }, DEV_MASTER_KEY);
    // A second merchant whose stored ONTRAPORT key is wrong.
    const db = new Client({ connectionString: TEST_DATABASE_URL });
    await db.connect();
    await seedOntraport(db, `${prefix}_mapping`, new SecretBox([DEV_MASTER_KEY]), { merchantId: 'BADKEY', appId: DEMO.ontraportAppId, apiKey: 'wrong-key' });
    await seedMerchant(db, `${prefix}_mapping`, 'BADKEY', TOKENS['BADKEY']);
    await db.end();
    sim = await startOntraportSimulator({ accounts: [{ appId: DEMO.ontraportAppId, apiKey: DEMO.ontraportApiKey }] });
    const services = ['mapping', 'ontraport-connector', 'audit-log'];
    hub = new HubLauncher({
      services,
      ports: Object.fromEntries(await Promise.all([...services, 'ontraport-connector#2'].map(async (s) => [s, await freePort()] as const))),
      schemaPrefix: prefix,
      env: {
        AMQP_URL: vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        ONTRAPORT_BASE_URL: sim.url,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        AMQP_RETRY_BASE_MS: '200',
        AMQP_RETRY_MAX_MS: '400',
        LOG_LEVEL: 'warn',
      },
    });
    await hub.startAll();
    await hub.start('ontraport-connector', 2);
    amqp = await connect(vhost.url);
    ch = await amqp.createConfirmChannel();
  }, 120_000);

  afterAll(async () => {
    await amqp?.close().catch(() => undefined);
    await hub?.stopAll();
    await sim?.close();
    await vhost?.dispose();
    await dropSchemas(TEST_DATABASE_URL, prefix);
  }, 60_000);

  it('logs one sale however often the command is delivered', async () => {
    const cmd = saleCommand(order('ONCE-1'));
    await publish(cmd);
    await waitFor(() => sales('ONCE-1').length === 1, { what: 'first sale', timeoutMs: 20_000 });
    await publish(cmd);
    await publish(cmd);
    await new Promise((r) => setTimeout(r, 1_500));
    expect(sales('ONCE-1')).toHaveLength(1);
    // The redeliveries made no ONTRAPORT call at all.
    expect((await log(DEMO.merchantId, 'ONCE-1')).filter((t) => t.type === 'sale')).toHaveLength(1);
  });

  it('logs one sale when two replicas receive the same command at the same moment', async () => {
    sim.configure({ latencyMs: 150 }); // widen the window in which both replicas work on it
    const cmd = saleCommand(order('RACE-1'));
    await Promise.all([publish(cmd), publish(cmd), publish(cmd), publish(cmd)]);
    await waitFor(() => sales('RACE-1').length >= 1, { what: 'the sale', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 3_000));
    sim.configure({ latencyMs: 0 });
    expect(sales('RACE-1')).toHaveLength(1);
  });

  it('parks a command at once when ONTRAPORT refuses the credentials, with its reason', async () => {
    await publish(saleCommand(order('BAD-1', 'BADKEY')));
    const parked = await waitFor(
      async () => {
        const m = await ch.get('hub.ontraport-connector.parked', { noAck: true });
        return m || undefined;
      },
      { what: 'parked command', timeoutMs: 20_000 },
    );
    const h = (parked as GetMessage).properties.headers ?? {};
    expect(h['x-hub-error-code']).toBe('ONTRAPORT_AUTH');
    expect(String(h['x-hub-error'])).toContain('Your App ID and API Key do not authenticate.');
    expect(h['x-hub-failures']).toBe(1);
    const t = await waitFor(async () => (await log('BADKEY', 'BAD-1')).find((x) => x.status === 'failed'), { what: 'failed transmission' });
    expect(t).toMatchObject({ type: 'contact', httpStatus: 401, attempt: 1 });
  });

  it('retries while ONTRAPORT fails and logs the sale once it answers', async () => {
    sim.configure({ failPercent: 100 });
    await publish(saleCommand(order('FLAKY-1')));
    await waitFor(async () => (await log(DEMO.merchantId, 'FLAKY-1')).filter((t) => t.status === 'retrying').length >= 2, {
      what: 'two failed attempts',
      timeoutMs: 20_000,
    });
    sim.configure({ failPercent: 0 });
    await waitFor(() => sales('FLAKY-1').length === 1, { what: 'sale after recovery', timeoutMs: 20_000 });
    const story = await waitFor(async () => {
      const s = await log(DEMO.merchantId, 'FLAKY-1');
      return s.some((t) => t.type === 'sale' && t.status === 'succeeded') ? s : undefined;
    });
    // The audit log lists newest first: put the contact calls in the order they were made.
    const attempts = story
      .filter((t) => t.type === 'contact')
      .sort((a, b) => a.attempt - b.attempt)
      .map((t) => [t.status, t.httpStatus, t.attempt]);
    expect(attempts.slice(0, 2)).toEqual([
      ['retrying', 500, 1],
      ['retrying', 500, 2],
    ]);
    expect(attempts.at(-1)?.[0]).toBe('succeeded');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(sales('FLAKY-1')).toHaveLength(1);
  });

  it('logs a legacy-XML sale and reflects a partial refund, each once, through the real processes', async () => {
    const o = order('LEGACY-1');
    const cmd = { ...saleCommand(o), idempotencyKey: `ontraport:sale:${o.merchantId}:${o.orderId}`, api: 'legacy' } as OntraportSaleV1;
    await publish(cmd);
    await publish(cmd);
    const purchases = () => {
      const acc = sim.state().accounts[DEMO.ontraportAppId];
      const contact = acc.contacts.find((c) => c.email === o.customer.email);
      return acc.purchases.filter((p) => p.contact_id === contact?.id);
    };
    await waitFor(() => purchases().length === 1 || undefined, { what: 'legacy sale', timeoutMs: 20_000 });
    const refund: OntraportRefundV1 = {
      merchantId: o.merchantId,
      idempotencyKey: `ontraport:refund:${o.merchantId}:${o.orderId}:750`,
      api: 'legacy',
      orderId: o.orderId,
      saleKey: cmd.idempotencyKey,
      kind: 'partial',
      currency: 'USD',
      orderTotal: o.totals.total,
      refundedTotal: { minor: 750, currency: 'USD' },
    };
    for (let i = 0; i < 2; i++) {
      ch.publish('hub.events', RoutingKeys.crm.ontraportRefund, Buffer.from(JSON.stringify(refund)), { persistent: true, messageId: refund.idempotencyKey });
      await ch.waitForConfirms();
    }
    await waitFor(() => purchases()[0]?.status === 'partially refunded' || undefined, { what: 'partial refund', timeoutMs: 20_000 });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(purchases()).toHaveLength(1);
    expect(purchases()[0]).toMatchObject({ price: 20, refunded: 7.5, refunds: [expect.objectContaining({ amount: 7.5 })] });
    const recorded = await waitFor(async () => {
      const s = await log(DEMO.merchantId, 'LEGACY-1');
      return s.some((t) => t.type === 'refund') ? s : undefined;
    });
    expect(recorded.filter((t) => t.type === 'sale')).toHaveLength(1);
    expect(JSON.stringify(recorded)).not.toContain(DEMO.ontraportApiKey);
  });

  it('refuses a malformed command without touching ONTRAPORT', async () => {
    const before = sim.state().accounts[DEMO.ontraportAppId].counters.requests;
    ch.publish('hub.events', RoutingKeys.crm.ontraportSale, Buffer.from(JSON.stringify({ merchantId: 'DEMO', idempotencyKey: randomUUID() })), { persistent: true });
    await ch.waitForConfirms();
    const parked = await waitFor(async () => (await ch.get('hub.ontraport-connector.parked', { noAck: true })) || undefined, {
      what: 'parked malformed command',
      timeoutMs: 10_000,
    });
    expect((parked as GetMessage).properties.headers?.['x-hub-error-code']).toBe('VALIDATION_FAILED');
    expect(sim.state().accounts[DEMO.ontraportAppId].counters.requests).toBe(before);
  });
});
