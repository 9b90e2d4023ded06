/**
 * Transmission-log benchmark (issue 9). Loads records through the real audit-log consumer (a
 * separate process, over RabbitMQ) and measures records/s written; then times the common queries
 * on the day-partitioned table (full-text vector, per-query indexes) and on a plain indexed table
 * holding the same rows, in the same run.
 *
 *   npx nx run bench-audit:bench -- --count 200000     (default 5,000,000)
 *   flags: --count N  --days D (30)  --merchants M (50)  --samples S (200)  --keep (keep the schema)  --writes-only (no queries)
 *          --services S (4)  --producers P (50)  --batch-records R (100; 1 = every record alone, the publishing before batches)
 *          --preload [--preload-chunk N (1,000,000)]: publish with audit-log stopped, then time its drain (see preloadAndDrain)
 *
 * Records are published the way services publish them: through the real TransmissionRecorder
 * (redaction, group commit, compression, confirms), one recorder and broker connection per
 * simulated service, each with P producers that each await their record's confirm before making
 * the next (a service handles AMQP_PREFETCH = 50 messages at once, each recording its calls).
 */
import 'reflect-metadata';
import { readdirSync, readFileSync, readlinkSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { Client } from 'pg';
import { register } from 'prom-client';
import { AmqpConnection, MessagePublisher, TopologyNames, TransmissionRecorder } from '@hub/messaging-nest';
import { withCorrelation } from '@hub/platform';
import { createTestVhost, freePort, TEST_DATABASE_URL, uniqueName } from '@hub/testing';
import { brokerPid, commandCpuMs, HubLauncher, migrateAll, processCpuMs } from '@hub/dev-tools';
import { correlationOf, generate, Generated } from './records';

/**
 * What audit-log asks PostgreSQL for a text search, from the service lib itself (benches otherwise
 * leave service libs alone): a copy of the index expression or of `textSearch`'s rules drifts
 * unnoticed, and then the bench times a question the service never asks (the SKU search asked the
 * index for numbers of one or two digits, which it never holds: 19/20 samples agreed).
 */
// eslint-disable-next-line @nx/enforce-module-boundaries
import { BODIES_TEXT as BODIES, COMMON_WORD_SHARE, COMMON_WORDS_SQL, SEARCH_VECTOR, textSearch } from '@hub/audit';
import { numberFlag } from './args';

const COUNT = numberFlag('count', 5_000_000);
const DAYS = numberFlag('days', 30);
/** audit-log's AUDIT_PARTITION_DAYS (its default, 1, unless given). */
const PARTITION_DAYS = numberFlag('partition-days', 1);
const MERCHANTS = numberFlag('merchants', 50);
const SAMPLES = numberFlag('samples', 200);
const SERVICES = numberFlag('services', 4);
const PRODUCERS = numberFlag('producers', 50);
const BATCH_RECORDS = numberFlag('batch-records', 100);
/** The queue is kept at most this deep, so a slow consumer cannot fill the broker's disk. */
const MAX_BACKLOG = 100_000;
/** --preload: publish with audit-log stopped, then time its drain (the consumer's capacity with the publisher idle). */
const PRELOAD = process.argv.includes('--preload');
/** Records published per preload round (about 370 bytes each on the broker's disk, compressed). */
const PRELOAD_CHUNK = numberFlag('preload-chunk', 1_000_000);

interface Sample {
  merchantId: string;
  orderId: string;
  occurredAt: number;
  invoice: string;
  sku: string;
}

/** Machine busyness: share of both cores not idle, from /proc/stat, over an interval. */
async function cpuBusy<T>(fn: () => Promise<T>): Promise<{ result: T; busy: number; load: number[] }> {
  const read = () => readFileSync('/proc/stat', 'utf8').split('\n')[0].split(/\s+/).slice(1).map(Number);
  const a = read();
  const result = await fn();
  const b = read();
  const d = b.map((v, i) => v - a[i]);
  const idle = d[3] + d[4];
  const total = d.reduce((s, v) => s + v, 0);
  return { result, busy: 1 - idle / total, load: loadavg() };
}

/** Local TCP ports of a process's sockets (its connections to PostgreSQL among them). */
function socketPorts(pid: number): Set<number> {
  const inodes = new Set<string>();
  for (const fd of readdirSync(`/proc/${pid}/fd`)) {
    try {
      const m = /^socket:\[(\d+)\]$/.exec(readlinkSync(`/proc/${pid}/fd/${fd}`));
      if (m) inodes.add(m[1]);
    } catch {
      // closed meanwhile
    }
  }
  const ports = new Set<number>();
  for (const table of ['/proc/net/tcp', '/proc/net/tcp6']) {
    for (const line of readFileSync(table, 'utf8').split('\n').slice(1)) {
      const f = line.trim().split(/\s+/);
      if (f.length > 9 && inodes.has(f[9])) ports.add(parseInt(f[1].split(':')[1], 16));
    }
  }
  return ports;
}

/**
 * CPU of the PostgreSQL backends that serve one process (`postgres: <user> <db> 127.0.0.1(<its
 * port>) …`), sampled while it works: unlike the sum over every postgres process, other people's
 * sessions that start or end meanwhile do not count. A backend first seen after the first sample
 * was born during the work; one that ended keeps its last sample.
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private samples = 0;

  constructor(private readonly pid: number) {}

  sample(): void {
    const ports = socketPorts(this.pid);
    for (const d of readdirSync('/proc').filter((x) => /^\d+$/.test(x))) {
      try {
        const cmd = readFileSync(`/proc/${d}/cmdline`, 'utf8');
        const port = /^postgres: .*\((\d+)\)/.exec(cmd)?.[1];
        if (!port || !ports.has(Number(port))) continue;
        const cpu = processCpuMs(Number(d));
        if (Number.isNaN(cpu)) continue;
        if (!this.first.has(Number(d))) this.first.set(Number(d), this.samples === 0 ? cpu : 0);
        this.last.set(Number(d), cpu);
      } catch {
        // the process ended meanwhile
      }
    }
    this.samples++;
  }

  /** Seconds of CPU since the first sample. */
  seconds(): number {
    let ms = 0;
    for (const [pid, last] of this.last) ms += last - (this.first.get(pid) ?? 0);
    return ms / 1000;
  }
}

