/**
 * Valid imports per second and refused requests per second through order-import's REST interface,
 * with latency, next to the least a service could do for the same bodies (bare-server.ts: insert
 * the row, publish it with a confirm), measured in the same run against the same broker and
 * database. Each import is authenticated, validated, checked against the catalog, charged through
 * the sandbox gateway, stored with its outbox rows (the placed event and the transmission record)
 * in one transaction, and published by the relay. Loopback only; every run is bounded in time, and
 * everything it creates (vhosts, schemas, processes) is removed at the end.
 *
 *   npx nx run bench-order-import:bench
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/order-import/order-import.bench.ts
 *
 * Env: BENCH_ROUNDS (2), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32);
 * BENCH_SERVICE_NODE_OPTIONS: NODE_OPTIONS for order-import only (`--cpu-prof --cpu-prof-dir=…`).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpus, loadavg } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { hashSecret } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, TestVhost, uniqueName, waitFor } from '@hub/testing';
import { HubLauncher, migrateAll, processCpuMs, ROOT } from '@hub/dev-tools';
import { BENCH_CATALOG_CSV, OrderFactory } from './orders';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 2);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const MERCHANT = 'BENCH';
const PARTNER = { code: 'BENCHCP', password: 'bench-partner-secret' };
const AUTH = 'Basic ' + Buffer.from(`${PARTNER.code}:${PARTNER.password}`).toString('base64');
const GOAL_IMPORTS_PER_SECOND = 1_000;

interface Measured {
  name: string;
  perSecond: number;
  p50: number;
  p99: number;
  ok: number;
  other: number;
  /** Messages that reached the mapping queue: what was really published. */
  published?: number;
  /** Seconds after the last answer until every outbox row was published. */
  drainSeconds?: number;
  /** CPU time of the server process per answered request (all threads): comparable when the machine is busy. */
  cpuMsPerRequest: number;
}

async function drive(name: string, url: string, pid: number | undefined, body: () => string, expectStatus: number, headers: Record<string, string> = {}, seconds = SECONDS): Promise<Measured> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      timeout: 30,
      requests: [{ method: 'POST', headers: { 'content-type': 'application/json', ...headers }, setupRequest: (req) => ({ ...req, body: body() }) }],
    });
  await run(WARMUP_SECONDS);
  const cpuBefore = processCpuMs(pid);
  const r = await run(seconds);
  const cpu = processCpuMs(pid) - cpuBefore;
  const stats = (r.statusCodeStats ?? {}) as Record<string, { count: number } | undefined>;
  const matching = stats[String(expectStatus)]?.count ?? 0;
  return { name, perSecond: matching / r.duration, p50: r.latency.p50, p99: r.latency.p99, ok: matching, other: r.requests.total - matching + r.errors, cpuMsPerRequest: cpu / Math.max(r.requests.total, 1) };
}

async function queued(vhost: TestVhost, queue: string): Promise<number> {
  const conn = await connect(vhost.url);
  try {
    const ch = await conn.createChannel();
    await new Promise((r) => setTimeout(r, 1_500)); // quorum queue counts settle a moment after the last confirm
    return (await ch.checkQueue(queue)).messageCount;
  } finally {
    await conn.close();
  }
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function benchBare(orders: OrderFactory): Promise<Measured> {
  const vhost = await createTestVhost('bench_bare');
  const port = await freePort();
  const schema = uniqueName('bare');
  const child = spawn(process.execPath, ['-r', '@swc-node/register', resolve(__dirname, 'bare-server.ts')], {
    cwd: ROOT,
    env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', AMQP_URL: vhost.url, DATABASE_URL: TEST_DATABASE_URL, BARE_SCHEMA: schema, BARE_PORT: String(port) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    await new Promise<void>((ok, fail) => {
      child.stdout?.on('data', (d: Buffer) => d.toString().includes('bare listening') && ok());
      child.once('exit', (code) => fail(new Error(`bare server exited with code ${code}`)));
    });
    const m = await drive('bare insert + publish', `http://127.0.0.1:${port}/`, child.pid, () => orders.valid(), 200);
    return { ...m, published: await queued(vhost, 'hub.mapping') };
  } finally {
    await stop(child);
    await vhost.dispose();
  }
}

async function driveGet(name: string, url: string, pid: number | undefined): Promise<Measured> {
  const before = processCpuMs(pid);
  const r = await autocannon({ url, connections: CONNECTIONS, duration: 3 });
  return { name, perSecond: r['2xx'] / r.duration, p50: r.latency.p50, p99: r.latency.p99, ok: r['2xx'], other: r.non2xx + r.errors, cpuMsPerRequest: (processCpuMs(pid) - before) / Math.max(r.requests.total, 1) };
}

interface Round {
  valid: Measured;
  rejected: Measured;
  floor: Measured;
  bare: Measured;
}

