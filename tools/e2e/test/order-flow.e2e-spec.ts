/**
 * The walking skeleton, end to end through real processes, the real RabbitMQ and PostgreSQL and
 * the ONTRAPORT simulator over HTTP: a cart webhook for a paid order becomes a logged sale in
 * ONTRAPORT and a searchable story in the transmission log.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { OntraportSimulator, startOntraportSimulator } from '@hub/ontraport-simulator';
import { DEV_MASTER_KEY } from '@hub/platform';
import { createTestVhost, freePort, TcpProxy, TEST_DATABASE_URL, TestVhost, uniqueName, waitFor } from '@hub/testing';
import { DEMO, dropSchemas, HubLauncher, migrateAll, seedDemo } from '@hub/dev-tools';

const SAMPLE = JSON.parse(readFileSync(resolve(__dirname, '../../dev/sample-order.json'), 'utf8'));
const ORDER_ID = 'DEMO-0009104420';
const basic = (user: string, pass: string) => 'Basic ' + Buffer.from(`${user}:${pass}`).toString('base64');
const AUTH = basic(DEMO.webhookUser, DEMO.webhookPassword);

interface Receipt {
  received: number;
  events: Array<{ event: string; outcome: string; orderId?: string; reason?: string }>;
}
const receipt = async (res: Response): Promise<Receipt> => (await res.json()) as Receipt;

interface Transmission {
  direction: string;
  type: string;
  status: string;
  correlationId: string;
  requestBody?: string;
  responseBody?: string;
  httpStatus?: number;
}

describe('one order, end to end', () => {
  const prefix = uniqueName('e2e');
  let vhost: TestVhost;
  let sim: OntraportSimulator;
  let hub: HubLauncher;
  let ingestProxy: TcpProxy;
  const logs: string[] = [];

  const post = (body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${hub.url('ingest')}/webhooks/ultracart/${DEMO.merchantId}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH, ...headers },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
  const demoAccount = () => sim.state().accounts[DEMO.ontraportAppId];
  /** The records of the log, oldest first, each with its bodies (the list has summaries, newest first). */
  const transmissions = async (query: string): Promise<Transmission[]> => {
    const auth = { headers: { authorization: `Bearer ${DEMO.adminToken}` } };
    const res = await fetch(`${hub.url('audit-log')}/transmissions?merchantId=${DEMO.merchantId}&${query}`, auth);
    expect(res.status).toBe(200);
    const summaries = ((await res.json()) as { items: Array<{ id: string }> }).items.reverse();
    return Promise.all(summaries.map(async (t) => (await (await fetch(`${hub.url('audit-log')}/transmissions/${t.id}`, auth)).json()) as Transmission));
  };

  beforeAll(async () => {
    vhost = await createTestVhost('e2e');
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined);
    await seedDemo(TEST_DATABASE_URL, { ingest: `${prefix}_ingest`, mapping: `${prefix}_mapping` }, DEV_MASTER_KEY);
    sim = await startOntraportSimulator({ accounts: [{ appId: DEMO.ontraportAppId, apiKey: DEMO.ontraportApiKey }] });
    const broker = new URL(vhost.url);
    ingestProxy = new TcpProxy(broker.hostname, Number(broker.port || 5672));
    await ingestProxy.start();
    const ingestBroker = new URL(vhost.url);
    ingestBroker.port = String(ingestProxy.port);
    const services = ['ingest', 'mapping', 'ontraport-connector', 'audit-log'];
    const ports = Object.fromEntries(await Promise.all(services.map(async (s) => [s, await freePort()] as const)));
    hub = new HubLauncher({
      services,
      ports,
      schemaPrefix: prefix,
      env: {
        AMQP_URL: vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        ONTRAPORT_BASE_URL: sim.url,
        HUB_MASTER_KEYS: DEV_MASTER_KEY,
        AMQP_RETRY_BASE_MS: '100',
        LOG_LEVEL: 'info',
      },
      envFor: { ingest: { AMQP_URL: ingestBroker.toString() } },
      onLine: (service, line) => logs.push(`${service} ${line}`),
    });
    await hub.startAll();
  }, 120_000);

  afterAll(async () => {
    await hub?.stopAll();
    await sim?.close();
    await ingestProxy?.stop();
    await vhost?.dispose();
    await dropSchemas(TEST_DATABASE_URL, prefix);
  }, 60_000);

  it('logs the sale in ONTRAPORT and the whole story in the transmission log', async () => {
    const res = await post(SAMPLE, { 'x-correlation-id': 'e2e-order-1' });
    expect(res.status).toBe(200);
    expect(res.headers.get('x-correlation-id')).toBe('e2e-order-1');
    expect(await res.json()).toMatchObject({ received: 1, events: [{ event: 'order_create', outcome: 'published', orderId: ORDER_ID }] });

    const sale = await waitFor(() => demoAccount()?.transactions[0], { what: 'the sale in ONTRAPORT', timeoutMs: 30_000 });
    const account = demoAccount();
    expect(account.contacts).toHaveLength(1);
    expect(account.contacts[0]).toMatchObject({ email: 'ada@example.com', firstname: 'Ada', lastname: 'Lovelace' });
    expect(sale).toMatchObject({ chargeNow: 'chargeLog', external_order_id: ORDER_ID, contact_id: account.contacts[0].id });
    const names = Object.fromEntries(account.products.map((p) => [p.id, p.name]));
    expect(sale.products.map((l) => [names[l.id], l.quantity, l.price])).toEqual([
      ['The Demo Book', 2, 18], // mapped name, discounted unit price
      ['PEN-7', 1, 3.5], // no mapping: the item id is the name
    ]);

    // Every call arrives in the log with the correlation id of the webhook, redacted.
    const story = await waitFor(
      async () => {
        const t = await transmissions(`orderId=${ORDER_ID}`);
        return t.some((x) => x.type === 'sale') ? t : undefined;
      },
      { what: 'the sale in the transmission log', timeoutMs: 15_000 },
    );
    expect(story.map((t) => `${t.direction}:${t.type}:${t.status}`)).toEqual([
      'inbound:webhook:succeeded',
      'outbound:contact:succeeded',
      'outbound:product:succeeded', // find "The Demo Book"
      'outbound:product:succeeded', // create it
      'outbound:product:succeeded', // find "PEN-7"
      'outbound:product:succeeded', // create it
      'outbound:sale:succeeded',
    ]);
    expect(new Set(story.map((t) => t.correlationId))).toEqual(new Set(['e2e-order-1']));
    const all = JSON.stringify(story);
    expect(all).not.toContain('4111111111111111');
    expect(all).not.toContain('"card_verification_number":"123"');
    expect(all).not.toContain(DEMO.ontraportApiKey);
    expect(story[0].requestBody).toContain('****1111');
    expect(story.at(-1)?.httpStatus).toBe(200);

    // …and in every log line the services wrote while handling it (this test's own queries to the
    // log are other requests, with their own ids).
    const lines = logs.filter((l) => l.includes(ORDER_ID) && l.includes('"msg"') && !l.includes('/transmissions?'));
    expect(lines.length).toBeGreaterThan(0);
    expect(lines.every((l) => l.includes('"correlationId":"e2e-order-1"'))).toBe(true);
  });

  it('never logs the same order twice, whichever event repeats it', async () => {
    const again = await post(SAMPLE);
    expect((await receipt(again)).events[0].outcome).toBe('duplicate');
    const stageChange = { events: [{ order_stage_change: SAMPLE.events[0].order_create }] };
    expect((await receipt(await post(stageChange))).events[0].outcome).toBe('duplicate');
    await new Promise((r) => setTimeout(r, 1_000));
    expect(demoAccount().transactions).toHaveLength(1);
  });

  it('does not cascade an order still in Accounts Receivable', async () => {
    const held = structuredClone(SAMPLE);
    held.events[0].order_create.order_id = 'DEMO-HELD-1';
    held.events[0].order_create.current_stage = 'Accounts Receivable';
    const res = await post(held);
    expect(res.status).toBe(200);
    expect((await receipt(res)).events[0]).toMatchObject({ outcome: 'not_cascaded', orderId: 'DEMO-HELD-1' });
    await new Promise((r) => setTimeout(r, 1_000));
    expect(demoAccount().transactions.filter((t) => t.external_order_id === 'DEMO-HELD-1')).toHaveLength(0);
  });

  it('refuses bad credentials and malformed bodies, and stores nothing', async () => {
    const before = demoAccount().transactions.length;
    const wrong = await post(SAMPLE, { authorization: basic(DEMO.webhookUser, 'wrong') });
    expect(wrong.status).toBe(401);
    expect(JSON.stringify(await wrong.json())).not.toMatch(/password|hash|DEMO/i);
    expect((await post(SAMPLE, { authorization: '' })).status).toBe(401);
    const otherMerchant = await fetch(`${hub.url('ingest')}/webhooks/ultracart/OTHER`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: AUTH },
      body: JSON.stringify(SAMPLE),
    });
    expect(otherMerchant.status).toBe(401);

    const broken = await post('{"events": [');
    expect(broken.status).toBe(400);
    const shape = await post({ events: 'not-compressed' });
    expect(shape.status).toBe(400);
    expect(await shape.json()).toMatchObject({ code: 'VALIDATION_FAILED', fields: [{ field: 'events' }] });
    const noId = structuredClone(SAMPLE);
    delete noId.events[0].order_create.order_id;
    const rejected = await post(noId);
    expect((await receipt(rejected)).events[0]).toMatchObject({ outcome: 'rejected', reason: expect.stringContaining('order_id: is required') });
    await new Promise((r) => setTimeout(r, 500));
    expect(demoAccount().transactions).toHaveLength(before);
  });

  it('answers 503 while the broker is unreachable, and accepts again when it is back', async () => {
    const fresh = structuredClone(SAMPLE);
    fresh.events[0].order_create.order_id = 'DEMO-OUTAGE-1';
    await ingestProxy.cut();
    const down = await post(fresh);
    expect(down.status).toBe(503);
    expect(await down.json()).toMatchObject({ code: 'BROKER_UNAVAILABLE' });
    await ingestProxy.restore();
    const up = await waitFor(
      async () => {
        const r = await post(fresh);
        return r.status === 200 ? r : undefined;
      },
      { what: 'ingest accepting again', timeoutMs: 20_000, intervalMs: 300 },
    );
    expect((await receipt(up)).events[0].outcome).toBe('published');
    await waitFor(() => demoAccount().transactions.some((t) => t.external_order_id === 'DEMO-OUTAGE-1'), { what: 'sale after the outage', timeoutMs: 20_000 });
  }, 60_000);
});
