/**
 * The whole hub under a realistic mix, end to end: every service and both CRM simulators as real
 * processes, 100 merchants set up through mapping's configuration API (62 on ONTRAPORT, 63 on
 * Infusionsoft, 25 on both), webhook deliveries with new orders, rebills, refunds (partial, then
 * the rest), shipments and abandoned carts, affiliate sign-ups, and orders imported by channel
 * partners. An order counts as cascaded when each of its merchant's CRMs shows it (the
 * simulators' inspection endpoints) and every CRM call is in the transmission log (audit-log's
 * records; the simulators counted exactly as many calls as were logged). In the same run, the
 * same requests go through a raw amqplib relay with the same three broker hops and the same
 * messages (relay.ts), and the hub is run again with more replicas of mapping and the connectors.
 *
 *   npx nx run bench-e2e:bench                  # 2 rounds × (hub ×1, relay, hub ×2), 60 s of traffic each
 *   npx nx run bench-e2e:smoke                  # BENCH_SMOKE=1: one short run; exit 1 if anything did not cascade
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/bench/e2e/e2e.bench.ts
 *
 * Env: BENCH_MERCHANTS (100), BENCH_SECONDS (60), BENCH_ROUNDS (2), BENCH_SCALE ("1,2": replicas
 * of BENCH_SCALED_SERVICES, default mapping and both connectors), BENCH_CONCURRENCY (16 requests
 * in flight), BENCH_MAX_BACKLOG (200 messages ready in any consumer queue: the driver waits above
 * it), BENCH_PRELOAD (4 orders per merchant before the measured phase), BENCH_DRAIN_TIMEOUT_S
 * (600), BENCH_RELAY (1; 0 skips it), BENCH_PACED_SECONDS (20: after the saturated phase, this long
 * at BENCH_PACED_FRACTION (0.5) of the rate it reached, for latency below saturation; 0 skips it), BENCH_SERVICE_NODE_OPTIONS (NODE_OPTIONS of the services),
 * BENCH_PROFILE_DIR (a CPU profile of every service and simulator over the measured phase, written
 * there; `profile-summary.ts <dir>` prints where the time went), AMQP_URL, DATABASE_URL.
 *
 * Everything it creates (vhosts, schemas, processes) is removed at the end.
 */
import { cpus, loadavg } from 'node:os';
import { RUNNING } from './bench-hub';
import { HubRunResult, runHub } from './hub-run';
import { benchMerchants } from './merchants';
import { RelayRunResult, runRelay } from './relay-run';
import { ORDER_KINDS } from './workload';

const SMOKE = process.env['BENCH_SMOKE'] === '1';
const num = (name: string, normal: number, smoke: number) => Number(process.env[name] ?? (SMOKE ? smoke : normal));
const MERCHANTS = num('BENCH_MERCHANTS', 100, 100);
const SECONDS = num('BENCH_SECONDS', 60, 3);
const ROUNDS = num('BENCH_ROUNDS', 2, 1);
const SCALE = (process.env['BENCH_SCALE'] ?? (SMOKE ? '1' : '1,2')).split(',').map(Number);
const SCALED = (process.env['BENCH_SCALED_SERVICES'] ?? 'mapping,ontraport-connector,infusionsoft-connector').split(',');
const CONCURRENCY = num('BENCH_CONCURRENCY', 16, 16);
const MAX_BACKLOG = num('BENCH_MAX_BACKLOG', 200, 200);
const PRELOAD = num('BENCH_PRELOAD', 4, 1);
const DRAIN_TIMEOUT_S = num('BENCH_DRAIN_TIMEOUT_S', 600, 180);
const RELAY = num('BENCH_RELAY', 1, 1) === 1;
const PACED_SECONDS = num('BENCH_PACED_SECONDS', 20, 0);
const PACED_FRACTION = num('BENCH_PACED_FRACTION', 0.5, 0.5);
const PREFETCH = 50; // the hub's AMQP_PREFETCH default, used by the relay's hops too
const GOAL_ORDERS = 2_000;
const GOAL_RATIO = 0.5;

const log = (line: string) => console.log(line);
const load = () => loadavg().map((x) => x.toFixed(1)).join(' ');
const sorted = (xs: number[]) => [...xs].sort((a, b) => a - b);
const pct = (xs: number[], p: number) => (xs.length ? sorted(xs)[Math.min(xs.length - 1, Math.floor((p / 100) * xs.length))] : NaN);
/** The middle value (the mean of the two middle ones for an even count). */
const median = (xs: number[]) => {
  const s = sorted(xs.filter(Number.isFinite));
  return s.length ? (s[(s.length - 1) >> 1] + s[s.length >> 1]) / 2 : NaN;
};
const fmt = (x: number, digits = 0) => (Number.isFinite(x) ? x.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits }) : '—');

