/**
 * How many webhook events per second ingest accepts — durably: 2xx only after the broker's
 * confirms — next to the least any receiver could do (relay-server.ts), measured in the same run
 * against the same broker. Both servers run as processes of their own; this process only drives
 * the load (autocannon) and reports. Loopback only; each run is bounded in time, and everything it
 * creates (vhosts, schemas, processes) is removed at the end.
 *
 *   npx nx run bench-ingest:bench
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/ingest/ingest.bench.ts
 *
 * The machine is shared with the broker, the database and the load generator (and whatever else
 * runs), so the pair is measured in alternating rounds and each round's ratio compares neighbours.
 *
 * Env: BENCH_ROUNDS (3), BENCH_SECONDS (10), BENCH_WARMUP_SECONDS (3), BENCH_CONNECTIONS (32),
 * AMQP_URL, DATABASE_URL;
 * BENCH_RATE: bundles per second for both servers instead of as many as they take — for A/B of the
 * CPU per bundle on a loaded machine, where throughput (and with it batching) swings from run to run;
 * BENCH_INGEST_NODE_OPTIONS: NODE_OPTIONS for the service only (`--require ./profiler.js`, heap flags…).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { cpus } from 'node:os';
import { resolve } from 'node:path';
import autocannon from 'autocannon';
import { connect } from 'amqplib';
import { Client } from 'pg';
import { DEV_MASTER_KEY } from '@hub/platform';
import {
  createTestVhost,
  freePort,
  TEST_DATABASE_URL,
  TestVhost,
  uniqueName,
} from '@hub/testing';
import {
  brokerPid,
  HubLauncher,
  processCpuMs,
  migrateAll,
  ROOT,
  seedWebhookCredentials,
} from '@hub/dev-tools';
import { BundleFactory, EVENTS_PER_BUNDLE } from './bundles';

const ROUNDS = Number(process.env['BENCH_ROUNDS'] ?? 3);
const SECONDS = Number(process.env['BENCH_SECONDS'] ?? 10);
const WARMUP_SECONDS = Number(process.env['BENCH_WARMUP_SECONDS'] ?? 3);
const CONNECTIONS = Number(process.env['BENCH_CONNECTIONS'] ?? 32);
const RATE = process.env['BENCH_RATE'] ? Number(process.env['BENCH_RATE']) : undefined;
const MERCHANT = 'BENCH';
const CREDENTIALS = {
  merchantId: MERCHANT,
  username: 'ultracart',
  password: 'bench-webhook-secret',
};
const GOAL_EVENTS_PER_SECOND = 5_000;
const GOAL_RATIO = 0.6;

interface Measured {
  name: string;
  eventsPerSecond: number;
  p50: number;
  p99: number;
  ok: number;
  failed: number;
  /** Messages waiting in the vhost's cart queue afterwards: what was really published. */
  queued: number;
  /** CPU time per accepted bundle (all threads), during the measured seconds. */
  serverCpuMs: number;
  brokerCpuMs: number;
}

/** Warm up, then measure: autocannon posting a new bundle of 10 events per request. */
async function drive(
  name: string,
  url: string,
  bundles: BundleFactory,
  headers: Record<string, string>,
  serverPid: number | undefined,
): Promise<Omit<Measured, 'queued'>> {
  const run = (duration: number) =>
    autocannon({
      url,
      connections: CONNECTIONS,
      duration,
      ...(RATE ? { overallRate: RATE } : {}),
      timeout: 30,
      requests: [
        {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...headers },
          setupRequest: (req) => ({ ...req, body: bundles.next() }),
        },
      ],
    });
  await run(WARMUP_SECONDS);
  const broker = brokerPid();
  const before = [processCpuMs(serverPid), processCpuMs(broker)];
  const r = await run(SECONDS);
  const after = [processCpuMs(serverPid), processCpuMs(broker)];
  const ok = r['2xx'];
  return {
    name,
    eventsPerSecond: (ok * EVENTS_PER_BUNDLE) / r.duration,
    p50: r.latency.p50,
    p99: r.latency.p99,
    ok,
    failed: r.non2xx + r.errors,
    serverCpuMs: (after[0] - before[0]) / Math.max(ok, 1),
    brokerCpuMs: (after[1] - before[1]) / Math.max(ok, 1),
  };
}

async function queued(vhost: TestVhost, queue: string): Promise<number> {
  const conn = await connect(vhost.url);
  try {
    const ch = await conn.createChannel();
    // Quorum queue counts settle a moment after the last confirm.
    await new Promise((r) => setTimeout(r, 1_500));
    return (await ch.checkQueue(queue)).messageCount;
  } finally {
    await conn.close();
  }
}

