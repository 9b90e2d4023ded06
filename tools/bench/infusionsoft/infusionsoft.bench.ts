/**
 * The Infusionsoft connector end to end: 2,000 paid orders with 3 items each, published as
 * `crm.infusionsoft.order.v1` commands, delivered by the real connector process over XML-RPC to
 * the Infusionsoft simulator (its own process). Reports orders/s, XML-RPC calls per order and
 * p50/p99 per order (publish → delivered), then the same with 10% injected transient faults
 * (IllegalStateException faults, connection resets, lost answers) and checks that every order
 * completed exactly once. Loopback only; bounded in time; everything it creates is removed.
 *
 *   npx nx run bench-infusionsoft:bench
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/infusionsoft/infusionsoft.bench.ts
 *
 * Env: BENCH_ORDERS (2000), BENCH_FAULT_PERCENT (10), BENCH_CALLS_PER_SECOND (5000: the app's
 * limit for the run; Infusionsoft's own 25/s for OAuth apps would make the limit the whole story),
 * BENCH_TIMEOUT_S (900 per run).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { connect, type Channel } from 'amqplib';
import { Client } from 'pg';
import { createTestVhost, freePort, TEST_DATABASE_URL, uniqueName } from '@hub/testing';
import { HubLauncher, migrateAll, ROOT } from '@hub/dev-tools';

const ORDERS = Number(process.env['BENCH_ORDERS'] ?? 2000);
const FAULT_PERCENT = Number(process.env['BENCH_FAULT_PERCENT'] ?? 10);
const CALLS_PER_SECOND = Number(process.env['BENCH_CALLS_PER_SECOND'] ?? 5000);
const TIMEOUT_S = Number(process.env['BENCH_TIMEOUT_S'] ?? 900);
const APP = { name: 'demo', apiKey: 'demo-api-key' };
const usd = (minor: number) => ({ minor, currency: 'USD' });

function order(merchantId: string, orderId: string) {
  return {
    merchantId,
    idempotencyKey: `infusionsoft:order:${merchantId}:${orderId}`,
    orderId,
    steps: { contact: { email: `${orderId.toLowerCase()}@example.com`, fields: { FirstName: 'Bench', LastName: orderId } }, tags: ['Customer', 'UltraCart'], actionSetIds: [] },
    order: {
      method: 'blankOrder',
      description: `UltraCart order ${orderId}`,
      orderDate: '2026-11-21T10:00:00Z',
      lines: ['BOOK', 'PEN', 'MUG'].map((item, i) => ({ kind: 'product', itemId: item, product: { productName: item }, title: item, quantity: 1, unitPrice: usd(1000 + i * 100) })),
      promoCodes: [],
      payment: { amount: usd(3300), paymentType: 'Credit Card', description: `Paid in UltraCart, order ${orderId}` },
      customFields: {},
      productGoals: [],
    },
    goals: [],
  };
}

/** Answers `rpc.mapping.infusionsoft-credentials.v1` as mapping would (the bench's stand-in). */
async function credentialsResponder(ch: Channel, exchange: string, simUrl: string): Promise<void> {
  const q = await ch.assertQueue('', { exclusive: true, autoDelete: true });
  await ch.bindQueue(q.queue, exchange, 'rpc.mapping.infusionsoft-credentials.v1');
  await ch.consume(q.queue, (m) => {
    if (!m) return;
    const reply = { ok: true, data: { credentials: { auth: 'api-key', appName: APP.name, apiKey: APP.apiKey, baseUrl: `${simUrl}/apps/{app}/api/xmlrpc` }, notifyEmails: [], callsPerSecond: CALLS_PER_SECOND } };
    ch.sendToQueue(m.properties.replyTo, Buffer.from(JSON.stringify(reply)), { correlationId: m.properties.correlationId, contentType: 'application/json' });
    ch.ack(m);
  });
}

async function sim<T>(base: string, path: string, body?: unknown): Promise<T> {
  const res = await fetch(`${base}/__sim/${path}`, body === undefined ? {} : { method: 'POST', body: JSON.stringify(body) });
  if (!res.ok) throw new Error(`simulator ${path}: ${res.status} ${await res.text()}`);
  return (await res.json()) as T;
}

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? NaN;
}

interface RunResult {
  label: string;
  seconds: number;
  completed: number;
  parked: number;
  callsPerOrder: number;
  p50: number;
  p99: number;
  workP50: number;
  workP99: number;
  injected: Record<string, number>;
  duplicates: number;
}