async function written(metricsUrl: string): Promise<number> {
  const text = await (await fetch(metricsUrl)).text();
  const m = /^audit_records_written_total(?:\{[^}]*\})? (\d+(?:\.\d+)?(?:e\+\d+)?)$/m.exec(text);
  return m ? Number(m[1]) : 0;
}

/** Messages the bench's recorders had confirmed, read from the publisher's own counter. */
async function messagesPublished(): Promise<number> {
  const metric = register.getSingleMetric('hub_messages_published_total');
  const values = metric ? (await metric.get()).values : [];
  return values.filter((v) => v.labels['outcome'] === 'confirmed').reduce((sum, v) => sum + v.value, 0);
}

interface Publishing {
  recorders: TransmissionRecorder[];
  samples: Sample[];
  bodyBytes: number;
  close(): Promise<void>;
}

/** One recorder and broker connection per simulated service, as services publish. */
async function openPublishing(amqpUrl: string): Promise<Publishing> {
  const connections = Array.from({ length: SERVICES }, (_, k) => new AmqpConnection({ url: amqpUrl, connectionName: `bench-audit-service-${k}` }));
  const recorders = await Promise.all(
    connections.map(async (c) => {
      await c.start();
      await c.waitUntilConnected(10_000);
      const publisher = new MessagePublisher(c, { names: new TopologyNames('hub'), publishTimeoutMs: 60_000, rpcTimeoutMs: 5_000 });
      return new TransmissionRecorder(publisher, { maxRecords: BATCH_RECORDS, maxBytes: 256 * 1024 });
    }),
  );
  return { recorders, samples: [], bodyBytes: 0, close: async () => void (await Promise.all(connections.map((c) => c.close()))) };
}

/**
 * Records `from` … `to` - 1 through the recorders, each of the P producers per recorder awaiting
 * its record's confirm before making the next. With `backlog`, the producers pause every 10,000
 * records while it returns false (the queue too deep).
 */