function startRelay(amqpUrl: string, port: number): Promise<ChildProcess> {
  const child = spawn(
    process.execPath,
    ['-r', '@swc-node/register', resolve(__dirname, 'relay-server.ts')],
    {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        AMQP_URL: amqpUrl,
        RELAY_PORT: String(port),
      },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  return new Promise((ok, fail) => {
    child.stdout?.on(
      'data',
      (d: Buffer) => d.toString().includes('relay listening') && ok(child),
    );
    child.once('exit', (code) =>
      fail(new Error(`relay exited with code ${code}`)),
    );
  });
}

function stop(child: ChildProcess): Promise<void> {
  return new Promise((done) => {
    if (child.exitCode !== null) return done();
    child.once('exit', () => done());
    child.kill('SIGTERM');
  });
}

async function benchRelay(bundles: BundleFactory): Promise<Measured> {
  const vhost = await createTestVhost('bench_relay');
  const port = await freePort();
  const relay = await startRelay(vhost.url, port);
  try {
    const m = await drive(
      'relay (node:http + confirms)',
      `http://127.0.0.1:${port}/`,
      bundles,
      {},
      relay.pid,
    );
    return { ...m, queued: await queued(vhost, 'hub.mapping') };
  } finally {
    await stop(relay);
    await vhost.dispose();
  }
}

async function benchIngest(bundles: BundleFactory): Promise<Measured> {
  const vhost = await createTestVhost('bench_ingest');
  const prefix = uniqueName('bench');
  const db = new Client({ connectionString: TEST_DATABASE_URL });
  await db.connect();
  const lines: string[] = [];
  const hub = new HubLauncher({
    services: ['ingest'],
    ports: { ingest: await freePort() },
    schemaPrefix: prefix,
    // warn: a production log level without a line per request (the relay writes none either).
    env: {
      AMQP_URL: vhost.url,
      DATABASE_URL: TEST_DATABASE_URL,
      HUB_MASTER_KEYS: DEV_MASTER_KEY,
      LOG_LEVEL: 'warn',
      ...(process.env['BENCH_INGEST_NODE_OPTIONS']
        ? { NODE_OPTIONS: process.env['BENCH_INGEST_NODE_OPTIONS'] }
        : {}),
    },
    onLine: (_service, line) => lines.push(line),
  });
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['ingest']);
    await seedWebhookCredentials(db, `${prefix}_ingest`, CREDENTIALS);
    await hub.start('ingest');
    const auth =
      'Basic ' +
      Buffer.from(`${CREDENTIALS.username}:${CREDENTIALS.password}`).toString(
        'base64',
      );
    const m = await drive(
      'ingest',
      `${hub.url('ingest')}/webhooks/ultracart/${MERCHANT}`,
      bundles,
      { authorization: auth },
      hub.pid('ingest'),
    );
    if (m.failed)
      console.error(
        `ingest: ${m.failed} failed requests; last lines:\n${lines.slice(-5).join('\n')}`,
      );
    return { ...m, queued: await queued(vhost, 'hub.mapping') };
  } finally {
    await hub.stopAll();
    await vhost.dispose();
    await db.query(`DROP SCHEMA IF EXISTS "${prefix}_ingest" CASCADE`);
    await db.end();
  }
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor((xs.length - 1) / 2)];

function report(rounds: Array<[Measured, Measured]>, averageBytes: number): void {
  console.log(
    `\ningest benchmark — ${cpus().length} cores, ${CONNECTIONS} connections${RATE ? ` at ${RATE} bundles/s` : ''}, ${rounds.length} round(s) of ${WARMUP_SECONDS} s warm-up + ${SECONDS} s each, ` +
      `bundles of ${EVENTS_PER_BUNDLE} events, ${Math.round(averageBytes / 1024)} KB per bundle on average\n`,
  );
  console.table(
    rounds.flatMap(([ingest, relay], i) =>
      [ingest, relay].map((r) => ({
        round: i + 1,
        server: r.name,
        'events/s': Math.round(r.eventsPerSecond),
        'p50 ms': r.p50,
        'p99 ms': r.p99,
        '2xx': r.ok,
        failed: r.failed,
        'queued msgs': r.queued,
        'server CPU ms/bundle': r.serverCpuMs.toFixed(2),
        'broker CPU ms/bundle': r.brokerCpuMs.toFixed(2),
        ratio: r === ingest ? (ingest.eventsPerSecond / relay.eventsPerSecond).toFixed(2) : '',
      })),
    ),
  );
  const ingest = median(rounds.map(([i]) => i.eventsPerSecond));
  const relay = median(rounds.map(([, r]) => r.eventsPerSecond));
  const ratio = median(rounds.map(([i, r]) => i.eventsPerSecond / r.eventsPerSecond));
  console.log(
    `median: ingest ${Math.round(ingest)} events/s (p50 ${median(rounds.map(([i]) => i.p50))} ms, p99 ${median(rounds.map(([i]) => i.p99))} ms); ` +
      `relay ${Math.round(relay)} events/s (p50 ${median(rounds.map(([, r]) => r.p50))} ms, p99 ${median(rounds.map(([, r]) => r.p99))} ms); ratio ${ratio.toFixed(2)}`,
  );
  const cpu = (pick: (m: Measured) => number) => [median(rounds.map(([i]) => pick(i))), median(rounds.map(([, r]) => pick(r)))].map((x) => x.toFixed(2));
  const [serverIngest, serverRelay] = cpu((m) => m.serverCpuMs);
  const [brokerIngest, brokerRelay] = cpu((m) => m.brokerCpuMs);
  console.log(`CPU per bundle: server ${serverIngest} ms (relay ${serverRelay} ms); broker ${brokerIngest} ms (relay ${brokerRelay} ms)`);
  console.log(`goals: ≥ ${GOAL_EVENTS_PER_SECOND} events/s ${ingest >= GOAL_EVENTS_PER_SECOND ? 'met' : 'NOT met'}; ratio ≥ ${GOAL_RATIO} ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`);
}

async function main(): Promise<void> {
  const bundles = new BundleFactory(uniqueName('r'));
  const averageBytes = bundles.averageBytes();
  const rounds: Array<[Measured, Measured]> = [];
  for (let i = 0; i < ROUNDS; i++) {
    // Each server gets a vhost of its own, deleted (with its backlog) before the other runs.
    const relay = await benchRelay(bundles);
    const ingest = await benchIngest(bundles);
    rounds.push([ingest, relay]);
  }
  report(rounds, averageBytes);
}

main().then(
  () => process.exit(0),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
