import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { connect, type Channel } from 'amqplib';
import { CONSUMERS } from '@hub/messaging-contracts';
import { brokerPid, processCpuMs } from '@hub/dev-tools';
import { Client } from 'pg';
import { TEST_DATABASE_URL, uniqueName } from '@hub/testing';
import { BenchHub } from './bench-hub';
import { auditView, AuditView, queueDepths, recordsOf, simCalls, verifyInSimulators } from './cascade';
import { DriveStats, Driver } from './driver';
import { BenchMerchant } from './merchants';
import type { RequestPlan } from './relay';
import { Crm, Expectation, ORDER_KINDS, WorkRequest, Workload } from './workload';

export interface HubRunOptions {
  merchants: BenchMerchant[];
  replicas: Record<string, number>;
  /** Orders per merchant placed before the measured phase (refunds and shipments refer to them). */
  preloadPerMerchant: number;
  seconds: number;
  concurrency: number;
  /** The driver holds back while any consumer queue has more messages ready than this. */
  maxBacklog: number;
  drainTimeoutS: number;
  /** After the saturated phase: this long at `pacedFraction` of the throughput it reached, for latency below saturation (0: skip). */
  pacedSeconds: number;
  pacedFraction: number;
  serviceNodeOptions?: string;
  /** Write a CPU profile of every service and simulator over the measured phase (and its drain) here. */
  profileDir?: string;
  log: (line: string) => void;
}

export interface ItemResult {
  expectation: Expectation;
  /** Accepted → the last CRM call of the item (all its CRMs), ms; undefined when not cascaded. */
  latencyMs?: number;
  /** When audit-log had stored the item's last record, epoch ms. */
  loggedAt?: number;
  problems: string[];
}

export interface HubRunResult {
  label: string;
  replicas: Record<string, number>;
  drive: DriveStats;
  items: ItemResult[];
  orders: number;
  ordersCascaded: number;
  /** First accepted request → the last order's last record stored. */
  seconds: number;
  simCalls: Record<Crm, number>;
  auditOutbound: Record<Crm, number>;
  parked: number;
  /** CPU of each process from the start of the measured phase to the end of its drain, ms. */
  cpuMs: Map<string, number>;
  /** The same less what the process burns idle over as long (measured for 5 s before the phase). */
  cpuNetMs: Map<string, number>;
  peakRssMb: Map<string, number>;
  /** Messages routed to each hub queue during the measured phase (management API). */
  published: Map<string, number>;
  /** Average bytes of a cart event, a CRM command and a transmission record on the broker (sampled in the preload). */
  sizes: MessageSizes;
  /** The measured phase's requests with the plan of what the hub published for each (for the relay). */
  replay: Array<{ request: WorkRequest; plan: RequestPlan }>;
  /** The paced phase: offered orders/s, what cascaded, and accepted → last CRM call of each order. */
  paced?: { offered: number; seconds: number; events: number; orders: number; cascaded: number; latencyMs: number[]; items: ItemResult[]; failedRequests: string[]; calls: { sim: Record<Crm, number>; log: Record<Crm, number> } };
}

export interface MessageSizes {
  cart: number;
  command: number;
  record: number;
}

/**
 * CPU of this hub's own PostgreSQL backends (found by application_name), sampled every second so
 * a backend that a pool closes meanwhile still counts up to its last sample.
 */
class BackendCpu {
  private readonly first = new Map<number, number>();
  private readonly last = new Map<number, number>();
  private started = false;
  private readonly db = new Client({ connectionString: TEST_DATABASE_URL });
  private sampling?: Promise<void>;

  constructor(private readonly appName: string) {}

  async open(): Promise<void> {
    await this.db.connect();
  }

  async close(): Promise<void> {
    await this.sampling;
    await this.db.end();
  }

  /** One sample at a time (the drain samples on a timer). */
  sample(): Promise<void> {
    this.sampling ??= this.read().finally(() => (this.sampling = undefined));
    return this.sampling;
  }

