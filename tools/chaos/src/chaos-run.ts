import { loadavg } from 'node:os';
import { ChaosHub, SERVICES, sleep } from './chaos-hub';
import { chaosMerchants } from './merchants';
import { SteadyLoad } from './steady-load';
import { judge, observe, settled, Verdict } from './verdict';

export interface ChaosOptions {
  /** Rounds of the whole fault sequence. */
  rounds: number;
  /** Orders per second during every phase. */
  ratePerSecond: number;
  importShare: number;
  /** Steady load before each fault and after the fault is over (recovery), per phase. */
  leadMs: number;
  tailMs: number;
  /** How long a killed service or crashed broker/database stays down before it is started again. */
  downMs: number;
  /** How long the CRM simulators fail ~30% of calls (with added latency). */
  crmFaultMs: number;
  crmFaultPercent: number;
  crmLatencyMs: number;
  /** Only the phases whose name matches (for a focused run); every phase when unset. */
  only?: RegExp;
  /** After the load stops: how long the hub gets to finish every accepted order. */
  drainTimeoutMs: number;
  acceptDeadlineMs: number;
  log: (line: string) => void;
}

export const SHORT: Omit<ChaosOptions, 'log'> = {
  rounds: 1,
  ratePerSecond: 6,
  importShare: 0.3,
  leadMs: 1_000,
  tailMs: 1_500,
  downMs: 500,
  crmFaultMs: 10_000,
  crmFaultPercent: 30,
  crmLatencyMs: 150,
  drainTimeoutMs: 120_000,
  acceptDeadlineMs: 90_000,
};

export const LONG: Omit<ChaosOptions, 'log'> = {
  ...SHORT,
  rounds: 3,
  ratePerSecond: 10,
  leadMs: 5_000,
  tailMs: 10_000,
  downMs: 3_000,
  crmFaultMs: 60_000,
  drainTimeoutMs: 600_000,
  acceptDeadlineMs: 300_000,
};

export interface ChaosResult {
  verdict: Verdict;
  /** Phase → how long its fault and recovery took. */
  phaseMs: Record<string, number>;
  seconds: number;
  drainSeconds: number;
  loadAverage: [number, number];
}

interface Phase {
  name: string;
  fault: () => Promise<void>;
}

/** The fault sequence of one round, in turn. */
function phases(hub: ChaosHub, o: ChaosOptions, round: number): Phase[] {
  const tag = o.rounds > 1 ? ` #${round}` : '';
  const list: Phase[] = [{ name: `steady${tag}`, fault: () => sleep(o.downMs) }];
  for (const service of SERVICES) list.push({ name: `kill -9 ${service}${tag}`, fault: () => hub.crashAndRestart(service, o.downMs) });
  list.push({
    name: `restart RabbitMQ${tag}`,
    fault: async () => {
      // Round 1 (and odd rounds) crash the node; even rounds stop it cleanly: both must lose nothing.
      await (round % 2 ? hub.mq.crash() : hub.mq.stop());
      await sleep(o.downMs);
      await hub.mq.start();
    },
  });
  list.push({
    name: `restart PostgreSQL${tag}`,
    fault: async () => {
      await (round % 2 ? hub.pg.crash() : hub.pg.stop());
      await sleep(o.downMs);
      await hub.pg.start();
    },
  });
  list.push({
    name: `CRMs fail ${o.crmFaultPercent}% + ${o.crmLatencyMs} ms${tag}`,
    fault: async () => {
      const third = o.crmFaultPercent / 3;
      // ONTRAPORT: a third refused (500), a third dropped unanswered, a third done with the answer lost.
      await hub.simConfig('ontraport', { failPercent: third, dropPercent: third, lostPercent: third, latencyMs: o.crmLatencyMs });
      // Infusionsoft: its own mix in turn — transient fault, connection reset, answer lost after the effect.
      await hub.simConfig('infusionsoft', { failPercent: o.crmFaultPercent, latencyMs: o.crmLatencyMs });
      try {
        await sleep(o.crmFaultMs);
      } finally {
        await hub.simConfig('ontraport', { failPercent: 0, dropPercent: 0, lostPercent: 0, latencyMs: 0 });
        await hub.simConfig('infusionsoft', { failPercent: 0, latencyMs: 0 });
      }
    },
  });
  return list;
}

/**
 * Starts the hub on a private PostgreSQL and RabbitMQ, puts it under steady load, runs every
 * fault in turn (each service killed and started again, the broker and the database restarted,
 * the CRMs failing), stops the load, waits for the hub to finish, and judges the outcome.
 */
export async function runChaos(hub: ChaosHub, o: ChaosOptions): Promise<ChaosResult> {
  const started = Date.now();
  const load = new SteadyLoad(hub.merchants, { ingest: () => hub.url('ingest'), orderImport: () => hub.url('order-import') }, { ratePerSecond: o.ratePerSecond, importShare: o.importShare, acceptDeadlineMs: o.acceptDeadlineMs });
  const phaseMs: Record<string, number> = {};
  const names: string[] = [];
  const plan = Array.from({ length: o.rounds }, (_, i) => phases(hub, o, i + 1).filter((p) => !o.only || o.only.test(p.name))).flat();
  load.phase = plan[0]?.name ?? 'steady';
  load.start();
  try {
    for (const p of plan) {
      names.push(p.name);
      load.phase = p.name;
      const t = Date.now();
      await sleep(o.leadMs);
      await p.fault();
      await sleep(o.tailMs);
      phaseMs[p.name] = Date.now() - t;
      o.log(`phase ${p.name}: ${((Date.now() - t) / 1000).toFixed(1)} s, ${load.submissions.filter((s) => s.phase === p.name).length} orders sent`);
    }
  } finally {
    load.phase = 'after';
    await load.stop();
  }
  o.log(`load stopped: ${load.submissions.length} orders, ${load.submissions.filter((s) => s.acceptedAt).length} accepted; draining`);

  const drainStart = Date.now();
  let observed = await observe(hub);
  for (let last = '', stableSince = Date.now(); Date.now() - drainStart < o.drainTimeoutMs; ) {
    const { pending } = settled(hub.merchants, load.submissions, observed);
    const queued = Object.values(observed.leftovers).reduce((a, b) => a + b, 0);
    const progress = `${pending}/${queued}`;
    if (progress !== last) {
      last = progress;
      stableSince = Date.now();
    }
    // Done when nothing is pending and the queues are empty; a stuck remainder (nothing moves for
    // half the timeout: a dead consumer, a hang) is judged as it is.
    if (pending === 0 && queued === 0) break;
    if (Date.now() - stableSince > o.drainTimeoutMs / 2) {
      o.log(`drain: nothing moved for ${Math.round((Date.now() - stableSince) / 1000)} s (${pending} deliveries pending, ${queued} messages queued)`);
      break;
    }
    await sleep(1_000);
    observed = await observe(hub);
  }
  // A little longer: a late duplicate must have the chance to show.
  await sleep(2_000);
  observed = await observe(hub);
  const drainSeconds = (Date.now() - drainStart) / 1000;
  const verdict = judge(hub.merchants, load.submissions, observed, names, hub.deaths);
  for (const d of hub.deaths) o.log(`${d.service} died by itself at ${d.at} (exit ${d.code ?? d.signal}); its last lines:\n${d.lastLines}`);
  const [l1, l5] = loadavg();
  return { verdict, phaseMs, seconds: (Date.now() - started) / 1000, drainSeconds, loadAverage: [l1, l5] };
}

export { chaosMerchants };