async function publishRange(p: Publishing, from: number, to: number, backlog?: (i: number) => Promise<void>): Promise<void> {
  let next = from;
  let gate: Promise<void> = Promise.resolve();
  const producer = async (recorder: TransmissionRecorder) => {
    for (let i = next++; i < to; i = next++) {
      await gate;
      const g: Generated = generate(i, COUNT, DAYS, MERCHANTS);
      if (i % Math.max(1, Math.floor(COUNT / 2_000)) === 0) p.samples.push({ merchantId: g.merchantId, orderId: g.orderId, occurredAt: g.occurredAt, invoice: g.invoice, sku: g.sku });
      if (i < 1_000) p.bodyBytes += g.json.length;
      if (backlog && i % 10_000 === 0 && i > from) gate = backlog(i);
      await withCorrelation(correlationOf(g.orderId), () => recorder.record(g.input));
    }
  };
  await Promise.all(p.recorders.flatMap((r) => Array.from({ length: PRODUCERS }, () => producer(r))));
}

async function load(amqpUrl: string, metricsUrl: string): Promise<{ seconds: number; samples: Sample[]; avgBodyBytes: number; messages: number }> {
  const publishing = await openPublishing(amqpUrl);
  const started = Date.now();
  const messagesBefore = await messagesPublished();
  let done = 0;
  let lastReport = Date.now();
  /** Every 10,000 records the producers wait while the queue is deeper than MAX_BACKLOG. */
  const backlog = async (i: number) => {
    for (;;) {
      done = await written(metricsUrl);
      if (i - done < MAX_BACKLOG) break;
      await new Promise((r) => setTimeout(r, 200));
    }
    if (Date.now() - lastReport > 30_000) {
      lastReport = Date.now();
      console.error(`  … ${done.toLocaleString()} written, ${(done / ((Date.now() - started) / 1000)).toFixed(0)} records/s so far, load ${loadavg()[0].toFixed(1)}`);
    }
  };
  try {
    await publishRange(publishing, 0, COUNT, backlog);
    while ((done = await written(metricsUrl)) < COUNT) await new Promise((r) => setTimeout(r, 100));
  } finally {
    await publishing.close();
  }
  const seconds = (Date.now() - started) / 1000;
  return { seconds, samples: publishing.samples, avgBodyBytes: publishing.bodyBytes / Math.min(COUNT, 1_000), messages: (await messagesPublished()) - messagesBefore };
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor(p * s.length))];
}

interface Timed {
  p50: number;
  p95: number;
  rows: number;
  /** The ids each sample returned, by sample number, to check that both tables answer alike. */
  ids: Map<number, string>;
}

async function time(db: Client, n: number, q: (i: number) => [string, unknown[]]): Promise<Timed> {
  const ms: number[] = [];
  const ids = new Map<number, string>();
  let rows = 0;
  for (let i = 0; i < n; i++) {
    const [text, values] = q(i);
    const t = process.hrtime.bigint();
    const r = await db.query(text, values);
    ms.push(Number(process.hrtime.bigint() - t) / 1e6);
    rows += r.rowCount ?? 0;
    ids.set(i, r.rows.map((row: { id: string }) => row.id).join(','));
  }
  return { p50: percentile(ms, 0.5), p95: percentile(ms, 0.95), rows, ids };
}

/** Samples both sides ran, and on how many of them they returned the same rows in the same order. */
function agreement(a: Timed, b: Timed): string {
  const shared = [...b.ids.keys()].filter((i) => a.ids.has(i));
  const same = shared.filter((i) => a.ids.get(i) === b.ids.get(i)).length;
  return `same rows on ${same}/${shared.length} samples`;
}

const SUMMARY = 'id, merchant_id, integration, direction, type, status, description, order_id, customer_email, http_status, occurred_at';

const perRecord = (s: number, records = COUNT) => `${((s / records) * 1e6).toFixed(0)} µs`;

