/**
 * The short fault run: the whole hub as processes on a private PostgreSQL and RabbitMQ, under
 * steady load, through every fault in turn (each service killed with SIGKILL and started again,
 * the broker and the database crashed and restarted, both CRMs failing ~30% of calls with added
 * latency). Then: every accepted order reached every CRM it should exactly once, nothing accepted
 * was lost, and the parked commands are exactly the permanent failures, each with its reason.
 */
import 'reflect-metadata';
import { ChaosHub } from '../src/chaos-hub';
import { chaosMerchants, ChaosResult, runChaos, SHORT } from '../src/chaos-run';
import { optionsFromEnv } from '../src/main';
import { report } from '../src/report';

describe('the hub under faults (short run)', () => {
  const hub = new ChaosHub(chaosMerchants(), (l) => process.stdout.write(`[chaos] ${l}\n`));
  let result: ChaosResult;
  const stopOnSignal = () => hub.stopSync();

  beforeAll(async () => {
    process.once('SIGINT', stopOnSignal);
    process.once('SIGTERM', stopOnSignal);
    await hub.start();
    result = await runChaos(hub, optionsFromEnv(SHORT, process.env, (l) => process.stdout.write(`[chaos] ${l}\n`)));
    process.stdout.write(`\n${report(result)}\n`);
    if (result.verdict.violations.length) process.stdout.write(`service logs: ${hub.writeLogs()}\n`);
  }, 900_000);

  afterAll(async () => {
    process.off('SIGINT', stopOnSignal);
    process.off('SIGTERM', stopOnSignal);
    await hub.stop();
  }, 120_000);

  it('ran every fault under load, and the hub accepted every order it was sent', () => {
    const v = result.verdict;
    const phases = v.phases.map((p) => p.phase);
    for (const service of ['ingest', 'mapping', 'order-import', 'audit-log', 'ontraport-connector', 'infusionsoft-connector']) expect(phases).toContain(`kill -9 ${service}`);
    expect(phases).toEqual(expect.arrayContaining(['restart RabbitMQ', 'restart PostgreSQL', expect.stringMatching(/^CRMs fail/)]));
    for (const p of v.phases) expect({ phase: p.phase, sent: p.sent > 0 }).toEqual({ phase: p.phase, sent: true });
    expect({ neverAccepted: v.total.notAccepted, refused: v.total.refused }).toEqual({ neverAccepted: 0, refused: 0 });
    expect(v.total.accepted).toBe(v.total.sent);
  });

  it('delivered every accepted order to every CRM it should, exactly once, and lost none', () => {
    const v = result.verdict;
    expect({ duplicates: v.total.duplicates, lost: v.total.lost, incomplete: v.total.incomplete }).toEqual({ duplicates: 0, lost: 0, incomplete: 0 });
    const shouldReach = { ontraport: 0, infusionsoft: 0 };
    for (const fate of v.fates.values()) for (const [crm, f] of Object.entries(fate)) if (f === 'delivered') shouldReach[crm as 'ontraport' | 'infusionsoft']++;
    expect(v.total.delivered).toEqual(shouldReach);
    expect(v.total.delivered.ontraport).toBeGreaterThan(0);
    expect(v.total.delivered.infusionsoft).toBeGreaterThan(0);
  });

  it('parked exactly the permanent failures, each once and with the CRM\'s reason, and left nothing in flight', () => {
    const v = result.verdict;
    const fates = [...v.fates.values()].flatMap((f) => Object.values(f));
    // One parked command (idempotency key) per permanent failure; copies of the same command are counted apart.
    expect(fates.filter((f) => f === 'parked').length).toBe(new Set(v.observed.parked.map((p) => p.key)).size);
    expect(v.observed.parked.length).toBe(new Set(v.observed.parked.map((p) => p.key)).size + v.total.parkedCopies);
    expect(fates.filter((f) => f === 'parked').length).toBeGreaterThan(0);
    expect(v.observed.leftovers).toEqual({});
  });

  it('has no violation of any kind (each listed with examples)', () => {
    expect(result.verdict.violations).toEqual([]);
  });
});