async function run(label: string, merchantId: string, ch: Channel, exchange: string, db: Client, schema: string, simUrl: string, failPercent: number): Promise<RunResult> {
  const before = await sim<{ calls: { total: number; injected: Record<string, number> } }>(simUrl, 'state');
  await sim(simUrl, 'config', { failPercent });
  const ids = Array.from({ length: ORDERS }, (_, i) => `${merchantId}-${String(i).padStart(5, '0')}`);
  const publishedAt = new Map<string, number>();
  const started = Date.now();
  for (const id of ids) {
    const body = order(merchantId, id);
    publishedAt.set(body.idempotencyKey, Date.now());
    ch.publish(exchange, 'crm.infusionsoft.order.v1', Buffer.from(JSON.stringify(body)), { persistent: true, contentType: 'application/json', messageId: body.idempotencyKey });
  }
  let done = 0;
  let parked = 0;
  const deadline = Date.now() + TIMEOUT_S * 1000;
  while (Date.now() < deadline) {
    const [row] = (await db.query(`SELECT count(*) FILTER (WHERE delivered_at IS NOT NULL)::int AS done FROM "${schema}".delivered_commands WHERE merchant_id = $1`, [merchantId])).rows;
    done = row.done;
    parked = (await ch.checkQueue(`${exchange.replace(/\.events$/, '')}.infusionsoft-connector.parked`)).messageCount;
    if (done + parked >= ORDERS) break;
    await new Promise((r) => setTimeout(r, 250));
  }
  const seconds = (Date.now() - started) / 1000;
  const sample = parked ? await ch.get(`${exchange.replace(/\.events$/, '')}.infusionsoft-connector.parked`, { noAck: true }) : false;
  if (sample) console.log(`  a parked order: ${String(sample.properties.headers?.['x-hub-error'])}`);
  const rows = (
    await db.query(
      `SELECT idempotency_key AS key, extract(epoch FROM delivered_at) * 1000 AS at, extract(epoch FROM delivered_at - created_at) * 1000 AS work
       FROM "${schema}".delivered_commands WHERE merchant_id = $1 AND delivered_at IS NOT NULL`,
      [merchantId],
    )
  ).rows as Array<{ key: string; at: string; work: string }>;
  // All orders are published at once, so publish → delivered is mostly waiting in the queue;
  // first claim → delivered is the order's own time (its calls, and its retries' backoff).
  const latencies = rows.map((r) => Number(r.at) - (publishedAt.get(r.key) ?? Number(r.at))).sort((a, b) => a - b);
  const work = rows.map((r) => Number(r.work)).sort((a, b) => a - b);
  const state = await sim<{ calls: { total: number; injected: Record<string, number> } }>(simUrl, 'state');
  await sim(simUrl, 'config', { failPercent: 0 });

  // Exactly once: one invoice per order, three lines and one payment per invoice.
  type Row = Record<string, unknown> & { Id: number };
  const invoices = (await sim<Row[]>(simUrl, 'apps/demo/tables/Invoice')).filter((i) => String(i['Description']).startsWith(`UltraCart order ${merchantId}-`));
  const items = await sim<Row[]>(simUrl, 'apps/demo/tables/OrderItem');
  const payments = await sim<Row[]>(simUrl, 'apps/demo/tables/Payment');
  const count = <K>(values: K[]) => values.reduce((m, v) => m.set(v, (m.get(v) ?? 0) + 1), new Map<K, number>());
  const perDescription = count(invoices.map((i) => String(i['Description'])));
  const perJob = count(items.map((i) => Number(i['OrderId'])));
  const perInvoice = count(payments.map((p) => Number(p['InvoiceId'])));
  let duplicates = 0;
  for (const n of perDescription.values()) duplicates += n - 1;
  for (const i of invoices) {
    duplicates += Math.max(0, (perJob.get(Number(i['JobId'])) ?? 0) - 3);
    duplicates += Math.max(0, (perInvoice.get(i.Id) ?? 0) - 1);
  }
  const complete = invoices.filter((i) => perJob.get(Number(i['JobId'])) === 3 && perInvoice.get(i.Id) === 1 && Number(i['TotalPaid']) === 33).length;
  return {
    label,
    seconds,
    completed: Math.min(done, complete),
    parked,
    callsPerOrder: (state.calls.total - before.calls.total) / ORDERS,
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    workP50: percentile(work, 50),
    workP99: percentile(work, 99),
    injected: Object.fromEntries(Object.entries(state.calls.injected).map(([k, v]) => [k, v - (before.calls.injected[k] ?? 0)])),
    duplicates,
  };
}