/** The main figure: records published and consumed at once, every process on the same cores. */
async function concurrent(hub: HubLauncher, amqpUrl: string): Promise<Sample[]> {
  const pid = hub.pid('audit-log') as number;
  const cpuBefore = processCpuMs(pid) / 1000;
  const pgBefore = commandCpuMs('postgres') / 1000;
  const broker = brokerPid();
  const brokerBefore = processCpuMs(broker) / 1000;
  const benchBefore = process.cpuUsage();
  const backends = new BackendCpu(pid);
  backends.sample();
  // The sampling reads /proc (about 9 ms per sample): its CPU is the bench's, not the publisher's.
  let samplingCpu = 0;
  const sample = () => {
    const before = process.cpuUsage();
    backends.sample();
    const used = process.cpuUsage(before);
    samplingCpu += (used.user + used.system) / 1e6;
  };
  const sampler = setInterval(sample, 1_000);
  const loaded = await cpuBusy(() => load(amqpUrl, `${hub.url('audit-log')}/metrics`)).finally(() => clearInterval(sampler));
  backends.sample();
  const ownPg = backends.seconds();
  const cpuUsed = processCpuMs(pid) / 1000 - cpuBefore;
  const pgUsed = commandCpuMs('postgres') / 1000 - pgBefore;
  const brokerUsed = processCpuMs(broker) / 1000 - brokerBefore;
  const benchCpu = process.cpuUsage(benchBefore);
  const benchUsed = (benchCpu.user + benchCpu.system) / 1e6 - samplingCpu;
  const { seconds, samples, avgBodyBytes, messages } = loaded.result;
  console.log(`\nwrite through the consumer: ${(COUNT / seconds).toFixed(0)} records/s (${seconds.toFixed(0)} s; goal ≥ 10,000/s)`);
  console.log(`  ${messages.toLocaleString()} messages: ${(COUNT / messages).toFixed(1)} records per message`);
  console.log(`  record ≈ ${avgBodyBytes.toFixed(0)} bytes of JSON (bodies ≈ 2 KB); machine ${(loaded.busy * 100).toFixed(0)} % busy on average, load ${loaded.load.map((l) => l.toFixed(1)).join(' ')}`);
  // Independent of how busy the machine is: the CPU each record costs the consumer and PostgreSQL.
  console.log(`  CPU per record: audit-log process ${perRecord(cpuUsed)}, its PostgreSQL backends ${perRecord(ownPg)} → ${(COUNT / (cpuUsed + ownPg)).toFixed(0)} records per CPU-second`);
  console.log(`  (all PostgreSQL processes ${perRecord(pgUsed)}: others' sessions included, and those that ended meanwhile subtracted)`);
  // The rest of the machine's share of each record: the broker (others' traffic included) and this publisher.
  const all = cpuUsed + ownPg + brokerUsed + benchUsed;
  console.log(`  and RabbitMQ ${perRecord(brokerUsed)}, the bench's publisher ${perRecord(benchUsed)} (its CPU sampling, ${perRecord(samplingCpu)}, left out): all four ${perRecord(all)} → at most ${((COUNT / all) * cpus().length).toFixed(0)} records/s on ${cpus().length} idle cores`);
  const peakRss = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1];
  if (peakRss) console.log(`  audit-log peak RSS ${(Number(peakRss) / 1024).toFixed(0)} MB (prefetch ${process.env['AUDIT_PREFETCH'] ?? 'default'} messages)`);
  return samples;
}

/**
 * The second figure, the consumer's capacity with the publisher idle: records are published (in
 * chunks of --preload-chunk, as compressed batches the broker keeps on disk) while audit-log is
 * stopped, then audit-log is started on the full queue and timed until the last record is written.
 * Its start-up on an empty queue (wall time and CPU until ready, measured once) is taken out of
 * each drain's seconds and CPU; its PostgreSQL backends are counted from their first query.
 */
