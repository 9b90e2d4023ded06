/**
 * A replica killed with SIGKILL in the middle of deliveries: the sales it held are taken over by
 * another replica within the claim lease and logged exactly once — not left "in progress"
 * until a worst-case TTL and parked meanwhile (found by tools/chaos).
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { RoutingKeys } from '@hub/messaging-contracts';
import { freePort, waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

const LEASE_MS = 1_500;
const ROOT = resolve(__dirname, '../../..');
const APP = { appId: 'crash-app', apiKey: 'crash-key-secret' };

describe('ontraport-connector: a replica killed mid-delivery', () => {
  let h: ConnectorHarness;
  let other: ChildProcess | undefined;

  beforeAll(async () => {
    h = await ConnectorHarness.start('opcrash', { replicas: 0, sim: { accounts: [APP] }, env: { ONTRAPORT_CLAIM_LEASE_MS: String(LEASE_MS) } });
    CREDENTIALS.set('OPCRASH', APP);
    // The first replica is a real process, so it can die the way a process does; it takes every sale.
    const port = await freePort();
    other = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ontraport-connector/src/main.ts'], {
      cwd: ROOT,
      env: { ...process.env, SWC_NODE_PROJECT: 'tsconfig.base.json', AMQP_URL: h.vhost.url, DATABASE_URL: h.schema.url, DATABASE_SCHEMA: h.schema.schema, PORT: String(port), LOG_LEVEL: 'warn' },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'the connector process ready' });
  }, 90_000);

  afterAll(async () => {
    other?.kill('SIGKILL');
    await h?.stop();
  }, 30_000);

  it('has another replica log every sale the dead one held, exactly once, within the lease', async () => {
    h.sim.configure({ latencyMs: 500 }); // each sale takes seconds: the kill lands in the middle of both replicas' work
    const orders = Array.from({ length: 8 }, (_, i) => order('OPCRASH', `OPCRASH-${i}`));
    await Promise.all(orders.map((o) => h.send(RoutingKeys.crm.ontraportSale, sale('rest', o))));
    await new Promise((r) => setTimeout(r, 1_500));
    other?.kill('SIGKILL');
    h.sim.configure({ latencyMs: 0 });
    // The replica that survives (here: starts) gets the dead one's unacknowledged sales redelivered.
    await h.addReplica();

    const keys = orders.map((o) => `ontraport:sale:OPCRASH:${o.orderId}`);
    const rows = await waitFor(
      async () => {
        const r = await h.schema.query<{ key: string; done: boolean }>(`SELECT idempotency_key AS key, result IS NOT NULL AS done FROM delivered_commands WHERE idempotency_key = ANY($1)`, [keys]);
        return r.length === keys.length && r.every((x) => x.done) ? r : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'every sale delivered' },
    ).catch(async (err: Error) => {
      // Say what was left: sales still claimed (by the dead replica) or parked.
      const left = await h.schema.query(`SELECT idempotency_key, claimed_until FROM delivered_commands WHERE result IS NULL AND idempotency_key = ANY($1)`, [keys]);
      throw new Error(`${err.message}; not delivered: ${JSON.stringify(left)}; parked: ${JSON.stringify((await h.parked()).map((m) => m.headers['x-hub-error']))}`);
    });
    expect(rows).toHaveLength(8);
    const account = h.account(APP.appId);
    for (const o of orders) expect(account.transactions.filter((t) => t.external_order_id === o.orderId).map((t) => t.total)).toEqual([50.85]);
    // Taken over from the dead replica: a sale it had started first looks for the dead one's transaction.
    expect(account.requests.some((r) => r.method === 'GET' && r.path === '/1/Transactions')).toBe(true);
    expect(await h.parked()).toEqual([]);
  }, 60_000);
});
