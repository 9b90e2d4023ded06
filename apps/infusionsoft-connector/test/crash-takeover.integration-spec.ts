/**
 * A replica killed with SIGKILL in the middle of deliveries: the commands it held are taken over
 * by the surviving replica within the claim lease and completed exactly once — not left "in
 * progress" until a worst-case TTL and parked meanwhile (found by tools/chaos).
 */
import type { ChildProcess } from 'node:child_process';
import { RoutingKeys } from '@hub/messaging-contracts';
import { waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant } from './connector-harness';
import { API_KEY, orderCommand } from './fixtures';

const LEASE_MS = 1_500;

describe('infusionsoft-connector: a replica killed mid-delivery', () => {
  let h: ConnectorHarness;
  let other: ChildProcess;

  beforeAll(async () => {
    process.env['INFUSIONSOFT_CLAIM_LEASE_MS'] = String(LEASE_MS);
    h = await ConnectorHarness.start('infusionsoft-crash');
    for (const name of ['BOOK', 'PEN', 'MUG']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M1', { credentials: API_KEY, notifyEmails: [] });
    // The second replica is a real process, so it can die the way a process does.
    other = await h.process();
  }, 90_000);

  afterAll(() => h?.close());

  it('has the surviving replica finish every command the dead one held, exactly once, within the lease', async () => {
    h.sim.configure({ latencyMs: 400 }); // each order takes seconds: the kill lands in the middle of both replicas' work
    const cmds = Array.from({ length: 8 }, (_, i) => orderCommand(`ORD-CRASH-${i}`));
    await Promise.all(cmds.map((c) => h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, c)));
    await new Promise((r) => setTimeout(r, 1_500));
    other.kill('SIGKILL');
    h.sim.configure({ latencyMs: 0 });

    const keys = cmds.map((c) => c.idempotencyKey);
    const rows = await waitFor(
      async () => {
        const r = await h.schema.query<{ key: string; attempts: number; delivered: boolean }>(
          `SELECT idempotency_key AS key, attempts, delivered_at IS NOT NULL AS delivered FROM delivered_commands WHERE idempotency_key = ANY($1)`,
          [keys],
        );
        return r.length === keys.length && r.every((x) => x.delivered) ? r : undefined;
      },
      { timeoutMs: 20_000, intervalMs: 200, what: 'every command delivered' },
    ).catch(async (err: Error) => {
      // Say what was left: commands still claimed (by the dead replica) or parked.
      const left = await h.schema.query(`SELECT idempotency_key, attempts, claimed_until FROM delivered_commands WHERE delivered_at IS NULL`);
      const parked = (await h.queues.drain('hub.infusionsoft-connector.parked')).map((m) => m.headers['x-hub-error']);
      throw new Error(`${err.message}; not delivered: ${JSON.stringify(left)}; parked: ${JSON.stringify(parked)}`);
    });
    // The dead replica's commands were claimed a second time, by the survivor.
    expect(rows.filter((r) => r.attempts > 1).length).toBeGreaterThan(0);
    h.expectEachOrderOnce(cmds.map((c) => c.orderId));
    expect(await h.queues.drain('hub.infusionsoft-connector.parked')).toEqual([]);
  }, 60_000);
});
