/**
 * The fault suite: `npx nx run chaos:run` (short), `npx nx run chaos:run -- --long` (long), or
 *   SWC_NODE_PROJECT=tsconfig.base.json node -r @swc-node/register tools/chaos/src/main.ts [--long]
 * Every setting can be overridden by environment (see README.md): CHAOS_ROUNDS, CHAOS_RATE,
 * CHAOS_LEAD_MS, CHAOS_TAIL_MS, CHAOS_DOWN_MS, CHAOS_CRM_FAULT_MS, CHAOS_CRM_FAULT_PERCENT,
 * CHAOS_CRM_LATENCY_MS, CHAOS_DRAIN_TIMEOUT_MS, CHAOS_IMPORT_SHARE.
 * Exits 1 when any assertion fails (a duplicate, a loss, a wrong park, an order never accepted).
 */
import 'reflect-metadata';
import { ChaosHub } from './chaos-hub';
import { chaosMerchants, ChaosOptions, LONG, runChaos, SHORT } from './chaos-run';
import { report } from './report';

export function optionsFromEnv(base: Omit<ChaosOptions, 'log'>, env: NodeJS.ProcessEnv, log: (l: string) => void): ChaosOptions {
  const num = (name: string, fallback: number) => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const v = Number(raw);
    if (!Number.isFinite(v) || v < 0) throw new Error(`${name} must be a non-negative number, got "${raw}"`);
    return v;
  };
  return {
    rounds: num('CHAOS_ROUNDS', base.rounds),
    ratePerSecond: num('CHAOS_RATE', base.ratePerSecond),
    importShare: num('CHAOS_IMPORT_SHARE', base.importShare),
    leadMs: num('CHAOS_LEAD_MS', base.leadMs),
    tailMs: num('CHAOS_TAIL_MS', base.tailMs),
    downMs: num('CHAOS_DOWN_MS', base.downMs),
    crmFaultMs: num('CHAOS_CRM_FAULT_MS', base.crmFaultMs),
    crmFaultPercent: num('CHAOS_CRM_FAULT_PERCENT', base.crmFaultPercent),
    crmLatencyMs: num('CHAOS_CRM_LATENCY_MS', base.crmLatencyMs),
    drainTimeoutMs: num('CHAOS_DRAIN_TIMEOUT_MS', base.drainTimeoutMs),
    acceptDeadlineMs: num('CHAOS_ACCEPT_DEADLINE_MS', base.acceptDeadlineMs),
    ...(env['CHAOS_ONLY'] ? { only: new RegExp(env['CHAOS_ONLY'], 'i') } : {}),
    log,
  };
}

async function main(): Promise<void> {
  const long = process.argv.includes('--long') || process.env['CHAOS_MODE'] === 'long';
  const log = (l: string) => console.log(`[chaos ${new Date().toISOString().slice(11, 19)}] ${l}`);
  const options = optionsFromEnv(long ? LONG : SHORT, process.env, log);
  const hub = new ChaosHub(chaosMerchants(), log);
  // Whatever happens (Ctrl-C, a crash), the private broker, database and services go with us.
  const bail = (signal: string) => {
    log(`${signal}: stopping the hub, the private RabbitMQ and PostgreSQL`);
    hub.stopSync();
    process.exit(130);
  };
  process.once('SIGINT', () => bail('SIGINT'));
  process.once('SIGTERM', () => bail('SIGTERM'));
  process.once('exit', () => hub.stopSync());
  try {
    await hub.start();
    log(`${long ? 'long' : 'short'} run: ${JSON.stringify({ ...options, log: undefined })}`);
    const result = await runChaos(hub, options);
    console.log(`\n${report(result)}`);
    process.exitCode = result.verdict.violations.length ? 1 : 0;
    if (result.verdict.violations.length || process.env['CHAOS_KEEP_LOGS']) log(`service logs: ${hub.writeLogs()}`);
  } finally {
    await hub.stop();
  }
}

if (require.main === module) {
  main().catch((err) => {
    console.error(err);
    process.exit(1);
  });
}
