/**
 * How close two ontraport-connector replicas get to ONTRAPORT's limit (180 requests per rolling
 * window per account) without ever exceeding it: 50 accounts × 200 sales through the real broker,
 * database and simulator (processes of their own), with the window scaled down so a run takes a
 * minute or two instead of an hour. The limit stays 180; only the window shrinks, on both sides.
 *
 *   npx nx run bench-ontraport:bench
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/ontraport/ontraport.bench.ts
 *
 * Prints, per run: achieved requests per window per account as a fraction of the limit (goal ≥ 0.95;
 * mean and worst account), the busiest rolling window seen by the simulator (must be ≤ 180), 429s
 * received (goal 0), duplicate sales (must be 0) and the total time.
 *
 * Env: BENCH_ACCOUNTS (50), BENCH_SALES (200 per account), BENCH_WINDOW_MS (20000),
 * BENCH_PREFETCH (100 per replica), AMQP_URL, DATABASE_URL.
 *
 * Mapping is not started: a stand-in answers its credentials RPC (one App ID/key per account),
 * so the figures are the connector's and the limiter's alone.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { connect } from 'amqplib';
import { dropSchemas, HubLauncher, migrateAll, ROOT } from '@hub/dev-tools';
import { createTestVhost, freePort, TEST_DATABASE_URL, uniqueName } from '@hub/testing';

const ACCOUNTS = Number(process.env['BENCH_ACCOUNTS'] ?? 50);
const SALES = Number(process.env['BENCH_SALES'] ?? 200);
const WINDOW_MS = Number(process.env['BENCH_WINDOW_MS'] ?? 20_000);
const PREFETCH = Number(process.env['BENCH_PREFETCH'] ?? 100);
const LIMIT = 180;
const GOAL_FRACTION = 0.95;

interface SimRequest {
  time: string;
  method: string;
  path: string;
  status: number | null;
}
interface SimAccount {
  transactions: Array<{ external_order_id: string | null }>;
  requests: SimRequest[];
  counters: { requests: number; rateLimited: number; failedInjected: number; dropped: number };
}

const merchant = (i: number) => `B${String(i).padStart(3, '0')}`;
const appId = (i: number) => `bench-app-${i}`;
const apiKey = (i: number) => `bench-key-${i}`;

function sale(i: number, n: number) {
  const merchantId = merchant(i);
  const orderId = `${merchantId}-${n}`;
  const m = (minor: number) => ({ minor, currency: 'USD' });
  return {
    merchantId,
    idempotencyKey: `ontraport:sale:${merchantId}:${orderId}`,
    api: 'rest',
    order: {
      merchantId,
      orderId,
      stage: 'Completed Order',
      currency: 'USD',
      customer: { email: `c${n}@${merchantId.toLowerCase()}.example.com`, billing: {} },
      lines: [{ itemId: 'BOOK', quantity: 1, unitPrice: m(1999), total: m(1999) }],
      totals: { subtotal: m(1999), discount: m(0), shippingHandling: m(0), tax: m(0), total: m(1999) },
      couponCodes: [],
    },
    productNames: { BOOK: 'The Book' },
  };
}

async function startSimulator(port: number): Promise<ChildProcess> {
  const accounts = Array.from({ length: ACCOUNTS }, (_, i) => `${appId(i)}:${apiKey(i)}`).join(',');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/simulators/ontraport/src/main.ts'], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', ONTRAPORT_SIM_PORT: String(port), ONTRAPORT_SIM_ACCOUNTS: accounts, ONTRAPORT_SIM_RATE_LIMIT: String(LIMIT), ONTRAPORT_SIM_RATE_WINDOW_MS: String(WINDOW_MS) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const first = await createInterface({ input: child.stdout as NodeJS.ReadableStream })[Symbol.asyncIterator]().next();
  if (!String(first.value).includes('listening')) throw new Error(`simulator did not start: ${String(first.value)}`);
  return child;
}

/** Answers `rpc.mapping.ontraport-credentials.v1` as mapping would, from its own queue. */
async function credentialsResponder(url: string) {
  const conn = await connect(url);
  const ch = await conn.createChannel();
  await ch.assertExchange('hub.events', 'topic', { durable: true });
  const q = await ch.assertQueue('bench.credentials', { durable: false, autoDelete: true });
  await ch.bindQueue(q.queue, 'hub.events', 'rpc.mapping.ontraport-credentials.v1');
  await ch.consume(q.queue, (msg) => {
    if (!msg) return;
    const { merchantId } = JSON.parse(msg.content.toString()) as { merchantId: string };
    const i = Number(merchantId.slice(1));
    ch.sendToQueue(msg.properties.replyTo, Buffer.from(JSON.stringify({ ok: true, data: { appId: appId(i), apiKey: apiKey(i) } })), { correlationId: msg.properties.correlationId, contentType: 'application/json' });
    ch.ack(msg);
  });
  return conn;
}

/** Most requests the simulator counted (429s excluded, as ONTRAPORT does) within any rolling window. */
function busiestWindow(times: number[]): number {
  let best = 0;
  for (let i = 0, j = 0; i < times.length; i++) {
    while (times[i] - times[j] >= WINDOW_MS) j++;
    best = Math.max(best, i - j + 1);
  }
  return best;
}

/**
 * Requests per window over the account's complete windows, laid end to end from its first request
 * (the last, partial window, where the work ran out, is left out): `limit` for a client that fills
 * every window. An account whose work fits in less than one window counts what it sent.
 */