async function main(): Promise<void> {
  const vhost = await createTestVhost('bench-infusionsoft');
  const prefix = uniqueName('bench_is').toLowerCase().replace(/[^a-z0-9_]/g, '_');
  const schema = `${prefix}_infusionsoft`;
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  let simChild: ChildProcess | undefined;
  const hub = new HubLauncher({
    env: {
      AMQP_URL: vhost.url,
      DATABASE_URL: TEST_DATABASE_URL,
      LOG_LEVEL: 'warn',
      AMQP_RETRY_MAX_ATTEMPTS: '40',
      AMQP_RETRY_BASE_MS: '100',
      AMQP_RETRY_MAX_MS: '2000',
    },
    services: ['infusionsoft-connector'],
    schemaPrefix: prefix,
    ports: { 'infusionsoft-connector': await freePort() },
  });
  const amqp = await connect(vhost.url);
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['infusionsoft-connector']);
    const simPort = await freePort();
    simChild = spawn(process.execPath, ['-r', '@swc-node/register', 'tools/simulators/infusionsoft/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', INFUSIONSOFT_SIM_PORT: String(simPort), SMTP_SINK_PORT: String(await freePort()) },
      stdio: 'ignore',
    });
    const simUrl = `http://127.0.0.1:${simPort}`;
    for (let i = 0; ; i++) {
      if (await fetch(`${simUrl}/__sim/state`).then((r) => r.ok, () => false)) break;
      if (i > 150) throw new Error('the simulator did not start');
      await new Promise((r) => setTimeout(r, 200));
    }
    await hub.startAll();
    const ch = await amqp.createChannel();
    const exchange = 'hub.events';
    // The catalog the item-id fallback finds (ProductName = item id).
    for (const name of ['BOOK', 'PEN', 'MUG']) await sim(simUrl, 'apps/demo/tables/Product', { ProductName: name, ProductPrice: 10 });
    await credentialsResponder(ch, exchange, simUrl);

    console.log(`Infusionsoft connector benchmark: ${ORDERS} orders × 3 items, one connector process (prefetch 50), app limit ${CALLS_PER_SECOND} calls/s.`);
    console.log('The machine is shared (2 cores: broker, database, simulator, connector and whatever else runs): figures are noisy.\n');
    const results = [await run('no faults', 'BENCH1', ch, exchange, db, schema, simUrl, 0), await run(`${FAULT_PERCENT}% transient faults`, 'BENCH2', ch, exchange, db, schema, simUrl, FAULT_PERCENT)];
    for (const r of results) {
      console.log(`${r.label}:`);
      console.log(`  orders/s              ${(r.completed / r.seconds).toFixed(1)}  (${r.completed} in ${r.seconds.toFixed(1)} s)`);
      console.log(`  XML-RPC calls/order   ${r.callsPerOrder.toFixed(2)}`);
      console.log(`  per order p50 / p99   ${r.workP50.toFixed(0)} ms / ${r.workP99.toFixed(0)} ms  (first claim → delivered: its calls and retries)`);
      console.log(`                        ${r.p50.toFixed(0)} ms / ${r.p99.toFixed(0)} ms  (publish → delivered, with all ${ORDERS} published at once)`);
      if (r.label !== 'no faults') console.log(`  injected              ${JSON.stringify(r.injected)}`);
      console.log(`  orders complete: ${r.completed} of ${ORDERS}, duplicates: ${r.duplicates}${r.parked ? `, parked: ${r.parked}` : ''}\n`);
    }
    const [clean, faulty] = results;
    console.log(`ratio with faults / without: orders/s ${((faulty.completed / faulty.seconds) / (clean.completed / clean.seconds)).toFixed(2)}, calls/order ${(faulty.callsPerOrder / clean.callsPerOrder).toFixed(2)}`);
    if (results.some((r) => r.completed !== ORDERS || r.duplicates !== 0)) process.exitCode = 1;
  } finally {
    await hub.stopAll();
    simChild?.kill('SIGTERM');
    await amqp.close().catch(() => undefined);
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`).catch(() => undefined);
    await db.end();
    await vhost.dispose();
  }
}

main().catch((err) => {
  console.error(`bench: ${(err as Error).stack ?? err}`);
  process.exit(1);
});