interface HubRow {
  round: number;
  scale: number;
  r: HubRunResult;
  loadBefore: string;
  loadAfter: string;
}
interface RelayRow {
  round: number;
  r: RelayRunResult;
  hub: HubRunResult;
  loadAfter: string;
}

const ordersPerSecond = (r: { ordersCascaded?: number; ordersDone?: number; seconds: number }) => (r.ordersCascaded ?? r.ordersDone ?? 0) / r.seconds;
const eventsPerSecond = (r: HubRunResult) => r.drive.events / ((r.drive.lastAt - r.drive.firstAt) / 1000 || 1);

function hubLatencies(r: HubRunResult): number[] {
  return r.items.flatMap((i) => (i.latencyMs !== undefined && ORDER_KINDS.has(i.expectation.kind) ? [i.latencyMs] : []));
}

function problemsOf(r: HubRunResult): string[] {
  const out: string[] = [];
  const bad = r.items.filter((i) => i.problems.length);
  if (bad.length) out.push(`${bad.length} item(s) not cascaded (${bad.filter((i) => ORDER_KINDS.has(i.expectation.kind)).length} orders), e.g. ${bad.slice(0, 3).map((i) => `${i.expectation.kind} ${i.expectation.orderId ?? i.expectation.email}: ${i.problems.join(', ')}`).join('; ')}`);
  if (r.drive.failed) out.push(`${r.drive.failed} request(s) not accepted: ${r.drive.failures.join('; ')}`);
  for (const crm of ['ontraport', 'infusionsoft'] as const)
    if (r.simCalls[crm] !== r.auditOutbound[crm]) out.push(`${crm}: the simulator counted ${r.simCalls[crm]} calls, the transmission log has ${r.auditOutbound[crm]}`);
  if (r.parked) out.push(`${r.parked} message(s) parked`);
  if (r.paced) {
    const bad = r.paced.items.filter((i) => i.problems.length);
    if (bad.length) out.push(`paced phase: ${bad.length} item(s) not cascaded, e.g. ${bad.slice(0, 3).map((i) => `${i.expectation.kind} ${i.expectation.orderId ?? i.expectation.email}: ${i.problems.join(', ')}`).join('; ')}`);
    out.push(...r.paced.failedRequests.map((f) => `paced phase: ${f}`));
    for (const crm of ['ontraport', 'infusionsoft'] as const)
      if (r.paced.calls.sim[crm] !== r.paced.calls.log[crm]) out.push(`paced phase, ${crm}: the simulator counted ${r.paced.calls.sim[crm]} calls, the transmission log has ${r.paced.calls.log[crm]}`);
  }
  return out;
}

