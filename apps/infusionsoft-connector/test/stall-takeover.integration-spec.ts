/**
 * A replica that stalls past its claim lease (its process paused: SIGSTOP, as a VM pause or a
 * long GC would) while another replica takes its command over and finishes it: when the stalled
 * one resumes, it sends Infusionsoft nothing more for that command and writes nothing over the new
 * owner's — each order is in Infusionsoft once, no call of the cascade made twice.
 */
import type { ChildProcess } from 'node:child_process';
import { RoutingKeys } from '@hub/messaging-contracts';
import { QueueInspector, waitFor } from '@hub/testing';
import { ConnectorHarness, credentialsByMerchant } from './connector-harness';
import { API_KEY, orderCommand } from './fixtures';

const LEASE_MS = 3_000;
/** Under the lease: the call the paused replica has in flight is answered before its lease runs out. */
const SIM_LATENCY_MS = 800;

describe('infusionsoft-connector: a replica stalled past its lease', () => {
  let h: ConnectorHarness;
  let stalled: ChildProcess;

  beforeAll(async () => {
    process.env['INFUSIONSOFT_CLAIM_LEASE_MS'] = String(LEASE_MS);
    // Only the replicas below consume: the first command goes to the one that will stall.
    h = await ConnectorHarness.start('infusionsoft-stall', { consume: false });
    for (const name of ['BOOK', 'PEN', 'MUG']) h.sim.app('acme').tables.add('Product', { ProductName: name, ProductPrice: 2 });
    credentialsByMerchant.set('M1', { credentials: API_KEY, notifyEmails: [] });
    stalled = await h.process();
  }, 90_000);

  afterAll(async () => {
    stalled?.kill('SIGCONT');
    await h?.close();
  });

  it('has the stalled replica stop without another call once the new owner finished, its late writes changing nothing', async () => {
    h.sim.configure({ latencyMs: SIM_LATENCY_MS });
    const cmd = orderCommand('ORD-STALL', { steps: { ...orderCommand('ORD-STALL').steps, actionSetIds: [41] } });
    await h.publisher.publish(RoutingKeys.crm.infusionsoftOrder, cmd);
    // Paused in the middle of the order's lines, while its next call waits for its answer: the
    // simulator counts a call when it answers, so the second line is on its way half-way through
    // that wait. (A pause between the claim check and the send — a call on its way when the lease
    // runs out — cannot be called back: see the README.) Its lease runs out; the broker, having
    // lost its connection (as missed heartbeats end it, here at once), hands the command to the
    // other replica, which finds it claimed until then and takes it over.
    await waitFor(async () => (h.sim.stats().byMethod['InvoiceService.addOrderItem'] ?? 0) >= 1 || undefined, { timeoutMs: 20_000, intervalMs: 20, what: 'the first line added' });
    await new Promise((r) => setTimeout(r, SIM_LATENCY_MS / 2));
    stalled.kill('SIGSTOP');
    h.sim.configure({ latencyMs: 0 });
    const owner = async () => (await h.schema.query<{ t: string | null }>(`SELECT claim_token AS t FROM delivered_commands WHERE idempotency_key = $1`, [cmd.idempotencyKey]))[0]?.t;
    const stalledOwner = await owner();
    expect(stalledOwner).toBeTruthy();
    await h.replica();
    // The management API may not list a connection opened moments ago yet: closed again until the other replica has taken the command over.
    await waitFor(async () => ((await owner()) !== stalledOwner ? true : void (await h.vhost.dropConnections())), { timeoutMs: 30_000, intervalMs: 2_000, what: 'the command taken over' });

    const delivered = () =>
      h.schema.query<{ progress: object; attempts: number; delivered_at: Date | null }>(`SELECT progress, attempts, delivered_at FROM delivered_commands WHERE idempotency_key = $1`, [cmd.idempotencyKey]);
    const done = await waitFor(async () => ((await delivered())[0]?.delivered_at ? await delivered() : undefined), { timeoutMs: 45_000, intervalMs: 200, what: 'the order delivered by the other replica' });
    expect(done[0].attempts).toBe(2);
    const callsWhenDone = { ...h.sim.stats().byMethod };

    // The stalled replica resumes, with the answer to the call it had in flight and its renewals overdue.
    stalled.kill('SIGCONT');
    await new Promise((r) => setTimeout(r, 4_000));
    expect(stalled.exitCode).toBeNull();
    expect(h.sim.stats().byMethod).toEqual(callsWhenDone);
    expect(await delivered()).toEqual(done);
    // Nothing of the cascade made twice: one contact run of the action set, one invoice with its three lines, one payment.
    h.expectEachOrderOnce([cmd.orderId]);
    expect(h.sim.app('acme').actionSetRuns.filter((r) => r.actionSetId === 41)).toHaveLength(1);
    expect(callsWhenDone['InvoiceService.createBlankOrder']).toBe(1);
    expect(callsWhenDone['InvoiceService.addOrderItem']).toBe(3);
    expect(callsWhenDone['InvoiceService.addManualPayment']).toBe(1);
    // The harness's inspector lost its connection with the others: a new one.
    const queues = await QueueInspector.open(h.vhost.url);
    try {
      expect(await queues.drain('hub.infusionsoft-connector.parked')).toEqual([]);
    } finally {
      await queues.close();
    }
  }, 90_000);
});