async function preloadAndDrain(hub: HubLauncher, amqpUrl: string): Promise<Sample[]> {
  const metricsUrl = `${hub.url('audit-log')}/metrics`;
  // Its queue and bindings stay declared: what is published meanwhile waits there. Its start-up
  // on an empty queue (wall time and CPU until ready) is measured first, to be taken out of each
  // drain: records arrive while it is still starting, so no moment of the drain is start-up alone.
  await hub.stop('audit-log');
  const emptyStart = Date.now();
  await hub.start('audit-log');
  const startup = { seconds: (Date.now() - emptyStart) / 1000, cpu: processCpuMs(hub.pid('audit-log')) / 1000 };
  await hub.stop('audit-log');
  const publishing = await openPublishing(amqpUrl);
  const broker = brokerPid();
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const t = { publishSeconds: 0, publisherCpu: 0, publishBroker: 0, drainSeconds: 0, auditCpu: 0, pgCpu: 0, drainBroker: 0, peakRss: 0 };
  const loads: string[] = [];
  const messagesBefore = await messagesPublished();
  try {
    for (let from = 0; from < COUNT; from += PRELOAD_CHUNK) {
      const to = Math.min(COUNT, from + PRELOAD_CHUNK);
      const brokerBefore = processCpuMs(broker);
      const cpuBefore = process.cpuUsage();
      const publishStart = Date.now();
      await publishRange(publishing, from, to);
      const cpu = process.cpuUsage(cpuBefore);
      t.publisherCpu += (cpu.user + cpu.system) / 1e6;
      t.publishBroker += (processCpuMs(broker) - brokerBefore) / 1000;
      t.publishSeconds += (Date.now() - publishStart) / 1000;
      console.error(`  … ${to.toLocaleString()} published with the consumer stopped; draining, load ${loadavg()[0].toFixed(1)}`);

      const drainBroker = processCpuMs(broker);
      const spawned = Date.now();
      // The process is spawned (and its pid known) before start() resolves: sample its PostgreSQL
      // backends from before they exist, so each is counted from its first query.
      const ready = hub.start('audit-log');
      const pid = hub.pid('audit-log') as number;
      const backends = new BackendCpu(pid);
      backends.sample();
      const sampler = setInterval(() => backends.sample(), 1_000);
      try {
        await ready;
        while ((await written(metricsUrl)) < to - from) await sleep(100);
      } finally {
        clearInterval(sampler);
      }
      backends.sample();
      t.drainSeconds += (Date.now() - spawned) / 1000 - startup.seconds;
      t.auditCpu += processCpuMs(pid) / 1000 - startup.cpu;
      t.pgCpu += backends.seconds();
      t.drainBroker += (processCpuMs(broker) - drainBroker) / 1000;
      t.peakRss = Math.max(t.peakRss, Number(/VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? 0));
      loads.push(loadavg()[0].toFixed(1));
      await hub.stop('audit-log');
    }
  } finally {
    await publishing.close();
  }
  const messages = (await messagesPublished()) - messagesBefore;
  console.log(`\npreloaded, then drained (publisher idle while audit-log runs; chunks of ${Math.min(COUNT, PRELOAD_CHUNK).toLocaleString()} records)`);
  console.log(`  published: ${(COUNT / t.publishSeconds).toFixed(0)} records/s with the consumer stopped, ${messages.toLocaleString()} messages (${(COUNT / messages).toFixed(1)} records per message); CPU per record: the bench's publisher ${perRecord(t.publisherCpu)}, RabbitMQ ${perRecord(t.publishBroker)}`);
  console.log(`  drained: ${(COUNT / t.drainSeconds).toFixed(0)} records/s written through the consumer (${t.drainSeconds.toFixed(0)} s; goal ≥ 10,000/s), load at each chunk's end ${loads.join(', ')}`);
  console.log(`  CPU per record while draining: audit-log process ${perRecord(t.auditCpu)}, its PostgreSQL backends ${perRecord(t.pgCpu)} → ${(COUNT / (t.auditCpu + t.pgCpu)).toFixed(0)} records per CPU-second; RabbitMQ ${perRecord(t.drainBroker)}`);
  console.log(`  (audit-log's start-up on an empty queue, ${startup.seconds.toFixed(1)} s and ${startup.cpu.toFixed(1)} s of CPU until ready, taken out of each drain's time and CPU)`);
  console.log(`  audit-log peak RSS ${(t.peakRss / 1024).toFixed(0)} MB`);
  return publishing.samples;
}