function report(hubs: HubRow[], relays: RelayRow[]): void {
  console.log(`\nend-to-end benchmark — ${cpus().length} cores, ${MERCHANTS} merchants, ${SECONDS} s of traffic per run, ${CONCURRENCY} requests in flight, backlog limit ${MAX_BACKLOG}, ${ROUNDS} round(s)`);
  console.log('(orders = new webhook orders + rebills + imports; cascaded = every CRM shows it and every CRM call is in the transmission log)\n');
  console.table([
    ...hubs.map(({ round, scale, r, loadBefore, loadAfter }) => ({
      round,
      run: `hub ×${scale}`,
      'events/s accepted': fmt(eventsPerSecond(r)),
      'peak events/s': fmt(Math.max(...r.drive.perSecond.filter(Number.isFinite))),
      orders: r.orders,
      cascaded: r.ordersCascaded,
      'orders/s cascaded': fmt(ordersPerSecond(r), 1),
      'p50 ms': fmt(median(hubLatencies(r))),
      'p99 ms': fmt(pct(hubLatencies(r), 99)),
      'CRM calls (sim = log)': `${r.simCalls.ontraport + r.simCalls.infusionsoft} = ${r.auditOutbound.ontraport + r.auditOutbound.infusionsoft}`,
      'held s': fmt(r.drive.heldSeconds, 1),
      load: `${loadBefore} → ${loadAfter}`,
    })),
    ...hubs.flatMap(({ round, scale, r, loadAfter }) =>
      r.paced
        ? [
            {
              round,
              run: `hub ×${scale} paced`,
              'events/s accepted': fmt(r.paced.events / r.paced.seconds),
              'peak events/s': '',
              orders: r.paced.orders,
              cascaded: r.paced.cascaded,
              'orders/s cascaded': `${fmt(r.paced.offered, 1)} offered`,
              'p50 ms': fmt(median(r.paced.latencyMs)),
              'p99 ms': fmt(pct(r.paced.latencyMs, 99)),
              'CRM calls (sim = log)': `${r.paced.calls.sim.ontraport + r.paced.calls.sim.infusionsoft} = ${r.paced.calls.log.ontraport + r.paced.calls.log.infusionsoft}`,
              'held s': '',
              load: `→ ${loadAfter}`,
            },
          ]
        : [],
    ),
    ...relays.map(({ round, r, hub, loadAfter }) => ({
      round,
      run: 'raw relay',
      'events/s accepted': fmt(r.drive.events / ((r.drive.lastAt - r.drive.firstAt) / 1000 || 1)),
      'peak events/s': fmt(Math.max(...r.drive.perSecond.filter(Number.isFinite))),
      orders: r.orders,
      cascaded: r.ordersDone,
      'orders/s cascaded': fmt(ordersPerSecond(r), 1),
      'p50 ms': fmt(median(r.latencyMs)),
      'p99 ms': fmt(pct(r.latencyMs, 99)),
      'CRM calls (sim = log)': `hub/relay ${fmt(ordersPerSecond(hub) / ordersPerSecond(r), 3)}`,
      'held s': '',
      load: `→ ${loadAfter}`,
    })),
  ]);

  const base = hubs.filter((h) => h.scale === 1);
  if (base.length) {
    const r = base[0].r;
    const mix = new Map<string, number>();
    for (const i of r.items) mix.set(i.expectation.kind, (mix.get(i.expectation.kind) ?? 0) + 1);
    console.log(`mix of round ${base[0].round}: ${[...mix].map(([k, n]) => `${n} ${k}`).join(', ')}; ${r.drive.requests} requests, ${r.drive.events} events`);
    console.log(`messages per queue (measured phase): ${[...r.published].filter(([, n]) => n > 0).map(([q, n]) => `${q} ${n}`).join(', ')}`);
    console.log(`message sizes sampled: cart event ${r.sizes.cart} B, command ${r.sizes.command} B, transmission record ${r.sizes.record} B (compressed)`);
  }

  // CPU per order: stays comparable when the machine is busy (throughput does not).
  const cpuTable = new Map<string, Record<string, string>>();
  const perOrder = (cpuMs: Map<string, number>, orders: number) => {
    const m = new Map<string, number>();
    for (const [name, ms] of cpuMs) m.set(name.replace(/#\d+$/, ''), (m.get(name.replace(/#\d+$/, '')) ?? 0) + ms / orders);
    return m;
  };
  for (const scale of SCALE) {
    for (const [column, pick] of [['', (h: HubRow) => h.r.cpuMs], [' net', (h: HubRow) => h.r.cpuNetMs]] as const) {
      const runs = hubs.filter((h) => h.scale === scale).map((h) => perOrder(pick(h), h.r.ordersCascaded));
      for (const name of new Set(runs.flatMap((m) => [...m.keys()]))) cpuTable.set(name, { ...(cpuTable.get(name) ?? {}), [`hub ×${scale}${column} ms/order`]: fmt(median(runs.map((m) => m.get(name) ?? NaN)), 2) });
    }
  }
  const relayRuns = relays.map((x) => perOrder(x.r.cpuMs, x.r.ordersDone));
  for (const name of new Set(relayRuns.flatMap((m) => [...m.keys()]))) cpuTable.set(name, { ...(cpuTable.get(name) ?? {}), 'relay ms/order': fmt(median(relayRuns.map((m) => m.get(name) ?? NaN)), 2) });
  const totals: Record<string, string> = {};
  for (const col of [...SCALE.flatMap((s) => [`hub ×${s} ms/order`, `hub ×${s} net ms/order`]), 'relay ms/order']) {
    let sum = 0;
    for (const [name, row] of cpuTable) if (!name.startsWith('bench driver') && row[col] && row[col] !== '—') sum += Number(row[col].replace(/,/g, ''));
    totals[col] = fmt(sum, 2);
  }
  cpuTable.set('total (without the driver; net: without the broker)', totals);
  console.log('\nCPU per cascaded order (user + system, all threads, from /proc; median of the rounds; "net" less each process\'s idle burn; the broker figure includes other tenants):');
  console.table(Object.fromEntries(cpuTable));

  const rss = new Map<string, number>();
  for (const h of hubs) for (const [name, mb] of h.r.peakRssMb) rss.set(name, Math.max(rss.get(name) ?? 0, mb));
  console.log(`peak RSS (MB, highest of all runs): ${[...rss].map(([n, mb]) => `${n} ${fmt(mb)}`).join(', ')}`);
  const relayRss = relays.flatMap((x) => [...x.r.peakRssMb]).reduce((m, [n, mb]) => m.set(n, Math.max(m.get(n) ?? 0, mb)), new Map<string, number>());
  if (relayRss.size) console.log(`relay peak RSS (MB): ${[...relayRss].map(([n, mb]) => `${n} ${fmt(mb)}`).join(', ')}`);

  for (const scale of SCALE) {
    const runs = hubs.filter((h) => h.scale === scale);
    const paced = runs.flatMap((h) => (h.r.paced ? [h.r.paced] : []));
    console.log(
      `hub ×${scale}: median ${fmt(median(runs.map((h) => ordersPerSecond(h.r))), 1)} orders/s cascaded, ${fmt(median(runs.map((h) => eventsPerSecond(h.r))))} events/s accepted, ` +
        `saturated p50 ${fmt(median(runs.map((h) => median(hubLatencies(h.r)))))} ms p99 ${fmt(median(runs.map((h) => pct(hubLatencies(h.r), 99))))} ms` +
        (paced.length ? `; at ${PACED_FRACTION} of that rate p50 ${fmt(median(paced.map((p) => median(p.latencyMs))))} ms p99 ${fmt(median(paced.map((p) => pct(p.latencyMs, 99))))} ms` : ''),
    );
  }
  if (relays.length) {
    const ratio = median(relays.map((x) => ordersPerSecond(x.hub) / ordersPerSecond(x.r)));
    console.log(`raw relay: median ${fmt(median(relays.map((x) => ordersPerSecond(x.r))), 1)} orders/s; hub ×1 / relay ratio ${fmt(ratio, 3)}`);
    const best = Math.max(...hubs.map((h) => ordersPerSecond(h.r)));
    console.log(`goals: ≥ ${GOAL_ORDERS} orders/s cascaded ${best >= GOAL_ORDERS ? 'met' : 'NOT met'} (best run ${fmt(best, 1)}); ratio ≥ ${GOAL_RATIO} ${ratio >= GOAL_RATIO ? 'met' : 'NOT met'}`);
  }
}

async function main(): Promise<void> {
  const merchants = benchMerchants(MERCHANTS);
  const hubs: HubRow[] = [];
  const relays: RelayRow[] = [];
  const failures: string[] = [];
  console.log(`end-to-end benchmark${SMOKE ? ' (smoke)' : ''}: ${merchants.length} merchants (${merchants.filter((m) => m.ontraport).length} ONTRAPORT, ${merchants.filter((m) => m.infusionsoft).length} Infusionsoft, ${merchants.filter((m) => m.ontraport && m.infusionsoft).length} both); load ${load()}`);
  for (let round = 1; round <= ROUNDS; round++) {
    // Alternate the order of the runs between rounds, so a change in the machine's load hits each alike.
    const scales = round % 2 ? SCALE : [...SCALE].reverse();
    for (const scale of scales) {
      const replicas = Object.fromEntries(SCALED.map((s) => [s, scale]));
      const loadBefore = load();
      const r = await runHub(`round ${round}, hub ×${scale}`, { merchants, replicas, preloadPerMerchant: PRELOAD, seconds: SECONDS, concurrency: CONCURRENCY, maxBacklog: MAX_BACKLOG, drainTimeoutS: DRAIN_TIMEOUT_S, pacedSeconds: PACED_SECONDS, pacedFraction: PACED_FRACTION, serviceNodeOptions: process.env['BENCH_SERVICE_NODE_OPTIONS'], profileDir: process.env['BENCH_PROFILE_DIR'], log });
      hubs.push({ round, scale, r, loadBefore, loadAfter: load() });
      failures.push(...problemsOf(r).map((p) => `round ${round}, hub ×${scale}: ${p}`));
      log(`  round ${round}, hub ×${scale}: ${r.ordersCascaded}/${r.orders} orders cascaded, ${fmt(ordersPerSecond(r), 1)}/s; load ${load()}`);
      if (scale === 1 && RELAY) {
        const relay = await runRelay(r, { concurrency: CONCURRENCY, prefetch: PREFETCH, timeoutS: DRAIN_TIMEOUT_S });
        relays.push({ round, r: relay, hub: r, loadAfter: load() });
        if (relay.ordersDone !== relay.orders) failures.push(`round ${round}, relay: ${relay.orders - relay.ordersDone} orders not through`);
        log(`  round ${round}, raw relay: ${relay.ordersDone}/${relay.orders} orders through, ${fmt(ordersPerSecond(relay), 1)}/s; load ${load()}`);
      }
    }
  }
  report(hubs, relays);
  if (failures.length) {
    console.error(`\nFAILED:\n${failures.map((f) => `  ${f}`).join('\n')}`);
    process.exitCode = 1;
  } else console.log('\nevery accepted order and event cascaded to every CRM it should, every CRM call logged, nothing parked');
}

// Interrupted: remove what is running (processes, vhosts, schemas) before leaving.
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    console.error(`\nbench: ${signal}, cleaning up…`);
    void Promise.allSettled([...RUNNING].map((r) => r.stop())).then(() => process.exit(130));
  });
}

main().then(
  () => process.exit(process.exitCode ?? 0),
  (err: Error) => {
    console.error(`bench: ${err.stack ?? err.message}`);
    process.exit(1);
  },
);
