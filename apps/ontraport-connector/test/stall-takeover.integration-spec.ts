/**
 * A replica that stalls past its claim lease (its process paused: SIGSTOP, as a VM pause or a long
 * GC would) while another replica takes its sale over and logs it: when the stalled one resumes,
 * it sends ONTRAPORT nothing more for that sale and overwrites nothing — one transaction.
 */
import { ChildProcess, spawn } from 'node:child_process';
import { resolve } from 'node:path';
import { RoutingKeys } from '@hub/messaging-contracts';
import { freePort, waitFor } from '@hub/testing';
import { ConnectorHarness, CREDENTIALS } from './connector-harness';
import { order, sale } from './fixtures';

const LEASE_MS = 1_500;
const ROOT = resolve(__dirname, '../../..');
const APP = { appId: 'stall-app', apiKey: 'stall-key-secret' };

describe('ontraport-connector: a replica stalled past its lease', () => {
  let h: ConnectorHarness;
  let stalled: ChildProcess | undefined;

  beforeAll(async () => {
    h = await ConnectorHarness.start('opstall', { replicas: 0, sim: { accounts: [APP] }, env: { ONTRAPORT_CLAIM_LEASE_MS: String(LEASE_MS) } });
    CREDENTIALS.set('OPSTALL', APP);
    // The first replica is a real process, so it can be paused; it takes the sale, and with a
    // prefetch of one nothing more while it holds it.
    const port = await freePort();
    stalled = spawn(process.execPath, ['-r', '@swc-node/register', 'apps/ontraport-connector/src/main.ts'], {
      cwd: ROOT,
      env: {
        ...process.env,
        SWC_NODE_PROJECT: 'tsconfig.base.json',
        AMQP_URL: h.vhost.url,
        AMQP_PREFETCH: '1',
        DATABASE_URL: h.schema.url,
        DATABASE_SCHEMA: h.schema.schema,
        PORT: String(port),
        LOG_LEVEL: 'warn',
      },
      stdio: 'ignore',
    });
    await waitFor(async () => (await fetch(`http://127.0.0.1:${port}/health/ready`)).ok, { timeoutMs: 60_000, intervalMs: 200, what: 'the connector process ready' });
  }, 90_000);

  afterAll(async () => {
    stalled?.kill('SIGCONT');
    stalled?.kill('SIGKILL');
    await h?.stop();
  }, 30_000);

  it('has the stalled replica stop without another request once the new holder logged the sale', async () => {
    h.sim.configure({ latencyMs: 600 });
    const o = order('OPSTALL', 'OPSTALL-1');
    await h.send(RoutingKeys.crm.ontraportSale, sale('rest', o));
    const requests = () => h.account(APP.appId).requests;
    // Paused with its first request in flight (its broker connection stays up): its lease runs out
    // while a second copy of the sale (publishing is at-least-once) goes to the other replica, which
    // finds it claimed until then and takes it over.
    await waitFor(async () => requests().length >= 1 || undefined, { timeoutMs: 20_000, intervalMs: 20, what: 'the first request' });
    stalled?.kill('SIGSTOP');
    h.sim.configure({ latencyMs: 0 });
    await h.addReplica();
    await h.send(RoutingKeys.crm.ontraportSale, sale('rest', o));

    const key = `ontraport:sale:OPSTALL:${o.orderId}`;
    const row = () => h.schema.query<{ result: object | null; claimed_until: Date | null }>(`SELECT result, claimed_until FROM delivered_commands WHERE idempotency_key = $1`, [key]);
    const done = await waitFor(async () => ((await row())[0]?.result ? await row() : undefined), { timeoutMs: 30_000, intervalMs: 200, what: 'the sale logged by the other replica' });
    const requestsWhenDone = requests().length;

    // The stalled replica resumes, with the answer to its request in hand and its renewals overdue.
    stalled?.kill('SIGCONT');
    await new Promise((r) => setTimeout(r, 4_000));
    expect(stalled?.exitCode).toBeNull();
    expect(requests().slice(requestsWhenDone).map((r) => `${r.method} ${r.path}`)).toEqual([]);
    expect(await row()).toEqual(done);
    expect(h.account(APP.appId).transactions.filter((t) => t.external_order_id === o.orderId).map((t) => t.total)).toEqual([50.85]);
    expect(await h.parked()).toEqual([]);
  }, 90_000);
});