function perWindow(times: number[]): number {
  const full = Math.floor((times[times.length - 1] - times[0]) / WINDOW_MS);
  if (full === 0) return times.length;
  return times.filter((t) => t < times[0] + full * WINDOW_MS).length / full;
}

async function main(): Promise<void> {
  const prefix = uniqueName('benchop');
  const vhost = await createTestVhost('benchop');
  const simPort = await freePort();
  let sim: ChildProcess | undefined;
  let hub: HubLauncher | undefined;
  let responder: Awaited<ReturnType<typeof credentialsResponder>> | undefined;
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['ontraport-connector']);
    sim = await startSimulator(simPort);
    responder = await credentialsResponder(vhost.url);
    hub = new HubLauncher({
      services: ['ontraport-connector'],
      ports: { 'ontraport-connector': await freePort(), 'ontraport-connector#2': await freePort() },
      schemaPrefix: prefix,
      env: {
        AMQP_URL: vhost.url,
        DATABASE_URL: TEST_DATABASE_URL,
        ONTRAPORT_BASE_URL: `http://127.0.0.1:${simPort}`,
        ONTRAPORT_RATE_LIMIT: String(LIMIT),
        ONTRAPORT_RATE_WINDOW_MS: String(WINDOW_MS),
        AMQP_PREFETCH: String(PREFETCH),
        LOG_LEVEL: 'warn',
      },
    });
    await hub.start('ontraport-connector');
    await hub.start('ontraport-connector', 2);

    const conn = await connect(vhost.url);
    const ch = await conn.createConfirmChannel();
    const total = ACCOUNTS * SALES;
    console.log(`ONTRAPORT benchmark: ${ACCOUNTS} accounts × ${SALES} sales = ${total} sales, 2 connector replicas, limit ${LIMIT} per ${WINDOW_MS} ms window (scaled from 60 000 ms)`);
    const started = Date.now();
    // Interleaved by account, as many merchants' orders arrive together.
    for (let n = 0; n < SALES; n++) {
      for (let i = 0; i < ACCOUNTS; i++) {
        const cmd = sale(i, n);
        ch.publish('hub.events', 'crm.ontraport.sale.v1', Buffer.from(JSON.stringify(cmd)), { persistent: true, contentType: 'application/json', messageId: cmd.idempotencyKey });
      }
      await ch.waitForConfirms();
    }
    await conn.close();

    let state: Record<string, SimAccount> = {};
    let logged = 0;
    for (;;) {
      await new Promise((r) => setTimeout(r, 2_000));
      state = ((await (await fetch(`http://127.0.0.1:${simPort}/__sim/state`)).json()) as { accounts: Record<string, SimAccount> }).accounts;
      logged = Object.values(state).reduce((s, a) => s + a.transactions.length, 0);
      process.stdout.write(`\r  ${logged}/${total} sales logged, ${((Date.now() - started) / 1000).toFixed(0)} s`);
      if (logged >= total) break;
      if (Date.now() - started > 30 * 60_000) throw new Error('gave up after 30 minutes');
    }
    const seconds = (Date.now() - started) / 1000;
    process.stdout.write('\n');

    const fractions: number[] = [];
    let busiest = 0;
    let rateLimited = 0;
    let duplicates = 0;
    let requests = 0;
    const calls = new Map<string, number>();
    for (const acc of Object.values(state)) {
      for (const r of acc.requests) calls.set(`${r.method} ${r.path} ${r.status}`, (calls.get(`${r.method} ${r.path} ${r.status}`) ?? 0) + 1);
      const times = acc.requests.filter((r) => r.status !== 429).map((r) => Date.parse(r.time)).sort((a, b) => a - b);
      requests += times.length;
      busiest = Math.max(busiest, busiestWindow(times));
      rateLimited += acc.counters.rateLimited;
      const ids = acc.transactions.map((t) => t.external_order_id);
      duplicates += ids.length - new Set(ids).size;
      fractions.push(perWindow(times) / LIMIT);
    }
    const mean = fractions.reduce((s, f) => s + f, 0) / fractions.length;
    const worst = Math.min(...fractions);
    const ok = (b: boolean) => (b ? 'met' : 'NOT met');
    console.log(`  requests to ONTRAPORT:           ${requests} (${(requests / seconds).toFixed(0)}/s overall)`);
    console.log(`  by call:                         ${[...calls].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ×${n}`).join(', ')}`);
    console.log(`  requests per window per account: ${(mean * LIMIT).toFixed(1)} of ${LIMIT} = ${mean.toFixed(3)} of the limit (worst account ${worst.toFixed(3)}); goal >= ${GOAL_FRACTION}: ${ok(mean >= GOAL_FRACTION)}`);
    console.log(`  busiest rolling window:          ${busiest} (limit ${LIMIT}): ${ok(busiest <= LIMIT)}`);
    console.log(`  429s received:                   ${rateLimited}: ${ok(rateLimited === 0)}`);
    console.log(`  duplicate sales:                 ${duplicates}: ${ok(duplicates === 0)}`);
    const floor = ((Math.ceil(requests / ACCOUNTS / LIMIT) - 1) * WINDOW_MS) / 1000;
    console.log(`  total time:                      ${seconds.toFixed(1)} s for ${logged} sales (at the limit it cannot be under ${floor.toFixed(0)} s: ${(floor / seconds).toFixed(2)} of that pace)`);
  } finally {
    await hub?.stopAll();
    await responder?.close().catch(() => undefined);
    sim?.kill('SIGTERM');
    await vhost.dispose();
    await dropSchemas(TEST_DATABASE_URL, prefix);
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