  private async read(): Promise<void> {
    const { rows } = await this.db.query(`SELECT pid FROM pg_stat_activity WHERE application_name = $1`, [this.appName]);
    for (const { pid } of rows as Array<{ pid: number }>) {
      const cpu = processCpuMs(pid);
      if (Number.isNaN(cpu)) continue;
      if (!this.first.has(pid)) this.first.set(pid, this.started ? 0 : cpu);
      this.last.set(pid, cpu);
    }
    this.started = true;
  }

  total(): number {
    let sum = 0;
    for (const [pid, cpu] of this.last) sum += cpu - (this.first.get(pid) ?? cpu);
    return sum;
  }
}

const SAMPLER = 'bench.sampler';
const IDLE_SAMPLE_MS = 5_000;

/** Average size per kind of the messages a sampling queue (bound to everything) caught. */
async function drainSampler(ch: Channel): Promise<MessageSizes> {
  const totals = { cart: [0, 0], command: [0, 0], record: [0, 0] };
  for (let m = await ch.get(SAMPLER, { noAck: true }); m; m = await ch.get(SAMPLER, { noAck: true })) {
    const k = m.fields.routingKey;
    const t = k.startsWith('cart.') ? totals.cart : k.startsWith('crm.') ? totals.command : k.startsWith('audit.') ? totals.record : undefined;
    if (t) {
      t[0] += m.content.length;
      t[1] += 1;
    }
  }
  await ch.deleteQueue(SAMPLER);
  const avg = ([bytes, n]: number[]) => (n ? Math.round(bytes / n) : 0);
  return { cart: avg(totals.cart), command: avg(totals.command), record: avg(totals.record) };
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Peak resident set of a process (VmHWM), MB. */
export function peakRssMb(pid: number): number {
  try {
    const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync(`/proc/${pid}/status`, 'utf8'));
    return m ? Number(m[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

function cpuSnapshot(pids: Map<string, number>): Map<string, number> {
  const out = new Map<string, number>();
  for (const [name, pid] of pids) out.set(name, processCpuMs(pid));
  out.set('rabbitmq (whole broker)', processCpuMs(brokerPid()));
  const self = process.cpuUsage();
  out.set('bench driver', (self.user + self.system) / 1000);
  return out;
}

const consumerQueues = Object.keys(CONSUMERS).map((s) => `hub.${s}`);

/**
 * Waits until every expectation has records from each of its CRMs, every queue of the vhost is
 * empty, and the simulators counted exactly as many calls as audit-log stored — then asks the
 * simulators whether each effect is there. Returns what is still missing when time runs out.
 */
async function waitCascaded(hub: BenchHub, ch: Channel, expectations: Expectation[], since: Date, base: Record<Crm, number>, timeoutS: number, log: (l: string) => void): Promise<{ view: AuditView; problems: Map<Expectation, string[]>; calls: Record<Crm, number>; depths: Map<string, number> }> {
  const deadline = Date.now() + timeoutS * 1000;
  const schema = hub.schema('audit-log');
  let lastCount = -1;
  let lastNote = 0;
  for (;;) {
    const dead = [...hub.pids().keys()].filter((name) => !hub.alive(name));
    if (dead.length) throw new Error(`${dead.join(', ')} exited while the hub was cascading`);
    const view = await auditView(hub.db, schema, since);
    const pending = expectations.filter((e) => e.acceptedAt && e.crms.some((c) => !(recordsOf(view, e, c)?.succeeded ?? 0)));
    const depths = await queueDepths(hub, ch);
    const busy = [...depths].filter(([name, n]) => n > 0 && !name.endsWith('.parked') && name !== SAMPLER);
    const count = view.outbound.ontraport + view.outbound.infusionsoft;
    const timedOut = Date.now() > deadline;
    if ((!pending.length && !busy.length && count === lastCount) || timedOut) {
      const now = await simCalls(hub);
      const calls = { ontraport: now.ontraport - base.ontraport, infusionsoft: now.infusionsoft - base.infusionsoft };
      const logged = calls.ontraport === view.outbound.ontraport && calls.infusionsoft === view.outbound.infusionsoft;
      if (logged || timedOut) {
        const problems = await verifyInSimulators(hub, expectations.filter((e) => e.acceptedAt));
        if (!problems.size || timedOut) return { view, problems, calls, depths };
      }
    }
    if (Date.now() - lastNote > 10_000) {
      lastNote = Date.now();
      log(`  … ${pending.length} item(s) still cascading; queues: ${busy.map(([n, d]) => `${n} ${d}`).join(', ') || 'empty'}; ${count} CRM calls logged`);
    }
    lastCount = count;
    await sleep(1_000);
  }
}

/** One complete run: a fresh hub, the preload, the measured phase, the drain, the checks. */
export async function runHub(label: string, o: HubRunOptions): Promise<HubRunResult> {
  const lines: string[] = [];
  const hub = new BenchHub({ merchants: o.merchants, replicas: o.replicas, serviceNodeOptions: o.serviceNodeOptions, profileDir: o.profileDir, onLine: (s, l) => lines.push(`${s} ${l}`) });
  const started = Date.now();
  try {
    await hub.start();
    o.log(`  ${label}: hub up and ${o.merchants.length} merchants configured through the APIs in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    const conn = await connect(hub.vhost.url);
    const ch = await conn.createChannel();
    const driver = new Driver({ ingest: hub.hub.url('ingest'), 'order-import': hub.hub.url('order-import') }, o.concurrency);
    const workload = new Workload(uniqueName('r').slice(2, 14).toUpperCase(), o.merchants);
    try {
      // Preload (also the warm-up): orders that refunds and shipments of the measured phase refer to.
      const preload: WorkRequest[] = [];
      for (let i = 0; i < o.preloadPerMerchant; i += 2) for (const m of o.merchants) preload.push(workload.newOrders(m, Math.min(2, o.preloadPerMerchant - i)));
      const preItems = preload.flatMap((r) => r.expectations);
      // What the hub's messages weigh on the broker, for the relay: a capped queue that catches everything during the preload.
      await ch.assertQueue(SAMPLER, { exclusive: true, durable: false, arguments: { 'x-max-length': 5_000 } });
      await ch.bindQueue(SAMPLER, 'hub.events', '#');
      const preloadSince = new Date();
      const preloadBase = await simCalls(hub);
      const pre = await driver.run(() => preload.shift());
      if (pre.failed) throw new Error(`preload: ${pre.failed} requests failed: ${pre.failures.join('; ')}`);
      const p = await waitCascaded(hub, ch, preItems, preloadSince, preloadBase, o.drainTimeoutS, o.log);
      if (p.problems.size) throw new Error(`preload did not cascade: ${[...p.problems.values()].slice(0, 3).flat().join('; ')}`);
      for (const e of preItems) workload.placed(e);
      const sizes = await drainSampler(ch);
      // What each process burns with nothing to do (timers, polling, health): subtracted for the net figures.
      const idleStart = cpuSnapshot(hub.pids());
      const idleFrom = Date.now();
      await sleep(IDLE_SAMPLE_MS);
      const idleEnd = cpuSnapshot(hub.pids());
      const idleMsPerS = new Map([...idleEnd].map(([k, v]) => [k, ((v - (idleStart.get(k) ?? v)) * 1000) / (Date.now() - idleFrom)]));
      o.log(`  ${label}: preload of ${pre.requests} deliveries through in ${((Date.now() - preloadSince.getTime()) / 1000).toFixed(1)} s`);

      // The measured phase.
      const since = new Date();
      const base = await simCalls(hub);
      const publishedBefore = await publishCounts(hub);
      // cpu-profiler.cjs: the first SIGWINCH starts each process's profiler, the second writes the profile.
      const toggleProfilers = () => o.profileDir && [...hub.pids().values()].forEach((pid) => process.kill(pid, 'SIGWINCH'));
      toggleProfilers();
      const pg = new BackendCpu(hub.prefix);
      await pg.open();
      await pg.sample();
      const cpuBefore = cpuSnapshot(hub.pids());
      const cpuFrom = Date.now();
      const expectations: Expectation[] = [];
      const sent: WorkRequest[] = [];
      let depth = 0;
      let monitoring = true;
      let lastPgSample = 0;
      const monitor = (async () => {
        while (monitoring) {
          let worst = 0;
          for (const q of consumerQueues) worst = Math.max(worst, (await ch.checkQueue(q)).messageCount);
          depth = worst;
          if (Date.now() - lastPgSample > 1_000) {
            lastPgSample = Date.now();
            await pg.sample();
          }
          await sleep(200);
        }
      })();
      const drive = await driver.run(
        trafficUntil(workload, Date.now() + o.seconds * 1000, (r) => {
          expectations.push(...r.expectations);
          sent.push(r);
        }),
        () => depth <= o.maxBacklog,
      );
      monitoring = false;
      await monitor;
      const pgDuringDrain = setInterval(() => void pg.sample().catch(() => undefined), 1_000);
      const done = await waitCascaded(hub, ch, expectations, since, base, o.drainTimeoutS, o.log).finally(() => clearInterval(pgDuringDrain));
      await pg.sample();
      const cpuAfter = cpuSnapshot(hub.pids());
      const cpuSeconds = (Date.now() - cpuFrom) / 1000;
      if (o.profileDir) {
        toggleProfilers();
        await sleep(3_000);
      }
      cpuAfter.set('postgres (this hub\'s backends)', pg.total());
      await pg.close();
      const publishedAfter = await publishCounts(hub);
      const cpuMs = new Map([...cpuAfter].map(([k, v]) => [k, v - (cpuBefore.get(k) ?? 0)]));
      // The broker's idle burn is other tenants' traffic, which changes: no net figure for it.
      const cpuNetMs = new Map([...cpuMs].map(([k, v]) => [k, k.startsWith('rabbitmq') ? NaN : v - (idleMsPerS.get(k) ?? 0) * cpuSeconds]));
      const peakRss = new Map([...hub.pids()].map(([k, pid]) => [k, peakRssMb(pid)]));
      const items = itemResults(expectations, done);
      const itemIndex = new Map(expectations.map((e, i) => [e, i]));
      const orders = items.filter((i) => ORDER_KINDS.has(i.expectation.kind));
      const cascaded = orders.filter((i) => !i.problems.length && i.loggedAt !== undefined);
      const lastLogged = Math.max(...cascaded.map((i) => i.loggedAt ?? 0));
      const parked = [...done.depths].filter(([n]) => n.endsWith('.parked')).reduce((s, [, n]) => s + n, 0);
      const published = new Map([...publishedAfter].map(([k, v]) => [k, v - (publishedBefore.get(k) ?? 0)]));
      const seconds = (lastLogged - drive.firstAt) / 1000;

      // Below saturation: the same mix at a fraction of the rate just reached, for latency without a queue.
      let paced: HubRunResult['paced'];
      if (o.pacedSeconds > 0 && cascaded.length) {
        for (const i of cascaded) workload.placed(i.expectation);
        const offered = (cascaded.length / seconds) * o.pacedFraction;
        const interval = 1000 / (offered * (drive.requests / orders.length));
        const pacedSince = new Date();
        const pacedBase = await simCalls(hub);
        const pacedExpectations: Expectation[] = [];
        const first = Date.now() + 100;
        let slot = 0;
        const pacedDrive = await driver.run(
          trafficUntil(workload, first + o.pacedSeconds * 1000, (r) => pacedExpectations.push(...r.expectations)),
          () => true,
          () => first + slot++ * interval,
        );
        const pacedDone = await waitCascaded(hub, ch, pacedExpectations, pacedSince, pacedBase, o.drainTimeoutS, o.log);
        const pacedItems = itemResults(pacedExpectations, pacedDone);
        const pacedOrders = pacedItems.filter((i) => ORDER_KINDS.has(i.expectation.kind));
        paced = {
          offered,
          seconds: (pacedDrive.lastAt - pacedDrive.firstAt) / 1000,
          events: pacedDrive.events,
          orders: pacedOrders.length,
          cascaded: pacedOrders.filter((i) => !i.problems.length).length,
          latencyMs: pacedOrders.flatMap((i) => (i.latencyMs === undefined ? [] : [i.latencyMs])),
          items: pacedItems,
          failedRequests: pacedDrive.failures.length ? [`${pacedDrive.failed} request(s) not accepted: ${pacedDrive.failures.join('; ')}`] : [],
          calls: { sim: pacedDone.calls, log: pacedDone.view.outbound },
        };
        o.log(`  ${label}: paced at ${offered.toFixed(1)} orders/s for ${o.pacedSeconds} s: ${paced.cascaded}/${paced.orders} orders cascaded`);
      }
      return {
        label,
        replicas: o.replicas,
        drive,
        items,
        orders: orders.length,
        ordersCascaded: cascaded.length,
        seconds,
        simCalls: done.calls,
        auditOutbound: done.view.outbound,
        parked,
        cpuMs,
        cpuNetMs,
        peakRssMb: peakRss,
        published,
        sizes,
        paced,
        replay: sentAccepted(sent)
          .map((request) => ({
            request,
            plan: {
              frontRecords: 1,
              events: request.expectations.map((e) => ({ item: itemIndex.get(e) ?? -1, commands: e.crms.map((c) => recordsOf(done.view, e, c)?.n ?? 0).filter((n) => n > 0) })),
            },
          })),
      };
    } finally {
      driver.close();
      await conn.close().catch(() => undefined);
    }
  } catch (err) {
    o.log(`  ${label}: failed; last service lines:\n${lines.slice(-15).join('\n')}`);
    throw err;
  } finally {
    await hub.stop();
  }
}

/** Messages routed to each queue of the vhost so far (management API; it lags by a few seconds). */
async function publishCounts(hub: BenchHub): Promise<Map<string, number>> {
  const base = new URL(hub.vhost.url);
  const auth = 'Basic ' + Buffer.from(`${decodeURIComponent(base.username || 'guest')}:${decodeURIComponent(base.password || 'guest')}`).toString('base64');
  await sleep(5_500);
  const res = await fetch(`http://${base.hostname}:${process.env['RABBITMQ_MANAGEMENT_PORT'] ?? 15672}/api/queues/${encodeURIComponent(hub.vhost.vhost)}?columns=name,message_stats.publish`, { headers: { authorization: auth } });
  const rows = (await res.json()) as Array<{ name: string; message_stats?: { publish?: number } }>;
  return new Map(rows.map((r) => [r.name, r.message_stats?.publish ?? 0]));
}

function sentAccepted(sent: WorkRequest[]): WorkRequest[] {
  return sent.filter((r) => r.expectations.every((e) => e.acceptedAt));
}

/** Per expectation: what is missing, or when its last CRM call was made and logged. */
function itemResults(expectations: Expectation[], done: { view: AuditView; problems: Map<Expectation, string[]> }): ItemResult[] {
  return expectations.map((e) => {
    if (!e.acceptedAt) return { expectation: e, problems: ['not accepted'] };
    const problems = [...(done.problems.get(e) ?? [])];
    const groups = e.crms.map((c) => recordsOf(done.view, e, c));
    groups.forEach((g, i) => !g?.succeeded && problems.push(`${e.crms[i]}: no CRM call logged`));
    if (!e.crms.length) return { expectation: e, problems };
    const lastCall = Math.max(...groups.map((g) => g?.lastCall ?? NaN));
    const loggedAt = Math.max(...groups.map((g) => g?.logged ?? NaN));
    return { expectation: e, problems, latencyMs: problems.length ? undefined : lastCall - e.acceptedAt, loggedAt: problems.length ? undefined : loggedAt };
  });
}

/** The measured mix until `until`, cycle after cycle; `taken` sees each request handed to the driver. */
function trafficUntil(workload: Workload, until: number, taken: (r: WorkRequest) => void): () => WorkRequest | undefined {
  let queue: WorkRequest[] = [];
  return () => {
    if (Date.now() >= until) return undefined;
    if (!queue.length) queue = workload.nextCycle();
    const r = queue.shift();
    if (r) taken(r);
    return r;
  };
}