async function main(): Promise<void> {
  console.log(`audit benchmark: ${COUNT.toLocaleString()} records over ${DAYS} days (partitions of ${PARTITION_DAYS}), ${MERCHANTS} merchants, ${cpus().length} cores, load ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  console.log(`publishing: ${SERVICES} recorders (one connection each) × ${PRODUCERS} producers, at most ${BATCH_RECORDS} record(s) per message`);
  const vhost = await createTestVhost('bench_audit');
  const prefix = uniqueName('bench');
  const schema = `${prefix}_audit`;
  const lines: string[] = [];
  const port = await freePort();
  const hub = new HubLauncher({
    services: ['audit-log'],
    ports: { 'audit-log': port },
    schemaPrefix: prefix,
    env: {
      AMQP_URL: vhost.url,
      DATABASE_URL: TEST_DATABASE_URL,
      LOG_LEVEL: 'warn',
      AUDIT_RETENTION_DAYS: String(DAYS + 5),
      AUDIT_PARTITION_DAYS: String(PARTITION_DAYS),
      // e.g. "-r ./tools/bench/audit/profile-window.cjs" to see where the consumer spends its time (--cpu-prof
      // writes at exit only, which the launcher's 10 s stop grace can cut short: exit code 9)
      ...(process.env['BENCH_AUDIT_NODE_OPTIONS'] ? { NODE_OPTIONS: process.env['BENCH_AUDIT_NODE_OPTIONS'] } : {}),
    },
    onLine: (_s, line) => lines.push(line),
  });
  if (process.argv.includes('--keep')) console.log(`schema ${schema} (kept: drop it when done)`);
  const db = new Client({ connectionString: TEST_DATABASE_URL, options: `-c search_path=${schema}` });
  try {
    await migrateAll(TEST_DATABASE_URL, prefix, () => undefined, ['audit-log']);
    await hub.start('audit-log');
    await db.connect();

    const samples = PRELOAD ? await preloadAndDrain(hub, vhost.url) : await concurrent(hub, vhost.url);
    if (lines.some((l) => /"level":5\d/.test(l))) console.log(`  service errors: ${lines.filter((l) => /"level":5\d/.test(l)).slice(-3).join('\n')}`);
    await hub.stopAll();
    if (process.argv.includes('--writes-only')) return;

    // The same rows in a plain table: no partitions, no text vector, an index per filter.
    const plain = await cpuBusy(async () => {
      await db.query(`CREATE TABLE plain_transmissions AS SELECT id, merchant_id, integration, direction, type, status, description, order_id, customer_email,
        method, url, request_body, response_body, http_status, duration_ms, attempt, correlation_id, occurred_at, received_at FROM transmissions`);
      await db.query(`ALTER TABLE plain_transmissions ADD PRIMARY KEY (id)`);
      await db.query(`CREATE INDEX plain_merchant_order ON plain_transmissions (merchant_id, order_id)`);
      await db.query(`CREATE INDEX plain_merchant_status_time ON plain_transmissions (merchant_id, status, occurred_at)`);
      await db.query(`CREATE INDEX plain_merchant_time ON plain_transmissions (merchant_id, occurred_at)`);
      await db.query(`ANALYZE plain_transmissions`);
      await db.query(`ANALYZE transmissions`);
    });
    console.log(`\nplain indexed table built from the same rows (${(plain.busy * 100).toFixed(0)} % busy)`);

    const common = new Set<string>((await db.query(COMMON_WORDS_SQL, [COMMON_WORD_SHARE])).rows.map((r: { word: string }) => r.word));
    /** The service's question for a search text (textSearch, with the common words it would read). */
    const search = (text: string) => {
      const s = textSearch(text, (w) => common.has(w));
      if (!s?.tsquery || !s.phrase) throw new Error(`'${text}': the SKU query expects index words and a phrase, the service asks ${JSON.stringify(s)}`);
      return { tsquery: s.tsquery, phrase: s.phrase };
    };
    console.log(`common words (left to the phrase check): ${common.size}${common.has('sku') ? ", 'sku' among them" : ''}`);
    const sample = (i: number) => samples[(i * 7919) % samples.length];
    const dayWindow = (s: Sample): [string, string] => [new Date(s.occurredAt - 12 * 3_600_000).toISOString(), new Date(s.occurredAt + 12 * 3_600_000).toISOString()];
    const page = (table: string, where: string) => `SELECT ${SUMMARY} FROM ${table} WHERE ${where} ORDER BY occurred_at DESC, id DESC LIMIT 51`;
    const queries: Array<{ name: string; ours: (i: number) => [string, unknown[]]; plain: (i: number) => [string, unknown[]]; plainSamples?: number }> = [
      {
        name: 'by order id',
        ours: (i) => [page('transmissions', 'merchant_id = $1 AND order_id = $2'), [sample(i).merchantId, sample(i).orderId]],
        plain: (i) => [page('plain_transmissions', 'merchant_id = $1 AND order_id = $2'), [sample(i).merchantId, sample(i).orderId]],
      },
      {
        name: 'by status + 24 h range',
        ours: (i) => [page('transmissions', "merchant_id = $1 AND status = 'failed' AND occurred_at >= $2 AND occurred_at < $3"), [sample(i).merchantId, ...dayWindow(sample(i))]],
        plain: (i) => [page('plain_transmissions', "merchant_id = $1 AND status = 'failed' AND occurred_at >= $2 AND occurred_at < $3"), [sample(i).merchantId, ...dayWindow(sample(i))]],
      },
      {
        name: 'by text: invoice number',
        ours: (i) => [page('transmissions', `merchant_id = $1 AND ${SEARCH_VECTOR} @@ $2::tsquery`), [sample(i).merchantId, textSearch(sample(i).invoice)?.tsquery]],
        // Without a text index the only way is a scan of every body of the merchant.
        plain: (i) => [page('plain_transmissions', "merchant_id = $1 AND (request_body ILIKE '%' || $2 || '%' OR response_body ILIKE '%' || $2 || '%')"), [sample(i).merchantId, sample(i).invoice]],
        // Samples 0…19 on both sides, so the rows can be compared; the ILIKE scan is too slow for 200.
        plainSamples: 20,
      },
      {
        // Two words, `sku` in every record: the index is asked for the number alone (or for `sku`
        // when the number is too short to be indexed: SKU-7, SKU-42), and the phrase is checked on
        // the bodies of the records it finds (@hub/audit textSearch).
        name: 'by text: SKU phrase',
        ours: (i) => {
          const { tsquery, phrase } = search(sample(i).sku);
          return [page('transmissions', `merchant_id = $1 AND ${SEARCH_VECTOR} @@ $2::tsquery AND (${BODIES}) ~* $3`), [sample(i).merchantId, tsquery, phrase]];
        },
        plain: (i) => [page('plain_transmissions', `merchant_id = $1 AND (${BODIES}) ~* $2`), [sample(i).merchantId, search(sample(i).sku).phrase]],
        plainSamples: 20,
      },
    ];
    console.log(`\nquery latency, ms (p50 / p95; ${SAMPLES} samples, plain text searches 20)`);
    console.log('query                     partitioned+indexed     plain table      ratio p95 (plain / ours)');
    for (const q of queries) {
      await time(db, 10, q.ours);
      const ours = await time(db, SAMPLES, q.ours);
      const base = await time(db, q.plainSamples ?? SAMPLES, q.plain);
      const goal = ours.p95 <= 50 ? 'meets p95 ≤ 50' : 'misses p95 ≤ 50';
      console.log(
        `${q.name.padEnd(25)} ${ours.p50.toFixed(1).padStart(7)} / ${ours.p95.toFixed(1).padEnd(9)}  ${base.p50.toFixed(1).padStart(8)} / ${base.p95.toFixed(1).padEnd(9)}  ${(base.p95 / ours.p95).toFixed(2)}x  (${goal}; rows ${ours.rows}/${base.rows}, ${agreement(ours, base)})`,
      );
    }
    // Which plan the invoice search got: the GIN index, or a walk of the merchant's rows reading each term list.
    const [textSql, textValues] = queries[2].ours(0);
    const plan = (await db.query(`EXPLAIN ${textSql}`, textValues)).rows.map((r: { 'QUERY PLAN': string }) => r['QUERY PLAN']).join('\n');
    console.log(`text query plan: ${/Bitmap Index Scan on \S*array_to_tsvector/.test(plan) ? 'GIN index per partition' : 'no GIN index (every term list of the merchant read)'}`);
    const sizes = await db.query(`SELECT pg_size_pretty(sum(pg_total_relation_size(c.oid))) AS ours FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid JOIN pg_class p ON p.oid = i.inhparent WHERE p.relname = 'transmissions' AND p.relnamespace = current_schema()::regnamespace`);
    const plainSize = await db.query(`SELECT pg_size_pretty(pg_total_relation_size('plain_transmissions')) AS plain`);
    console.log(`\non disk: partitioned ${sizes.rows[0].ours}, plain ${plainSize.rows[0].plain}; load now ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    await hub.stopAll();
    await db.end().catch(() => undefined);
    if (!process.argv.includes('--keep')) {
      const admin = new Client({ connectionString: TEST_DATABASE_URL });
      await admin.connect();
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    }
    await vhost.dispose();
  }
}

main().catch((err) => {
  console.error(err);
  process.exit(1);
});