async function benchOrderImport(orders: OrderFactory): Promise<Omit<Round, 'bare'>> {
  const vhost = await createTestVhost('bench_order_import');
  const prefix = uniqueName('bench');
  const schema = `${prefix}_order_import`;
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  const lines: string[] = [];
  const hub = new HubLauncher({
    services: ['order-import'],
    ports: { 'order-import': await freePort() },
    schemaPrefix: prefix,
    // warn: a production log level without a line per request (the bare server writes none either).
    env: { AMQP_URL: vhost.url, DATABASE_URL: TEST_DATABASE_URL, LOG_LEVEL: 'warn', ...(process.env['BENCH_SERVICE_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_SERVICE_NODE_OPTIONS'] } : {}) },
    onLine: (_s, line) => lines.push(line),
  });
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['order-import']);
    await db.query(`INSERT INTO "${schema}".channel_partners (merchant_id, code, password_hash) VALUES ($1, $2, $3)`, [MERCHANT, PARTNER.code, await hashSecret(PARTNER.password)]);
    await hub.start('order-import');
    const base = `${hub.url('order-import')}/channel_partner/${MERCHANT}`;
    const csv = await fetch(`${base}/catalog`, { method: 'PUT', headers: { authorization: AUTH, 'content-type': 'text/csv' }, body: BENCH_CATALOG_CSV });
    if (!csv.ok) throw new Error(`catalog upload: ${csv.status} ${await csv.text()}`);

    const valid = await drive('order-import: valid imports', `${base}/import`, hub.pid('order-import'), () => orders.valid(), 200, { authorization: AUTH });
    const last = Date.now();
    await waitFor(async () => Number((await db.query(`SELECT count(*) AS n FROM "${schema}".outbox WHERE published_at IS NULL`)).rows[0].n) === 0, { what: 'the outbox drained', timeoutMs: 120_000, intervalMs: 100 });
    valid.drainSeconds = (Date.now() - last) / 1000;
    valid.published = await queued(vhost, 'hub.mapping');
    // The framework's floor in the same process: Nest, Express, pino-http and the middleware answering a no-op.
    const floor = await driveGet('order-import: GET /health/live (floor)', `${hub.url('order-import')}/health/live`, hub.pid('order-import'));
    const rejected = await drive('order-import: refused (400)', `${base}/import`, hub.pid('order-import'), () => orders.rejected(), 400, { authorization: AUTH }, Math.max(3, Math.round(SECONDS / 2)));
    if (valid.other || rejected.other) console.error(`order-import: unexpected answers (valid ${valid.other}, refused ${rejected.other}); last lines:\n${lines.slice(-5).join('\n')}`);
    return { valid, rejected, floor };
  } finally {
    await hub.stopAll();
    await vhost.dispose();
    await db.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await db.end();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

async function main(): Promise<void> {
  const orders = new OrderFactory(uniqueName('r'));
  const rounds: Round[] = [];
  for (let i = 0; i < ROUNDS; i++) {
    const bare = await benchBare(orders);
    rounds.push({ ...(await benchOrderImport(orders)), bare });
  }
  console.log(`\norder-import benchmark — ${cpus().length} cores (load average ${loadavg()[0].toFixed(1)}), ${CONNECTIONS} connections, ${ROUNDS} round(s) of ${WARMUP_SECONDS} s warm-up + ${SECONDS} s\n`);
  console.table(
    rounds.flatMap((r, i) =>
      [r.valid, r.rejected, r.floor, r.bare].map((m) => ({
        round: i + 1,
        what: m.name,
        'per s': Math.round(m.perSecond),
        'p50 ms': m.p50,
        'p99 ms': m.p99,
        answered: m.ok,
        other: m.other,
        published: m.published ?? '',
        'outbox drained s': m.drainSeconds?.toFixed(1) ?? '',
        'server CPU ms/req': m.cpuMsPerRequest.toFixed(2),
        'ratio to bare': m === r.bare || m === r.floor ? '' : (m.perSecond / r.bare.perSecond).toFixed(2),
      })),
    ),
  );
  const imports = median(rounds.map((r) => r.valid.perSecond));
  const ratio = median(rounds.map((r) => r.valid.perSecond / r.bare.perSecond));
  console.log(
    `median: ${Math.round(imports)} valid imports/s (p99 ${median(rounds.map((r) => r.valid.p99))} ms), ` +
      `${Math.round(median(rounds.map((r) => r.rejected.perSecond)))} refused/s (p99 ${median(rounds.map((r) => r.rejected.p99))} ms), ` +
      `bare insert+publish ${Math.round(median(rounds.map((r) => r.bare.perSecond)))}/s (p99 ${median(rounds.map((r) => r.bare.p99))} ms); imports/bare ratio ${ratio.toFixed(2)}`,
  );
  const cpu = (pick: (r: Round) => Measured) => median(rounds.map((r) => pick(r).cpuMsPerRequest)).toFixed(2);
  console.log(`server CPU per request: import ${cpu((r) => r.valid)} ms, refused ${cpu((r) => r.rejected)} ms, GET /health/live ${cpu((r) => r.floor)} ms, bare ${cpu((r) => r.bare)} ms`);
  console.log(`goal: ≥ ${GOAL_IMPORTS_PER_SECOND} valid imports/s ${imports >= GOAL_IMPORTS_PER_SECOND ? 'met' : 'NOT met'}`);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
