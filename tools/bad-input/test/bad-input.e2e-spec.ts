/**
 * The short bad-input run (one routing key per consumer; every HTTP case and RPC pattern): the whole hub as
 * processes takes the corpus and refuses all of it — nothing crashes, nothing is stored.
 */
import 'reflect-metadata';
import { BadInputRun, CaseResult, report, tally } from '../src/bad-input-run';
import { HubUnderTest } from '../src/hub-under-test';

describe('bad input against every HTTP endpoint, consumer queue and RPC pattern', () => {
  const hut = new HubUnderTest();
  let results: CaseResult[] = [];

  beforeAll(async () => {
    await hut.start();
    results = await new BadInputRun(hut, { short: true }).run();
    console.log(report(results));
  }, 150_000);

  afterAll(() => hut.stop(), 60_000);

  it('refuses every case cleanly (or answers it harmlessly, where the corpus says so): none crashes, none stored', () => {
    const t = tally(results);
    const failures = results.filter((r) => r.verdict !== 'refused' && r.verdict !== 'harmless').map((r) => `${r.verdict} ${r.name} → ${r.target}: ${r.detail}`);
    const stored = results.filter((r) => r.stored.length).map((r) => `${r.name}: ${r.stored.join('; ')}`);
    expect({ failures, stored }).toEqual({ failures: [], stored: [] });
    expect(t.tried).toBeGreaterThan(200);
    expect(t.refused + t.harmless).toBe(t.tried);
  });

  it('covers every service over HTTP, every consumer queue and every RPC responder', () => {
    const covered = new Set(results.map((r) => `${r.kind} ${r.target.split(' ')[0]}`));
    for (const s of ['ingest', 'mapping', 'order-import', 'audit-log', 'ontraport-connector']) expect(covered).toContain(`http ${s}`);
    for (const s of ['mapping', 'order-import', 'audit-log', 'ontraport-connector', 'infusionsoft-connector']) expect(covered).toContain(`message ${s}`);
    for (const s of ['ingest', 'mapping', 'order-import', 'audit', 'ontraport', 'infusionsoft']) expect(covered).toContain(`rpc ${s}`);
  });

  it('would notice a stored input: a valid order shows up as rows and downstream messages', async () => {
    const changes = await new BadInputRun(hut).control();
    expect(changes.some((c) => c.startsWith('published cart.order.placed.v1'))).toBe(true);
    expect(changes.some((c) => c.startsWith('published crm.ontraport.sale.v1'))).toBe(true);
    expect(changes.some((c) => c.startsWith('ontraport demo-app.transactions'))).toBe(true);
  });
});
